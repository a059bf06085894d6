/**
 * Issue 13, items 5–7 and 9–11: hostile LEDES input gets a bound and one clear error, in linear
 * time, never a crash. Each test failed before the fix (old figures in the titles, measured on this
 * 2-core VM).
 */
import { decodeLedesBytes, LEDES_LIMITS, ledesColumnLine, LedesDecoder, parseLedes, readLedesStreamBatches, validateLedes, validateLedesStream } from '../../lib/ledes';
import { COLS, file, line } from './lines';

const ms = (f: () => unknown) => {
	const t0 = performance.now();
	f();
	return performance.now() - t0;
};
async function* chunked(text: string, size: number): AsyncGenerator<string> {
	for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('LEDES reader on hostile input', () => {
	it('item 5: a line longer than maxLineLength is one LINE_TOO_LONG error naming the line, never split (130 MB of "|" aborted V8)', () => {
		const text = file([line(), '|'.repeat(3 << 20), line({ 9: '2' })]);
		const r = parseLedes(text);
		const long = r.errors.filter((e) => e.code === 'LINE_TOO_LONG');
		expect(long).toHaveLength(1);
		expect(long[0]).toMatchObject({ line: 4, severity: 'error' });
		expect(long[0].message).toMatch(/^Line 4 is longer than 1,048,576 characters/);
		expect(long[0].value!.length).toBeLessThanOrEqual(41);
		// the lines around it are read as usual
		expect(r.invoices[0].lines.map((l) => l.extra?.fileLine)).toEqual([3, 5]);
	});

	it('item 5: more fields than maxFields is TOO_MANY_FIELDS, counted without splitting; both limits are options', () => {
		const r = parseLedes(file([line(), '|'.repeat(500_000)]));
		expect(r.errors.map((e) => [e.line, e.code])).toEqual([[4, 'TOO_MANY_FIELDS']]);
		expect(r.invoices[0].lines).toHaveLength(1);
		expect(validateLedes(file([line()]), { maxLineLength: 100 }).errors.map((e) => [e.line, e.code])).toEqual([[2, 'LINE_TOO_LONG'], [3, 'LINE_TOO_LONG']]);
		expect(validateLedes(file([line() + '|x|y']), { maxFields: 25 }).errors.map((e) => e.code)).toEqual(['TOO_MANY_FIELDS']);
		// a column line of a million "|" is judged on at most maxFields + 1 names
		const cols = validateLedes(`LEDES1998B[]\n${'|'.repeat(1_000_000)}[]\n${line()}\n`).errors;
		expect(cols[0].message).toContain(`more than ${LEDES_LIMITS.maxFields} columns`);
	});

	it('item 5: parseLedes builds at most maxLineItems entries (a flood of tiny lines took 860 MB per 8 MB), and says so', () => {
		const r = parseLedes(file([line(), line({ 9: '2' }), line({ 9: '3' }), '|||']), { maxLineItems: 2 });
		expect(r.invoices[0].lines).toHaveLength(2);
		expect(r.valid).toBe(false);
		const stop = r.errors.find((e) => e.code === 'TOO_MANY_LINE_ITEMS')!;
		expect(stop).toMatchObject({ line: 5, severity: 'error' });
		expect(stop.message).toBe('Line 5: the file has more than 2 line items (the maxLineItems limit); the 2 from this line on were validated but not turned into entries.');
		// validation still ran to the end
		expect(r.errors.map((e) => [e.line, e.code])).toContainEqual([6, 'COLUMN_COUNT']);
		expect(LEDES_LIMITS.maxLineItems).toBe(500_000);
	});

	it('item 6: 200k digits + "x" in INVOICE_TOTAL is read in linear time (the decimal pattern took 45 s)', () => {
		const text = file([line({ 5: '1'.repeat(200_000) + 'x' })]);
		let r!: ReturnType<typeof parseLedes>;
		expect(ms(() => (r = parseLedes(text)))).toBeLessThan(3000);
		expect(r.errors.map((e) => e.code)).toEqual(['NUMBER_INVALID']);
		expect(r.errors[0].message.length).toBeLessThan(200);
		// and a valid but huge amount: NUMBER_TOO_LARGE, no exception from the Decimal fallbacks
		const big = parseLedes(file([line({ 5: '0'.repeat(5000) + '700', 12: '0.' + '0'.repeat(3000) })]));
		expect(big.errors.map((e) => e.code)).toEqual(expect.arrayContaining(['NUMBER_TOO_LARGE', 'TOO_MANY_DECIMALS']));
		const rate = validateLedes(['LEDES98BI V2[]', ledesColumnLine('98BI'), ''].join('\n'));
		expect(rate.errors.length).toBeGreaterThan(0);
	});

	it('item 7: a 16 MB line streamed in 64 KB chunks is linear and capped (50 MB took 21.5 s and 816 MB)', async () => {
		const text = 'LEDES1998B[]\n' + COLS + '\n' + 'a'.repeat(16 << 20) + '\n' + line() + '\n';
		const t0 = performance.now();
		const codes: Array<[number, string]> = [];
		let records = 0;
		for await (const batch of readLedesStreamBatches(chunked(text, 1 << 16))) {
			for (const e of batch) {
				if (e.type === 'issue') codes.push([e.issue.line, e.issue.code]);
				if (e.type === 'record') records++;
			}
		}
		expect(performance.now() - t0).toBeLessThan(4000);
		expect(codes).toEqual([[3, 'LINE_TOO_LONG']]);
		expect(records).toBe(1);
	});

	it('item 7: a line under the cap that spans many chunks is joined once and read exactly', async () => {
		const desc = 'x'.repeat(300_000);
		const text = file([line({ 19: desc }), line({ 9: '2' })]);
		const fields: string[][] = [];
		for await (const batch of readLedesStreamBatches(chunked(text, 4093), { maxLength: { LINE_ITEM_DESCRIPTION: 400_000 } })) {
			for (const e of batch) if (e.type === 'record') fields.push(e.record.fields);
		}
		expect(fields.map((f) => f[18].length)).toEqual([300_000, 4]);
		expect(fields[1][8]).toBe('2');
	});

	it('item 9: single-line XML maps lines linearly, caps messages and the issue list; XML_INVALID names its line', () => {
		const xml = (n: number, value = 'x') =>
			'<ledesxmlebilling2.1><firm><file_item_nbr>1</file_item_nbr><client><file_item_nbr>2</file_item_nbr><invoice><file_item_nbr>3</file_item_nbr><matter><file_item_nbr>4</file_item_nbr>' +
			Array.from({ length: n }, (_, i) => `<fee><file_item_nbr>${i + 10}</file_item_nbr><units>${value}</units></fee>`).join('') +
			'</matter></invoice></client></firm></ledesxmlebilling2.1>';
		// 20,000 elements on one line: 1.8 s before (quadratic line mapping, per-invoice error filter)
		const big = xml(20_000);
		let r!: ReturnType<typeof parseLedes>;
		expect(ms(() => (r = parseLedes(big)))).toBeLessThan(4000);
		expect(r.errors).toHaveLength(LEDES_LIMITS.maxIssues + 1);
		const more = r.errors.filter((e) => e.code === 'TOO_MANY_ISSUES');
		expect(more).toHaveLength(1);
		expect(more[0].message).toMatch(/70,\d{3} more findings were not listed/);
		expect(r.valid).toBe(false);
		// a 1 MB value in an element: the message stays short (8 MB messages were seen)
		const huge = parseLedes(xml(1, 'y'.repeat(1 << 20)));
		expect(Math.max(...huge.errors.map((e) => e.message.length))).toBeLessThanOrEqual(500);
		// XML_INVALID reports the line of the fault, not 0
		const broken = parseLedes('<ledesxmlebilling2.1>\n<firm>\n</client></ledesxmlebilling2.1>');
		expect(broken.errors.map((e) => [e.line, e.code])).toEqual([[3, 'XML_INVALID']]);
		expect(broken.errors[0].message).toMatch(/^Line 3: the file is not well-formed XML/);
	});

	it('item 10: a UTF-16 file is one ENCODING_INVALID error (82–100 field errors before), streamed or in memory', async () => {
		const text = file([line(), line({ 9: '2' })]);
		for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.from(text, 'utf16le'), Buffer.from(text, 'utf16le').swap16()]) {
			const inMemory = parseLedes(decodeLedesBytes(bytes));
			expect(inMemory.errors.map((e) => [e.line, e.code])).toEqual([[1, 'ENCODING_INVALID']]);
			const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
			const streamed = await validateLedesStream(chunks);
			expect(streamed.errors.map((e) => [e.line, e.code])).toEqual([[1, 'ENCODING_INVALID']]);
			expect(streamed.errors[0].message).toContain('UTF-16');
		}
	});

	it('item 10: streamed and in-memory paths decode Latin-1 (and UTF-8) the same, wherever chunks are cut', () => {
		const utf8 = Buffer.from('\ufeffLEDES1998B[]\nCafé — naïve ✓ 😀\n', 'utf8');
		const latin = Buffer.from('LEDES1998B[]\nCaf\xe9 na\xefve \xa3100\n', 'latin1');
		const mixed = Buffer.concat([Buffer.from('été\n', 'utf8'), Buffer.from('d\xe9j\xe0', 'latin1')]);
		expect(decodeLedesBytes(utf8)).toBe('LEDES1998B[]\nCafé — naïve ✓ 😀\n');
		expect(decodeLedesBytes(latin)).toBe('LEDES1998B[]\nCafé naïve £100\n');
		expect(decodeLedesBytes(mixed)).toBe('été\ndéjà');
		for (const bytes of [utf8, latin, mixed]) {
			for (const size of [1, 2, 3, 5, 64]) {
				const d = new LedesDecoder();
				let out = '';
				for (let i = 0; i < bytes.length; i += size) out += d.decode(bytes.subarray(i, i + size));
				out += d.end();
				expect(out).toBe(decodeLedesBytes(bytes));
			}
		}
	});

	it('item 11: the header field is capped (it held a 50 MB first line)', () => {
		for (const first of ['LEDES1998B[]' + 'x'.repeat(5000), 'LEDES1998B[]' + 'x'.repeat(2 << 20)]) {
			const r = parseLedes(first + '\n' + COLS + '\n' + line() + '\n');
			expect(r.header!.length).toBeLessThanOrEqual(LEDES_LIMITS.headerChars + 1);
			expect(r.header!.startsWith('LEDES1998B[]xx')).toBe(true);
		}
	});
});

