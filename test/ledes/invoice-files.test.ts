/**
 * Issue 17: the invoice-files API (lib/ledes/invoice-files.ts) and the canonical-entry reader
 * (lib/model/entry.ts) the LEDES node's Build operation is now a thin shell over. Every file is
 * judged by reading it back with the parser.
 */
import type { BillingEntry } from '../../lib/model';
import {
	buildInvoiceFiles,
	groupIntoInvoices,
	invoiceFromEntries,
	invoiceGroupKey,
	LedesWriteError,
	parseLedes,
	writtenInvoiceTotal,
} from '../../lib/ledes';
import { ENTRY_KIND_ALIASES, EntryFieldError, entryKindOf, readCanonicalEntry, readDecimal, readIsoDate, textOf } from '../../lib/model/entry';
import { normalizeEntryKind } from '../../lib/utbms';

const entry = (over: Partial<BillingEntry> = {}): BillingEntry => ({
	id: 'e',
	source: { system: 't', id: 'e' },
	kind: 'fee',
	date: '2026-02-10',
	quantity: '0.30',
	rate: '333.335',
	adjustment: '-5',
	timekeeper: { id: 'T1', name: 'Doe, Jane', classification: 'PARTNR' },
	client: { id: 'C1' },
	matter: { id: 'M', number: 'M-1' },
	...over,
});

const fieldError = (f: () => unknown) => {
	try {
		f();
	} catch (e) {
		return e instanceof EntryFieldError ? [e.field, e.message] : ['not an EntryFieldError', String(e)];
	}
	return undefined;
};

describe('canonical-entry reader (lib/model/entry)', () => {
	it('one table of kind aliases: canonical names, LEDES codes, vendor words; UTBMS reads the same table', () => {
		expect(['fee', 'F', ' time ', 'TimeEntry', 'e', 'disbursement', 'IF', 'feeAdjustment', 'ie'].map(entryKindOf)).toEqual([
			'fee', 'fee', 'fee', 'fee', 'expense', 'expense', 'feeAdjustment', 'feeAdjustment', 'expenseAdjustment',
		]);
		expect([entryKindOf('x'), entryKindOf(1), entryKindOf(undefined)]).toEqual([undefined, undefined, undefined]);
		for (const alias of Object.keys(ENTRY_KIND_ALIASES)) expect(normalizeEntryKind(alias)).toBe(({ fee: 'fee', expense: 'expense' } as Record<string, string>)[ENTRY_KIND_ALIASES[alias]] ?? 'adjustment');
		expect([normalizeEntryKind('adjustment'), normalizeEntryKind('bogus')]).toEqual(['adjustment', undefined]);
	});

	it('reads a canonical entry: kind written back canonical, date part of a date-time, adjustments without quantity and rate', () => {
		const e = readCanonicalEntry({ ...entry(), kind: 'F', date: '2026-02-10T09:00:00-05:00', adjustment: undefined });
		expect([e.kind, e.date, e.quantity, e.rate, e.adjustment, e.narrative]).toEqual(['fee', '2026-02-10', '0.30', '333.335', '0', undefined]);
		const adj = readCanonicalEntry({ kind: 'IE', date: '2026-02-28', adjustment: '-3', matter: { id: 'M' } }, { requireMatter: true });
		expect([adj.kind, adj.quantity, adj.rate, adj.adjustment]).toEqual(['expenseAdjustment', '0', '0', '-3']);
		expect(textOf({ toISODate: () => '2026-01-02' })).toBe('2026-01-02');
	});

	it('names the field it could not read', () => {
		expect(fieldError(() => readCanonicalEntry({ ...entry(), quantity: '1,5' }))).toEqual(['quantity', '"1,5" is not a decimal number (digits, one "." and an optional "-")']);
		expect(fieldError(() => readCanonicalEntry({ ...entry(), kind: 'hours' }))).toEqual(['kind', '"hours" is not fee, expense, feeAdjustment or expenseAdjustment']);
		expect(fieldError(() => readCanonicalEntry({ ...entry(), rate: '' }))).toEqual(['rate', 'is empty; a decimal number is expected']);
		expect(fieldError(() => readCanonicalEntry({ ...entry(), date: '10/02/2026' }))).toEqual(['date', '"10/02/2026" is not a date YYYY-MM-DD']);
		expect(fieldError(() => readCanonicalEntry({ ...entry(), matter: {} as never }, { requireMatter: true }))?.[0]).toBe('matter');
		expect(fieldError(() => readCanonicalEntry('text'))?.[0]).toBe('');
		expect(fieldError(() => readDecimal(undefined, 'Rate', true))).toBeUndefined();
		expect(fieldError(() => readIsoDate('', 'Date'))).toEqual(['Date', 'is empty; a date YYYY-MM-DD is expected']);
	});
});

