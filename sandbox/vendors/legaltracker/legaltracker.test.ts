/** Conformance of the Legal Tracker simulator (issue 3), over real HTTP with axios. */
import axios, { type AxiosRequestConfig } from 'axios';
import { firmInvoice, ledesText } from '../../../test/brightflag/support';
import { startSandbox, type Sandbox } from '../../index';
import { LT_COMPANY_ID, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID, type LegalTrackerState } from './state';

let sb: Sandbox;
let token: string;
const lt = () => sb.state.legaltracker as LegalTrackerState;
const billing = () => `${sb.url}/legaltracker/billing-api/v1`;
const efiles = () => `${sb.url}/legaltracker/efiles-api/v1`;
const auth = (params?: Record<string, unknown>, extra: Record<string, string> = {}): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}`, 'Company-ID': LT_COMPANY_ID, ...extra }, params, validateStatus: () => true });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'conf-lt', size: 300 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(async () => {
	sb.reset();
	const t = await axios.post(`${sb.url}/legaltracker/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-legaltracker-client', client_secret: 'sandbox-legaltracker-secret' }));
	token = t.data.access_token;
});

async function post(text: string, matterId: number) {
	const link = await axios.post(`${efiles()}/upload-links`, { fileName: 'inv.txt', contentType: 'text/plain' }, auth());
	expect(link.status).toBe(201);
	const up = await axios.put(link.data.uploadUrl, text, { headers: { 'Content-Type': 'text/plain' } });
	expect(up.status).toBe(200);
	return axios.post(`${billing()}/invoices`, { firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, typeId: LT_INVOICE_TYPE_ID, matterId, currency: 'USD', isLedes: true, isMemo: false, isProforma: false, invoiceFileKey: link.data.fileKey }, auth());
}

function tamper(text: string, row: number, field: number, value: string): string {
	const lines = text.split('\r\n');
	const f = lines[row].split('|');
	f[field] = value;
	lines[row] = f.join('|');
	return lines.join('\r\n');
}

