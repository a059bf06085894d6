import type { UtbmsCodeSet } from '../types';

const phases: Array<[string, string, Array<[string, string]>]> = [
	[
		'L100',
		'Case Assessment, Development and Administration',
		[
			['L110', 'Fact Investigation/Development'],
			['L120', 'Analysis/Strategy'],
			['L130', 'Experts/Consultants'],
			['L140', 'Document/File Management'],
			['L150', 'Budgeting'],
			['L160', 'Settlement/Non-Binding ADR'],
			['L190', 'Other Case Assessment, Development and Administration'],
		],
	],
	[
		'L200',
		'Pre-Trial Pleadings and Motions',
		[
			['L210', 'Pleadings'],
			['L220', 'Preliminary Injunctions/Provisional Remedies'],
			['L230', 'Court Mandated Conferences'],
			['L240', 'Dispositive Motions'],
			['L250', 'Other Written Motions and Submissions'],
			['L260', 'Class Action Certification and Notice'],
		],
	],
	[
		'L300',
		'Discovery',
		[
			['L310', 'Written Discovery'],
			['L320', 'Document Production'],
			['L330', 'Depositions'],
			['L340', 'Expert Discovery'],
			['L350', 'Discovery Motions'],
			['L390', 'Other Discovery'],
		],
	],
	[
		'L400',
		'Trial Preparation and Trial',
		[
			['L410', 'Fact Witnesses'],
			['L420', 'Expert Witnesses'],
			['L430', 'Written Motions and Submissions'],
			['L440', 'Other Trial Preparation and Support'],
			['L450', 'Trial and Hearing Attendance'],
			['L460', 'Post-Trial Motions and Submissions'],
			['L470', 'Enforcement'],
		],
	],
	[
		'L500',
		'Appeal',
		[
			['L510', 'Appellate Motions and Submissions'],
			['L520', 'Appellate Briefs'],
			['L530', 'Oral Argument'],
		],
	],
];

/** ABA/LOC UTBMS Litigation Code Set: five phases, 29 tasks. Complete. */
export const litigationSet: UtbmsCodeSet = {
	id: 'litigation',
	name: 'Litigation Code Set',
	kind: 'task',
	partial: false,
	note: 'ABA / LOC UTBMS litigation code set: phases L100–L500 and their tasks.',
	pattern: '^L\\d{3}$',
	codes: phases.flatMap(([code, name, tasks]) => [
		{ code, name, isPhase: true },
		...tasks.map(([t, n]) => ({ code: t, name: n, phase: code })),
	]),
};
