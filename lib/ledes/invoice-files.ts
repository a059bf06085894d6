/**
 * From canonical entries to LEDES files: group entries into invoices, make each invoice's header
 * (with the defaults the entries give), write one file per invoice or one for the run, and return
 * each file's text, its invoices' totals and its validation, with every writer error attributed to
 * its invoice, line and LEDES field. The LEDES node's Build operation only reads parameters and
 * maps these results to items.
 */
import type { BillingEntry, Invoice } from '../model';
import { EntryFieldError, readIsoDate, textOf } from '../model/entry';
import { Decimal } from '../money/decimal';
import type { LedesFormat } from './fields';
import { LedesWriteError, type LedesIssue } from './issues';
import { validateLedes } from './parse';
import { buildLedes, type LedesBuildOptions } from './write';

/** Fields entries are grouped into invoices by. */
export type InvoiceGroupField = 'invoiceNumber' | 'client' | 'matter' | 'currency';

export interface InvoiceLineInput<S> {
	entry: BillingEntry;
	/** where the entry came from (e.g. an item index); returned with its invoice */
	source: S;
	/** the invoice number this entry asks for (grouping by invoiceNumber) */
	invoiceNumber?: string;
}

export interface InvoiceGroup<S> {
	key: string;
	entries: BillingEntry[];
	sources: S[];
	/** the first entry's invoice number */
	invoiceNumber?: string;
}

/** The grouping key of one entry: the values of the `by` fields. */
export function invoiceGroupKey(entry: BillingEntry, by: readonly InvoiceGroupField[], invoiceNumber = ''): string {
	return (by.length ? by : (['invoiceNumber'] as const))
		.map((k) => {
			if (k === 'invoiceNumber') return invoiceNumber;
			if (k === 'client') return entry.client?.ledesClientId ?? entry.client?.id ?? '';
			if (k === 'matter') return entry.matter?.number ?? entry.matter?.id ?? '';
			if (k === 'currency') return entry.currency ?? '';
			return '';
		})
		.join('\u0001');
}

/** Entries with the same values of the `by` fields form one invoice; invoices in order of first appearance. */
export function groupIntoInvoices<S>(lines: Iterable<InvoiceLineInput<S>>, by: readonly InvoiceGroupField[]): InvoiceGroup<S>[] {
	const groups = new Map<string, InvoiceGroup<S>>();
	for (const l of lines) {
		const key = invoiceGroupKey(l.entry, by, l.invoiceNumber ?? '');
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { key, entries: [], sources: [], invoiceNumber: l.invoiceNumber }));
		g.entries.push(l.entry);
		g.sources.push(l.source);
	}
	return [...groups.values()];
}

/** The invoice-level values a caller gives; anything else comes from the entries. */
export interface InvoiceHeaderInput {
	number?: unknown;
	date?: unknown;
	lawFirmId?: unknown;
	/** default: the earliest line date */
	periodStart?: unknown;
	/** default: the latest line date */
	periodEnd?: unknown;
	/** default: the first entry's client.ledesClientId, else client.id */
	clientId?: unknown;
	clientName?: unknown;
	clientTaxId?: unknown;
	clientCountry?: unknown;
	lawFirmName?: unknown;
	lawFirmCountry?: unknown;
	description?: unknown;
	/** default: the first entry's currency */
	currency?: unknown;
	poNumber?: unknown;
	taxCurrency?: unknown;
	accountType?: unknown;
}

/** The invoice of a group of entries. Throws EntryFieldError naming the header field (number, date, lawFirmId, clientId, periodStart, periodEnd). */
export function invoiceFromEntries(entries: BillingEntry[], h: InvoiceHeaderInput): Invoice {
	const number = textOf(h.number);
	if (!number) throw new EntryFieldError('number', 'the invoice number is empty');
	const lawFirmId = textOf(h.lawFirmId);
	if (!lawFirmId) throw new EntryFieldError('lawFirmId', 'the law firm ID is empty');
	const dates = entries.map((e) => e.date).sort();
	const first = entries[0];
	const clientId = textOf(h.clientId) ?? first?.client?.ledesClientId ?? first?.client?.id;
	if (!clientId) throw new EntryFieldError('clientId', 'no client ID: set Invoice Details › Client ID, or give the entries client.ledesClientId / client.id');
	const opt = (key: string, v: unknown) => (textOf(v) ? { [key]: textOf(v) } : {});
	const invoice: Invoice = {
		number,
		date: readIsoDate(h.date, 'date')!,
		periodStart: readIsoDate(h.periodStart, 'periodStart', true) ?? dates[0],
		periodEnd: readIsoDate(h.periodEnd, 'periodEnd', true) ?? dates[dates.length - 1],
		client: { ...(first?.client ?? {}), id: clientId, ledesClientId: clientId, ...opt('name', h.clientName), ...opt('taxId', h.clientTaxId), ...opt('country', h.clientCountry) },
		lawFirm: { id: lawFirmId, ...opt('name', h.lawFirmName), ...opt('country', h.lawFirmCountry) },
		lines: entries,
	};
	if (textOf(h.description)) invoice.description = textOf(h.description);
	const currency = textOf(h.currency) ?? first?.currency;
	if (currency) invoice.currency = currency;
	if (textOf(h.poNumber)) invoice.poNumber = textOf(h.poNumber);
	if (textOf(h.taxCurrency)) invoice.taxCurrency = textOf(h.taxCurrency);
	if (h.accountType === 'O' || h.accountType === 'T') invoice.accountType = h.accountType;
	return invoice;
}

