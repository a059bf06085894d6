/**
 * Reading LEDES: the streaming API (async generator over chunks, or the push parser directly) and
 * `parseLedes(text)` which returns canonical invoices. Text formats (1998B, 98BI V2/V5) go through
 * the LedesStreamReader; XML is detected by its first character and read by ./xml.
 */
import type { BillingEntry, EntryKind } from '../model';
import { Decimal } from '../money/decimal';
import { LedesDecoder } from './decode';
import { LEDES_LIMITS, LedesStreamReader, type LedesInvoiceSummary, type LedesRecord, type LedesStreamSummary, type LedesValidateOptions } from './stream-reader';
import { LEDES_INDEX as F, type LedesFormat } from './fields';
import type { LedesIssue } from './issues';
import { computeLedesTotals, sortLedesIssues } from './totals';
export { computeLedesTotals, sortLedesIssues } from './totals';
import { isLedesDate, ledesToIsoDate } from './scan';
import type { LedesParseResult, ParsedInvoice } from './types';
export type { LedesParseResult, ParsedInvoice } from './types';
import { parseLedesXml } from './xml-read';

export type LedesEvent =
	| { type: 'record'; record: LedesRecord }
	| { type: 'issue'; issue: LedesIssue }
	| { type: 'invoice'; invoice: LedesInvoiceSummary }
	| { type: 'end'; summary: LedesStreamSummary };

export type LedesChunkSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * Streams a LEDES 1998B/98BI file: yields the events of each chunk as soon as it is read, so only
 * the current chunk and one partial line are held. Use with fs.createReadStream(path) or any
 * async iterable of strings/bytes (bytes are decoded by LedesDecoder: UTF-8, Latin-1 from the first
 * byte that is not UTF-8; chunk boundaries may split characters).
 */
export async function* readLedesStream(
	source: LedesChunkSource,
	options: LedesValidateOptions & { records?: boolean } = {},
): AsyncGenerator<LedesEvent, LedesStreamSummary> {
	let summary: LedesStreamSummary | undefined;
	for await (const batch of readLedesStreamBatches(source, options)) {
		for (const e of batch) {
			if (e.type === 'end') summary = e.summary;
			yield e;
		}
	}
	return summary!;
}

/**
 * The same events as readLedesStream, one array per chunk read: far fewer awaits for large files
 * (the last batch ends with the 'end' event).
 */
export async function* readLedesStreamBatches(
	source: LedesChunkSource,
	options: LedesValidateOptions & { records?: boolean } = {},
): AsyncGenerator<LedesEvent[], LedesStreamSummary> {
	let queue: LedesEvent[] = [];
	const wantRecords = options.records !== false;
	const engine = new LedesStreamReader(options, {
		onRecord: wantRecords ? (record) => queue.push({ type: 'record', record }) : undefined,
		onIssue: (issue) => queue.push({ type: 'issue', issue }),
		onInvoice: (invoice) => queue.push({ type: 'invoice', invoice }),
	});
	const decoder = new LedesDecoder();
	for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
		engine.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
		if (queue.length) {
			const out = queue;
			queue = [];
			yield out;
		}
	}
	const tail = decoder.end();
	if (tail) engine.push(tail);
	const summary = engine.end();
	queue.push({ type: 'end', summary });
	yield queue;
	return summary;
}

/** Validates a whole stream without keeping records: returns the summary and the collected issues. */
export async function validateLedesStream(
	source: LedesChunkSource,
	options: LedesValidateOptions = {},
): Promise<{ summary: LedesStreamSummary; errors: LedesIssue[]; warnings: LedesIssue[] }> {
	const errors: LedesIssue[] = [];
	const warnings: LedesIssue[] = [];
	const engine = new LedesStreamReader(options, { onIssue: (i) => (i.severity === 'error' ? errors : warnings).push(i) });
	const decoder = new LedesDecoder();
	for await (const chunk of source as AsyncIterable<string | Uint8Array>) engine.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
	const tail = decoder.end();
	if (tail) engine.push(tail);
	return { summary: engine.end(), errors: sortLedesIssues(errors), warnings: sortLedesIssues(warnings) };
}

