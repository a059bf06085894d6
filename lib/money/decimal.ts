/**
 * Exact decimal arithmetic for money, hours and rates. Values are an integer coefficient (BigInt)
 * and a scale (number of decimal places): 12.3400 is { coef: 123400n, scale: 4 }. Nothing here
 * ever goes through a binary float. Strings in, strings out.
 */
export class Decimal {
	private constructor(
		readonly coef: bigint,
		readonly scale: number,
	) {}

	static readonly ZERO = new Decimal(0n, 0);

	/**
	 * Strict decimal syntax: optional '-', digits, optional '.' and digits (a trailing '.' is allowed: "1250.").
	 * For documentation and schemas only: checks go through isDecimal, a linear scan with a length cap
	 * (this pattern backtracks quadratically on long invalid text: 200k digits + "x" took 45 s).
	 */
	static readonly PATTERN = /^-?(?:\d+\.?\d*|\.\d+)$/;

	/** Longest decimal text accepted (characters, sign and point included). Money, hours and rates need far fewer. */
	static readonly MAX_LENGTH = 1000;

	/** True for the strict decimal syntax (see PATTERN) of at most MAX_LENGTH characters. One pass, no regex. */
	static isDecimal(text: string): boolean {
		return typeof text === 'string' && text.length <= Decimal.MAX_LENGTH && scanDecimal(text);
	}

	/** Parses a decimal string (or a safe integer / finite number given as such). Throws on anything else. */
	static from(value: string | number | bigint | Decimal): Decimal {
		if (value instanceof Decimal) return value;
		if (typeof value === 'bigint') return new Decimal(value, 0);
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
			// Shortest round-trip representation, e.g. 0.1 -> "0.1", never 0.1000000000000000055…
			value = numberToPlainString(value);
		}
		const text = value.trim();
		if (text.length > Decimal.MAX_LENGTH) throw new RangeError(`Not a decimal number: ${text.length} characters long, at most ${Decimal.MAX_LENGTH} are accepted ("${value.slice(0, 20)}…")`);
		if (!scanDecimal(text)) throw new RangeError(`Not a decimal number: "${value.length > 60 ? value.slice(0, 60) + '…' : value}"`);
		const negative = text.startsWith('-');
		const body = negative ? text.slice(1) : text;
		const dot = body.indexOf('.');
		const intPart = dot === -1 ? body : body.slice(0, dot);
		const fracPart = dot === -1 ? '' : body.slice(dot + 1);
		const coef = BigInt((intPart || '0') + fracPart);
		return new Decimal(negative ? -coef : coef, fracPart.length);
	}

	/** Like from(), but returns undefined for text that is not a decimal. */
	static tryFrom(value: unknown): Decimal | undefined {
		if (value === null || value === undefined || value === '') return undefined;
		if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && !(value instanceof Decimal)) return undefined;
		try {
			return Decimal.from(value);
		} catch {
			return undefined;
		}
	}

	static sum(values: Iterable<Decimal | string>): Decimal {
		let acc = Decimal.ZERO;
		for (const v of values) acc = acc.add(v);
		return acc;
	}

	private align(other: Decimal): [bigint, bigint, number] {
		if (this.scale === other.scale) return [this.coef, other.coef, this.scale];
		if (this.scale > other.scale) return [this.coef, other.coef * 10n ** BigInt(this.scale - other.scale), this.scale];
		return [this.coef * 10n ** BigInt(other.scale - this.scale), other.coef, other.scale];
	}

	add(other: Decimal | string | number): Decimal {
		const [a, b, s] = this.align(Decimal.from(other));
		return new Decimal(a + b, s);
	}

	sub(other: Decimal | string | number): Decimal {
		const [a, b, s] = this.align(Decimal.from(other));
		return new Decimal(a - b, s);
	}

	mul(other: Decimal | string | number): Decimal {
		const o = Decimal.from(other);
		return new Decimal(this.coef * o.coef, this.scale + o.scale);
	}

	/** Division rounded half-up (away from zero) to `scale` places. */
	div(other: Decimal | string | number, scale = 10): Decimal {
		const o = Decimal.from(other);
		if (o.coef === 0n) throw new RangeError('Division by zero');
		// (a / 10^sa) / (b / 10^sb) = a * 10^(sb + scale + 1 - sa) / b, then round one digit
		const shift = o.scale + scale + 1 - this.scale;
		let num = this.coef;
		let den = o.coef;
		if (shift >= 0) num *= 10n ** BigInt(shift);
		else den *= 10n ** BigInt(-shift);
		return new Decimal(num / den, scale + 1).round(scale);
	}

	neg(): Decimal {
		return new Decimal(-this.coef, this.scale);
	}

	abs(): Decimal {
		return this.coef < 0n ? this.neg() : this;
	}

	/** Rounds half away from zero (commercial rounding) to `scale` places. */
	round(scale = 2): Decimal {
		if (scale >= this.scale) return new Decimal(this.coef * 10n ** BigInt(scale - this.scale), scale);
		const factor = 10n ** BigInt(this.scale - scale);
		const negative = this.coef < 0n;
		const abs = negative ? -this.coef : this.coef;
		let q = abs / factor;
		if ((abs % factor) * 2n >= factor) q += 1n;
		return new Decimal(negative ? -q : q, scale);
	}

	/** Rounds up (away from zero) to a multiple of `step` (e.g. 0.1 h increments). */
	ceilTo(step: Decimal | string): Decimal {
		const s = Decimal.from(step);
		const [a, b, scale] = this.align(s);
		if (b === 0n) return this;
		let q = a / b;
		if (a % b !== 0n) q += a > 0n ? 1n : -1n;
		return new Decimal(q * b, scale);
	}

	/** True when this value is a whole multiple of `step`. */
	isMultipleOf(step: Decimal | string): boolean {
		const [a, b] = this.align(Decimal.from(step));
		return b === 0n || a % b === 0n;
	}

	cmp(other: Decimal | string | number): -1 | 0 | 1 {
		const [a, b] = this.align(Decimal.from(other));
		return a < b ? -1 : a > b ? 1 : 0;
	}

	eq(other: Decimal | string | number): boolean {
		return this.cmp(other) === 0;
	}
	lt(other: Decimal | string | number): boolean {
		return this.cmp(other) < 0;
	}
	lte(other: Decimal | string | number): boolean {
		return this.cmp(other) <= 0;
	}
	gt(other: Decimal | string | number): boolean {
		return this.cmp(other) > 0;
	}
	gte(other: Decimal | string | number): boolean {
		return this.cmp(other) >= 0;
	}
	isZero(): boolean {
		return this.coef === 0n;
	}
	isNegative(): boolean {
		return this.coef < 0n;
	}

	static max(a: Decimal, b: Decimal): Decimal {
		return a.gte(b) ? a : b;
	}
	static min(a: Decimal, b: Decimal): Decimal {
		return a.lte(b) ? a : b;
	}

	/** Number of decimal places actually needed (trailing zeros dropped). */
	significantScale(): number {
		let c = this.coef < 0n ? -this.coef : this.coef;
		let s = this.scale;
		while (s > 0 && c % 10n === 0n) {
			c /= 10n;
			s--;
		}
		return s;
	}

	/** Plain string with exactly `places` decimals (rounded half away from zero). */
	toFixed(places: number): string {
		const r = this.round(places);
		return format(r.coef, r.scale);
	}

	/** Plain string, trailing zeros after the point removed ("12.50" -> "12.5", "3.000" -> "3"). */
	toString(): string {
		const s = this.significantScale();
		return this.toFixed(s);
	}

	toJSON(): string {
		return this.toString();
	}

	/** For display and non-monetary statistics only. */
	toNumber(): number {
		return Number(this.toString());
	}
}

