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
import { Decimal } from '../money/decimal';
import { LEDES_INDEX as F, LEDES_FIELDS, LEDES_HEADERS, ledesColumnLine, type LedesField, type LedesFormat, type LedesTextFormat } from './fields';
import { LedesWriteError } from './issues';
import { isoToLedesDate, scanAmount, scanned } from './numbers';
import { neutraliseText } from './text';
import { buildLedesXml } from './xml';

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
/** Legacy ↔ revised classification codes where the two lists clearly correspond. */
export const CLASSIFICATION_LEGACY_TO_REVISED: Readonly<Record<string, string>> = Object.freeze({
	PT: 'PARTNR',
	AS: 'ASSOC',
	OC: 'OFCOUN',
	PL: 'PARALG',
	LA: 'LGLAST',
});
const CLASSIFICATION_REVISED_TO_LEGACY: Record<string, string> = Object.fromEntries(
	Object.entries(CLASSIFICATION_LEGACY_TO_REVISED).map(([a, b]) => [b, a]),
);

/** Builds a whole LEDES file as one string. For very large output use LedesWriter with a sink. */
export function buildLedes(invoices: Iterable<Invoice>, options: LedesBuildOptions = {}): string {
	if (options.format === 'XML2.1') return buildLedesXml([...invoices], options);
	const parts: string[] = [];
	const w = new LedesWriter(options, (s) => parts.push(s));
	for (const inv of invoices) w.writeInvoice(inv);
	w.end();
	return parts.join('');
}

/** Streaming writer: header on creation, then one invoice at a time into `sink`. */
export class LedesWriter {
	readonly format: LedesTextFormat;
	private readonly eol: string;
	private readonly fields: readonly LedesField[];
	private readonly totalScale: number;
	private lineCount = 0;
	/** positions checked once per invoice / once per line (amounts are checked where they are formatted) */
	private readonly invoiceFields: number[];
	private readonly lineFields: number[];
	private readonly maxLen: number[];
	private readonly dates = new Map<string, string>();

	constructor(
		private readonly options: LedesBuildOptions,
		private readonly sink: (chunk: string) => void,
	) {
		const fmt = options.format ?? '1998B';
		if (fmt === 'XML2.1') throw new RangeError('LedesWriter writes 1998B and 98BI; use buildLedes for XML');
		this.format = fmt;
		this.eol = options.lineEnding ?? '\r\n';
		this.fields = LEDES_FIELDS[fmt];
		this.totalScale = options.totalDecimals ?? 2;
		if (!(this.totalScale >= 0 && this.totalScale <= 4)) throw new RangeError('totalDecimals must be 0 to 4');
		const computed = new Set<number>([F.INVOICE_TOTAL, F.INVOICE_TAX_TOTAL, F.INVOICE_NET_TOTAL, F.INVOICE_REPORTED_TAX_TOTAL]);
		const checked = this.fields.filter((f) => f.type !== 'amount' && f.type !== 'rate' && !computed.has(f.position - 1));
		this.invoiceFields = checked.filter((f) => f.level === 'invoice').map((f) => f.position - 1);
		this.lineFields = checked.filter((f) => f.level === 'line').map((f) => f.position - 1);
		// LAW_FIRM_ID on 98BI may hold up to three ids joined by "~": allow their joined length
		this.maxLen = this.fields.map((f) => (f.type === 'lawFirmId' ? (f.max ?? 20) * 3 + 2 : (f.max ?? Infinity)));
		sink(LEDES_HEADERS[fmt] + this.eol + ledesColumnLine(fmt) + this.eol);
	}

	get linesWritten(): number {
		return this.lineCount;
	}

	writeInvoice(inv: Invoice): void {
		const is98 = this.format === '98BI';
		const fail = (msg: string, line?: number, field?: string): never => {
			throw new LedesWriteError(
				`Invoice ${inv?.number ?? '(no number)'}${line !== undefined ? `, line ${line + 1}` : ''}${field ? `, ${field}` : ''}: ${msg}`,
				inv?.number,
				line,
				field,
			);
		};
		if (!inv || !Array.isArray(inv.lines)) fail('an invoice needs a "lines" array');
		if (inv.lines.length === 0) fail('the invoice has no lines; LEDES needs at least one line item');
		const n = this.fields.length;

		// Invoice-level fields: computed and checked once per invoice.
		const head = new Array<string>(n).fill('');
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
			head[F.INVOICE_CURRENCY] = text(inv.currency ?? inv.lines[0]?.currency);
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
		}
		if (is98) head[F.INVOICE_TAX_CURRENCY] = text(inv.taxCurrency ?? (inv.lines.some((l) => l?.tax) ? (inv.currency ?? inv.lines[0]?.currency) : undefined));
		for (const i of this.invoiceFields) this.check(head[i], i, undefined, 'F', false, fail);

