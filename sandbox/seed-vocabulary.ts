/**
 * The seeded firm's vocabulary: the UTBMS task, activity and expense codes it uses (named from the
 * public code sets), narrative phrases and subjects, vague narratives, people and company names,
 * cities, practice areas with their matter names, and timekeeper levels with base rates.
 * Pure data, no product logic (see docs/sandbox.md, "What the sandbox reuses").
 */
import { activitySet, bankruptcySet, counselingSet, expenseSet, litigationSet } from '../lib/utbms/sets';
import type { UtbmsCodeSet } from '../lib/utbms/types';
import type { Classification, SeedMatter } from './seed-types';

/** [code, name] of each listed code, the name from the public UTBMS code set. */
function namedCodes(set: UtbmsCodeSet, list: string[]): [string, string][] {
	return list.map((code) => {
		const def = set.codes.find((c) => c.code === code);
		if (!def) throw new Error(`sandbox seed: ${code} is not in the ${set.id} UTBMS code set`);
		return [code, def.name];
	});
}

export const LITIGATION_TASKS = namedCodes(litigationSet, ['L110', 'L120', 'L130', 'L140', 'L160', 'L190', 'L210', 'L240', 'L250', 'L310', 'L320', 'L330', 'L350', 'L430', 'L440', 'L450', 'L520']);
export const COUNSELING_TASKS = namedCodes(counselingSet, ['C100', 'C200', 'C300', 'C400']);
export const BANKRUPTCY_TASKS = namedCodes(bankruptcySet, ['B110', 'B195', 'B410']);
export const ACTIVITIES = namedCodes(activitySet, ['A101', 'A102', 'A103', 'A104', 'A105', 'A106', 'A107', 'A108', 'A109', 'A110', 'A111']);
export const EXPENSES = namedCodes(expenseSet, ['E101', 'E102', 'E105', 'E106', 'E107', 'E108', 'E109', 'E110', 'E111', 'E112', 'E115', 'E119', 'E124']);

/** What each activity code's narratives say, with {x} replaced by a subject. */
export const NARRATIVES: Record<string, string[]> = {
	A101: ['Prepare outline for {x}', 'Plan strategy for {x} with team', 'Prepare for hearing on {x}'],
	A102: ['Research case law on {x}', 'Research statutory requirements regarding {x}', 'Legal research on admissibility of {x}'],
	A103: ['Draft {x}', 'Revise draft of {x} per client comments', 'Draft and finalize {x}'],
	A104: ['Review and analyze {x}', 'Analyze opposing counsel\'s {x}', 'Review {x} for privilege'],
	A105: ['Conference with associate regarding {x}', 'Internal meeting to discuss {x}'],
	A106: ['Telephone call with client regarding {x}', 'Email to client summarizing {x}', 'Meeting with client general counsel on {x}'],
	A107: ['Call with co-defendant\'s counsel regarding {x}', 'Correspondence with opposing counsel on {x}'],
	A108: ['Call with expert regarding {x}', 'Correspondence with court clerk regarding {x}'],
	A109: ['Attend deposition concerning {x}', 'Attend hearing on {x}', 'Attend mediation session regarding {x}'],
	A110: ['Organize and index {x}', 'Update document database with {x}'],
	A111: ['Coordinate logistics for {x}'],
};
export const SUBJECTS = [
	'motion to compel production',
	'plaintiff\'s second set of interrogatories',
	'summary judgment brief',
	'expert report on damages',
	'deposition of the plant manager',
	'settlement term sheet',
	'indemnification provisions of the supply agreement',
	'document production (batch 7)',
	'protective order',
	'privilege log',
	'trial exhibit list',
	'answer and affirmative defenses',
	'insurance coverage position',
	'mediation statement',
	'regulatory inquiry response',
	'board minutes and resolutions',
	'creditor claims schedule',
	'lease rejection motion',
];
export const VAGUE = ['Attention to file', 'Review', 'Research', 'Work on matter', 'Various activities', 'Review documents', 'Follow up', 'Attention to matter'];

export const FIRST_NAMES = ['Alice', 'Ben', 'Carla', 'David', 'Elena', 'Frank', 'Grace', 'Hiro', 'Isabel', 'James', 'Keisha', 'Liam', 'Maya', 'Noah', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Samuel', 'Tara', 'Umar', 'Vera', 'Wen', 'Xavier', 'Yara', 'Zoe'];
export const LAST_NAMES = ['Anderson', 'Brooks', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Johnson', 'Kowalski', 'Lopez', 'Murphy', 'Nakamura', 'O\'Neil', 'Patel', 'Quiroga', 'Rossi', 'Schmidt', 'Thompson', 'Ueda', 'Vargas', 'Williams', 'Xu', 'Young', 'Zimmerman'];
export const COMPANY_STEMS = ['Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Acme', 'Hooli', 'Vandelay', 'Wonka', 'Soylent', 'Oceanic', 'Massive Dynamic', 'Aperture', 'Gringotts', 'Monarch'];
export const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'Corp.', 'Holdings Inc.', 'Insurance Co.', 'Logistics LLC', 'Pharmaceuticals Inc.', 'Bank N.A.'];
export const CITIES: [string, string, string][] = [
	['New York', 'NY', '10017'],
	['Chicago', 'IL', '60601'],
	['San Francisco', 'CA', '94105'],
	['Boston', 'MA', '02110'],
	['Dallas', 'TX', '75201'],
	['Atlanta', 'GA', '30303'],
	['Seattle', 'WA', '98101'],
];
export const PRACTICE: { area: string; type: SeedMatter['matterType']; names: string[] }[] = [
	{ area: 'Litigation', type: 'litigation', names: ['Breach of Supply Agreement', 'Product Liability Defense', 'Trade Secret Misappropriation', 'Securities Class Action', 'Employment Discrimination Claim', 'Insurance Coverage Dispute', 'Patent Infringement'] },
	{ area: 'Corporate', type: 'counseling', names: ['General Corporate Advice', 'Regulatory Compliance Review', 'Acquisition Due Diligence', 'Data Privacy Program', 'Commercial Contracts'] },
	{ area: 'Restructuring', type: 'bankruptcy', names: ['Chapter 11 Creditor Representation', 'Lease Rejection Proceedings'] },
];

/** classification → [legacy code, base rate, subscription type, share of headcount] */
export const LEVELS: [Classification, string, number, 'Attorney' | 'NonAttorney', number][] = [
	['PARTNR', 'PT', 850, 'Attorney', 0.2],
	['OFCOUN', 'OC', 700, 'Attorney', 0.08],
	['ASSOC', 'AS', 450, 'Attorney', 0.37],
	['STFATT', 'OT', 320, 'Attorney', 0.05],
	['PARALG', 'LA', 225, 'NonAttorney', 0.2],
	['LGLAST', 'LA', 150, 'NonAttorney', 0.07],
	['CLKSEC', 'OT', 120, 'NonAttorney', 0.03],
];