/** Linear check of the PATTERN syntax: -?(\d+\.?\d*|\.\d+) */
function scanDecimal(s: string): boolean {
	const n = s.length;
	let i = s.charCodeAt(0) === 45 ? 1 : 0;
	let intDigits = 0;
	while (i < n && isDigit(s.charCodeAt(i))) {
		i++;
		intDigits++;
	}
	if (i === n) return intDigits > 0;
	if (s.charCodeAt(i) !== 46) return false;
	i++;
	let fracDigits = 0;
	while (i < n && isDigit(s.charCodeAt(i))) {
		i++;
		fracDigits++;
	}
	return i === n && (intDigits > 0 || fracDigits > 0);
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

function format(coef: bigint, scale: number): string {
	const negative = coef < 0n;
	let digits = (negative ? -coef : coef).toString();
	if (scale === 0) return (negative ? '-' : '') + digits;
	if (digits.length <= scale) digits = '0'.repeat(scale - digits.length + 1) + digits;
	return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
}

function numberToPlainString(n: number): string {
	const s = String(n);
	if (!/e/i.test(s)) return s;
	const [mant, expText] = s.toLowerCase().split('e');
	const exp = Number(expText);
	const negative = mant.startsWith('-');
	const m = negative ? mant.slice(1) : mant;
	const [i, f = ''] = m.split('.');
	const digits = i + f;
	const point = i.length + exp;
	let out: string;
	if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
	else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
	else out = digits.slice(0, point) + '.' + digits.slice(point);
	return (negative ? '-' : '') + out;
}

/** Shorthand: dec('12.50'). */
export function dec(value: string | number | bigint | Decimal): Decimal {
	return Decimal.from(value);
}