		const rows: string[][] = [];
		let sum4 = 0;
		let tax4 = 0;
		let exact = true;
		let bigSum = Decimal.ZERO;
		let bigTax = Decimal.ZERO;
		const scale = this.totalScale;

		for (let li = 0; li < inv.lines.length; li++) {
			const e = inv.lines[li];
			const kind = KIND_CODE[e?.kind];
			if (!kind) fail(`kind "${e?.kind}" is not fee, expense, feeAdjustment or expenseAdjustment`, li, 'EXP/FEE/INV_ADJ_TYPE');
			const isAdj = kind === 'IF' || kind === 'IE';
			const q = amount(e.quantity, li, 'LINE_ITEM_NUMBER_OF_UNITS', fail, isAdj);
			const r = amount(e.rate, li, 'LINE_ITEM_UNIT_COST', fail, isAdj);
			const a = amount(e.adjustment, li, 'LINE_ITEM_ADJUSTMENT_AMOUNT', fail, true);
			const x = is98 ? amount(e.tax?.amount, li, 'LINE_ITEM_TAX_TOTAL', fail, true) : 0;
			if (q < 0 || (q !== q && dec(e.quantity).isNegative()))
				fail(`the quantity ${e.quantity} is negative; bill a reduction as a negative adjustment`, li, 'LINE_ITEM_NUMBER_OF_UNITS');

			// line total = q × r + a (+ tax), rounded to totalScale: integers while exact, Decimal beyond
			let totalText: string;
			const prod8 = q * r;
			const sum8 = prod8 + a * 10000 + x * 10000;
			if (q === q && r === r && a === a && x === x && Number.isSafeInteger(prod8) && Number.isSafeInteger(sum8)) {
				const t4 = round8to4(sum8, scale);
				if (t4 >= 1e14 || t4 <= -1e14) fail(`the line total is larger than LEDES allows (10 digits before the point)`, li, 'LINE_ITEM_TOTAL');
				totalText = fmtMoney4(t4);
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
				totalText = moneyText(d);
				if (exact) {
					exact = false;
					bigSum = from4(sum4);
					bigTax = from4(tax4);
				}
				bigSum = bigSum.add(d);
				bigTax = bigTax.add(tax);
			}

			const row = head.slice();
			const tk = e.timekeeper;
			row[F.LAW_FIRM_MATTER_ID] = text(e.matter?.number ?? e.matter?.id);
			row[F.LINE_ITEM_NUMBER] = String(li + 1);
			row[F.TYPE] = kind;
			row[F.UNITS] = isAdj && (q === 0 || e.quantity === undefined || e.quantity === '') ? '' : unitsText(e.quantity, q);
			row[F.ADJUSTMENT] = a === a ? fmtMoney4(a) : moneyText(dec(e.adjustment));
			row[F.LINE_TOTAL] = totalText;
			row[F.LINE_DATE] = this.date(e.date, 'LINE_ITEM_DATE', li, fail);
			row[F.TASK_CODE] = text(e.codes?.task);
			row[F.EXPENSE_CODE] = text(e.codes?.expense);
			row[F.ACTIVITY_CODE] = text(e.codes?.activity);
			row[F.TIMEKEEPER_ID] = text(tk?.id);
			row[F.LINE_DESCRIPTION] = text(e.narrative);
			row[F.UNIT_COST] = isAdj && (r === 0 || e.rate === undefined || e.rate === '') ? '' : r === r ? fmtMoney4(r) : moneyText(dec(e.rate));
			row[F.TIMEKEEPER_NAME] = tk ? text(tk.name ?? (tk.lastName && tk.firstName ? `${tk.lastName}, ${tk.firstName}` : tk.lastName)) : '';
			row[F.TIMEKEEPER_CLASSIFICATION] = tk ? text(this.classification(tk.classification)) : '';
			row[F.CLIENT_MATTER_ID] = text(e.matter?.clientMatterId);
			if (is98) {
				const [last, first] = splitName(tk);
				row[F.MATTER_NAME] = text(e.matter?.name);
				row[F.TIMEKEEPER_LAST_NAME] = text(last);
				row[F.TIMEKEEPER_FIRST_NAME] = text(first);
				row[F.TAX_RATE] = e.tax?.rate !== undefined && e.tax.rate !== '' ? rateText(e.tax.rate, li, fail) : '';
				row[F.TAX_TOTAL] = x === x ? fmtMoney4(x) : moneyText(dec(e.tax?.amount));
				row[F.TAX_TYPE] = text(e.tax?.type);
			}
			const hasTk = row[F.TIMEKEEPER_ID] !== '' || row[F.TIMEKEEPER_NAME] !== '';
			for (const i of this.lineFields) this.check(row[i], i, li, kind, hasTk, fail);
			rows.push(row);
		}

