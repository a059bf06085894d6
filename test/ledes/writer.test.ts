import type { Invoice } from '../../lib/model';
import { buildLedes, LedesWriteError, LedesWriter, neutraliseText, parseLedes } from '../../lib/ledes';

function invoice(over: Partial<Invoice> = {}, lineOver: Record<string, unknown> = {}): Invoice {
	return {
		number: 'INV-9',
		date: '2026-02-28',
		periodStart: '2026-02-01',
		periodEnd: '2026-02-28',
		client: { id: 'C1' },
		lawFirm: { id: '12-3456789' },
		lines: [
			{
				id: 'a',
				source: { system: 't', id: 'a' },
				kind: 'fee',
				date: '2026-02-10',
				quantity: '0.30',
				rate: '333.335',
				adjustment: '-5',
				timekeeper: { id: 'T1', name: 'Doe, Jane', classification: 'PT' },
				matter: { id: 'M', number: 'M-1' },
				narrative: 'Call',
				...lineOver,
			},
			{ id: 'b', source: { system: 't', id: 'b' }, kind: 'expense', date: '2026-02-11', quantity: '2', rate: '0.10', matter: { id: 'M', number: 'M-1' }, codes: { expense: 'E101' } },
			{ id: 'c', source: { system: 't', id: 'c' }, kind: 'feeAdjustment', date: '2026-02-28', quantity: '0', rate: '0', adjustment: '-10.5', matter: { id: 'M', number: 'M-1' } },
		],
		...over,
	};
}