/**
 * The invoice total the writer puts in the file: Σ of line totals, each quantity × rate +
 * adjustment (+ tax on 98BI and XML) rounded half away from zero to `totalDecimals`. Computed, exact.
 */
export function writtenInvoiceTotal(invoice: Invoice, format: LedesFormat = '1998B', totalDecimals = 2): string {
	const withTax = format === '98BI' || format === 'XML2.1';
	let sum = Decimal.ZERO;
	for (const e of invoice.lines) {
		const tax = withTax ? (Decimal.tryFrom(e.tax?.amount) ?? Decimal.ZERO) : Decimal.ZERO;
		sum = sum.add(Decimal.from(e.quantity || '0').mul(e.rate || '0').add(e.adjustment || '0').add(tax).round(totalDecimals));
	}
	return sum.toString();
}

export interface InvoiceFilesOptions extends LedesBuildOptions {
	/** one file per invoice (default) or one file for all invoices */
	files?: 'perInvoice' | 'perRun';
}

export interface InvoiceFileInvoice {
	/** index of the invoice in the input */
	index: number;
	number: string;
	client: string;
	periodStart: string;
	periodEnd: string;
	matters: string[];
	lineCount: number;
	/** computed (writtenInvoiceTotal) */
	total: string;
}

export interface InvoiceFile {
	text: string;
	format: LedesFormat;
	invoices: InvoiceFileInvoice[];
	lineCount: number;
	/** the file read back by the validator */
	valid: boolean;
	errors: LedesIssue[];
	warnings: LedesIssue[];
}

/** An invoice the writer refused: which invoice, and where the writer says (its line index and LEDES field). */
export interface InvoiceFileFailure {
	index: number;
	invoiceNumber: string;
	/** index of the offending entry in the invoice's lines, when the writer names one */
	line?: number;
	/** LEDES field name, when the writer names one */
	field?: string;
	error: Error;
}

/**
 * Writes the invoices as LEDES files. Each invoice is first written alone, so one bad invoice fails
 * alone (a failure naming its line and field) and the others are still written; with `files:
 * 'perRun'` the written invoices share one pair of header lines (XML: one document).
 */
export function buildInvoiceFiles(invoices: readonly Invoice[], options: InvoiceFilesOptions = {}): { files: InvoiceFile[]; failures: InvoiceFileFailure[] } {
	const format = options.format ?? '1998B';
	const build: LedesBuildOptions = { ...options, format };
	delete (build as InvoiceFilesOptions).files;
	const failures: InvoiceFileFailure[] = [];
	const written: Array<{ index: number; invoice: Invoice; text: string }> = [];
	invoices.forEach((invoice, index) => {
		try {
			written.push({ index, invoice, text: buildLedes([invoice], build) });
		} catch (error) {
			const e = error instanceof Error ? error : new Error(String(error));
			const w = e instanceof LedesWriteError ? e : undefined;
			failures.push({ index, invoiceNumber: invoice.number, ...(w?.lineIndex !== undefined ? { line: w.lineIndex } : {}), ...(w?.fieldName ? { field: w.fieldName } : {}), error: e });
		}
	});
	const file = (text: string, list: typeof written): InvoiceFile => {
		const check = validateLedes(text);
		return {
			text,
			format,
			invoices: list.map(({ index, invoice }) => ({
				index,
				number: invoice.number,
				client: invoice.client.id,
				periodStart: invoice.periodStart,
				periodEnd: invoice.periodEnd,
				matters: [...new Set(invoice.lines.map((e) => (e.matter?.number ?? e.matter?.id) as string))],
				lineCount: invoice.lines.length,
				total: writtenInvoiceTotal(invoice, format, options.totalDecimals ?? 2),
			})),
			lineCount: list.reduce((n, w) => n + w.invoice.lines.length, 0),
			valid: check.valid,
			errors: check.errors,
			warnings: check.warnings,
		};
	};
	if (options.files !== 'perRun') return { files: written.map((w) => file(w.text, [w])), failures };
	if (!written.length) return { files: [], failures };
	let text: string;
	if (format === 'XML2.1') text = buildLedes(written.map((w) => w.invoice), build);
	else {
		// the invoices as written, under the first file's two header lines
		const eol = options.lineEnding ?? '\r\n';
		const bodyStart = (t: string) => t.indexOf(eol, t.indexOf(eol) + eol.length) + eol.length;
		text = written.map((w, k) => (k === 0 ? w.text : w.text.slice(bodyStart(w.text)))).join('');
	}
	return { files: [file(text, written)], failures };
}
