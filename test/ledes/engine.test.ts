import { Readable } from 'node:stream';
import { isKnownUtbmsCode } from '../../lib/utbms';
import { LEDES_1998B_FIELDS, LEDES_98BI_FIELDS, ledesColumnLine, parseLedes, readLedesStream, readLedesStreamBatches, validateLedes, validateLedesStream, type LedesEvent } from '../../lib/ledes';
import { COLS, file, line } from './lines';

const codes = (text: string, opts = {}) => validateLedes(text, opts).errors.map((e) => [e.line, e.field, e.code]);

describe('LEDES field tables', () => {
	it('1998B has 24 fields and 98BI 52, positions 1-based and in order', () => {
		expect(LEDES_1998B_FIELDS).toHaveLength(24);
		expect(LEDES_98BI_FIELDS).toHaveLength(52);
		expect(LEDES_98BI_FIELDS.map((f) => f.position)).toEqual(Array.from({ length: 52 }, (_, i) => i + 1));
		expect(LEDES_98BI_FIELDS[20]).toMatchObject({ name: 'LINE_ITEM_UNIT_COST', type: 'amount', intDigits: 10, decimals: 4, required: 'notInvoiceAdjustment' });
		expect(LEDES_98BI_FIELDS[51].name).toBe('INVOICE_TAX_CURRENCY');
	});
});

