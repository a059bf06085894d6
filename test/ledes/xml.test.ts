import type { Invoice } from '../../lib/model';
import { buildLedes, LEDES_XML_ELEMENTS, LEDES_XML_ROOTS, parseLedes } from '../../lib/ledes';

const inv: Invoice = {
	number: 'X-1',
	date: '2026-03-31',
	periodStart: '2026-03-01',
	periodEnd: '2026-03-31',
	currency: 'EUR',
	client: { id: 'CL', name: 'Client & Söhne' },
	lawFirm: { id: 'LF-1', name: 'Firm <One>' },
	lines: [
		{ id: 'a', source: { system: 't', id: 'a' }, kind: 'fee', date: '2026-03-02', quantity: '1.25', rate: '400', adjustment: '-50', timekeeper: { id: 'T1', lastName: 'Doe', firstName: 'Jane', classification: 'PARTNR' }, matter: { id: 'M1', number: 'M1', clientMatterId: 'C-M1', name: 'Alpha' }, codes: { task: 'L110', activity: 'A101' }, narrative: 'Zoë’s “review” <b>' },
		{ id: 'b', source: { system: 't', id: 'b' }, kind: 'expense', date: '2026-03-03', quantity: '3', rate: '0.15', matter: { id: 'M2', number: 'M2' }, codes: { expense: 'E101' } },
		{ id: 'c', source: { system: 't', id: 'c' }, kind: 'expenseAdjustment', date: '2026-03-31', quantity: '0', rate: '0', adjustment: '-0.45', matter: { id: 'M2', number: 'M2' } },
	],
};

describe('LEDES XML 2.1', () => {
	it('writes the modelled element set and reads it back (Unicode kept, markup escaped)', () => {
		const xml = buildLedes([inv], { format: 'XML2.1', vendorId: 'V-9' });
		expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
		expect(xml).toContain(`<${LEDES_XML_ROOTS['2.1'].root} xmlns="${LEDES_XML_ROOTS['2.1'].xmlns}">`);
		expect(xml).toContain('<lf_vendor_id>V-9</lf_vendor_id>');
		expect(xml).toContain('<inv_total_net_due>450.00</inv_total_net_due>');
		expect(xml).toContain('<matter_total_due>450.00</matter_total_due>');
		expect(xml).toMatch(/<matter_disc_cred>[\s\S]*<disc_cred_applies_to>EXP<\/disc_cred_applies_to>/);
		expect(xml).toContain('&lt;b&gt;');
		const nbrs = [...xml.matchAll(/<file_item_nbr>(\d+)<\/file_item_nbr>/g)].map((m) => Number(m[1]));
		expect(new Set(nbrs).size).toBe(nbrs.length);
		const r = parseLedes(xml);
		expect(r.errors).toEqual([]);
		expect(r.invoices[0]).toMatchObject({ number: 'X-1', total: '450', statedTotal: '450', currency: 'EUR', matters: ['M1', 'M2'], client: { id: 'CL', name: 'Client & Söhne' }, lawFirm: { id: 'LF-1', name: 'Firm <One>' } });
		const [fee, exp, adj] = r.invoices[0].lines;
		expect(fee).toMatchObject({ kind: 'fee', quantity: '1.25', rate: '400', adjustment: '-50', total: '450', narrative: 'Zoë’s “review” <b>', timekeeper: { id: 'T1', lastName: 'Doe', firstName: 'Jane', classification: 'PARTNR' }, codes: { task: 'L110', activity: 'A101' } });
		expect(exp).toMatchObject({ kind: 'expense', total: '0.45', codes: { expense: 'E101' } });
		expect(adj).toMatchObject({ kind: 'expenseAdjustment', adjustment: '-0.45', total: '-0.45' });
	});

	it('validates: wrong totals, bad dates, missing required elements, malformed XML', () => {
		const xml = buildLedes([inv], { format: 'XML2.1' })
			.replace('<inv_total_net_due>450.00</inv_total_net_due>', '<inv_total_net_due>460.00</inv_total_net_due>')
			.replace('<charge_date>2026-03-02</charge_date>', '<charge_date>2026-02-30</charge_date>')
			.replace(/<lf_matter_id>M2<\/lf_matter_id>/, '');
		const r = parseLedes(xml);
		expect(r.valid).toBe(false);
		expect(r.errors.map((e) => [e.fieldName, e.code])).toEqual(
			expect.arrayContaining([
				['inv_total_net_due', 'INVOICE_TOTAL_MISMATCH'],
				['charge_date', 'DATE_INVALID'],
				['lf_matter_id', 'REQUIRED'],
			]),
		);
		const total = r.errors.find((e) => e.code === 'INVOICE_TOTAL_MISMATCH')!;
		expect(total.line).toBeGreaterThan(1);
		expect(xml.split('\n')[total.line - 1]).toContain('file_item_nbr');
		expect(parseLedes('<ledesxmlebilling2.1><firm>').errors[0].code).toBe('XML_INVALID');
		expect(parseLedes('<other/>').errors[0]).toMatchObject({ code: 'XML_INVALID', message: expect.stringContaining('ledesxmlebilling2.0, 2.1 or 2.2') });
	});

	it('reads 2.0 and 2.2 roots; every element in the one table says whether it was verified', () => {
		const xml = buildLedes([inv], { format: 'XML2.1' });
		for (const v of ['2.0', '2.2'] as const) {
			const other = xml.replace(/ledesxmlebilling2\.1/g, LEDES_XML_ROOTS[v].root);
			expect(parseLedes(other).invoices[0].total).toBe('450');
		}
		expect(LEDES_XML_ELEMENTS.every((e) => typeof e.verified === 'boolean' && e.segment && e.element)).toBe(true);
		expect(LEDES_XML_ELEMENTS.filter((e) => e.verified).map((e) => e.element)).toEqual(expect.arrayContaining(['inv_id', 'inv_date', 'lf_matter_id', 'tk_level', 'task_code', 'total_amount']));
	});
});
