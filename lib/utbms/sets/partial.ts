import type { UtbmsCodeSet } from '../types';

/*
 * Sets that could only be partly sourced (see the project's LEDES/UTBMS reference). Only codes
 * whose number and name a source gave are listed; nothing is filled in by guesswork. A code of the
 * set's shape that is not listed validates as "unverified" (a warning), and a complete table can be
 * loaded in place of these with `UtbmsCatalog.withSets()` or the node's "Additional Code Sets".
 */

export const counselingSet: UtbmsCodeSet = {
	id: 'counseling',
	name: 'Counseling Code Set',
	kind: 'task',
	partial: true,
	note: 'Partial: C100–C400 as sourced; any sub-codes of the ABA counseling set are unverified and not listed.',
	pattern: '^C\\d{3}$',
	codes: [
		{ code: 'C100', name: 'Fact Gathering' },
		{ code: 'C200', name: 'Researching Law' },
		{ code: 'C300', name: 'Analysis and Advice' },
		{ code: 'C400', name: 'Third Party Communication' },
	],
};

export const bankruptcySet: UtbmsCodeSet = {
	id: 'bankruptcy',
	name: 'Bankruptcy Code Set',
	kind: 'task',
	partial: true,
	note: 'Partial: the set spans B110–B420; only B110, B195 and B410 could be sourced with their names.',
	pattern: '^B\\d{3}$',
	codes: [
		{ code: 'B110', name: 'Case Administration' },
		{ code: 'B195', name: 'Non-Working Travel' },
		{ code: 'B410', name: 'General Bankruptcy Advice/Opinions' },
	],
};

export const projectSet: UtbmsCodeSet = {
	id: 'project',
	name: 'Project Code Set',
	kind: 'task',
	partial: true,
	note: 'Partial: only P100 could be sourced with its name.',
	pattern: '^P\\d{3}$',
	codes: [{ code: 'P100', name: 'Project Administration' }],
};