		// Invoice totals
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

		const tail = '[]' + this.eol;
		const lines = new Array<string>(rows.length);
		for (let r = 0; r < rows.length; r++) {
			const row = rows[r];
			row[F.INVOICE_TOTAL] = totalText;
			if (is98) {
				row[F.INVOICE_TAX_TOTAL] = taxText;
				row[F.INVOICE_NET_TOTAL] = netText;
				row[F.INVOICE_REPORTED_TAX_TOTAL] = taxText;
			}
			lines[r] = row.join('|');
		}
		this.lineCount += rows.length;
		this.sink(lines.join(tail) + tail);
	}

	end(): void {
		// nothing buffered: each invoice is written whole
	}

	private date(iso: string | undefined, field: string, line: number | undefined, fail: (m: string, l?: number, f?: string) => never): string {
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

	private classification(c: string | undefined): string | undefined {
		if (!c) return c;
		const mode = this.options.classifications ?? 'asIs';
		if (mode === 'revised') return CLASSIFICATION_LEGACY_TO_REVISED[c] ?? c;
		if (mode === 'legacy') return CLASSIFICATION_REVISED_TO_LEGACY[c] ?? c;
		return c;
	}

	/** Required-when and size rules of the field table, for one written value. Amounts are range-checked where they are formatted. */
	private check(s: string, i: number, li: number | undefined, kind: string, hasTk: boolean, fail: (m: string, l?: number, f?: string) => never): void {
		const f = this.fields[i];
		if (s === '') {
			const r = f.required;
			if (r === 'always' || (r === 'notInvoiceAdjustment' && kind !== 'IF' && kind !== 'IE') || (r === 'fee' && kind === 'F') || (r === 'feeOrTimekeeper' && (kind === 'F' || hasTk)))
				fail(`the ${f.label} is required but empty (taken from ${CANONICAL_SOURCE[f.name] ?? 'a computed value'})`, li, f.name);
			return;
		}
		const max = this.maxLen[i];
		if (s.length > max) fail(`"${s.slice(0, 40)}" is ${s.length} characters long; LEDES allows ${max}`, li, f.name);
	}
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
	const s = typeof v === 'number' ? String(v) : String(v).trim();
	const a = scanAmount(s);
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
function fmtMoney4(v4: number): string {
	const neg = v4 < 0;
	const abs = neg ? -v4 : v4;
	const [int, frac] = split4(abs);
	let s: string;
	if (frac % 100 === 0) {
		const c = frac / 100;
		s = int + (c < 10 ? '.0' : '.') + c;
	} else {
		let f = String(frac);
		f = '0000'.slice(f.length) + f;
		if (f.charCodeAt(3) === 48) f = f.slice(0, 3);
		s = int + '.' + f;
	}
	return neg && abs !== 0 ? '-' + s : s;
}

function moneyText(d: Decimal): string {
	const s = Math.min(4, Math.max(2, d.significantScale()));
	return d.toFixed(s);
}

function unitsText(raw: string, q4: number): string {
	if (q4 === q4) {
		const [int, frac] = split4(q4);
		if (frac === 0) return String(int);
		let f = String(frac);
		f = '0000'.slice(f.length) + f;
		let end = 4;
		while (f.charCodeAt(end - 1) === 48) end--;
		return int + '.' + f.slice(0, end);
	}
	return Decimal.from(raw).toString();
}

function rateText(rate: string, li: number, fail: (m: string, l?: number, f?: string) => never): string {
	const d = Decimal.tryFrom(rate);
	if (!d || d.isNegative() || d.gt(1) || d.significantScale() > 10)
		return fail(`tax rate "${rate}" must be a decimal from 0 to 1 (e.g. 0.2 for 20%) with at most 10 decimals`, li, 'LINE_ITEM_TAX_RATE');
	return d.toString();
}
