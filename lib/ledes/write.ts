/**
 * Writing LEDES 1998B / 98BI from canonical invoices. Totals are computed exactly (integers in
 * 1/10,000 units while they fit a double exactly, Decimal beyond), text fields are neutralised so a
 * narrative can never break the file, numbers are written canonically:
 * money (totals, adjustments, unit cost, taxes) with 2 decimals, or up to 4 when needed;
 * units with as few decimals as needed (max 4); tax rates as given (max 10 decimals).
 * Every value is checked against the format's field table (required-when, size) and a bad one
 * throws a LedesWriteError naming the invoice, the line and the field.
 */
import type { BillingEntry, Invoice } from '../model';
import { CLASSIFICATION_LEGACY_TO_REVISED, CLASSIFICATION_REVISED_TO_LEGACY } from '../model/classification';
import { formatMoney, formatMoneyScaled } from '../money/fixed';
import { Decimal } from '../money/decimal';
import { LEDES_INDEX as F, LEDES_FIELDS, LEDES_HEADERS, ledesColumnLine, type LedesField, type LedesFormat, type LedesTextFormat } from './fields';
import { LedesWriteError } from './issues';
import { isoToLedesDate, scanAmount, scanned } from './scan';
import { isClean, neutraliseText } from './text';
import { buildLedesXml } from './xml-write';

export interface LedesBuildOptions {
	format?: LedesFormat;
	/** default CRLF, as the specification asks */
	lineEnding?: '\r\n' | '\n';
	/** decimals of computed line totals (rounded half away from zero); default 2 */
	totalDecimals?: number;
	/** rewrite timekeeper classifications: keep as given (default), to the revised or to the legacy codes */
	classifications?: 'asIs' | 'revised' | 'legacy';
	/** LEDES XML only: the e-billing vendor id written as lf_vendor_id */
	vendorId?: string;
}

const KIND_CODE: Record<string, string> = { fee: 'F', expense: 'E', feeAdjustment: 'IF', expenseAdjustment: 'IE' };
/** The classification table lives in lib/model/classification.ts; re-exported for existing imports. */
export { CLASSIFICATION_LEGACY_TO_REVISED } from '../model/classification';

/** Builds a whole LEDES file as one string. For very large output use LedesWriter with a sink. */
export function buildLedes(invoices: Iterable<Invoice>, options: LedesBuildOptions = {}): string {
	if (options.format === 'XML2.1') return buildLedesXml([...invoices], options);
	const parts: string[] = [];
	const w = new LedesWriter(options, (s) => parts.push(s));
	for (const inv of invoices) w.writeInvoice(inv);
	w.end();
	return parts.join('');
}

/**
 * The fields the writer takes from each line, in the order LedesWriter.line() writes them (1998B's
 * sixteen, then 98BI's six more). Everything else is invoice level or a computed invoice total.
 * The constructor checks this order against the field table.
 */
const LINE_FIELD_ORDER: readonly number[] = [
	F.LAW_FIRM_MATTER_ID, F.LINE_ITEM_NUMBER, F.TYPE, F.UNITS, F.ADJUSTMENT, F.LINE_TOTAL, F.LINE_DATE, F.TASK_CODE,
	F.EXPENSE_CODE, F.ACTIVITY_CODE, F.TIMEKEEPER_ID, F.LINE_DESCRIPTION, F.UNIT_COST, F.TIMEKEEPER_NAME,
	F.TIMEKEEPER_CLASSIFICATION, F.CLIENT_MATTER_ID, F.MATTER_NAME, F.TIMEKEEPER_LAST_NAME, F.TIMEKEEPER_FIRST_NAME,
	F.TAX_RATE, F.TAX_TOTAL, F.TAX_TYPE,
];
const LINE_SOURCES = new Set<number>(LINE_FIELD_ORDER);

type Fail = (msg: string, line?: number, field?: string) => never;

/** Receives the file text: the header lines, then each invoice's lines whole. */
export type LedesSink = (chunk: string) => void;
/**
 * Receives the file as ASCII bytes instead (faster when they go to a file or socket): the array is
 * reused after `bytes` returns, so write or copy it before returning.
 */
export interface LedesByteSink {
	bytes(chunk: Uint8Array): void;
}