describe('invoice files (lib/ledes/invoice-files)', () => {
	const lines = [
		{ entry: entry({ id: 'a' }), source: 0, invoiceNumber: 'INV-1' },
		{ entry: entry({ id: 'b', kind: 'expense', quantity: '2', rate: '0.10', adjustment: '0', timekeeper: undefined, codes: { expense: 'E101' }, matter: { id: 'M2', number: 'M-2' } }), source: 1, invoiceNumber: 'INV-1' },
		{ entry: entry({ id: 'c', date: '2026-02-20', client: { id: 'C2' } }), source: 2, invoiceNumber: 'INV-2' },
		{ entry: entry({ id: 'd', date: '2026-02-01', kind: 'feeAdjustment', quantity: '0', rate: '0', adjustment: '-10.5', timekeeper: undefined }), source: 3, invoiceNumber: 'INV-1' },
	];

	it('groups by the chosen fields, invoices in order of first appearance', () => {
		const byNumber = groupIntoInvoices(lines, ['invoiceNumber']);
		expect(byNumber.map((g) => [g.invoiceNumber, g.sources])).toEqual([
			['INV-1', [0, 1, 3]],
			['INV-2', [2]],
		]);
		expect(groupIntoInvoices(lines, ['matter']).map((g) => g.sources)).toEqual([[0, 2, 3], [1]]);
		expect(groupIntoInvoices(lines, ['client', 'invoiceNumber']).map((g) => g.sources)).toEqual([[0, 1, 3], [2]]);
		expect(invoiceGroupKey(lines[0].entry, [], 'X')).toBe('X'); // nothing chosen: by invoice number
	});

	it('makes the header with the defaults the entries give, and names a missing header field', () => {
		const [g] = groupIntoInvoices(lines, ['invoiceNumber']);
		const inv = invoiceFromEntries(g.entries, { number: 'INV-1', date: '2026-02-28', lawFirmId: '12-3456789', clientName: 'Acme', accountType: 'T' });
		expect([inv.periodStart, inv.periodEnd, inv.client.id, inv.client.ledesClientId, inv.client.name, inv.accountType, inv.lines.length]).toEqual(['2026-02-01', '2026-02-10', 'C1', 'C1', 'Acme', 'T', 3]);
		expect(invoiceFromEntries(g.entries, { number: 'N', date: '2026-02-28', lawFirmId: 'F', periodStart: '2026-01-01', clientId: 'ACME' })).toMatchObject({ periodStart: '2026-01-01', client: { id: 'ACME' } });
		expect(fieldError(() => invoiceFromEntries(g.entries, { date: '2026-02-28', lawFirmId: 'F' }))?.[0]).toBe('number');
		expect(fieldError(() => invoiceFromEntries(g.entries, { number: 'N', date: '2026-02-28' }))?.[0]).toBe('lawFirmId');
		expect(fieldError(() => invoiceFromEntries([entry({ client: undefined })], { number: 'N', date: '2026-02-28', lawFirmId: 'F' }))?.[0]).toBe('clientId');
		expect(fieldError(() => invoiceFromEntries(g.entries, { number: 'N', date: 'soon', lawFirmId: 'F' }))?.[0]).toBe('date');
	});

	const invoices = () =>
		groupIntoInvoices(lines, ['invoiceNumber']).map((g) => invoiceFromEntries(g.entries, { number: g.invoiceNumber, date: '2026-02-28', lawFirmId: '12-3456789' }));

	it('one file per invoice: text, computed totals, matters and validation; the parser reads the same totals', () => {
		const { files, failures } = buildInvoiceFiles(invoices(), { format: '1998B' });
		expect(failures).toEqual([]);
		expect(files.map((f) => [f.invoices.map((i) => [i.index, i.number, i.total, i.matters, i.lineCount]), f.lineCount, f.valid])).toEqual([
			[[[0, 'INV-1', '84.7', ['M-1', 'M-2'], 3]], 3, true],
			[[[1, 'INV-2', '95', ['M-1'], 1]], 1, true],
		]);
		for (const f of files) {
			const parsed = parseLedes(f.text);
			expect(parsed.invoices.map((i) => i.total)).toEqual(f.invoices.map((i) => i.total));
		}
		expect(files[0].text.startsWith('LEDES1998B[]\r\n')).toBe(true);
	});

	it('one file for the run: one pair of header lines (text) or one document (XML), every invoice read back', () => {
		for (const lineEnding of ['\r\n', '\n'] as const) {
			const { files } = buildInvoiceFiles(invoices(), { format: '1998B', files: 'perRun', lineEnding });
			expect(files).toHaveLength(1);
			expect(files[0].text.split(lineEnding).filter((l) => l.startsWith('LEDES1998B'))).toHaveLength(1);
			const parsed = parseLedes(files[0].text);
			expect(parsed.errors).toEqual([]);
			expect(parsed.invoices.map((i) => [i.number, i.total])).toEqual([
				['INV-1', '84.7'],
				['INV-2', '95'],
			]);
			expect(files[0].invoices.map((i) => i.index)).toEqual([0, 1]);
		}
		const xml = buildInvoiceFiles(invoices(), { format: 'XML2.1', files: 'perRun' }).files[0];
		expect(xml.valid).toBe(true);
		expect(parseLedes(xml.text).invoices.map((i) => i.number)).toEqual(['INV-1', 'INV-2']);
	});

	it('a writer error fails only its invoice, attributed to its line and LEDES field; the rest are written', () => {
		const list = invoices();
		list[0].lines[0] = { ...list[0].lines[0], timekeeper: undefined };
		const { files, failures } = buildInvoiceFiles(list, { format: '1998B', files: 'perRun' });
		expect(failures.map((f) => [f.index, f.invoiceNumber, f.line, f.field, f.error instanceof LedesWriteError])).toEqual([[0, 'INV-1', 0, 'TIMEKEEPER_ID', true]]);
		expect(files.map((f) => f.invoices.map((i) => i.number))).toEqual([['INV-2']]);
		expect(buildInvoiceFiles([list[0]], { files: 'perRun' }).files).toEqual([]);
	});

	it('writtenInvoiceTotal: line totals rounded to the chosen decimals, tax only where the format carries it', () => {
		const inv = invoices()[1];
		inv.lines[0] = { ...inv.lines[0], tax: { rate: '0.2', amount: '19' } };
		expect([writtenInvoiceTotal(inv, '1998B'), writtenInvoiceTotal(inv, '98BI'), writtenInvoiceTotal(inv, 'XML2.1', 4)]).toEqual(['95', '114', '114.0005']);
	});
});