/** Parses and validates a whole LEDES file held in memory (text or XML). */
export function parseLedes(text: string, options: LedesValidateOptions = {}): LedesParseResult {
	const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (/^\s*</.test(t)) return parseLedesXml(t, options);
	const errors: LedesIssue[] = [];
	const warnings: LedesIssue[] = [];
	const builder = new InvoiceAssembler();
	let format: LedesFormat | undefined;
	const maxItems = options.maxLineItems ?? LEDES_LIMITS.maxLineItems;
	let built = 0;
	let firstSkipped = 0;
	let skipped = 0;
	const engine = new LedesStreamReader(options, {
		onIssue: (i) => (i.severity === 'error' ? errors : warnings).push(i),
		onRecord: (r) => {
			if (built < maxItems) {
				built++;
				builder.add(r, format === '98BI');
			} else {
				skipped++;
				firstSkipped ||= r.line;
			}
		},
		onInvoice: (s) => builder.close(s),
	});
	// The format is known after line 1; push the first line alone so records see it (its end may be
	// LF, CRLF or, in old Mac files, CR alone).
	const eol = /\r\n?|\n/.exec(t);
	const cut = eol ? eol.index + eol[0].length : t.length;
	engine.push(t.slice(0, cut));
	format = engine.summary().format;
	if (cut < t.length) engine.push(t.slice(cut));
	const summary = engine.end();
	if (skipped)
		errors.push({
			line: firstSkipped,
			code: 'TOO_MANY_LINE_ITEMS',
			severity: 'error',
			message: `Line ${firstSkipped}: the file has more than ${maxItems.toLocaleString('en-US')} line items (the maxLineItems limit); the ${skipped.toLocaleString('en-US')} from this line on were validated but not turned into entries.`,
		});
	return {
		format: summary.format,
		header: summary.header,
		invoices: builder.invoices(),
		errors: sortLedesIssues(errors),
		warnings: sortLedesIssues(warnings),
		errorCount: summary.errorCount + (skipped ? 1 : 0),
		valid: summary.errorCount === 0 && skipped === 0,
	};
}

/** Validation only: the same checks as parseLedes, without building invoices. */
export function validateLedes(text: string, options: LedesValidateOptions = {}): { format: LedesFormat | undefined; errors: LedesIssue[]; warnings: LedesIssue[]; valid: boolean; summary?: LedesStreamSummary } {
	const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (/^\s*</.test(t)) {
		const r = parseLedesXml(t, options);
		return { format: r.format, errors: r.errors, warnings: r.warnings, valid: r.valid };
	}
	const errors: LedesIssue[] = [];
	const warnings: LedesIssue[] = [];
	const engine = new LedesStreamReader(options, { onIssue: (i) => (i.severity === 'error' ? errors : warnings).push(i) });
	engine.push(t);
	const summary = engine.end();
	return { format: summary.format, errors: sortLedesIssues(errors), warnings: sortLedesIssues(warnings), valid: summary.valid, summary };
}


const KIND: Record<string, EntryKind> = { F: 'fee', E: 'expense', IF: 'feeAdjustment', IE: 'expenseAdjustment' };

function num(s: string, empty = '0'): string {
	if (s === '') return empty;
	const d = Decimal.tryFrom(s);
	return d ? d.toString() : s;
}

function date(s: string): string {
	return isLedesDate(s) ? ledesToIsoDate(s) : s;
}

function opt(target: Record<string, unknown>, key: string, value: string): void {
	if (value !== '') target[key] = value;
}

/** 98BI client and law-firm fields → the canonical invoice's client and lawFirm. */
const CLIENT_98BI: ReadonlyArray<[string, number]> = [
	['taxId', F.CLIENT_TAX_ID], ['name', F.CLIENT_NAME], ['address1', F.CLIENT_ADDRESS_1], ['address2', F.CLIENT_ADDRESS_2],
	['city', F.CLIENT_CITY], ['stateOrRegion', F.CLIENT_STATE], ['postcode', F.CLIENT_POSTCODE], ['country', F.CLIENT_COUNTRY],
];
const LAW_FIRM_98BI: ReadonlyArray<[string, number]> = [
	['name', F.LAW_FIRM_NAME], ['address1', F.LAW_FIRM_ADDRESS_1], ['address2', F.LAW_FIRM_ADDRESS_2], ['city', F.LAW_FIRM_CITY],
	['stateOrRegion', F.LAW_FIRM_STATE], ['postcode', F.LAW_FIRM_POSTCODE], ['country', F.LAW_FIRM_COUNTRY],
];

