/**
 * The LEDES writer's first pass over an invoice: each line's amounts read as exact integers in
 * 1/10,000 units (Decimal text beyond), its line total computed and rounded, and the invoice
 * totals summed (integers while exact, Decimal beyond). The second pass writes what this holds.
 */
import type { BillingEntry } from '../model';
import { Decimal } from '../money/decimal';
import { formatMoney, formatMoneyScaled } from '../money/fixed';
import { scanAmount, scanned } from './scan';

/** Throws a LedesWriteError naming the invoice, and the line (0-based) and field when given. */
export type Fail = (msg: string, line?: number, field?: string) => never;

/** LEDES line type of each canonical entry kind. */
const KIND_CODE: Record<string, string> = { fee: 'F', expense: 'E', feeAdjustment: 'IF', expenseAdjustment: 'IE' };

/** The invoice's computed totals as LEDES money text. */
export interface InvoiceTotalsText {
	total: string;
	tax: string;
	net: string;
}

/** Per-line amounts of the invoice being written (arrays reused from invoice to invoice). */
export class InvoiceAmounts {
	/** quantity, rate, adjustment, tax and line total in 1/10,000 units; NaN: the text in `alt` is used */
	q4 = new Float64Array(256);
	r4 = new Float64Array(256);
	a4 = new Float64Array(256);
	x4 = new Float64Array(256);
	t4 = new Float64Array(256);
	/** LEDES line type per line (F, E, IF, IE) */
	readonly kinds: string[] = [];
	/** Decimal text of a value not held as an integer: alt[line × 5 + 0…4] for q, r, a, x, t */
	readonly alt: Array<string | undefined> = [];

	/**
	 * Pass 1 over `lines`: checks and reads the amounts, computes each line total rounded to `scale`
	 * decimals, and returns the invoice totals.
	 */
	read(lines: BillingEntry[], is98: boolean, scale: number, fail: Fail): InvoiceTotalsText {
		const count = lines.length;
		this.reserve(count);
		const { q4: Q, r4: R, a4: A, x4: X, t4: T, kinds, alt } = this;
		alt.length = 0;
		let sum4 = 0;
		let tax4 = 0;
		let exact = true;
		let bigSum = Decimal.ZERO;
		let bigTax = Decimal.ZERO;
		for (let li = 0; li < count; li++) {
			const e = lines[li];
			const kind = KIND_CODE[e?.kind];
			if (!kind) fail(`kind "${e?.kind}" is not fee, expense, feeAdjustment or expenseAdjustment`, li, 'EXP/FEE/INV_ADJ_TYPE');
			kinds[li] = kind;
			const isAdj = kind === 'IF' || kind === 'IE';
			const q = amount(e.quantity, li, 'LINE_ITEM_NUMBER_OF_UNITS', fail, isAdj);
			const r = amount(e.rate, li, 'LINE_ITEM_UNIT_COST', fail, isAdj);
			const a = amount(e.adjustment, li, 'LINE_ITEM_ADJUSTMENT_AMOUNT', fail, true);
			const x = is98 ? amount(e.tax?.amount, li, 'LINE_ITEM_TAX_TOTAL', fail, true) : 0;
			if (q < 0 || (q !== q && dec(e.quantity).isNegative()))
				fail(`the quantity ${e.quantity} is negative; bill a reduction as a negative adjustment`, li, 'LINE_ITEM_NUMBER_OF_UNITS');
			Q[li] = q;
			R[li] = r;
			A[li] = a;
			X[li] = x;
			if (q !== q) alt[li * 5] = Decimal.from(e.quantity).toString();
			if (r !== r) alt[li * 5 + 1] = moneyText(dec(e.rate));
			if (a !== a) alt[li * 5 + 2] = moneyText(dec(e.adjustment));
			if (x !== x) alt[li * 5 + 3] = moneyText(dec(e.tax?.amount));

			// line total = q × r + a (+ tax), rounded to scale: integers while exact, Decimal beyond
			const prod8 = q * r;
			const sum8 = prod8 + a * 10000 + x * 10000;
			if (q === q && r === r && a === a && x === x && Number.isSafeInteger(prod8) && Number.isSafeInteger(sum8)) {
				const t4 = round8to4(sum8, scale);
				if (t4 >= 1e14 || t4 <= -1e14) fail(`the line total is larger than LEDES allows (10 digits before the point)`, li, 'LINE_ITEM_TOTAL');
				T[li] = t4;
				if (exact) {
					sum4 += t4;
					tax4 += x;
					if (!Number.isSafeInteger(sum4)) {
						exact = false;
						bigSum = from4(sum4 - t4).add(from4(t4));
						bigTax = from4(tax4);
					}
				} else {
					bigSum = bigSum.add(from4(t4));
					bigTax = bigTax.add(from4(x));
				}
			} else {
				const tax = is98 ? dec(e.tax?.amount) : Decimal.ZERO;
				const d = dec(e.quantity).mul(dec(e.rate)).add(dec(e.adjustment)).add(tax).round(scale);
				if (d.abs().gte('10000000000')) fail(`the line total ${d.toString()} is larger than LEDES allows (10 digits before the point)`, li, 'LINE_ITEM_TOTAL');
				T[li] = NaN;
				alt[li * 5 + 4] = moneyText(d);
				if (exact) {
					exact = false;
					bigSum = from4(sum4);
					bigTax = from4(tax4);
				}
				bigSum = bigSum.add(d);
				bigTax = bigTax.add(tax);
			}
		}
		if (exact) return { total: fmtMoney4(sum4), tax: fmtMoney4(tax4), net: fmtMoney4(sum4 - tax4) };
		return { total: moneyText(bigSum), tax: moneyText(bigTax), net: moneyText(bigSum.sub(bigTax)) };
	}

