import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLedes, validateLedes, type LedesIssue } from '../../lib/ledes';
import { sharedPath } from '../helpers/shared';

const DIR = sharedPath('fixtures', 'ledes');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');
const fieldsOn = (errors: LedesIssue[], line: number) => [...new Set(errors.filter((e) => e.line === line && e.field).map((e) => e.field))].sort((a, b) => a! - b!);
const ARITHMETIC = new Set(['LINE_TAX_MISMATCH', 'INVOICE_TAX_TOTAL_MISMATCH', 'INVOICE_NET_TOTAL_MISMATCH', 'REPORTED_TAX_TOTAL_MISMATCH', 'INVOICE_TOTAL_MISMATCH']);

describe('LEDES fixtures (shared/fixtures/ledes, as its README describes them)', () => {
	it('lexitree 1998B good: 2 invoices, PARTNR/ASSOC, an IF line; valid, the curly apostrophe is a warning', () => {
		const r = parseLedes(read('lexitree_ledes1998b_good.txt'));
		expect(r.format).toBe('1998B');
		expect(r.errors).toEqual([]);
		expect(r.valid).toBe(true);
		expect(r.invoices.map((i) => [i.number, i.lines.length, i.total, i.statedTotal])).toEqual([
			['96542', 5, '1684.45', '1684.45'],
			['96543', 1, '1250', '1250'],
		]);
		const [a, b] = r.invoices;
		expect(a.lines[0]).toMatchObject({ kind: 'fee', quantity: '2', rate: '350', adjustment: '-70', total: '630', date: '1999-01-15', codes: { task: 'L510', activity: 'A102' } });
		expect(a.lines[0].timekeeper).toMatchObject({ id: '22547', name: 'Arnsley, Robert', classification: 'PARTNR' });
		expect(a.lines[2].timekeeper?.classification).toBe('ASSOC');
		expect(a.lines[2].quantity).toBe('0.2'); // "0.200"
		expect(b.lines[0]).toMatchObject({ kind: 'feeAdjustment', adjustment: '1250', total: '1250' }); // "1250."
		expect(r.warnings).toEqual([expect.objectContaining({ line: 3, field: 19, fieldName: 'LINE_ITEM_DESCRIPTION', code: 'NON_ASCII', severity: 'warning' })]);
	});

	it('lexitree 1998B eager_bad: line 3 field 21 LINE_ITEM_UNIT_COST (E line, empty unit cost), nothing else', () => {
		const r = validateLedes(read('lexitree_ledes1998b_eager_bad.txt'));
		expect(r.valid).toBe(false);
		expect(r.errors.map((e) => [e.line, e.field, e.fieldName, e.code])).toEqual([[3, 21, 'LINE_ITEM_UNIT_COST', 'REQUIRED']]);
		expect(r.errors[0].message).toMatch(/unit cost/);
	});

	it('lexitree 1998B greedy_bad: header, column line, then every field of lines 3 and 4 except 8, 11 and 19', () => {
		const r = validateLedes(read('lexitree_ledes1998b_greedy_bad.txt'));
		expect(r.errors.find((e) => e.line === 1)?.code).toBe('HEADER_INVALID');
		expect(r.errors.find((e) => e.line === 2)?.code).toBe('COLUMNS_INVALID');
		const expected = Array.from({ length: 24 }, (_, i) => i + 1).filter((f) => ![8, 11, 19].includes(f));
		expect(fieldsOn(r.errors, 3)).toEqual(expected);
		expect(fieldsOn(r.errors, 4)).toEqual(expected);
		for (const e of r.errors.filter((x) => x.line >= 3)) expect(e.fieldName).toBe(r.errors.find((x) => x.field === e.field)!.fieldName);
		expect(r.errors.find((e) => e.line === 3 && e.field === 21)?.fieldName).toBe('LINE_ITEM_UNIT_COST');
	});

	it('lexitree 98BI good: syntax is clean; only its known tax arithmetic defects are reported', () => {
		const r = parseLedes(read('lexitree_ledes98bi_good.txt'));
		expect(r.format).toBe('98BI');
		expect(r.errors.filter((e) => !ARITHMETIC.has(e.code))).toEqual([]);
		// 630 × 0.061245 ≠ 87.63; line taxes sum to 185.52, not 182.52
		expect(r.errors).toContainEqual(expect.objectContaining({ line: 3, field: 49, code: 'LINE_TAX_MISMATCH' }));
		expect(r.errors).toContainEqual(expect.objectContaining({ field: 28, code: 'INVOICE_TAX_TOTAL_MISMATCH', message: expect.stringContaining('185.52') }));
		expect(r.invoices[0].lines[0]).toMatchObject({ currency: 'GBP', tax: { rate: '0.061245', amount: '87.63', type: 'VAT' } });
		expect(r.invoices[0]).toMatchObject({ currency: 'GBP', accountType: 'O', client: { name: "Stanley's Widgets", taxId: '76-1235' }, lawFirm: { name: 'Law Offices of John Smith', country: 'GBR' } });
	});

	it('lexitree 98BI eager_bad: line 3 field 31 TIMEKEEPER_LAST_NAME', () => {
		const r = validateLedes(read('lexitree_ledes98bi_eager_bad.txt'));
		expect(r.errors).toContainEqual(expect.objectContaining({ line: 3, field: 31, fieldName: 'TIMEKEEPER_LAST_NAME', code: 'REQUIRED' }));
	});

	it('lexitree 98BI greedy_bad: every field of lines 3 and 4 except 8, 11, 19 and 21 (as Lexitree reports)', () => {
		const r = validateLedes(read('lexitree_ledes98bi_greedy_bad.txt'));
		expect(r.format).toBe('98BI');
		expect(r.errors.find((e) => e.line === 1)?.code).toBe('HEADER_INVALID');
		expect(r.errors.find((e) => e.line === 2)?.code).toBe('COLUMNS_INVALID');
		const expected = Array.from({ length: 52 }, (_, i) => i + 1).filter((f) => ![8, 11, 19, 21].includes(f));
		expect(fieldsOn(r.errors, 3)).toEqual(expected);
		expect(fieldsOn(r.errors, 4)).toEqual(expected);
	});

	it('travisbashor 98B: the repeated IF line of invoice 96543 makes its lines sum to 2500 against 1250', () => {
		const r = parseLedes(read('travisbashor_ledes_98B.txt'));
		expect(r.errors).toContainEqual(expect.objectContaining({ line: 8, field: 5, fieldName: 'INVOICE_TOTAL', code: 'INVOICE_TOTAL_MISMATCH', invoiceNumber: '96543' }));
		expect(r.errors.find((e) => e.code === 'INVOICE_TOTAL_MISMATCH')!.message).toMatch(/1250.*2500/);
		expect(r.invoices[1]).toMatchObject({ number: '96543', total: '2500', statedTotal: '1250' });
		// the repeated line also changes the client and repeats line item 6
		expect(r.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['INVOICE_FIELD_INCONSISTENT', 'DUPLICATE_LINE_ITEM_NUMBER']));
		// invoice 96542 is clean
		expect(r.errors.filter((e) => e.invoiceNumber === '96542')).toEqual([]);
		// several matters per invoice: 96543 bills matters 1326 and 500.900
		expect(r.invoices[1].matters).toEqual(['1326', '500.900']);
	});

	it('travisbashor 98BI: V2, the same tax arithmetic defects, no syntax errors', () => {
		const r = parseLedes(read('travisbashor_ledes_98BI.txt'));
		expect(r.format).toBe('98BI');
		expect(r.errors.filter((e) => !ARITHMETIC.has(e.code))).toEqual([]);
		expect(r.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['LINE_TAX_MISMATCH', 'INVOICE_TAX_TOTAL_MISMATCH', 'INVOICE_NET_TOTAL_MISMATCH']));
		expect(r.invoices.map((i) => [i.number, i.total, i.totals.tax])).toEqual([
			['96542', '1869.97', '185.52'],
			['96543', '1338.81', '88.81'],
		]);
	});

	it('travisbashor notebook 98B: parses; its repeated line 5 (not listed in the README) is caught', () => {
		const r = parseLedes(read('travisbashor_nb_ledes_98B.txt'));
		expect(r.invoices.map((i) => [i.number, i.lines.length])).toEqual([
			['96542', 6],
			['96543', 1],
		]);
		expect(r.errors.map((e) => [e.line, e.field, e.code])).toEqual([
			[3, 5, 'INVOICE_TOTAL_MISMATCH'],
			[8, 8, 'INVOICE_FIELD_INCONSISTENT'],
			[8, 9, 'DUPLICATE_LINE_ITEM_NUMBER'],
		]);
		expect(r.invoices[0].lines[5].narrative).toBe('Trademark Filing; 12345');
	});
});