describe('issue 13 leftover: CR-only line endings (old Mac files)', () => {
	const lines = [line({ 5: '1400' }), line({ 5: '1400', 9: '2', 4: 'M-2' }), line({ 2: 'INV-2', 5: '700' })];

	it('parseLedes and validateLedes read a CR-only file line by line, as its LF and CRLF twins', () => {
		const lf = parseLedes(file(lines, '\n'));
		for (const eol of ['\r', '\r\n']) {
			const r = parseLedes(file(lines, eol));
			expect(r.errors).toEqual([]);
			expect(r.format).toBe('1998B');
			expect(r.invoices.map((i) => [i.number, i.total, i.lines.length, i.firstLine, i.lastLine])).toEqual([
				['INV-1', '1400', 2, 3, 4],
				['INV-2', '700', 1, 5, 5],
			]);
			expect(r.invoices).toEqual(lf.invoices);
			expect(validateLedes(file(lines, eol)).summary).toMatchObject({ lines: 5, lineItems: 3, invoices: 2, valid: true });
		}
		// errors name the right line, not line 1
		const bad = validateLedes(file([line(), line({ 9: '2', 13: '9' })], '\r'));
		expect(bad.errors.map((e) => [e.line, e.code])).toEqual(expect.arrayContaining([[4, 'LINE_TOTAL_MISMATCH']]));
		// 98BI: the format is known from line 1 before the records are built
		expect(parseLedes(file(lines, '\r')).invoices[0].lines[0].kind).toBe('fee');
	});

	it('the streamed reader gives the same result wherever chunks are cut (also between the CR and LF of CRLF)', async () => {
		for (const eol of ['\r', '\r\n']) {
			const text = file(lines, eol);
			const whole = validateLedes(file(lines, '\n'));
			for (const size of [1, 2, 3, 13, 14, 64, 1 << 16]) {
				const r = await validateLedesStream(chunked(text, size));
				expect(r.errors).toEqual(whole.errors);
				expect(r.warnings).toEqual([]);
				expect(r.summary).toMatchObject({ format: '1998B', lines: 5, lineItems: 3, invoices: 2, valid: true });
			}
			const bytes = Buffer.from(text, 'latin1');
			const records: number[] = [];
			for await (const batch of readLedesStreamBatches([bytes.subarray(0, 13), bytes.subarray(13)])) for (const e of batch) if (e.type === 'record') records.push(e.record.line);
			expect(records).toEqual([3, 4, 5]);
		}
	});

	it('keeps the bounds: a CR-only line over maxLineLength is one LINE_TOO_LONG, and the lines after it are read', async () => {
		const text = file([line({ 5: '1400' }), 'a'.repeat(3 << 20), line({ 5: '1400', 9: '2' })], '\r');
		const r = parseLedes(text);
		expect(r.errors.map((e) => [e.line, e.code])).toEqual([[4, 'LINE_TOO_LONG']]);
		expect(r.invoices[0].lines.map((l) => l.extra?.fileLine)).toEqual([3, 5]);
		const s = await validateLedesStream(chunked(text, 1 << 16));
		expect(s.errors.map((e) => [e.line, e.code])).toEqual([[4, 'LINE_TOO_LONG']]);
	});

	it('is linear: short CR-only lines, n vs 8n bytes', () => {
		const MB = 1 << 20;
		const make = (n: number) => 'LEDES1998B[]\r' + COLS + '\r' + (line({ 5: '9999999999x', 2: 'A' }) + '\r').repeat(Math.ceil(n / 160));
		const small = make(MB / 2);
		const large = make(4 * MB);
		validateLedes(small);
		const t1 = Math.min(ms(() => validateLedes(small)), ms(() => validateLedes(small)));
		const t8 = Math.min(ms(() => validateLedes(large)), ms(() => validateLedes(large)));
		expect(t8).toBeLessThan(24 * Math.max(t1, 20));
	});
});

