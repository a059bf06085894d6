/**
 * Writing LEDES 1998B / 98BI from canonical invoices. Totals are computed exactly (integers in
 * 1/10,000 units while they fit a double exactly, Decimal beyond: ./write-amounts), text fields are
 * neutralised so a narrative can never break the file (./write-output), numbers are written canonically:
 * money (totals, adjustments, unit cost, taxes) with 2 decimals, or up to 4 when needed;
 * units with as few decimals as needed (max 4); tax rates as given (max 10 decimals).
 * Every value is checked against the format's field table (required-when, size) and a bad one
 * throws a LedesWriteError naming the invoice, the line and the field.
 */
import type { BillingEntry, Invoice } from '../model';
import { CLASSIFICATION_LEGACY_TO_REVISED, CLASSIFICATION_REVISED_TO_LEGACY } from '../model/classification';
import { LEDES_INDEX as F, LEDES_FIELDS, LEDES_HEADERS, ledesColumnLine, type LedesField, type LedesFormat, type LedesTextFormat } from './fields';
import { LedesWriteError } from './issues';
import { isoToLedesDate } from './scan';
import { InvoiceAmounts, rateText, type Fail } from './write-amounts';
import { LedesByteOutput } from './write-output';
import { CANONICAL_SOURCE, invoiceFieldValues, splitName, timekeeperName } from './write-values';
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
	/** the bytes of the invoice being written */
	private readonly out = new LedesByteOutput();
	private readonly emit: (from: number, to: number) => void;
	/** pass 1: the amounts of the invoice being written */
	private readonly amounts = new InvoiceAmounts();
	// lengths written on the current line (for the feeOrTimekeeper rule)
	private tkIdLen = 0;
	private tkNameLen = 0;

	constructor(
		options: LedesBuildOptions,
		sink: LedesSink | LedesByteSink,
	) {
		const out = this.out;
		this.emit = typeof sink === 'function' ? (from, to) => sink(out.slice(from, to)) : (from, to) => sink.bytes(out.buf.subarray(from, to));
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
		out.write(LEDES_HEADERS[fmt] + this.eol + ledesColumnLine(fmt) + this.eol);
		this.emit(0, out.pos);
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
		const head = invoiceFieldValues(inv, this.fields.length, is98, (iso, field) => this.date(iso, field, undefined, fail));
		for (const i of this.invoiceFields) {
			const s = head[i];
			if (s === '') this.requireEmpty(i, undefined, 'F', fail);
			else if (s.length > this.maxLen[i]) this.tooLong(s, i, undefined, fail);
		}

		// Pass 1: amounts, line totals and the invoice totals.
		const totals = this.amounts.read(lines, is98, this.totalScale, fail);
		const totalText = totals.total;
		const intDigits = totalText.length - (totalText.charCodeAt(0) === 45 ? 1 : 0) - (totalText.length - totalText.indexOf('.'));
		if (intDigits > 12) fail(`the invoice total ${totalText} is larger than LEDES allows (12 digits before the point)`, undefined, 'INVOICE_TOTAL');
		head[F.INVOICE_TOTAL] = totalText;
		if (is98) {
			head[F.INVOICE_TAX_TOTAL] = totals.tax;
			head[F.INVOICE_NET_TOTAL] = totals.net;
			head[F.INVOICE_REPORTED_TAX_TOTAL] = totals.tax;
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
		const out = this.out;
		const kinds = this.amounts.kinds;
		out.pos = 0;
		for (let li = 0; li < count; li++) {
			out.room(reserve);
			this.line(lines[li], li, kinds[li], constBytes, is98, fail);
		}
		this.lineCount += count;
		this.emit(0, out.pos);
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
		const o = this.out;
		const am = this.amounts;
		const tk = e.timekeeper;
		const isAdj = kind === 'IF' || kind === 'IE';
		let start: number;
		o.run(runs[0]);
		start = o.pos;
		o.putText(e.matter?.number ?? e.matter?.id);
		this.check(F.LAW_FIRM_MATTER_ID, start, li, kind, fail);
		o.run(runs[1]);
		o.uint(li + 1);
		o.run(runs[2]);
		o.putAscii(kind);
		o.run(runs[3]);
		const q = am.q4[li];
		if (!(isAdj && (q === 0 || e.quantity === undefined || e.quantity === ''))) {
			if (q !== q) o.putAscii(am.alt[li * 5]!);
			else o.units(q);
		}
		o.run(runs[4]);
		this.money(am.a4[li], li * 5 + 2);
		o.run(runs[5]);
		this.money(am.t4[li], li * 5 + 4);
		o.run(runs[6]);
		o.putAscii(this.date(e.date, 'LINE_ITEM_DATE', li, fail));
		o.run(runs[7]);
		const codes = e.codes;
		start = o.pos;
		o.putText(codes?.task);
		this.check(F.TASK_CODE, start, li, kind, fail);
		o.run(runs[8]);
		start = o.pos;
		o.putText(codes?.expense);
		this.check(F.EXPENSE_CODE, start, li, kind, fail);
		o.run(runs[9]);
		start = o.pos;
		o.putText(codes?.activity);
		this.check(F.ACTIVITY_CODE, start, li, kind, fail);
		o.run(runs[10]);
		start = o.pos;
		o.putText(tk?.id);
		this.tkIdLen = o.pos - start;
		this.tkNameLen = 0;
		this.check(F.TIMEKEEPER_ID, start, li, kind, fail);
		o.run(runs[11]);
		start = o.pos;
		o.putText(e.narrative);
		this.check(F.LINE_DESCRIPTION, start, li, kind, fail);
		o.run(runs[12]);
		const r = am.r4[li];
		if (!(isAdj && (r === 0 || e.rate === undefined || e.rate === ''))) this.money(r, li * 5 + 1);
		o.run(runs[13]);
		start = o.pos;
		if (tk) o.putText(timekeeperName(tk));
		this.tkNameLen = o.pos - start;
		this.check(F.TIMEKEEPER_NAME, start, li, kind, fail);
		o.run(runs[14]);
		start = o.pos;
		const cl = tk?.classification;
		o.putText(cl && this.classMap ? (this.classMap[cl] ?? cl) : cl);
		this.check(F.TIMEKEEPER_CLASSIFICATION, start, li, kind, fail);
		o.run(runs[15]);
		start = o.pos;
		o.putText(e.matter?.clientMatterId);
		this.check(F.CLIENT_MATTER_ID, start, li, kind, fail);
		if (is98) {
			const [last, first] = splitName(tk);
			o.run(runs[16]);
			start = o.pos;
			o.putText(e.matter?.name);
			this.check(F.MATTER_NAME, start, li, kind, fail);
			o.run(runs[17]);
			start = o.pos;
			o.putText(last);
			this.check(F.TIMEKEEPER_LAST_NAME, start, li, kind, fail);
			o.run(runs[18]);
			start = o.pos;
			o.putText(first);
			this.check(F.TIMEKEEPER_FIRST_NAME, start, li, kind, fail);
			o.run(runs[19]);
			const tax = e.tax;
			if (tax?.rate !== undefined && tax.rate !== '') o.putAscii(rateText(tax.rate, li, fail));
			o.run(runs[20]);
			this.money(am.x4[li], li * 5 + 3);
			o.run(runs[21]);
			start = o.pos;
			o.putText(tax?.type);
			this.check(F.TAX_TYPE, start, li, kind, fail);
		}
		o.run(runs[is98 ? 22 : 16]);
	}

	/** Money in 1/10,000 units; NaN: the Decimal text of pass 1 (amounts.alt[altIndex]). */
	private money(v4: number, altIndex: number): void {
		if (v4 !== v4) this.out.putAscii(this.amounts.alt[altIndex]!);
		else this.out.money(v4);
	}

	/** Required-when and size rules of the field table for the text written since `start`. */
	private check(p: number, start: number, li: number, kind: string, fail: Fail): void {
		const len = this.out.pos - start;
		if (len === 0) this.requireEmpty(p, li, kind, fail);
		else if (len > this.maxLen[p]) this.tooLong(this.out.slice(start, this.out.pos), p, li, fail);
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