describe('LEDES parser and validator', () => {
	it('accepts LF and CRLF, amounts with 0–4 decimals and a trailing dot', () => {
		const lines = [line({ 11: '2.0000', 21: '350.', 13: '700.00', 5: '1400.' }), line({ 9: '2', 11: '1.5', 21: '466.6667', 13: '700.0000', 5: '1400' })];
		for (const eol of ['\n', '\r\n']) {
			const r = parseLedes(file(lines, eol));
			expect(r.errors).toEqual([]);
			expect(r.invoices[0]).toMatchObject({ number: 'INV-1', total: '1400', statedTotal: '1400' });
		}
	});

	it('reads several invoices and several matters per invoice', () => {
		const text = file([line({ 5: '1400' }), line({ 5: '1400', 9: '2', 4: 'M-2' }), line({ 2: 'INV-2', 5: '700' })]);
		const r = parseLedes(text);
		expect(r.errors).toEqual([]);
		expect(r.invoices.map((i) => [i.number, i.matters, i.total])).toEqual([
			['INV-1', ['M-1', 'M-2'], '1400'],
			['INV-2', ['M-1'], '700'],
		]);
	});

	it('accepts the revised and the legacy timekeeper classifications, and can restrict to one set', () => {
		const text = file([line({ 23: 'PT', 5: '1400' }), line({ 9: '2', 23: 'PARALG', 5: '1400' })]);
		expect(codes(text)).toEqual([]);
		expect(codes(text, { classifications: 'revised' })).toEqual([[3, 23, 'VALUE_NOT_ALLOWED']]);
		expect(codes(text, { classifications: 'legacy' })).toEqual([[4, 23, 'VALUE_NOT_ALLOWED']]);
	});

	it('reads 98BI V2 and V5 headers', () => {
		const cols = ledesColumnLine('98BI');
		for (const h of ['LEDES98BI V2[]', 'LEDES98BI V5[]']) {
			const r = validateLedes(`${h}\n${cols}\n`);
			expect(r.format).toBe('98BI');
			expect(r.errors.map((e) => e.code)).toEqual(['NO_LINE_ITEMS']);
		}
		expect(validateLedes(`LEDES98BI V3[]\n${cols}\n`).errors[0]).toMatchObject({ line: 1, code: 'HEADER_INVALID' });
	});

	it('reports every error with line, field number, name, stable code and a clear message', () => {
		const text = file([
			line({ 1: '20260230', 11: '-2', 13: '-700', 5: '0' }), // bad date, negative units
			line({ 9: '2', 12: '1,000', 5: '0' }), // not a number (and invoice total inconsistent? no: same)
			line({ 9: '3', 10: 'X', 5: '0' }), // bad type
			line({ 9: '4', 14: '20251231', 5: '0' }), // outside period
		]);
		const r = validateLedes(text);
		expect(r.errors.map((e) => [e.line, e.field, e.fieldName, e.code])).toEqual([
			[3, 1, 'INVOICE_DATE', 'DATE_INVALID'],
			[3, 5, 'INVOICE_TOTAL', 'INVOICE_TOTAL_MISMATCH'],
			[3, 11, 'LINE_ITEM_NUMBER_OF_UNITS', 'NEGATIVE_UNITS'],
			[4, 1, 'INVOICE_DATE', 'INVOICE_FIELD_INCONSISTENT'],
			[4, 12, 'LINE_ITEM_ADJUSTMENT_AMOUNT', 'NUMBER_INVALID'],
			[5, 1, 'INVOICE_DATE', 'INVOICE_FIELD_INCONSISTENT'],
			[5, 10, 'EXP/FEE/INV_ADJ_TYPE', 'VALUE_NOT_ALLOWED'],
			[6, 1, 'INVOICE_DATE', 'INVOICE_FIELD_INCONSISTENT'],
			[6, 14, 'LINE_ITEM_DATE', 'LINE_DATE_OUTSIDE_PERIOD'],
		]);
		const byCode = Object.fromEntries(r.errors.map((e) => [e.code, e]));
		expect(byCode.DATE_INVALID.message).toBe('Line 3, field 1 (INVOICE_DATE): "20260230" is not a date; write it as YYYYMMDD (e.g. 20260131).');
		expect(byCode.NEGATIVE_UNITS).toMatchObject({ line: 3, field: 11 });
		expect(byCode.NUMBER_INVALID).toMatchObject({ line: 4, field: 12, value: '1,000' });
		expect(byCode.VALUE_NOT_ALLOWED).toMatchObject({ line: 5, field: 10 });
		expect(byCode.LINE_DATE_OUTSIDE_PERIOD).toMatchObject({ line: 6, field: 14 });
		expect(r.errors[3].message).toBe('Line 4, field 1 (INVOICE_DATE): the invoice date "20260131" differs from "20260230" on line 3; it must be the same on every line of invoice INV-1.');
		expect(byCode.INVOICE_TOTAL_MISMATCH).toMatchObject({ line: 3, field: 5 });
	});

	it('checks line arithmetic, invoice total on every line and the sum, period order', () => {
		expect(codes(file([line({ 13: '701', 5: '701' })]))).toEqual([[3, 13, 'LINE_TOTAL_MISMATCH']]);
		expect(codes(file([line({ 13: '700.004', 5: '700.004' })]))).toEqual([]); // within half a cent
		expect(codes(file([line({ 5: '1400' }), line({ 9: '2', 5: '1399' })]))).toEqual([[4, 5, 'INVOICE_TOTAL_INCONSISTENT']]);
		expect(codes(file([line({ 5: '1401' }), line({ 9: '2', 5: '1401.00' })]))).toEqual([[3, 5, 'INVOICE_TOTAL_MISMATCH']]);
		expect(codes(file([line({ 6: '20260201', 14: '20260115' })]))).toEqual([[3, 6, 'BILLING_PERIOD_INVERTED']]);
		// IF line: amount in adjustment and total, no units or cost
		expect(codes(file([line({ 10: 'IF', 11: '', 21: '', 12: '-100', 13: '-100', 5: '-100', 18: '', 22: '', 23: '' })]))).toEqual([]);
		// huge amounts fall back to exact Decimal arithmetic
		expect(codes(file([line({ 11: '9999999999.9999', 21: '9999999999.9999', 13: '9999999999.9999', 5: '9999999999.9999' })]))).toEqual([[3, 13, 'LINE_TOTAL_MISMATCH']]);
	});

	it('checks column count, terminator, header and column line', () => {
		const text = ['LEDES1998', COLS.replace('CLIENT_ID', 'CLIENT'), line().replace('|Work|', '|Work|x|'), line({ 9: '2' }).slice(0, -2)].join('\n');
		expect(codes(text)).toEqual([
			[1, undefined, 'HEADER_INVALID'],
			[2, 3, 'COLUMNS_INVALID'],
			[3, undefined, 'COLUMN_COUNT'],
			[4, undefined, 'LINE_TERMINATOR_MISSING'],
		]);
	});

	it('flags unknown UTBMS codes through the UTBMS core (configurable)', () => {
		const text = file([line({ 15: 'L999', 17: 'A112' })]);
		expect(codes(text)).toEqual([]);
		expect(codes(text, { isKnownCode: (k: 'task' | 'activity' | 'expense', c: string) => isKnownUtbmsCode(k, c) })).toEqual([
			[3, 15, 'UNKNOWN_UTBMS_CODE'],
			[3, 17, 'UNKNOWN_UTBMS_CODE'],
		]);
	});

	it('overrides a size (Brightflag: descriptions under 1,024 characters)', () => {
		const text = file([line({ 19: 'x'.repeat(1100) })]);
		expect(codes(text)).toEqual([]);
		expect(codes(text, { maxLength: { LINE_ITEM_DESCRIPTION: 1023 } })).toEqual([[3, 19, 'TOO_LONG']]);
	});

	it('streams: chunks split anywhere (even inside CRLF and multi-byte characters) give the same result', async () => {
		const text = file([line({ 19: 'Café ’quoted’', 5: '1400' }), line({ 9: '2', 5: '1400' }), line({ 2: 'INV-2', 13: '1', 5: '1' })], '\r\n');
		const whole = validateLedes(text);
		const bytes = Buffer.from(text, 'utf8');
		for (const size of [1, 2, 3, 7, 64]) {
			const chunks: Uint8Array[] = [];
			for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
			const r = await validateLedesStream(chunks);
			expect(r.errors).toEqual(whole.errors);
			expect(r.warnings).toEqual(whole.warnings);
			expect(r.summary).toMatchObject({ format: '1998B', lineItems: 3, invoices: 2 });
		}
		const events: LedesEvent[] = [];
		for await (const e of readLedesStream(Readable.from([text]))) events.push(e);
		expect(events.filter((e) => e.type === 'record')).toHaveLength(3);
		expect(events.filter((e) => e.type === 'invoice').map((e) => e.type === 'invoice' && [e.invoice.number, e.invoice.total])).toEqual([
			['INV-1', '1400.00'],
			['INV-2', '1.00'],
		]);
		expect(events.at(-1)).toMatchObject({ type: 'end', summary: { valid: false, errorCount: 1 } });
		const batches: LedesEvent[][] = [];
		for await (const b of readLedesStreamBatches([text.slice(0, 500), text.slice(500)])) batches.push(b);
		expect(batches.length).toBeLessThanOrEqual(3);
		expect(batches.flat().map((e) => e.type)).toEqual(events.map((e) => e.type));
	});

	it('flags an invoice number that comes back after other invoices', () => {
		expect(codes(file([line(), line({ 2: 'INV-2' }), line({ 9: '2' })]))).toEqual(expect.arrayContaining([[5, 2, 'DUPLICATE_INVOICE_NUMBER']]));
	});

	it('handles an empty file and a file with only headers', () => {
		expect(codes('')).toEqual([[1, undefined, 'EMPTY_FILE']]);
		expect(codes(`LEDES1998B[]\n${COLS}\n`)).toEqual([[3, undefined, 'NO_LINE_ITEMS']]);
	});
});