describe('no input of ≤ 100 MB takes more than linear time (n vs 8n bytes)', () => {
	const MB = 1 << 20;
	const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
	// [name, n, make]: every line of "short lines" becomes a canonical entry in parseLedes, so it runs on less
	const shapes: Array<[string, number, (n: number) => string]> = [
		['one line of "|"', MB, (n) => 'LEDES1998B[]\n' + COLS + '\n' + fill('|', n)],
		['one line of digits + x', MB, (n) => 'LEDES1998B[]\n' + COLS + '\n' + fill('1', n) + 'x'],
		['short lines of "|"', MB / 8, (n) => 'LEDES1998B[]\n' + COLS + '\n' + fill('|||\n', n)],
		['data lines with 10-digit totals', MB / 2, (n) => 'LEDES1998B[]\n' + COLS + '\n' + fill(line({ 5: '9999999999x', 2: 'A' }) + '\n', n)],
		['one-line XML', MB, (n) => '<ledesxmlebilling2.1><firm><file_item_nbr>1</file_item_nbr>' + fill('<client><file_item_nbr>7</file_item_nbr><cl_id>x</cl_id></client>', n) + '</firm></ledesxmlebilling2.1>'],
	];
	it.each(shapes)('%s', (_name, n, make) => {
		const small = make(n);
		const large = make(8 * n);
		parseLedes(small); // warm up
		const t1 = Math.min(ms(() => parseLedes(small)), ms(() => parseLedes(small)));
		const t8 = Math.min(ms(() => parseLedes(large)), ms(() => parseLedes(large)));
		// linear work gives ~8x; quadratic work gives ~64x. Generous for a busy 2-core VM (GC grows with
		// the input): < 24x, plus a floor for tiny timings.
		expect(t8).toBeLessThan(24 * Math.max(t1, 20));
	});
});