/** Canonical entry from one 1998B/98BI record. */
export function recordToEntry(r: LedesRecord, is98: boolean): BillingEntry {
	const v = r.fields;
	const g = (i: number) => v[i] ?? '';
	const invoice = g(F.INVOICE_NUMBER);
	const lineNo = g(F.LINE_ITEM_NUMBER);
	const entry: BillingEntry = {
		id: `ledes:${invoice}:${lineNo || r.line}`,
		source: { system: 'ledes', id: `${invoice}:${lineNo}`, type: 'lineItem' },
		kind: KIND[g(F.TYPE)] ?? 'fee',
		date: date(g(F.LINE_DATE)),
		quantity: num(g(F.UNITS)),
		rate: num(g(F.UNIT_COST)),
		adjustment: num(g(F.ADJUSTMENT)),
		total: num(g(F.LINE_TOTAL)),
	};
	const tk: Record<string, string> = {};
	opt(tk, 'id', g(F.TIMEKEEPER_ID));
	opt(tk, 'name', g(F.TIMEKEEPER_NAME));
	opt(tk, 'classification', g(F.TIMEKEEPER_CLASSIFICATION));
	if (is98) {
		opt(tk, 'lastName', g(F.TIMEKEEPER_LAST_NAME));
		opt(tk, 'firstName', g(F.TIMEKEEPER_FIRST_NAME));
	}
	if (Object.keys(tk).length) entry.timekeeper = { id: tk.id ?? '', ...tk };
	entry.client = { id: g(F.CLIENT_ID), ledesClientId: g(F.CLIENT_ID) };
	const matter: Record<string, string> = { id: g(F.LAW_FIRM_MATTER_ID), number: g(F.LAW_FIRM_MATTER_ID) };
	opt(matter, 'clientMatterId', g(F.CLIENT_MATTER_ID));
	if (is98) opt(matter, 'name', g(F.MATTER_NAME));
	entry.matter = matter as unknown as BillingEntry['matter'];
	const codes: Record<string, string> = {};
	opt(codes, 'task', g(F.TASK_CODE));
	opt(codes, 'activity', g(F.ACTIVITY_CODE));
	opt(codes, 'expense', g(F.EXPENSE_CODE));
	if (Object.keys(codes).length) entry.codes = codes;
	if (g(F.LINE_DESCRIPTION) !== '') entry.narrative = g(F.LINE_DESCRIPTION);
	if (is98) {
		opt(entry as unknown as Record<string, unknown>, 'currency', g(F.INVOICE_CURRENCY));
		const taxAmount = g(F.TAX_TOTAL);
		const taxRate = g(F.TAX_RATE);
		if ((taxAmount !== '' && !Decimal.tryFrom(taxAmount)?.isZero()) || (taxRate !== '' && !Decimal.tryFrom(taxRate)?.isZero()) || g(F.TAX_TYPE) !== '') {
			entry.tax = { rate: num(taxRate), amount: num(taxAmount) };
			if (g(F.TAX_TYPE) !== '') entry.tax.type = g(F.TAX_TYPE);
		}
	}
	entry.extra = { lineItemNumber: lineNo, fileLine: r.line };
	return entry;
}

/** Builds canonical invoices from records; several matters per invoice are kept per line. */
class InvoiceAssembler {
	private list: ParsedInvoice[] = [];
	private byNumber = new Map<string, ParsedInvoice>();

	add(r: LedesRecord, is98: boolean): void {
		const v = r.fields;
		const g = (i: number) => v[i] ?? '';
		const number = g(F.INVOICE_NUMBER);
		let inv = this.byNumber.get(number);
		if (!inv) {
			inv = {
				number,
				date: date(g(F.INVOICE_DATE)),
				periodStart: date(g(F.BILLING_START_DATE)),
				periodEnd: date(g(F.BILLING_END_DATE)),
				client: { id: g(F.CLIENT_ID), ledesClientId: g(F.CLIENT_ID) },
				lawFirm: { id: g(F.LAW_FIRM_ID) },
				lines: [],
				statedTotal: num(g(F.INVOICE_TOTAL), ''),
				total: '0',
				totals: { fees: '0', expenses: '0', adjustments: '0', tax: '0', total: '0', net: '0' },
				firstLine: r.line,
				lastLine: r.line,
				matters: [],
				errorCount: 0,
			};
			if (g(F.INVOICE_DESCRIPTION) !== '') inv.description = g(F.INVOICE_DESCRIPTION);
			if (is98) {
				for (const [key, field] of CLIENT_98BI) opt(inv.client as unknown as Record<string, unknown>, key, g(field));
				for (const [key, field] of LAW_FIRM_98BI) opt(inv.lawFirm as unknown as Record<string, unknown>, key, g(field));
				const iv = inv as unknown as Record<string, unknown>;
				opt(iv, 'poNumber', g(F.PO_NUMBER));
				opt(iv, 'currency', g(F.INVOICE_CURRENCY));
				opt(iv, 'taxCurrency', g(F.INVOICE_TAX_CURRENCY));
				const at = g(F.ACCOUNT_TYPE);
				if (at === 'O' || at === 'T') inv.accountType = at;
			}
			this.byNumber.set(number, inv);
			this.list.push(inv);
		}
		inv.lastLine = r.line;
		const entry = recordToEntry(r, is98);
		if (entry.matter?.number && !inv.matters.includes(entry.matter.number)) inv.matters.push(entry.matter.number);
		inv.lines.push(entry);
	}

	close(s: LedesInvoiceSummary): void {
		const inv = this.byNumber.get(s.number);
		if (inv) inv.errorCount += s.errorCount;
	}

	invoices(): ParsedInvoice[] {
		for (const inv of this.list) {
			inv.totals = computeLedesTotals(inv.lines);
			inv.total = inv.totals.total;
		}
		return this.list;
	}
}

