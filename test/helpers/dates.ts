/**
 * Dates the tests pin the sandbox clock to, and the one helper that turns a pinned instant into the
 * billing period the templates default to ("the previous calendar month", firm time zone). No test
 * reads the wall clock to decide what to expect: each sets the sandbox clock to one of these (or to
 * TEST_NOW) and passes the period explicitly.
 */
import { dateInZone, FIRM_TIME_ZONE, previousMonthPeriod } from '../../sandbox/seed';

export interface PinnedDate {
	label: string;
	/** the sandbox clock's instant */
	now: string;
}

/** The dates: a month end, 1 January, 29 February 2028, a US DST change, two years on. */
export const PINNED_DATES: PinnedDate[] = [
	{ label: 'a month end (2026-11-30)', now: '2026-11-30T22:00:00Z' },
	{ label: '1 January (2027-01-01)', now: '2027-01-01T15:00:00Z' },
	{ label: '29 February 2028', now: '2028-02-29T15:00:00Z' },
	// US daylight saving time starts at 02:00 local on 2027-03-14 (Chicago: 08:00Z)
	{ label: 'the US DST change (2027-03-14)', now: '2027-03-14T08:30:00Z' },
	{ label: 'two years on (2028-12-04)', now: '2028-12-04T15:00:00Z' },
];

/** The one fixed instant for tests that need "some day" rather than a particular one. */
export const TEST_NOW = '2026-11-18T16:00:00Z';

/** The billing period (previous calendar month, firm time zone) at an instant. */
export function periodAt(now: string | number | Date): { periodStart: string; periodEnd: string } {
	return previousMonthPeriod(now);
}

/** The firm-time-zone date ("today") at an instant. */
export function firmDate(now: string | number | Date): string {
	return dateInZone(typeof now === 'string' ? Date.parse(now) : now, FIRM_TIME_ZONE);
}
