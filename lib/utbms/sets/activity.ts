import type { UtbmsCodeSet } from '../types';

/** ABA/LOC UTBMS Activity codes A101–A111 (there is no A112). Complete. */
export const activitySet: UtbmsCodeSet = {
	id: 'activity',
	name: 'Activity Codes',
	kind: 'activity',
	partial: false,
	note: 'ABA / LOC UTBMS activity codes A101–A111, used with the litigation and other task sets.',
	pattern: '^A\\d{3}$',
	codes: [
		{ code: 'A101', name: 'Plan and prepare for' },
		{ code: 'A102', name: 'Research' },
		{ code: 'A103', name: 'Draft/revise' },
		{ code: 'A104', name: 'Review/analyze' },
		{ code: 'A105', name: 'Communicate (in firm)' },
		{ code: 'A106', name: 'Communicate (with client)' },
		{ code: 'A107', name: 'Communicate (other outside counsel)' },
		{ code: 'A108', name: 'Communicate (other external)' },
		{ code: 'A109', name: 'Appear for/attend' },
		{ code: 'A110', name: 'Manage data/files' },
		{ code: 'A111', name: 'Other' },
	],
};
