/** ISO calendar dates of the canonical model ("YYYY-MM-DD"), read without Date parsing. */

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, to: number): number {
	let v = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57) return NaN;
		v = v * 10 + (c - 48);
	}
	return v;
}

/** Days since 1970-01-01 for an ISO date "YYYY-MM-DD"; NaN when the text is not a real calendar date. */
export function dayNumber(iso: unknown): number {
	if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
	const y = digits(iso, 0, 4);
	const m = digits(iso, 5, 7);
	const d = digits(iso, 8, 10);
	if (Number.isNaN(y) || Number.isNaN(m) || Number.isNaN(d) || m < 1 || m > 12 || d < 1) return NaN;
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1])) return NaN; // 2026-02-30
	return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** True for a real calendar date written "YYYY-MM-DD". */
export function isIsoDate(s: unknown): s is string {
	return !Number.isNaN(dayNumber(s));
}