/**
 * Streaming writer: header on creation, then one invoice at a time into `sink` (one call per
 * invoice, the invoice's lines whole).
 *
 * How it is fast: every invoice is built in two passes over its lines. Pass 1 reads the amounts
 * (exact integers in 1/10,000 units) and sums the invoice totals, which every line repeats.
 * Pass 2 writes each line straight into one reusable byte buffer, in the order of the format's
 * field table: invoice-level runs of fields are joined once per invoice, line fields are copied
 * (text checked for LEDES-safe characters while it is copied, and only neutralised when it is
 * not clean), numbers are written digit by digit. Required-when and size rules of the field table
 * are checked on the bytes written. No per-line arrays or strings are made.
 */
export class LedesWriter {
	readonly format: LedesTextFormat;
	private readonly eol: string;
	private readonly fields: readonly LedesField[];
	private readonly totalScale: number;
	private readonly classMap: Readonly<Record<string, string>> | undefined;
	private lineCount = 0;
	/** invoice-level positions checked once per invoice (computed totals are range-checked when computed) */
	private readonly invoiceFields: number[];
	/** positions written from each line, in field order */
	private readonly linePositions: number[];
	private readonly maxLen: number[];
	private readonly dates = new Map<string, string>();
	// output buffer for the invoice being written
	private buf = Buffer.allocUnsafe(1 << 16);
	private readonly emit: (from: number, to: number) => void;
	private pos = 0;
	// per-invoice amounts from pass 1 (1/10,000 units; NaN: the text in the *Alt array is used)
	private q4 = new Float64Array(256);
	private r4 = new Float64Array(256);
	private a4 = new Float64Array(256);
	private x4 = new Float64Array(256);
	private t4 = new Float64Array(256);
	private kinds: string[] = [];
	private alt: Array<string | undefined> = [];
	// lengths written on the current line (for the feeOrTimekeeper rule)
	private tkIdLen = 0;
	private tkNameLen = 0;

	constructor(
		options: LedesBuildOptions,
		sink: LedesSink | LedesByteSink,
	) {
		this.emit =
			typeof sink === 'function'
				? (from, to) => sink(this.slice(from, to))
				: (from, to) => sink.bytes(this.buf.subarray(from, to));
		const fmt = options.format ?? '1998B';
		if (fmt === 'XML2.1') throw new RangeError('LedesWriter writes 1998B and 98BI; use buildLedes for XML');
		this.format = fmt;
		this.eol = options.lineEnding ?? '\r\n';
		this.fields = LEDES_FIELDS[fmt];
		this.totalScale = options.totalDecimals ?? 2;
		if (!(this.totalScale >= 0 && this.totalScale <= 4)) throw new RangeError('totalDecimals must be 0 to 4');
		const mode = options.classifications ?? 'asIs';
		this.classMap = mode === 'revised' ? CLASSIFICATION_LEGACY_TO_REVISED : mode === 'legacy' ? CLASSIFICATION_REVISED_TO_LEGACY : undefined;
		const computed = new Set<number>([F.INVOICE_TOTAL, F.INVOICE_TAX_TOTAL, F.INVOICE_NET_TOTAL, F.INVOICE_REPORTED_TAX_TOTAL]);
		this.invoiceFields = this.fields.filter((f, i) => f.type !== 'amount' && f.type !== 'rate' && f.level === 'invoice' && !computed.has(i)).map((f) => f.position - 1);
		this.linePositions = this.fields.map((f) => f.position - 1).filter((i) => LINE_SOURCES.has(i));
		const expected = LINE_FIELD_ORDER.slice(0, this.linePositions.length);
		if (expected.join() !== this.linePositions.join()) throw new Error(`LEDES writer: the ${fmt} field table orders line fields ${this.linePositions.join()}, the writer ${expected.join()}`);
		for (const f of this.fields) {
			const lineSourced = LINE_SOURCES.has(f.position - 1);
			if (lineSourced !== (f.level === 'line')) throw new Error(`LEDES writer: ${f.name} is ${f.level} level in the field table`);
		}
		// LAW_FIRM_ID on 98BI may hold up to three ids joined by "~": allow their joined length
		this.maxLen = this.fields.map((f) => (f.type === 'lawFirmId' ? (f.max ?? 20) * 3 + 2 : (f.max ?? Infinity)));
		this.pos = this.buf.write(LEDES_HEADERS[fmt] + this.eol + ledesColumnLine(fmt) + this.eol, 0, 'latin1');
		this.emit(0, this.pos);
	}