describe('Legal Tracker simulator', () => {
	it('issues client-credentials tokens only to known clients', async () => {
		const bad = await axios.post(`${sb.url}/legaltracker/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-legaltracker-client', client_secret: 'wrong' }), { validateStatus: () => true });
		expect(bad.status).toBe(401);
		expect((await axios.get(`${billing()}/invoices`, { headers: { 'X-Sandbox-Contract': 'expect-violation' }, validateStatus: () => true })).status).toBe(401);
	});

	it('requires the Company-ID header', async () => {
		const r = await axios.get(`${billing()}/invoices`, { headers: { Authorization: `Bearer ${token}`, 'X-Sandbox-Contract': 'expect-violation' }, validateStatus: () => true });
		expect(r.status).toBe(400);
		expect(r.data.error).toEqual({ code: 'MissingCompanyId', message: 'The Company-ID header is required' });
		// an integer (vendor-specs/legaltracker/facts.md:49)
		expect((await axios.get(`${billing()}/invoices`, auth(undefined, { 'Company-ID': 'X', 'X-Sandbox-Contract': 'expect-violation' }))).status).toBe(400);
		expect((await axios.get(`${billing()}/invoices`, auth(undefined, { 'Company-ID': '12345' }))).status).toBe(403);
	});

	it('answers OData $filter, $select, $top, $skip, $orderby, $count and $expand=adjustments', async () => {
		const all = [...lt().invoices.values()];
		const statuses = new Set(all.map((i) => i.status));
		expect([...statuses].sort()).toEqual(['approved', 'disputed', 'pending', 'rejected']);
		const r = await axios.get(`${billing()}/invoices`, auth({ $filter: "status eq 'approved' and totalAmount gt 100", $select: 'id,totalAmount', $orderby: 'totalAmount desc', $top: 3, $skip: 1, $count: 'true', $expand: 'adjustments' }));
		expect(r.status).toBe(200);
		const want = all.filter((i) => i.status === 'approved' && Number(i.totalAmount) > 100).sort((a, b) => Number(b.totalAmount) - Number(a.totalAmount));
		expect(r.data['@odata.count']).toBe(want.length);
		expect(r.data.value.map((v: { id: number }) => v.id)).toEqual(want.slice(1, 4).map((i) => i.invoiceId));
		expect(Object.keys(r.data.value[0]).sort()).toEqual(['adjustments', 'id', 'totalAmount']);
		const adj = all.find((i) => i.adjustments.length)!;
		const one = await axios.get(`${billing()}/invoices/${adj.invoiceId}`, auth({ $expand: 'adjustments' }));
		// the adjustment as LT-EXGET shows it (facts.md:63): lineItemNumber and adjusterID are strings
		expect(one.data.adjustments[0]).toEqual(
			expect.objectContaining({ type: expect.any(String), amount: expect.stringMatching(/^-\d+\.\d{2}$/), adjusterID: expect.any(String), adjusterName: expect.any(String), dateTime: expect.any(String), reason: expect.any(String), lineItemNumber: expect.any(String) }),
		);
		// the invoice id is `id`, with companyId, firmId, firmOfficeID (facts.md:60-61)
		expect(one.data).toMatchObject({ id: adj.invoiceId, companyId: Number(LT_COMPANY_ID), firmId: LT_FIRM_ID, firmOfficeID: LT_FIRM_OFFICE_ID });
		expect(one.data.invoiceId).toBeUndefined();
		const fn = await axios.get(`${billing()}/invoices`, auth({ $filter: "contains(invoiceNumber,'100') and not (status eq 'pending' or status eq 'rejected')", $top: 500 }));
		expect(fn.data.value.map((v: { id: number }) => v.id)).toEqual(all.filter((i) => i.invoiceNumber.includes('100') && i.status !== 'pending' && i.status !== 'rejected').map((i) => i.invoiceId));
		const bad = await axios.get(`${billing()}/invoices`, { ...auth({ $filter: "nosuch eq 'x'" }), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-violation' } });
		expect(bad.status).toBe(400);
		expect(bad.data.error.message).toMatch(/unknown property "nosuch"/);
		const matters = await axios.get(`${billing()}/matters`, { ...auth(), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-violation' } });
		expect(matters.status).toBe(400);
		expect(matters.data.error.code).toBe('SelectRequired');
		// the official $select names (facts.md:51)
		const named = await axios.get(`${billing()}/matters`, auth({ $select: 'id,clientMatterName,clientMatterNumber,status', $top: 2 }));
		expect(Object.keys(named.data.value[0])).toEqual(['id', 'clientMatterName', 'clientMatterNumber', 'status']);
		const star = await axios.get(`${billing()}/matters`, auth({ $select: '*', $top: 1 }));
		expect(Object.keys(star.data.value[0])).toEqual(['id', 'clientMatterName', 'clientMatterNumber', 'status', 'matterType', 'substantiveLaw', 'countryOrRegion', 'state', 'leadCompanyPersonEmail']);
	});

	it('takes an invoice through upload link → upload → POST invoices with invoiceFileKey', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'C-LT-1');
		const matter = [...lt().matters.values()].find((m) => m.clientMatterId === clientMatterId)!;
		const r = await post(ledesText(invoice), matter.matterId);
		expect(r.status).toBe(201);
		expect(r.data).toMatchObject({ invoiceNumber: 'C-LT-1', status: 'pending', totalAmount: '1530.00', matterId: matter.matterId });
		const dup = await post(ledesText(invoice), matter.matterId);
		expect(dup.status).toBe(409);
		const ids = { firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, typeId: LT_INVOICE_TYPE_ID };
		const unknownKey = await axios.post(`${billing()}/invoices`, { ...ids, matterId: matter.matterId, currency: 'USD', isLedes: true, invoiceFileKey: 'nope' }, auth());
		expect(unknownKey.status).toBe(400);
		expect(unknownKey.data.error.code).toBe('InvalidFileKey');
		// firmId, firmOfficeId, matterId, typeId are mandatory (facts.md:68)
		const noIds = await axios.post(`${billing()}/invoices`, { matterId: matter.matterId, isLedes: true, invoiceFileKey: 'nope' }, { ...auth(), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-violation' } });
		expect(noIds.status).toBe(400);
		expect(noIds.data.error.message).toBe('Required field(s) missing: firmId, firmOfficeId, typeId');
		const wrongOffice = await axios.post(`${billing()}/invoices`, { ...ids, firmOfficeId: 1, matterId: matter.matterId, isLedes: true, invoiceFileKey: 'nope' }, auth());
		expect(wrongOffice.data.error.code).toBe('InvalidFirmOffice');
	});

	it('rejects bad LEDES files with posting errors 003–007', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'C-LT-2');
		const matterId = [...lt().matters.values()].find((m) => m.clientMatterId === clientMatterId)!.matterId;
		const good = ledesText(invoice);
		const cases: Array<[string, string]> = [
			['003', tamper(good, 2, 13, '10/02/2026')],
			['004', tamper(good, 2, 10, '1.5x')],
			['005', tamper(good, 2, 1, '')],
			['006', tamper(good, 2, 12, '999.00')],
			['007', tamper(good, 3, 4, '9999.00')],
		];
		for (const [code, text] of cases) {
			const r = await post(text, matterId);
			expect(r.status).toBe(422);
			expect(r.data.error.code).toBe('LedesPostingError');
			expect(r.data.error.details.map((d: { code: string }) => d.code)).toContain(code);
		}
		const notLedes = await post('just some text', matterId);
		expect(notLedes.status).toBe(422);
		expect(notLedes.data.error.details[0].code).toBe('FORMAT');
		const errors = (await axios.get(`${sb.url}/_admin/legaltracker/received?kind=posting-errors`)).data.data;
		expect(errors).toHaveLength(5);
	});

	it('lets the admin reviewer approve, reject or dispute with reasons, and adjust lines', async () => {
		const pending = [...lt().invoices.values()].filter((i) => i.status === 'pending');
		const rej = await axios.post(`${sb.url}/_admin/legaltracker/invoices/${pending[0].invoiceId}/review`, { action: 'reject', reasonCode: 'INVALID_TASK_CODE', comment: 'L999' });
		expect(rej.data).toMatchObject({ status: 'rejected', statusReasonCode: 'INVALID_TASK_CODE', statusComment: 'L999' });
		const adj = await axios.post(`${sb.url}/_admin/legaltracker/invoices/${pending[1].invoiceId}/review`, { action: 'adjust', adjustments: [{ lineItemNumber: 1, amount: '-10.00', reasonCode: 'RATE_ABOVE_APPROVED' }] });
		expect(adj.data.status).toBe('approved');
		expect(adj.data.adjustments).toEqual([expect.objectContaining({ lineItemNumber: '1', amount: '-10.00', reasonCode: 'RATE_ABOVE_APPROVED', type: 'Fee' })]);
		const bad = await axios.post(`${sb.url}/_admin/legaltracker/invoices/${pending[1].invoiceId}/review`, { action: 'reject', reasonCode: 'MADE_UP' }, { validateStatus: () => true });
		expect(bad.status).toBe(400);
		const changes = (await axios.get(`${sb.url}/_admin/legaltracker/received?kind=status-change`)).data.data;
		expect(changes.map((c: { to: string }) => c.to)).toEqual(['rejected', 'approved']);
	});
});
