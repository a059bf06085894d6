/**
 * Hot-path numbers for the OCG engine. Quantities, rates and amounts arrive as decimal strings;
 * comparing them through BigInt decimals for a million lines is slow, so each value is read once
 * into a plain integer at a scale chosen per batch (see `Scales`: quantities at q decimals, rates at
 * r, amounts at q + r), which is exact for LEDES (4 decimals), Clio hours (6) and Actionstep.
 * Every value is checked to be a safe integer; anything that does not fit is reported, never
 * rounded. Output amounts are formatted from these exact integers (or computed with `Decimal`).
 */
import { Decimal } from '../money/decimal';

export const POW10 = Array.from({ length: 19 }, (_, i) => 10 ** i);

/**
 * Number of decimals a decimal string (or finite number) needs, trailing zeros ignored;
 * NaN when it is not a decimal.
 */
export function decimalsOf(value: unknown): number {
	let s: string;
	if (typeof value === 'string') s = value;
	else if (typeof value === 'number') {
		if (!Number.isFinite(value)) return NaN;
		if (Number.isInteger(value)) return 0;
		s = String(value);
		if (s.includes('e')) return NaN;
	} else return NaN;
	const dot = s.indexOf('.');
	if (dot === -1) return 0;
	let end = s.length;
	while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
	return end - dot - 1;
}

/**
 * Reads a decimal string (or finite number) as an integer at `scale` decimal places. Returns NaN
 * for anything that is not a decimal, needs more than `scale` decimals or is not a safe integer.
 */
export function toScaled(value: unknown, scale: number): number {
	let s: string;
	if (typeof value === 'string') s = value;
	else if (typeof value === 'number') {
		if (!Number.isFinite(value)) return NaN;
		if (Number.isInteger(value)) return Number.isSafeInteger(value * POW10[scale]) ? value * POW10[scale] : NaN;
		s = String(value);
	} else return NaN;
	const len = s.length;
	if (len === 0) return NaN;
	let i = 0;
	let neg = false;
	const c0 = s.charCodeAt(0);
	if (c0 === 45 /* - */) {
		neg = true;
		i = 1;
	} else if (c0 === 43 /* + */) i = 1;
	let intPart = 0;
	let digits = 0;
	let c = 0;
	for (; i < len; i++) {
		c = s.charCodeAt(i);
		if (c < 48 || c > 57) break;
		intPart = intPart * 10 + (c - 48);
		digits++;
	}
	let frac = 0;
	let fracDigits = 0;
	if (i < len) {
		if (c !== 46 /* . */) return NaN;
		i++;
		for (; i < len; i++) {
			c = s.charCodeAt(i);
			if (c < 48 || c > 57) return NaN;
			if (fracDigits === scale) {
				// extra decimals are only allowed when they are zeros ("1.50000")
				if (c !== 48) return NaN;
				continue;
			}
			frac = frac * 10 + (c - 48);
			fracDigits++;
		}
	}
	if (digits === 0 && fracDigits === 0) return NaN;
	const v = intPart * POW10[scale] + frac * POW10[scale - fracDigits];
	if (!Number.isSafeInteger(v) || !Number.isSafeInteger(intPart * POW10[scale])) return NaN;
	return neg ? -v : v;
}

/** Formats an integer of the given scale as a plain decimal string without trailing zeros. */
export function fmtScaled(v: number, scale: number): string {
	const neg = v < 0;
	let digits = String(neg ? -v : v);
	if (scale > 0) {
		if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
		let intPart = digits.slice(0, digits.length - scale);
		let frac = digits.slice(digits.length - scale);
		let end = frac.length;
		while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
		frac = frac.slice(0, end);
		if (intPart === '') intPart = '0';
		digits = frac ? `${intPart}.${frac}` : intPart;
	}
	return neg && digits !== '0' ? `-${digits}` : digits;
}

export function decScaled(v: number, scale: number): Decimal {
	return Decimal.from(fmtScaled(v, scale));
}

/** Money for output: at least two decimals ("125.00"), more only when the exact value needs them. */
export function money(d: Decimal): string {
	return d.significantScale() <= 2 ? d.toFixed(2) : d.toString();
}

/** Money from an integer at `scale` decimals: at least two decimals, more only when the exact value needs them. */
export function moneyScaled(v: number, scale: number): string {
	return withCents(fmtScaled(v, scale));
}

function withCents(s: string): string {
	const dot = s.indexOf('.');
	if (dot === -1) return `${s}.00`;
	return s.length - dot === 2 ? `${s}0` : s;
}

/** Largest scaled amount the engine accepts on a line: sums of a few such stay exact integers. */
export const MAX_SCALED = 2 ** 51;

/**
 * The integer scales of one batch: quantities at `q` decimals, rates at `r`, amounts (quantity ×
 * rate, adjustments, totals) at `t` = q + r. Chosen from the data and the rule parameters, so any
 * LEDES, Clio (hours to 6 decimals) or Actionstep value is exact.
 */
export interface Scales {
	q: number;
	r: number;
	t: number;
}


/** Days since 1970-01-01 for an ISO date "YYYY-MM-DD"; NaN when the text is not a real calendar date. */
export function dayNumber(iso: unknown): number {
	if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
	const y = num(iso, 0, 4);
	const m = num(iso, 5, 7);
	const d = num(iso, 8, 10);
	if (Number.isNaN(y) || Number.isNaN(m) || Number.isNaN(d) || m < 1 || m > 12 || d < 1) return NaN;
	const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
	if (d > (m === 2 && leap ? 29 : MONTH_DAYS[m - 1])) return NaN; // 2026-02-30
	return Date.UTC(y, m - 1, d) / 86_400_000;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function num(s: string, from: number, to: number): number {
	let v = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57) return NaN;
		v = v * 10 + (c - 48);
	}
	return v;
}

export function isIsoDate(s: unknown): s is string {
	return !Number.isNaN(dayNumber(s));
}