	get linesWritten(): number {
		return this.lineCount;
	}

	writeInvoice(inv: Invoice): void {
		const is98 = this.format === '98BI';
		const fail: Fail = (msg, line, field) => {
			throw new LedesWriteError(
				`Invoice ${inv?.number ?? '(no number)'}${line !== undefined ? `, line ${line + 1}` : ''}${field ? `, ${field}` : ''}: ${msg}`,
				inv?.number,
				line,
				field,
			);
		};
		if (!inv || !Array.isArray(inv.lines)) fail('an invoice needs a "lines" array');
		const lines = inv.lines;
		const count = lines.length;
		if (count === 0) fail('the invoice has no lines; LEDES needs at least one line item');

		// Invoice-level fields: computed and checked once per invoice.
		const head = new Array<string>(this.fields.length).fill('');
		head[F.INVOICE_DATE] = this.date(inv.date, 'INVOICE_DATE', undefined, fail);
		head[F.INVOICE_NUMBER] = text(inv.number);
		head[F.CLIENT_ID] = text(inv.client?.ledesClientId ?? inv.client?.id);
		head[F.BILLING_START_DATE] = this.date(inv.periodStart, 'BILLING_START_DATE', undefined, fail);
		head[F.BILLING_END_DATE] = this.date(inv.periodEnd, 'BILLING_END_DATE', undefined, fail);
		head[F.INVOICE_DESCRIPTION] = text(inv.description);
		head[F.LAW_FIRM_ID] = text(inv.lawFirm?.id);
		if (is98) {
			head[F.PO_NUMBER] = text(inv.poNumber);
			head[F.CLIENT_TAX_ID] = text(inv.client?.taxId);
			head[F.INVOICE_CURRENCY] = text(inv.currency ?? lines[0]?.currency);
			head[F.ACCOUNT_TYPE] = text(inv.accountType);
			head[F.LAW_FIRM_NAME] = text(inv.lawFirm?.name);
			head[F.LAW_FIRM_ADDRESS_1] = text(inv.lawFirm?.address1);
			head[F.LAW_FIRM_ADDRESS_2] = text(inv.lawFirm?.address2);
			head[F.LAW_FIRM_CITY] = text(inv.lawFirm?.city);
			head[F.LAW_FIRM_STATE] = text(inv.lawFirm?.stateOrRegion);
			head[F.LAW_FIRM_POSTCODE] = text(inv.lawFirm?.postcode);
			head[F.LAW_FIRM_COUNTRY] = text(inv.lawFirm?.country);
			head[F.CLIENT_NAME] = text(inv.client?.name);
			head[F.CLIENT_ADDRESS_1] = text(inv.client?.address1);
			head[F.CLIENT_ADDRESS_2] = text(inv.client?.address2);
			head[F.CLIENT_CITY] = text(inv.client?.city);
			head[F.CLIENT_STATE] = text(inv.client?.stateOrRegion);
			head[F.CLIENT_POSTCODE] = text(inv.client?.postcode);
			head[F.CLIENT_COUNTRY] = text(inv.client?.country);
			head[F.INVOICE_TAX_CURRENCY] = text(inv.taxCurrency ?? (lines.some((l) => l?.tax) ? (inv.currency ?? lines[0]?.currency) : undefined));
		}
		for (const i of this.invoiceFields) {
			const s = head[i];
			if (s === '') this.requireEmpty(i, undefined, 'F', fail);
			else if (s.length > this.maxLen[i]) this.tooLong(s, i, undefined, fail);
		}

		// Pass 1: amounts, line totals and the invoice totals.
		this.reserve(count);
		const { q4: Q, r4: R, a4: A, x4: X, t4: T, kinds, alt } = this;
		alt.length = 0;
		let sum4 = 0;
		let tax4 = 0;
		let exact = true;
		let bigSum = Decimal.ZERO;
		let bigTax = Decimal.ZERO;
		const scale = this.totalScale;
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

			// line total = q × r + a (+ tax), rounded to totalScale: integers while exact, Decimal beyond
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
		let totalText: string;
		let taxText: string;
		let netText: string;
		if (exact) {
			totalText = fmtMoney4(sum4);
			taxText = fmtMoney4(tax4);
			netText = fmtMoney4(sum4 - tax4);
		} else {
			totalText = moneyText(bigSum);
			taxText = moneyText(bigTax);
			netText = moneyText(bigSum.sub(bigTax));
		}
		const intDigits = totalText.length - (totalText.charCodeAt(0) === 45 ? 1 : 0) - (totalText.length - totalText.indexOf('.'));
		if (intDigits > 12) fail(`the invoice total ${totalText} is larger than LEDES allows (12 digits before the point)`, undefined, 'INVOICE_TOTAL');
		head[F.INVOICE_TOTAL] = totalText;
		if (is98) {
			head[F.INVOICE_TAX_TOTAL] = taxText;
			head[F.INVOICE_NET_TOTAL] = netText;
			head[F.INVOICE_REPORTED_TAX_TOTAL] = taxText;
		}

		// The text between line fields: invoice-level runs joined once (consts[k] precedes line field k).
		const lp = this.linePositions;
		const consts = new Array<string>(lp.length + 1);
		let from = 0;
		for (let k = 0; k <= lp.length; k++) {
			const to = k < lp.length ? lp[k] : head.length;
			let s = k === 0 ? '' : '|';
			for (let p = from; p < to; p++) s += head[p] + '|';
			consts[k] = k < lp.length ? s : s.slice(0, -1) + '[]' + this.eol;
			from = to + 1;
		}

		// ("|" alone is written as a byte; the rest are copied as bytes)
		const constBytes = consts.map((c) => (c === '|' ? undefined : Buffer.from(c, 'latin1')));

		// Pass 2: the lines, field by field into the byte buffer.
		let reserve = 2048;
		for (const c of constBytes) reserve += c?.length ?? 1;
		this.pos = 0;
		for (let li = 0; li < count; li++) {
			this.room(reserve);
			this.line(lines[li], li, kinds[li], constBytes, is98, fail);
		}
		this.lineCount += count;
		this.emit(0, this.pos);
	}