describe('LEDES writer', () => {
	it('computes exact totals, writes canonical numbers, CRLF by default', () => {
		const text = buildLedes([invoice()]);
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('LEDES1998B[]');
		const f = lines.slice(2, 5).map((l) => l.slice(0, -2).split('|'));
		// 0.30 × 333.335 − 5 = 95.0005 → 95.00; 2 × 0.10 = 0.20; IF −10.50; invoice 84.70
		expect(f.map((x) => [x[9], x[10], x[11], x[12], x[20], x[4]])).toEqual([
			['F', '0.3', '-5.00', '95.00', '333.335', '84.70'],
			['E', '2', '0.00', '0.20', '0.10', '84.70'],
			['IF', '', '-10.50', '-10.50', '', '84.70'],
		]);
		expect(parseLedes(text).errors).toEqual([]);
	});

	it('neutralises separators, terminators, line breaks and non-ASCII in every text field', () => {
		expect(neutraliseText('a|b [c] d\r\ne\tf  “g” – é ß 日')).toBe('a/b (c) d e f "g" - e ss ?');
		const text = buildLedes([invoice({ description: 'Feb | [] \n work' }, { narrative: 'Ünïcødé | pipes [] and\nnewlines' })], { lineEnding: '\n' });
		expect(text).toMatch(/^[\x00-\x7f]*$/);
		const r = parseLedes(text);
		expect(r.errors).toEqual([]);
		expect(r.invoices[0].description).toBe('Feb / () work');
		expect(r.invoices[0].lines[0].narrative).toBe('Unicode / pipes () and newlines');
	});

	it('rewrites timekeeper classifications when asked', () => {
		const cls = (mode: 'asIs' | 'revised' | 'legacy') => parseLedes(buildLedes([invoice()], { classifications: mode })).invoices[0].lines[0].timekeeper?.classification;
		expect([cls('asIs'), cls('revised')]).toEqual(['PT', 'PARTNR']);
		expect(parseLedes(buildLedes([invoice({}, { timekeeper: { id: 'T', name: 'A, B', classification: 'ASSOC' } })], { classifications: 'legacy' })).invoices[0].lines[0].timekeeper?.classification).toBe('AS');
	});

	it('throws errors that name the invoice, the line and the field', () => {
		const bad = (inv: Invoice, msg: RegExp) => {
			let err: unknown;
			try {
				buildLedes([inv]);
			} catch (e) {
				err = e;
			}
			expect(err).toBeInstanceOf(LedesWriteError);
			expect((err as Error).message).toMatch(msg);
		};
		bad(invoice({}, { quantity: 'two' }), /^Invoice INV-9, line 1, LINE_ITEM_NUMBER_OF_UNITS: "two" is not a decimal number/);
		bad(invoice({}, { quantity: '-1' }), /line 1, LINE_ITEM_NUMBER_OF_UNITS: the quantity -1 is negative/);
		bad(invoice({}, { rate: '1.23456' }), /line 1, LINE_ITEM_UNIT_COST: 1.23456 has 5 decimals/);
		bad(invoice({}, { date: '10/02/2026' }), /line 1, LINE_ITEM_DATE: "10\/02\/2026" is not a date/);
		bad(invoice({}, { matter: { id: '' } }), /line 1, LAW_FIRM_MATTER_ID: the law firm's matter ID is required but empty/);
		bad(invoice({ number: 'X'.repeat(21) }), /INVOICE_NUMBER: "X{21}" is 21 characters long; LEDES allows 20/);
		bad(invoice({ lines: [] }), /no lines/);
		bad(invoice({}, { timekeeper: undefined }), /line 1, TIMEKEEPER_ID: the timekeeper ID is required/);
	});

	it('98BI: tax, net and reported tax totals; V2 header', () => {
		const inv = invoice({ currency: 'GBP', client: { id: 'C1', taxId: 'GB1' } }, { tax: { rate: '0.2', amount: '19.00', type: 'VAT' } });
		inv.lines.forEach((l) => (l.matter = { ...l.matter!, name: 'Big case' }));
		const text = buildLedes([inv], { format: '98BI' });
		expect(text.startsWith('LEDES98BI V2[]')).toBe(true);
		const f = text.split('\r\n')[2].slice(0, -2).split('|');
		expect([f[4], f[27], f[28], f[50], f[29], f[51]]).toEqual(['103.70', '19.00', '84.70', '19.00', 'GBP', 'GBP']);
		expect([f[30], f[31]]).toEqual(['Doe', 'Jane']);
		expect(parseLedes(text).errors).toEqual([]);
	});

	it('streams invoice by invoice into a sink', () => {
		const chunks: string[] = [];
		const w = new LedesWriter({ format: '1998B', lineEnding: '\n' }, (c) => chunks.push(c));
		w.writeInvoice(invoice());
		w.writeInvoice(invoice({ number: 'INV-10' }));
		expect(w.linesWritten).toBe(6);
		expect(chunks).toHaveLength(3);
		expect(parseLedes(chunks.join('')).invoices.map((i) => i.number)).toEqual(['INV-9', 'INV-10']);
	});

	it('gives the same file to a byte sink as to a string sink, past the first buffer size', () => {
		// 200 lines × a 9,000-character description ≈ 1.8 MB for one invoice: the line buffer must grow
		const many = invoice({ description: 'Long | description '.repeat(500) });
		const base = many.lines;
		many.lines = Array.from({ length: 200 }, (_, i) => ({
			...base[i % 3],
			matter: { id: 'M', number: 'M-1', name: 'Matter' },
			narrative: i % 2 ? `Narrative ${i} with | pipe, [brackets] and  double spaces ${'x'.repeat(i)}` : `Clean narrative number ${i}`,
		}));
		for (const format of ['1998B', '98BI'] as const) {
			const text: string[] = [];
			new LedesWriter({ format }, (c) => text.push(c)).writeInvoice({ ...many, currency: 'USD', client: { id: 'C1', taxId: 'T' } });
			const bytes: Buffer[] = [];
			new LedesWriter({ format }, { bytes: (b) => bytes.push(Buffer.from(b)) }).writeInvoice({ ...many, currency: 'USD', client: { id: 'C1', taxId: 'T' } });
			const joined = text.join('');
			expect(Buffer.concat(bytes).toString('latin1')).toBe(joined);
			expect(joined.length).toBeGreaterThan(1_800_000);
			const r = parseLedes(joined);
			expect(r.errors).toEqual([]);
			expect(r.invoices[0].lines).toHaveLength(200);
			expect(r.invoices[0].lines[1].narrative).toBe('Narrative 1 with / pipe, (brackets) and double spaces x');
			expect(r.invoices[0].lines[198].narrative).toBe('Clean narrative number 198');
		}
	});

	it('names the field and shows the value when a written value is too long', () => {
		expect(() => buildLedes([invoice({}, { timekeeper: { id: 'T1', name: 'A very long timekeeper name indeed', classification: 'PT' } })])).toThrow(
			/Invoice INV-9, line 1, TIMEKEEPER_NAME: "A very long timekeeper name indeed" is 34 characters long; LEDES allows 30/,
		);
		expect(() => buildLedes([invoice({}, { matter: { id: 'M', number: 'M|' + '9'.repeat(19) } })])).toThrow(/line 1, LAW_FIRM_MATTER_ID: "M\/9{19}" is 21 characters long/);
	});

	it('handles amounts beyond exact double range with Decimal', () => {
		// 999999.9999 × 9999.9999 = 9999999899.00000001: the product does not fit a double exactly
		const text = buildLedes([invoice({}, { quantity: '999999.9999', rate: '9999.9999', adjustment: '0' })]);
		const r = parseLedes(text);
		expect(r.errors).toEqual([]);
		expect(r.invoices[0].lines[0].total).toBe('9999999899');
		expect(r.invoices[0].statedTotal).toBe('9999999888.7');
		expect(() => buildLedes([invoice({}, { quantity: '9999999.9999', rate: '9999.9999' })])).toThrow(/LINE_ITEM_TOTAL: the line total 99999998994 is larger than LEDES allows/);
	});
});
