/**
 * The OCG date rules at every pinned date (test/helpers/dates.ts): the billing period is the
 * previous calendar month of the pinned instant (firm time zone), the invoice date its last day,
 * "today" the pinned date. Boundaries are computed with calendar arithmetic, never the wall clock.
 */
import { PINNED_DATES, firmDate, periodAt } from '../helpers/dates';
import { fee, flagged, run } from './helpers';

const DAY = 86_400_000;
const shift = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

describe.each(PINNED_DATES)('OCG date rules at $label', ({ now }) => {
	const { periodStart, periodEnd } = periodAt(now);
	const today = firmDate(now);
	const ctx = { periodStart, periodEnd, invoiceDate: periodEnd, today };

	it('billing period: the first and last day are inside, the days around are not', () => {
		const r = run({ type: 'billingPeriod', action: 'reject' }, [fee({ date: shift(periodStart, -1) }), fee({ date: periodStart }), fee({ date: periodEnd }), fee({ date: shift(periodEnd, 1) })], ctx);
		expect(flagged(r)).toEqual([true, false, false, true]);
		// the period is a whole calendar month ending the day before this month began
		expect(periodStart.slice(8)).toBe('01');
		expect(shift(periodEnd, 1)).toBe(`${today.slice(0, 7)}-01`);
	});

	it('stale charge: older than 90 days at the invoice date is flagged, exactly 90 is not', () => {
		const r = run({ type: 'staleCharge', params: { maxDays: 90 } }, [fee({ date: shift(periodEnd, -91) }), fee({ date: shift(periodEnd, -90) }), fee({ date: periodStart })], ctx);
		expect(flagged(r)).toEqual([true, false, false]);
		expect(r.results[0].violations[0].details.ageDays).toBe(91);
	});
});