	end(): void {
		// nothing buffered: each invoice is written whole
	}

	/**
	 * Writes one line: the line fields in the order of LINE_FIELD_ORDER (checked against the field
	 * table in the constructor), each preceded by the invoice-level run `runs[k]` (undefined: a
	 * bare "|"). Room for the runs and for short fields was made by the caller; longer text makes
	 * its own room. Text and code fields are checked against the table's required-when and size.
	 */
	private line(e: BillingEntry, li: number, kind: string, runs: Array<Uint8Array | undefined>, is98: boolean, fail: Fail): void {
		const tk = e.timekeeper;
		const isAdj = kind === 'IF' || kind === 'IE';
		let start: number;
		this.run(runs[0]);
		start = this.pos;
		this.putText(e.matter?.number ?? e.matter?.id);
		this.check(F.LAW_FIRM_MATTER_ID, start, li, kind, fail);
		this.run(runs[1]);
		this.uint(li + 1);
		this.run(runs[2]);
		this.putAscii(kind);
		this.run(runs[3]);
		const q = this.q4[li];
		if (!(isAdj && (q === 0 || e.quantity === undefined || e.quantity === ''))) {
			if (q !== q) this.putAscii(this.alt[li * 5]!);
			else this.units(q);
		}
		this.run(runs[4]);
		this.money(this.a4[li], li * 5 + 2);
		this.run(runs[5]);
		this.money(this.t4[li], li * 5 + 4);
		this.run(runs[6]);
		this.putAscii(this.date(e.date, 'LINE_ITEM_DATE', li, fail));
		this.run(runs[7]);
		const codes = e.codes;
		start = this.pos;
		this.putText(codes?.task);
		this.check(F.TASK_CODE, start, li, kind, fail);
		this.run(runs[8]);
		start = this.pos;
		this.putText(codes?.expense);
		this.check(F.EXPENSE_CODE, start, li, kind, fail);
		this.run(runs[9]);
		start = this.pos;
		this.putText(codes?.activity);
		this.check(F.ACTIVITY_CODE, start, li, kind, fail);
		this.run(runs[10]);
		start = this.pos;
		this.putText(tk?.id);
		this.tkIdLen = this.pos - start;
		this.tkNameLen = 0;
		this.check(F.TIMEKEEPER_ID, start, li, kind, fail);
		this.run(runs[11]);
		start = this.pos;
		this.putText(e.narrative);
		this.check(F.LINE_DESCRIPTION, start, li, kind, fail);
		this.run(runs[12]);
		const r = this.r4[li];
		if (!(isAdj && (r === 0 || e.rate === undefined || e.rate === ''))) this.money(r, li * 5 + 1);
		this.run(runs[13]);
		start = this.pos;
		if (tk) this.putText(tk.name ?? (tk.lastName && tk.firstName ? `${tk.lastName}, ${tk.firstName}` : tk.lastName));
		this.tkNameLen = this.pos - start;
		this.check(F.TIMEKEEPER_NAME, start, li, kind, fail);
		this.run(runs[14]);
		start = this.pos;
		const cl = tk?.classification;
		this.putText(cl && this.classMap ? (this.classMap[cl] ?? cl) : cl);
		this.check(F.TIMEKEEPER_CLASSIFICATION, start, li, kind, fail);
		this.run(runs[15]);
		start = this.pos;
		this.putText(e.matter?.clientMatterId);
		this.check(F.CLIENT_MATTER_ID, start, li, kind, fail);
		if (is98) {
			const [last, first] = splitName(tk);
			this.run(runs[16]);
			start = this.pos;
			this.putText(e.matter?.name);
			this.check(F.MATTER_NAME, start, li, kind, fail);
			this.run(runs[17]);
			start = this.pos;
			this.putText(last);
			this.check(F.TIMEKEEPER_LAST_NAME, start, li, kind, fail);
			this.run(runs[18]);
			start = this.pos;
			this.putText(first);
			this.check(F.TIMEKEEPER_FIRST_NAME, start, li, kind, fail);
			this.run(runs[19]);
			const tax = e.tax;
			if (tax?.rate !== undefined && tax.rate !== '') this.putAscii(rateText(tax.rate, li, fail));
			this.run(runs[20]);
			this.money(this.x4[li], li * 5 + 3);
			this.run(runs[21]);
			start = this.pos;
			this.putText(tax?.type);
			this.check(F.TAX_TYPE, start, li, kind, fail);
		}
		this.run(runs[is98 ? 22 : 16]);
	}

