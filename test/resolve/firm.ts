/** The firm's resolver configuration for the sandbox's clients, from the guidelines the sandbox's client gave (rate letter, barred expenses). */
import type { CaseGuidelines } from '../../sandbox/vendors/legaltracker/rejection-cases';

/** One OCG rule set per client, scoped to its LEDES CLIENT_ID. */
export function clientRuleSets(guidelines: CaseGuidelines[]) {
	return guidelines.map((g) => ({
		id: `client-${g.ledesClientId}`,
		version: '1',
		scope: { clients: [g.ledesClientId] },
		rules: [
			{ id: 'RATE-LETTER', type: 'approvedRate', ref: 'Rate letter', action: 'adjust', params: { classifications: Object.entries(g.rateCaps).map(([classification, rate]) => ({ classification, rate })) } },
			{ id: 'NO-PAY-EXPENSES', type: 'bannedExpenseCodes', ref: 'Guidelines §7', action: 'reject', params: { codes: g.barredExpenseCodes } },
		],
	}));
}

/** The firm's own task code RES → the UTBMS code L120, for every client. */
export function clientMapping(guidelines: CaseGuidelines[]) {
	return { clients: Object.fromEntries(guidelines.map((g) => [g.ledesClientId, { task: { RES: 'L120' } }])) };
}
