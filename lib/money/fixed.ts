/**
 * Fixed-point numbers for the hot paths (the LEDES reader and writer, the OCG engine): decimal
 * strings read once into plain integers at a given scale (number of decimals), exact while they are
 * safe integers; sums that grow past that continue in BigInt; output formatted from the integers or
 * from `Decimal`. One module for every "amount as an integer of 1/10^scale units" in lib/.
 * Nothing here goes through a binary float fraction: a value that does not fit is reported (NaN),
 * never rounded.
 */
import { Decimal } from './decimal';

export const POW10 = Array.from({ length: 19 }, (_, i) => 10 ** i);

/** Largest scaled amount the OCG engine accepts on a line: sums of a few such stay exact integers. */
export const MAX_SCALED = 2 ** 51;

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

/** An integer of the given scale as a plain decimal string without trailing zeros ("12.5"). */
export function formatScaled(v: number, scale: number): string {
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

/** An integer (number or BigInt) of the given scale as text with exactly `scale` decimals ("1400.0000"). */
export function formatFixed(v: bigint | number, scale: number): string {
	const b = typeof v === 'bigint' ? v : BigInt(v);
	if (scale === 0) return b.toString();
	const neg = b < 0n;
	let digits = (neg ? -b : b).toString();
	if (digits.length <= scale) digits = '0'.repeat(scale + 1 - digits.length) + digits;
	return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** An integer of the given scale as a Decimal. */
export function decimalFromScaled(v: number, scale: number): Decimal {
	return Decimal.from(formatScaled(v, scale));
}

/**
 * Money text: at least `minDecimals` (2) decimals, more only when the exact value needs them, at
 * most `maxDecimals` (rounded half away from zero beyond): "125.00", "12.345"; LEDES uses (2, 4).
 */
export function formatMoney(d: Decimal, minDecimals = 2, maxDecimals = Infinity): string {
	const r = Number.isFinite(maxDecimals) ? d.round(maxDecimals) : d;
	const out = r.toFixed(Math.max(minDecimals, Math.min(maxDecimals, r.significantScale())));
	return out.charCodeAt(0) === 45 && /^-0(?:\.0*)?$/.test(out) ? out.slice(1) : out;
}

/** Money text from an integer at `scale` decimals: at least two decimals, more only when the exact value needs them. */
export function formatMoneyScaled(v: number, scale: number): string {
	const s = formatScaled(v, scale);
	const dot = s.indexOf('.');
	if (dot === -1) return `${s}.00`;
	return s.length - dot === 2 ? `${s}0` : s;
}

/**
 * An exact running sum of integers at one scale: a Number while it is a safe integer, BigInt
 * after that, so a million lines sum exactly without a BigInt per line.
 */
export class FixedSum {
	private n = 0;
	private big: bigint | undefined;

	constructor(readonly scale: number) {}

	/** Adds an integer already at this sum's scale. */
	add(v: number): void {
		if (this.big === undefined) {
			const r = this.n + v;
			if (Number.isSafeInteger(r)) {
				this.n = r;
				return;
			}
			this.big = BigInt(this.n);
		}
		this.big += BigInt(v);
	}

	/** Adds a Decimal, rounded to this sum's scale (exact when it has no more decimals). */
	addDecimal(d: Decimal): void {
		const v = d.round(this.scale).coef;
		if (this.big === undefined) {
			const asNum = Number(v);
			if (Number.isSafeInteger(asNum) && Number.isSafeInteger(this.n + asNum)) {
				this.n += asNum;
				return;
			}
			this.big = BigInt(this.n);
		}
		this.big += v;
	}

	/** True when the sum equals `v` (an integer at this sum's scale). */
	equals(v: number): boolean {
		if (this.big === undefined) return this.n === v;
		return this.big === BigInt(v);
	}

	toDecimal(): Decimal {
		return Decimal.from(formatFixed(this.big ?? this.n, this.scale));
	}

	/** The sum as money text (see formatMoney). */
	toMoney(): string {
		return formatMoney(this.toDecimal());
	}
}