	/** An invoice-level run of fields with its separators (undefined: a bare "|"). */
	private run(c: Uint8Array | undefined): void {
		if (c === undefined) {
			this.buf[this.pos++] = 124;
			return;
		}
		const n = c.length;
		if (n > 16) {
			if (n > 32) this.room(n);
			this.buf.set(c, this.pos);
			this.pos += n;
			return;
		}
		const b = this.buf;
		let pos = this.pos;
		for (let i = 0; i < n; i++) b[pos++] = c[i];
		this.pos = pos;
	}

	/** Required-when and size rules of the field table for the text written since `start`. */
	private check(p: number, start: number, li: number, kind: string, fail: Fail): void {
		const len = this.pos - start;
		if (len === 0) this.requireEmpty(p, li, kind, fail);
		else if (len > this.maxLen[p]) this.tooLong(this.slice(start, this.pos), p, li, fail);
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

	/** Room for `n` more bytes in the buffer. */
	private room(n: number): void {
		if (this.pos + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.pos + n) size *= 2;
		const next = Buffer.allocUnsafe(size);
		this.buf.copy(next, 0, 0, this.pos);
		this.buf = next;
	}

	private slice(from: number, to: number): string {
		return this.buf.toString('latin1', from, to);
	}

	/** Copies text that is already LEDES-safe ASCII (short text by hand, longer natively). */
	private putAscii(s: string): void {
		const n = s.length;
		if (n > 16) {
			if (n > 32) this.room(n);
			this.pos += this.buf.write(s, this.pos, 'latin1');
			return;
		}
		const b = this.buf;
		let pos = this.pos;
		for (let i = 0; i < n; i++) b[pos++] = s.charCodeAt(i);
		this.pos = pos;
	}

	/**
	 * Copies a text value when it needs no neutralising (printable ASCII without | [ ], no leading,
	 * trailing or double spaces: checked while copying short text, by text.ts's isClean for longer
	 * text), else writes neutraliseText(value).
	 */
	private putText(v: string | undefined | null): void {
		if (v === undefined || v === null) return;
		const s = typeof v === 'string' ? v : String(v);
		const n = s.length;
		if (n === 0) return;
		if (n > 24) {
			if (n > 32) this.room(n);
			if (isClean(s)) this.pos += this.buf.write(s, this.pos, 'latin1');
			else this.putAscii(text(s));
			return;
		}
		const b = this.buf;
		const start = this.pos;
		let pos = start;
		let prev = 32; // a leading space counts as unclean
		for (let i = 0; i < n; i++) {
			const c = s.charCodeAt(i);
			if (c < 32 || c > 126 || c === 124 || c === 91 || c === 93 || (c === 32 && prev === 32)) return this.putAscii(text(s));
			b[pos++] = c;
			prev = c;
		}
		if (prev === 32) return this.putAscii(text(s));
		this.pos = pos;
	}

	/** A non-negative safe integer in decimal digits (room already made). */
	private uint(v: number): void {
		const b = this.buf;
		let pos = this.pos;
		if (v >= 10000) {
			const hi = Math.floor(v / 10000);
			this.uint(hi);
			pos = this.pos;
			const o = (v - hi * 10000) * 4;
			b[pos] = DIGITS[o];
			b[pos + 1] = DIGITS[o + 1];
			b[pos + 2] = DIGITS[o + 2];
			b[pos + 3] = DIGITS[o + 3];
			this.pos = pos + 4;
			return;
		}
		const o = v * 4;
		if (v >= 1000) b[pos++] = DIGITS[o];
		if (v >= 100) b[pos++] = DIGITS[o + 1];
		if (v >= 10) b[pos++] = DIGITS[o + 2];
		b[pos++] = DIGITS[o + 3];
		this.pos = pos;
	}

	/** "." and the first `keep` of the four fraction digits of `frac` (0–9999). */
	private frac4(frac: number, keep: number): void {
		const b = this.buf;
		const o = frac * 4;
		let pos = this.pos;
		b[pos++] = 46;
		b[pos++] = DIGITS[o];
		b[pos++] = DIGITS[o + 1];
		if (keep > 2) b[pos++] = DIGITS[o + 2];
		if (keep > 3) b[pos++] = DIGITS[o + 3];
		this.pos = pos - (keep === 1 ? 1 : 0);
	}

	/** Money in 1/10,000 units: 2 decimals, or up to 4 when needed (as fmtMoney4); NaN: the Decimal text in alt[altIndex]. */
	private money(v4: number, altIndex: number): void {
		if (v4 !== v4) return this.putAscii(this.alt[altIndex]!);
		const neg = v4 < 0;
		const abs = neg ? -v4 : v4;
		const int = abs < 2147483648 ? (abs / 10000) | 0 : split4(abs)[0];
		const frac = abs - int * 10000;
		if (neg && abs !== 0) this.buf[this.pos++] = 45;
		this.uint(int);
		this.frac4(frac, frac % 100 === 0 ? 2 : frac % 10 === 0 ? 3 : 4);
	}

	/** Units in 1/10,000 units, with as few decimals as needed (as unitsText). */
	private units(q4: number): void {
		const int = q4 < 2147483648 ? (q4 / 10000) | 0 : split4(q4)[0];
		const frac = q4 - int * 10000;
		this.uint(int);
		if (frac !== 0) this.frac4(frac, frac % 10 !== 0 ? 4 : frac % 100 !== 0 ? 3 : frac % 1000 !== 0 ? 2 : 1);
	}

	private date(iso: string | undefined, field: string, line: number | undefined, fail: Fail): string {
		if (!iso) return fail(`the ${field} is missing`, line, field);
		const hit = this.dates.get(iso);
		if (hit !== undefined) return hit;
		let out: string;
		try {
			out = isoToLedesDate(iso);
		} catch {
			return fail(`"${iso}" is not a date in YYYY-MM-DD form`, line, field);
		}
		if (this.dates.size > 10_000) this.dates.clear();
		this.dates.set(iso, out);
		return out;
	}

	/** The required-when rule of the field table, for a field written empty. */
	private requireEmpty(i: number, li: number | undefined, kind: string, fail: Fail): void {
		const f = this.fields[i];
		const r = f.required;
		const hasTk = this.tkIdLen > 0 || this.tkNameLen > 0;
		if (r === 'always' || (r === 'notInvoiceAdjustment' && kind !== 'IF' && kind !== 'IE') || (r === 'fee' && kind === 'F') || (r === 'feeOrTimekeeper' && (kind === 'F' || hasTk)))
			fail(`the ${f.label} is required but empty (taken from ${CANONICAL_SOURCE[f.name] ?? 'a computed value'})`, li, f.name);
	}

	private tooLong(s: string, i: number, li: number | undefined, fail: Fail): never {
		return fail(`"${s.slice(0, 40)}" is ${s.length} characters long; LEDES allows ${this.maxLen[i]}`, li, this.fields[i].name);
	}
}

/** Four ASCII digits for each of 0–9999. */
const DIGITS = new Uint8Array(40000);
for (let i = 0; i < 10000; i++) {
	DIGITS[i * 4] = 48 + Math.floor(i / 1000);
	DIGITS[i * 4 + 1] = 48 + (Math.floor(i / 100) % 10);
	DIGITS[i * 4 + 2] = 48 + (Math.floor(i / 10) % 10);
	DIGITS[i * 4 + 3] = 48 + (i % 10);
}

/** Where the writer takes each required field from (for error messages). */
const CANONICAL_SOURCE: Record<string, string> = {
	INVOICE_NUMBER: 'invoice.number',
	CLIENT_ID: 'invoice.client.ledesClientId or invoice.client.id',
	LAW_FIRM_MATTER_ID: 'line.matter.number or line.matter.id',
	LAW_FIRM_ID: 'invoice.lawFirm.id',
	LINE_ITEM_NUMBER_OF_UNITS: 'line.quantity',
	LINE_ITEM_UNIT_COST: 'line.rate',
	TIMEKEEPER_ID: 'line.timekeeper.id',
	TIMEKEEPER_NAME: 'line.timekeeper.name, or lastName and firstName',
	TIMEKEEPER_CLASSIFICATION: 'line.timekeeper.classification',
	TIMEKEEPER_LAST_NAME: 'line.timekeeper.lastName, or name "Last, First"',
	TIMEKEEPER_FIRST_NAME: 'line.timekeeper.firstName, or name "Last, First"',
	CLIENT_TAX_ID: 'invoice.client.taxId',
	MATTER_NAME: 'line.matter.name',
	INVOICE_CURRENCY: 'invoice.currency',
};

const textCache = new Map<string, string>();
/** Neutralised text; short values (ids, codes, names) repeat a lot and are cached. */
function text(v: string | undefined | null): string {
	if (v === undefined || v === null) return '';
	const s = typeof v === 'string' ? v : String(v);
	if (s.length > 64) return neutraliseText(s);
	let out = textCache.get(s);
	if (out === undefined) {
		out = neutraliseText(s);
		if (textCache.size >= 50_000) textCache.clear();
		textCache.set(s, out);
	}
	return out;
}

function splitName(tk: BillingEntry['timekeeper']): [string | undefined, string | undefined] {
	if (!tk) return [undefined, undefined];
	if (tk.lastName || tk.firstName) return [tk.lastName, tk.firstName];
	const name = tk.name ?? '';
	const comma = name.indexOf(',');
	if (comma > 0) return [name.slice(0, comma).trim(), name.slice(comma + 1).trim()];
	const sp = name.trim().lastIndexOf(' ');
	if (sp > 0) return [name.slice(sp + 1), name.slice(0, sp)];
	return [name || undefined, undefined];
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
function amount(v: string | undefined, li: number, field: string, fail: (m: string, l?: number, f?: string) => never, optional: boolean): number {
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

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/** Integer part and 1/10,000 fraction of a non-negative safe integer in 1/10,000 units. */
function split4(abs: number): [number, number] {
	let int = Math.floor(abs / 10000);
	let frac = abs - int * 10000;
	if (frac < 0) {
		int -= 1;
		frac += 10000;
	} else if (frac >= 10000) {
		int += 1;
		frac -= 10000;
	}
	return [int, frac];
}

/** 1e-4 units → money text: 2 decimals, or up to 4 when needed. */
const fmtMoney4 = (v4: number): string => formatMoneyScaled(v4, 4);

const moneyText = (d: Decimal): string => formatMoney(d, 2, 4);

function rateText(rate: string, li: number, fail: (m: string, l?: number, f?: string) => never): string {
	const d = Decimal.tryFrom(rate);
	if (!d || d.isNegative() || d.gt(1) || d.significantScale() > 10)
		return fail(`tax rate "${rate}" must be a decimal from 0 to 1 (e.g. 0.2 for 20%) with at most 10 decimals`, li, 'LINE_ITEM_TAX_RATE');
	return d.toString();
}
