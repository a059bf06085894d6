/**
 * Scanning LEDES field values in place (the reader's and writer's hot path): amounts as integers in
 * units of 1/10,000 (LEDES allows at most 4 decimals) while they fit in a double exactly
 * (|v| ≤ 2^53 − 1; anything larger is flagged `unsafe` and the caller falls back to the BigInt-backed
 * Decimal), and LEDES dates YYYYMMDD. Sums and money text: lib/money/fixed.ts.
 */

const POW10 = [1, 10, 100, 1000, 10000];
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Result of the last scanAmount call (module-level to keep the hot path allocation-free). */
export const scanned = { intDigits: 0, decimals: 0, unsafe: false };

/**
 * Scans a LEDES amount: optional '-', at least one digit, optional '.' and digits ("1250." allowed).
 * Returns the value × 10^4 as an exact integer-valued number, or NaN when the syntax is wrong.
 * Sets `scanned.intDigits`, `scanned.decimals` and `scanned.unsafe` (value not exactly representable,
 * or more than 4 decimals: use Decimal on the original text then).
 */
export function scanAmount(s: string): number {
	return scanAmountAt(s, 0, s.length);
}

/** scanAmount on s[from, to) without making a substring. */
export function scanAmountAt(s: string, from: number, to: number): number {
	const n = to;
	let i = from;
	let neg = false;
	if (n <= from) return NaN;
	if (s.charCodeAt(from) === 45) {
		neg = true;
		i = from + 1;
	}
	let v = 0;
	let intD = 0;
	let decD = 0;
	let dot = false;
	for (; i < n; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			if (dot) decD++;
			else intD++;
			v = v * 10 + (c - 48);
		} else if (c === 46 && !dot) {
			dot = true;
		} else return NaN;
	}
	if (intD === 0) return NaN;
	scanned.intDigits = intD;
	scanned.decimals = decD;
	if (decD > 4 || intD + 4 > 15) {
		scanned.unsafe = true;
		return neg ? -v : v;
	}
	v *= POW10[4 - decD];
	scanned.unsafe = v > MAX_SAFE;
	return neg ? -v : v;
}

/** s[from, to) as YYYYMMDD → the number YYYYMMDD when it is a real calendar date, else -1. */
export function ledesDateAt(s: string, from: number, to: number): number {
	if (to - from !== 8) return -1;
	let v = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	const y = (v / 10000) | 0;
	const m = ((v / 100) | 0) % 100;
	const d = v % 100;
	if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return -1;
	return v;
}

/** YYYYMMDD → true when it is a real calendar date. */
export function isLedesDate(s: string): boolean {
	if (s.length !== 8) return false;
	let y = 0;
	for (let i = 0; i < 4; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return false;
		y = y * 10 + c;
	}
	const m1 = s.charCodeAt(4) - 48;
	const m2 = s.charCodeAt(5) - 48;
	const d1 = s.charCodeAt(6) - 48;
	const d2 = s.charCodeAt(7) - 48;
	if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
	const m = m1 * 10 + m2;
	const d = d1 * 10 + d2;
	if (m < 1 || m > 12 || d < 1) return false;
	return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
	if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
	return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** "2026-11-27" → "20261127"; throws on anything that is not an ISO calendar date. */
export function isoToLedesDate(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	if (!m || !isLedesDate(m[1] + m[2] + m[3])) throw new RangeError(`Not an ISO date (YYYY-MM-DD): "${iso}"`);
	return m[1] + m[2] + m[3];
}

/** "20261127" → "2026-11-27" */
export function ledesToIsoDate(d: string): string {
	return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
}
