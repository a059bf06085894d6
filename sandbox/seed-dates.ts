/**
 * Dates of the seeded firm: its time zone, the calendar date of an instant there, the demo's
 * "previous calendar month", and the generator's instant/day arithmetic (ISO text, month steps,
 * a random workday).
 */
import type { Prng } from './framework/prng';

/** The firm's time zone: its dates ("today", billing months) are dates in this zone. */
export const FIRM_TIME_ZONE = 'America/Chicago';

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (default: the firm's). */
export function dateInZone(instant: number | Date, timeZone = FIRM_TIME_ZONE): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The billing period the demo's "previous calendar month" means at an instant: the month before
 * the firm-time-zone month of `now`. Templates default to the same (their `$today` is n8n's).
 */
export function previousMonthPeriod(now: number | Date | string, timeZone = FIRM_TIME_ZONE): { periodStart: string; periodEnd: string } {
	const ms = typeof now === 'string' ? Date.parse(now) : new Date(now).getTime();
	if (!Number.isFinite(ms)) throw new RangeError(`Not an instant: ${String(now)}`);
	const today = dateInZone(ms, timeZone);
	const y = Number(today.slice(0, 4));
	const m = Number(today.slice(5, 7)); // 1-12
	const start = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
	const end = new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
	return { periodStart: start, periodEnd: end };
}

export const HOUR = 3600 * 1000;
export const DAY = 24 * HOUR;

export function iso(ms: number): string {
	return new Date(ms).toISOString().replace('.000Z', 'Z');
}
export function isoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}
export function monthBefore(month: string, n: number): string {
	const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 - n, 1));
	return d.toISOString().slice(0, 7);
}
export function pickWorkday(rng: Prng, fromMs: number, toMs: number): number {
	const days = Math.max(1, Math.floor((toMs - fromMs) / DAY));
	for (let tries = 0; tries < 10; tries++) {
		const ms = fromMs + rng.int(0, days - 1) * DAY;
		const dow = new Date(ms).getUTCDay();
		if (dow !== 0 && dow !== 6) return ms - (ms % DAY);
	}
	return fromMs - (fromMs % DAY);
}
