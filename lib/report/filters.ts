/**
 * Dashboard filters: client, platform and period read from a query string (bounded, a malformed
 * period dropped with a notice), and whether a period end falls in the chosen period.
 */
import { text } from './rows';

export interface Filters {
	client?: string;
	platform?: string;
	/** "YYYY-MM" (month of the invoice's period end) or "YYYY-MM-DD..YYYY-MM-DD" (period end within, inclusive). */
	period?: string;
}

const MAX_FILTER = 200;

/** Filters from a query string object: bounded, trimmed, unknown keys ignored; a malformed period is dropped with a notice. */
export function parseFilters(query: unknown, notices: string[] = []): Filters {
	const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
	const one = (k: string): string => {
		const v = Array.isArray(q[k]) ? (q[k] as unknown[])[0] : q[k];
		const s = text(v);
		return s.length > MAX_FILTER ? '' : s;
	};
	const f: Filters = {};
	if (one('client')) f.client = one('client');
	if (one('platform')) f.platform = one('platform').toLowerCase().replace(/[^a-z0-9]/g, '');
	const period = one('period');
	if (period) {
		if (/^\d{4}-\d{2}$/.test(period) || /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(period)) f.period = period;
		else notices.push(`Period "${period.slice(0, 40)}" ignored: use YYYY-MM or YYYY-MM-DD..YYYY-MM-DD.`);
	}
	return f;
}

export function inPeriod(periodEnd: string, period: string | undefined): boolean {
	if (!period) return true;
	if (period.length === 7) return periodEnd.slice(0, 7) === period;
	const [from, to] = period.split('..');
	const d = periodEnd.slice(0, 10);
	return d >= from && d <= to;
}
