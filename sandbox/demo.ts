/**
 * What the demo's first time-sync run should do on the sandbox firm at its clock's date: the
 * billing period (the previous calendar month, firm time zone), the billable unbilled entries in
 * it, the Legal Tracker client matters with clean entries (one invoice each) and the seeded
 * guideline breakers (review queue). Printed by `npm start`; the e2e time-sync test compares it
 * with what a real run did. Seed facts only: no product code.
 */
import { previousMonthPeriod, type Firm } from './seed';

export interface DemoExpectation {
	periodStart: string;
	periodEnd: string;
	/** billable unbilled entries dated in the period */
	entries: number;
	/** Legal Tracker client matters with at least one entry that breaks no seeded guideline */
	legalTrackerInvoices: number;
	/** entries built to break a guideline (they go to the review queue) */
	breakers: number;
}

export function demoExpectation(firm: Firm, now: number | Date | string): DemoExpectation {
	const { periodStart, periodEnd } = previousMonthPeriod(now);
	const inPeriod = firm.entries.filter((e) => e.billable && e.status === 'unbilled' && e.date >= periodStart && e.date <= periodEnd);
	const lt = new Set(firm.clients.filter((c) => c.ebilling === 'legaltracker').map((c) => c.id));
	const matterClient = new Map(firm.matters.map((m) => [m.id, m.clientId]));
	const ltMatters = new Set(inPeriod.filter((e) => e.guidelineIssues.length === 0 && lt.has(matterClient.get(e.matterId) as number)).map((e) => e.matterId));
	return { periodStart, periodEnd, entries: inPeriod.length, legalTrackerInvoices: ltMatters.size, breakers: inPeriod.filter((e) => e.guidelineIssues.length > 0).length };
}