	/** Per-invoice arrays large enough for `count` lines. */
	private reserve(count: number): void {
		if (this.q4.length >= count) return;
		let n = this.q4.length;
		while (n < count) n *= 2;
		this.q4 = new Float64Array(n);
		this.r4 = new Float64Array(n);
		this.a4 = new Float64Array(n);
		this.x4 = new Float64Array(n);
		this.t4 = new Float64Array(n);
	}
}

/** A tax rate as written: a decimal from 0 to 1 with at most 10 decimals, else fail. */
export function rateText(rate: string, li: number, fail: Fail): string {
	const d = Decimal.tryFrom(rate);
	if (!d || d.isNegative() || d.gt(1) || d.significantScale() > 10)
		return fail(`tax rate "${rate}" must be a decimal from 0 to 1 (e.g. 0.2 for 20%) with at most 10 decimals`, li, 'LINE_ITEM_TAX_RATE');
	return d.toString();
}

function dec(v: string | undefined): Decimal {
	return v === undefined || v === '' ? Decimal.ZERO : Decimal.from(v);
}

function from4(v: number): Decimal {
	return Decimal.from(BigInt(v)).div(10000, 4);
}

/**
 * Reads an amount for writing: value × 10^4 as a number, NaN when it needs Decimal (too large or
 * more than 4 decimals in a value that must be exact). Throws on text that is not a decimal.
 */
function amount(v: string | undefined, li: number, field: string, fail: Fail, optional: boolean): number {
	if (v === undefined || v === null || v === '') {
		if (optional) return 0;
		return fail('the value is missing', li, field);
	}
	let s = typeof v === 'string' ? v : String(v);
	let a = scanAmount(s);
	if (a !== a) {
		s = s.trim();
		a = scanAmount(s);
	}
	if (a !== a) {
		if (Decimal.tryFrom(s) === undefined) return fail(`"${String(v).slice(0, 40)}" is not a decimal number`, li, field);
		return NaN; // e.g. ".5": valid Decimal, not LEDES syntax; handled by Decimal
	}
	if (scanned.decimals > 4) return fail(`${s} has ${scanned.decimals} decimals; LEDES allows at most 4`, li, field);
	if (scanned.intDigits > 10 && !/^-?0+/.test(s)) return fail(`${s} is larger than LEDES allows (10 digits before the point)`, li, field);
	return scanned.unsafe ? NaN : a;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/** sum in 1e-8 units → 1e-4 units rounded half away from zero to `scale` decimals. */
function round8to4(v8: number, scale: number): number {
	const neg = v8 < 0;
	const abs = neg ? -v8 : v8;
	const unit = POW10[8 - scale];
	// floor division without a float modulo; the correction keeps it exact for every safe integer
	let q = Math.floor(abs / unit);
	let r = abs - q * unit;
	if (r < 0) {
		q -= 1;
		r += unit;
	} else if (r >= unit) {
		q += 1;
		r -= unit;
	}
	if (r * 2 >= unit) q += 1;
	const v4 = q * POW10[4 - scale];
	return neg ? -v4 : v4;
}

/** 1e-4 units → money text: 2 decimals, or up to 4 when needed. */
const fmtMoney4 = (v4: number): string => formatMoneyScaled(v4, 4);

const moneyText = (d: Decimal): string => formatMoney(d, 2, 4);
