/** Conformance of the Brightflag simulator (issue 3), over real HTTP with axios. */
import axios, { type AxiosRequestConfig } from 'axios';
import { firmInvoice, ledesText } from '../../../test/brightflag/support';
import { startSandbox, type Sandbox } from '../../index';
import { BRIGHTFLAG_SUBMISSION_NOTICE } from './index';
import type { BrightflagState } from './state';

let sb: Sandbox;
let token: string;
const bf = () => sb.state.brightflag as BrightflagState;
const api = () => `${sb.url}/brightflag/api`;
const auth = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}` }, params, validateStatus: () => true });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'conf-bf', size: 300 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(async () => {
	sb.reset();
	const t = await axios.post(`${sb.url}/brightflag/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-brightflag-client', client_secret: 'sandbox-brightflag-secret' }));
	token = t.data.access_token;
});

describe('Brightflag simulator', () => {
	it('uses OAuth2 client credentials (no authorization code grant) and the documented error body', async () => {
		// deliberate probes of the simulator's own errors (the request contract would refuse them first)
		const probe = { 'X-Sandbox-Contract': 'expect-violation' };
		const code = await axios.post(`${sb.url}/brightflag/oauth/token`, new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: 'sandbox-brightflag-client', client_secret: 'sandbox-brightflag-secret' }), { headers: probe, validateStatus: () => true });
		expect(code.status).toBe(400);
		const r = await axios.get(`${api()}/v1/invoice-summary`, { headers: probe, validateStatus: () => true });
		expect(r.status).toBe(401);
		expect(Object.keys(r.data).sort()).toEqual(['errorCategory', 'errorCode', 'errors', 'message', 'metadata', 'status']);
	});

	it('lists invoice summaries by status and status-change window with page number/size', async () => {
		const p1 = await axios.get(`${api()}/v1/invoice-summary`, auth({ 'paging.pageSize': 4, 'paging.pageNumber': 2 }));
		expect(p1.status).toBe(200);
		expect(p1.data.paging).toMatchObject({ pageNumber: 2, pageSize: 4 });
		expect(p1.data.invoiceSummaries).toHaveLength(4);
		// InvoiceSummaryAPI exactly (vendor-specs/brightflag/facts.md:64)
		expect(Object.keys(p1.data.invoiceSummaries[0]).sort()).toEqual(
			['invoiceID', 'invoiceGroupId', 'invoiceNumber', 'invoiceDate', 'invoiceStatus', 'invoiceStatusChangeTimestamp', 'approvedGrossTotal', 'originalGrossTotal', 'taxTotal', 'exposurePercentage', 'currencyIsoCode', 'invoiceCurrencyDetails', 'vendorLink', 'matterLink'].sort(),
		);
		// invoiceStatus is single-valued (facts.md:63)
		const rejected = await axios.get(`${api()}/v1/invoice-summary`, auth({ invoiceStatus: 'REJECTED' }));
		expect(rejected.data.invoiceSummaries.every((x: { invoiceStatus: string }) => x.invoiceStatus === 'REJECTED')).toBe(true);
		const all = [...bf().invoices.values()];
		const changes = all.map((i) => i.invoiceStatusChangeTimestamp).sort();
		const win = await axios.get(`${api()}/v1/invoice-summary`, auth({ invoiceStatusChangeStartDate: changes[2], invoiceStatusChangeEndDate: changes[6], 'paging.pageSize': 100 }));
		expect(win.data.invoiceSummaries).toHaveLength(all.filter((i) => i.invoiceStatusChangeTimestamp >= changes[2] && i.invoiceStatusChangeTimestamp < changes[6]).length);
		const tooBig = await axios.get(`${api()}/v1/invoice-summary`, auth({ 'paging.pageSize': 1000 }));
		expect(tooBig.status).toBe(400);
	});

	it('configures statuses per customer', async () => {
		const s = (await axios.get(`${sb.url}/_admin/brightflag/statuses`)).data;
		const approvedNames = new Set(s.data.map((c: { statuses: { approved: string } }) => c.statuses.approved));
		expect(approvedNames.size).toBeGreaterThan(1);
		expect(s.reasonCodes).toEqual(expect.arrayContaining(['NARRATIVE_TOO_SHORT', 'RATE_ABOVE_APPROVED', 'BLOCK_BILLING', 'INVALID_TASK_CODE']));
	});

	it('serves invoice detail (UNVERIFIED endpoint) with line items and per-line flags', async () => {
		const flagged = [...bf().invoices.values()].find((i) => i.lineItems.some((l) => l.flags.length))!;
		const r = await axios.get(`${api()}/v1/invoice/${flagged.invoiceID}`, auth());
		expect(r.data.lineItems.find((l: { flags: unknown[] }) => l.flags.length).flags[0]).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), severity: 'WARNING' }));
		expect((await axios.get(`${api()}/v1/invoice/1`, auth())).data.errorCode).toBe('INVOICE_NOT_FOUND');
	});

	it('serves AP batches (Batch, BatchDTO) and takes one payment status per call, echoed back', async () => {
		const batch = [...bf().batches.values()][0];
		const list = await axios.get(`${api()}/ap-batch/v1/0/${Date.parse('2030-01-01')}`, auth());
		expect(list.data.map((b: { batchID: number }) => b.batchID)).toContain(batch.batchID);
		expect(Object.keys(list.data[0]).sort()).toEqual(['batchCreated', 'batchID', 'customerBatchID']);
		const everything = await axios.get(`${api()}/ap-batch/v1`, auth());
		expect(everything.data).toHaveLength(bf().batches.size);
		const inv = await axios.get(`${api()}/ap-batch/v1/batch/${batch.batchID}/invoices`, auth());
		expect(inv.data).toEqual({ batchID: batch.batchID, invoices: batch.invoiceIDs.map((invoiceID) => ({ invoiceID })) });
		const approved = [...bf().invoices.values()].find((i) => i.invoiceStatus === 'APPROVED' || i.invoiceStatus === 'APPROVED_FOR_PAYMENT')!;
		const expect400 = { ...auth(), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-violation' } };
		const bad = await axios.post(`${api()}/v1/invoicePayment/invoice-payment-status`, { invoiceID: approved.invoiceID, paymentStatus: 'DONE' }, expect400);
		expect(bad.status).toBe(400);
		const dashes = await axios.post(`${api()}/v1/invoicePayment/invoice-payment-status`, { invoiceID: approved.invoiceID, paymentStatus: 'PAID', paymentDate: '2026-11-20' }, expect400);
		expect(dashes.data.message).toMatch(/paymentDate must be YYYY\/MM\/DD/);
		const numeric = await axios.post(`${api()}/v1/invoicePayment/invoice-payment-status`, { invoiceID: approved.invoiceID, paymentStatus: 'PAID', paymentAmount: 12.5 }, expect400);
		expect(numeric.data.message).toMatch(/paymentAmount must be a string/);
		const body = { invoiceID: approved.invoiceID, paymentStatus: 'PARTIALLY PAID', paymentAmount: '100.50', paymentDate: '2026/11/20', paymentRef: 'ACH-1' };
		const ok = await axios.post(`${api()}/v1/invoicePayment/invoice-payment-status`, body, auth());
		expect(ok.status).toBe(200);
		expect(ok.data).toEqual(body);
		expect(bf().invoices.get(approved.invoiceID)).toMatchObject({ paymentStatus: 'PARTIALLY PAID', paymentAmount: '100.50', paymentDate: '2026/11/20', paymentRef: 'ACH-1' });
	});

	it('offers a LEDES submission endpoint that exists only in the sandbox, and says so', async () => {
		const { invoice } = firmInvoice(sb.firm, 'brightflag', 'C-BF-1');
		const r = await axios.post(`${api()}/sandbox/v1/ledes-submissions`, ledesText(invoice), { ...auth(), headers: { ...auth().headers, 'Content-Type': 'text/plain' } });
		expect(r.status).toBe(201);
		expect(r.headers['x-sandbox-only']).toBe('true');
		expect(r.data).toMatchObject({ sandboxOnly: true, notice: BRIGHTFLAG_SUBMISSION_NOTICE });
		expect(BRIGHTFLAG_SUBMISSION_NOTICE).toMatch(/publishes no vendor-side/);
		const notLedes = await axios.post(`${api()}/sandbox/v1/ledes-submissions`, 'a,b,c', { ...auth(), headers: { ...auth().headers, 'Content-Type': 'text/plain' } });
		expect(notLedes.status).toBe(422);
		expect(notLedes.data.errorCode).toBe('NOT_LEDES');
	});

	it('lets the admin reviewer reject with reason codes, adjust lines and approve', async () => {
		const id = r0();
		const rej = await axios.post(`${sb.url}/_admin/brightflag/invoices/${id}/review`, { action: 'reject', reasons: [{ code: 'INVALID_TASK_CODE', lineItemNumber: 1 }] });
		expect(rej.data.rejectionReasons).toEqual([expect.objectContaining({ code: 'INVALID_TASK_CODE', lineItemNumber: 1 })]);
		const bad = await axios.post(`${sb.url}/_admin/brightflag/invoices/${id}/review`, { action: 'reject', reasons: [{ code: 'WHATEVER' }] }, { validateStatus: () => true });
		expect(bad.status).toBe(400);
		const other = [...bf().invoices.values()].find((i) => i.invoiceID !== id && i.lineItems.length > 0)!;
		const adj = await axios.post(`${sb.url}/_admin/brightflag/invoices/${other.invoiceID}/review`, { action: 'adjust', adjustments: [{ lineItemNumber: 1, amount: '-25.00', code: 'RATE_ABOVE_APPROVED' }] });
		expect(adj.data.approvedGrossTotal).toBe((Number(other.originalGrossTotal) - 25).toFixed(2));
		expect(adj.data.lineItems[0].flags.map((f: { code: string }) => f.code)).toContain('RATE_ABOVE_APPROVED');
		function r0() {
			return [...bf().invoices.values()][0].invoiceID;
		}
	});
});
