import axios from 'axios';
import { BrightflagOAuth2Api } from '../../credentials/BrightflagOAuth2Api.credentials';
import { Brightflag } from '../../nodes/Brightflag/Brightflag.node';
import { BrightflagTrigger } from '../../nodes/Brightflag/BrightflagTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { BrightflagState } from '../../sandbox/vendors/brightflag';
import { pollOnce, runNode } from '../helpers/n8n';
import { binaryItem, brightflagCredentials, firmInvoice, ledesText } from './support';

const TYPE = 'n8n-nodes-legal-billing.brightflag';
const TRIGGER = 'n8n-nodes-legal-billing.brightflagTrigger';
let sb: Sandbox;
const bf = () => sb.state.brightflag as BrightflagState;

function run(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}) {
	return runNode({
		nodeTypes: { [TYPE]: new Brightflag() },
		type: TYPE,
		parameters: parameters as never,
		credentials: { brightflagOAuth2Api: brightflagCredentials(sb.url) },
		credentialTypes: [new BrightflagOAuth2Api()],
		...extra,
	});
}

function poll(parameters: Record<string, unknown>, staticData: Record<string, unknown> = {}) {
	return pollOnce({
		nodeTypes: { [TRIGGER]: new BrightflagTrigger() },
		type: TRIGGER,
		parameters: parameters as never,
		credentials: { brightflagOAuth2Api: brightflagCredentials(sb.url) },
		credentialTypes: [new BrightflagOAuth2Api()],
		staticData: staticData as never,
	});
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-bf', size: 400 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

describe('Brightflag node: invoices', () => {
	it('gets all invoice summaries across pages, without previous drafts', async () => {
		const expected = [...bf().invoices.values()].filter((i) => !i.isPreviousDraft).length;
		expect(expected).toBeGreaterThan(12);
		const r = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, pageSize: 5, filters: {} });
		expect(r.error).toBeUndefined();
		const ids = r.outputs[0].map((i) => i.json.invoiceID);
		expect(ids).toHaveLength(expected);
		expect(new Set(ids).size).toBe(expected);
		const log = sb.context.faults('brightflag').stats.requests;
		expect(log).toBeGreaterThanOrEqual(Math.ceil(expected / 5));
		const limited = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 7, pageSize: 5, filters: {} });
		expect(limited.outputs[0]).toHaveLength(7);
		expect(limited.outputs[0].every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('filters by status and by status-change window', async () => {
		const all = [...bf().invoices.values()];
		const rejected = all.filter((i) => i.invoiceStatus === 'REJECTED' || i.invoiceStatus === 'DECLINED');
		expect(rejected.length).toBeGreaterThan(0);
		const r = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: { invoiceStatus: 'REJECTED, DECLINED' } });
		expect(r.outputs[0].map((i) => i.json.invoiceID).sort()).toEqual(rejected.map((i) => i.invoiceID).sort());
		const sorted = all.map((i) => i.invoiceStatusChangeTimestamp).sort();
		const start = sorted[3];
		const end = sorted[8];
		const w = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: { statusChangeStart: start, statusChangeEnd: end } });
		const want = all.filter((i) => i.invoiceStatusChangeTimestamp >= start && i.invoiceStatusChangeTimestamp < end).length;
		expect(w.outputs[0]).toHaveLength(want);
		// one status per request (vendor-specs/brightflag/facts.md:63): two statuses, two listings
		const requests = sb.context.faults('brightflag').stats.requests;
		await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: { invoiceStatus: 'REJECTED, DECLINED' } });
		expect(sb.context.faults('brightflag').stats.requests - requests).toBeGreaterThanOrEqual(2);
		const bad = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: { invoiceStatus: 'NOPE' } });
		expect(bad.error?.message).toMatch(/Brightflag request failed \(400\): Unknown invoiceStatus "NOPE"/);
	});

	it('returns the documented InvoiceSummaryAPI fields, with invoiceStatusChangeTimestamp', async () => {
		const r = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, filters: {} });
		expect(Object.keys(r.outputs[0][0].json)).toEqual(expect.arrayContaining(['invoiceID', 'invoiceGroupId', 'invoiceStatus', 'invoiceStatusChangeTimestamp', 'currencyIsoCode']));
		expect(r.outputs[0][0].json.invoiceStatusChangeDate).toBeUndefined();
	});

	it('reaches the unverified single-invoice endpoint only when asked to', async () => {
		const id = [...bf().invoices.keys()][0];
		const before = sb.context.faults('brightflag').stats.requests;
		const off = await run({ resource: 'invoice', operation: 'get', invoiceId: String(id) });
		expect(off.error?.message).toBe('Invoice → Get uses an unverified Brightflag endpoint (GET /api/v1/invoice/{id})');
		expect(sb.context.faults('brightflag').stats.requests).toBe(before);
		const desc = new Brightflag().description.properties.find((p) => p.name === 'useUnverifiedEndpoint')!;
		expect(desc.default).toBe(false);
		expect(desc.hint).toMatch(/^Unverified:/);
	});

	it('gets an invoice with line items, per-line flags and rejection reasons; unknown ids fail clearly', async () => {
		const rejected = [...bf().invoices.values()].find((i) => i.rejectionReasons.length > 0)!;
		const r = await run({ resource: 'invoice', operation: 'get', useUnverifiedEndpoint: true, invoiceId: String(rejected.invoiceID) });
		const json = r.outputs[0][0].json as Record<string, any>;
		expect(json.lineItems.length).toBe(rejected.lineItems.length);
		expect(json.rejectionReasons[0].code).toBe(rejected.rejectionReasons[0].code);
		expect(json.lineItems.some((l: { flags: unknown[] }) => l.flags.length > 0)).toBe(true);
		const missing = await run({ resource: 'invoice', operation: 'get', useUnverifiedEndpoint: true, invoiceId: '999' });
		expect(missing.error?.message).toBe('Brightflag request failed (404): Invoice 999 not found [INVOICE_NOT_FOUND]');
		expect(missing.error?.description).toContain('GET');
		const cont = await run({ resource: 'invoice', operation: 'get', useUnverifiedEndpoint: true, invoiceId: '={{ $json.id }}' }, { items: [{ json: { id: String(rejected.invoiceID) } }, { json: { id: '12345' } }], continueOnFail: true });
		expect(cont.outputs[0]).toHaveLength(2);
		expect(cont.outputs[0][0].json.invoiceID).toBe(rejected.invoiceID);
		expect(String(cont.outputs[0][1].json.error)).toMatch(/Invoice 12345 not found/);
		expect(cont.outputs[0][1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Brightflag node: submit (sandbox-only endpoint)', () => {
	it('does not submit unless the unverified endpoint is allowed', async () => {
		const { invoice } = firmInvoice(sb.firm, 'brightflag', 'T-BF-0');
		const r = await run({ resource: 'invoice', operation: 'submit', binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: 'auto' }, { items: [binaryItem(ledesText(invoice))] });
		expect(r.error?.message).toBe('Invoice → Submit uses an unverified Brightflag endpoint (a LEDES submission endpoint)');
		expect([...bf().invoices.values()].some((i) => i.invoiceNumber === 'T-BF-0')).toBe(false);
	});

	it('submits a LEDES file from binary input; the sandbox flags the bad lines', async () => {
		const { invoice } = firmInvoice(sb.firm, 'brightflag', 'T-BF-1');
		const r = await run({ resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: 'auto' }, { items: [binaryItem(ledesText(invoice))] });
		expect(r.error).toBeUndefined();
		const out = r.outputs[0][0].json as Record<string, any>;
		expect(out.sandboxOnly).toBe(true);
		expect(out.format).toBe('1998B');
		expect(out.invoices[0].invoiceNumber).toBe('T-BF-1');
		expect(out.invoices[0].originalGrossTotal).toBe('1530.00');
		const stored = [...bf().invoices.values()].find((i) => i.invoiceNumber === 'T-BF-1')!;
		expect(stored.lineItems.map((l) => l.flags.map((f) => f.code))).toEqual([[], ['NARRATIVE_TOO_SHORT'], ['BLOCK_BILLING']]);
		const files = await axios.get(`${sb.url}/_admin/brightflag/received?kind=ledes-file`);
		expect(files.data.data[0].content).toContain('T-BF-1');
	});

	it('refuses a file that is not LEDES before sending, and reports LEDES errors from the platform', async () => {
		const notLedes = await run({ resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: 'auto' }, { items: [binaryItem('hello,world\n1,2\n', 'x.csv')] });
		expect(notLedes.error?.message).toBe('The file in binary field "data" is not a LEDES file');
		const { invoice } = firmInvoice(sb.firm, 'brightflag', 'T-BF-2');
		const broken = ledesText(invoice).replace('|1530.00|', '|1999.00|');
		const r = await run({ resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: 'auto' }, { items: [binaryItem(broken)] });
		expect(r.error?.message).toMatch(/Brightflag request failed \(422\): The LEDES file has \d+ error\(s\) \[LEDES_INVALID\]/);
		const wrongFormat = await run({ resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: '/api/sandbox/v1/ledes-submissions', format: '98BI' }, { items: [binaryItem(ledesText(invoice))] });
		expect(wrongFormat.error?.message).toBe('The file is LEDES 1998B, but "LEDES Format" is set to 98BI');
	});

	it('keeps the rejected submission as a previous draft after a resubmission', async () => {
		const { invoice } = firmInvoice(sb.firm, 'brightflag', 'T-BF-3');
		const submit = () => run({ resource: 'invoice', operation: 'submit', useUnverifiedEndpoint: true, binaryPropertyName: 'data', endpoint: `${sb.url}/brightflag/api/sandbox/v1/ledes-submissions`, format: 'auto' }, { items: [binaryItem(ledesText(invoice))] });
		const first = await submit();
		const firstId = (first.outputs[0][0].json as any).invoices[0].invoiceID;
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${firstId}/review`, { action: 'reject' });
		const second = await submit();
		const secondId = (second.outputs[0][0].json as any).invoices[0].invoiceID;
		expect(secondId).not.toBe(firstId);
		const without = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: {} });
		const withDrafts = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, filters: { includePreviousDrafts: true } });
		expect(without.outputs[0].some((i) => i.json.invoiceID === firstId)).toBe(false);
		expect(withDrafts.outputs[0].some((i) => i.json.invoiceID === firstId)).toBe(true);
		expect(bf().invoices.get(firstId)?.isPreviousDraft).toBe(true);
		expect(withDrafts.outputs[0]).toHaveLength(without.outputs[0].length + 1);
	});
});

describe('Brightflag node: AP batches and payments', () => {
	it('lists AP batches in a window and the invoices of one batch', async () => {
		const batches = [...bf().batches.values()];
		expect(batches.length).toBeGreaterThan(1);
		const r = await run({ resource: 'apBatch', operation: 'getMany', start: '2020-01-01T00:00:00Z', end: '2030-01-01T00:00:00Z' });
		expect(r.outputs[0].map((i) => i.json.batchID)).toEqual(batches.map((b) => b.batchID));
		const one = batches[0];
		const narrow = await run({ resource: 'apBatch', operation: 'getMany', start: new Date(one.createdEpochMs).toISOString(), end: new Date(one.createdEpochMs + 1).toISOString() });
		expect(narrow.outputs[0].map((i) => i.json.batchID)).toEqual([one.batchID]);
		expect(Object.keys(r.outputs[0][0].json).sort()).toEqual(['batchCreated', 'batchID', 'customerBatchID']);
		const all = await run({ resource: 'apBatch', operation: 'getMany', allBatches: true });
		expect(all.outputs[0].map((i) => i.json.batchID)).toEqual(batches.map((b) => b.batchID));
		const inv = await run({ resource: 'apBatch', operation: 'getInvoices', batchId: String(one.batchID) });
		expect(inv.outputs[0].map((i) => i.json)).toEqual(one.invoiceIDs.map((invoiceID) => ({ batchID: String(one.batchID), invoiceID })));
		const bad = await run({ resource: 'apBatch', operation: 'getMany', start: '2026-02-01T00:00:00Z', end: '2026-01-01T00:00:00Z' });
		expect(bad.error?.message).toMatch(/is later than "Created Before"/);
	});

	it('updates an invoice payment status with paymentAmount (string), paymentRef and a YYYY/MM/DD date', async () => {
		const approved = [...bf().invoices.values()].find((i) => i.invoiceStatus === 'APPROVED' || i.invoiceStatus === 'APPROVED_FOR_PAYMENT')!;
		const r = await run({ resource: 'payment', operation: 'updateStatus', invoiceId: String(approved.invoiceID), paymentStatus: 'PARTIALLY PAID', additionalFields: { paymentAmount: '100.5', paymentDate: '2026-11-20', paymentRef: 'ACH-1' } });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json).toEqual({ invoiceID: String(approved.invoiceID), paymentStatus: 'PARTIALLY PAID', paymentAmount: '100.50', paymentDate: '2026/11/20', paymentRef: 'ACH-1' });
		expect(bf().invoices.get(approved.invoiceID)).toMatchObject({ paymentStatus: 'PARTIALLY PAID', paymentAmount: '100.50', paymentDate: '2026/11/20', paymentRef: 'ACH-1' });
		const sent = (await axios.get(`${sb.url}/_admin/brightflag/received?kind=payment-status`)).data.data;
		expect(sent.at(-1)).toMatchObject({ paymentAmount: '100.50', paymentDate: '2026/11/20', paymentRef: 'ACH-1' });
		const bad = await run({ resource: 'payment', operation: 'updateStatus', invoiceId: String(approved.invoiceID), paymentStatus: 'PAID', additionalFields: { paymentAmount: '12,50' } });
		expect(bad.error?.message).toBe('"paymentAmount" must be a decimal number, got "12,50"');
		const badDate = await run({ resource: 'payment', operation: 'updateStatus', invoiceId: String(approved.invoiceID), paymentStatus: 'PAID', additionalFields: { paymentDate: '20/11/2026' } });
		expect(badDate.error?.message).toBe('"paymentDate" must be a date YYYY/MM/DD, got "20/11/2026"');
		const rejected = [...bf().invoices.values()].find((i) => i.rejectionReasons.length > 0)!;
		const conflict = await run({ resource: 'payment', operation: 'updateStatus', invoiceId: String(rejected.invoiceID), paymentStatus: 'PAID', additionalFields: {} });
		expect(conflict.error?.message).toMatch(/\(409\): Invoice \d+ is (REJECTED|DECLINED)/);
	});
});

describe('Brightflag transport: tokens, retries', () => {
	it('fetches a client-credentials token, and re-issues it when the platform says it expired', async () => {
		const first = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, filters: {} });
		const token = (first.credentials.brightflagOAuth2Api.oauthTokenData as { access_token: string }).access_token;
		expect(token).toMatch(/^bf_at_/);
		await axios.post(`${sb.url}/_admin/tokens/revoke`, { vendor: 'brightflag', token, expire: true });
		const creds = { ...first.credentials.brightflagOAuth2Api };
		const second = await runNode({
			nodeTypes: { [TYPE]: new Brightflag() },
			type: TYPE,
			parameters: { resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, filters: {} },
			credentials: { brightflagOAuth2Api: creds },
			credentialTypes: [new BrightflagOAuth2Api()],
		});
		expect(second.error).toBeUndefined();
		const renewed = (second.credentials.brightflagOAuth2Api.oauthTokenData as { access_token: string }).access_token;
		expect(renewed).toMatch(/^bf_at_/);
		expect(renewed).not.toBe(token);
	});

	it('retries 503 and 429 answers and then succeeds', async () => {
		sb.setFaults('brightflag', { script: [503, 429, 502, 'ok'], retryAfterSeconds: 1 });
		const r = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, filters: {} });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0]).toHaveLength(1);
		const stats = sb.context.faults('brightflag').stats;
		expect(stats.injected).toMatchObject({ '503': 1, '429': 1, '502': 1 });
	});

	it('gives up after the retry budget with the platform error', async () => {
		sb.setFaults('brightflag', { script: [500, 500, 500, 500, 500, 500, 500] });
		const r = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, filters: {} });
		expect(r.error?.message).toMatch(/^Brightflag request failed \(500\)/);
		expect(r.error?.description).toMatch(/after 5 retries/);
	});
});

describe('Brightflag Trigger: documented endpoints only (the default)', () => {
	it('emits the rejection from the invoice summary alone, with the rejection map plan, and the AP batch of approved invoices', async () => {
		const first = await poll({ statuses: '', options: { startFrom: sb.clock.now().toISOString() } });
		const [a, b] = [...bf().invoices.values()].filter((i) => !i.isPreviousDraft && (i.invoiceStatus === 'IN_REVIEW' || i.invoiceStatus === 'PENDING_APPROVAL'));
		sb.clock.advance(1000);
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${a.invoiceID}/review`, { action: 'reject', reasons: [{ code: 'BLOCK_BILLING' }] });
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${b.invoiceID}/review`, { action: 'approve' });
		sb.clock.advance(1000);
		await axios.post(`${sb.url}/_admin/brightflag/ap-batches`, { invoiceIDs: [b.invoiceID] });
		const before = sb.context.faults('brightflag').stats.requests;
		const next = await poll({ statuses: '', options: { planActions: true, includeApBatch: true } }, first.staticData);
		const byId = new Map(next.result![0].map((i) => [i.json.invoiceID, i.json as Record<string, any>]));
		const rejected = byId.get(a.invoiceID)!;
		expect(rejected.invoiceStatusChangeTimestamp).toBe(bf().invoices.get(a.invoiceID)!.invoiceStatusChangeTimestamp);
		expect(rejected.reasons).toEqual([
			{ platform: 'brightflag', kind: 'rejection', code: 'INVOICE_REJECTED', reason: `status ${bf().invoices.get(a.invoiceID)!.invoiceStatus}; the reviewer's reasons are in Brightflag`, invoiceId: String(a.invoiceID), invoiceNumber: a.invoiceNumber },
		]);
		expect(rejected.plan.resolved).toEqual([{ ruleId: 'rejected-status-only', code: 'INVOICE_REJECTED', lineItemNumber: null }]);
		expect(rejected.plan.actions).toEqual(expect.arrayContaining([{ type: 'setStatus', target: 'bill', status: 'For Review' }, expect.objectContaining({ type: 'createTask', role: 'billingClerk', subject: `Read the rejection of invoice ${a.invoiceNumber} in Brightflag` })]));
		expect(rejected.apBatchID).toBeNull();
		const approved = byId.get(b.invoiceID)!;
		expect(approved.reasons).toEqual([]);
		const batch = [...bf().batches.values()].find((x) => x.invoiceIDs.includes(b.invoiceID))!;
		expect(approved).toMatchObject({ apBatchID: batch.batchID, apBatchCreated: batch.batchCreated, customerBatchID: batch.customerBatchID });
		// only documented endpoints: one summary page, the batch window, one batch's invoices (no single-invoice read)
		expect(sb.context.faults('brightflag').stats.requests - before).toBe(3);
	});
});

describe('Brightflag Trigger', () => {
	it('emits each status change once, with rejection reasons, and nothing when nothing changed', async () => {
		const first = await poll({ statuses: '', options: { startFrom: '2020-01-01T00:00:00Z' } });
		const all = [...bf().invoices.values()].filter((i) => !i.isPreviousDraft);
		expect(first.result![0]).toHaveLength(all.length);
		const again = await poll({ statuses: '', options: { startFrom: '2020-01-01T00:00:00Z' } }, first.staticData);
		expect(again.result).toBeNull();

		// the reviewer rejects one invoice and approves another
		const [a, b] = all.filter((i) => i.invoiceStatus === 'APPROVED' || i.invoiceStatus === 'APPROVED_FOR_PAYMENT' || i.invoiceStatus === 'IN_REVIEW' || i.invoiceStatus === 'PAID');
		sb.clock.advance(1000);
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${a.invoiceID}/review`, { action: 'reject', reasons: [{ code: 'RATE_ABOVE_APPROVED', lineItemNumber: 1 }, { code: 'BLOCK_BILLING' }] });
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${b.invoiceID}/review`, { action: 'approve' });
		const next = await poll({ statuses: 'REJECTED, DECLINED', options: { useUnverifiedDetail: true, includeLineItems: true } }, again.staticData);
		expect(next.result![0]).toHaveLength(1);
		const item = next.result![0][0].json as Record<string, any>;
		expect(item.invoiceID).toBe(a.invoiceID);
		expect(item.rejectionReasons.map((r: { code: string }) => r.code)).toEqual(['RATE_ABOVE_APPROVED', 'BLOCK_BILLING']);
		expect(item.reasons[0]).toMatchObject({ platform: 'brightflag', kind: 'rejection', code: 'RATE_ABOVE_APPROVED', lineItemNumber: 1, invoiceNumber: a.invoiceNumber });
		expect(item.lineItems.length).toBe(a.lineItems.length);
		// the approval was consumed by the cursor (filtered out), not re-emitted later
		const after = await poll({ statuses: '', options: {} }, next.staticData);
		expect(after.result).toBeNull();
	});

	it('does not miss a change made in the same instant as the last one it saw', async () => {
		// a minute past the seeded data's last change, whatever day the sandbox clock is on
		const latest = Math.max(...[...bf().invoices.values()].map((i) => Date.parse(i.invoiceStatusChangeTimestamp)).filter(Number.isFinite));
		sb.clock.set(new Date(Math.max(latest, sb.clock.nowMs()) + 3_600_000));
		const frozenAt = sb.clock.now().toISOString();
		const ids = [...bf().invoices.keys()].slice(0, 2);
		// freeze time by setting it again right before each review
		sb.clock.set(frozenAt);
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${ids[0]}/review`, { action: 'inReview' });
		const stateAt = bf().invoices.get(ids[0])!.invoiceStatusChangeTimestamp;
		const p1 = await poll({ statuses: '', options: { startFrom: new Date(Date.parse(frozenAt) - 60_000).toISOString() } });
		expect(p1.result![0].map((i) => i.json.invoiceID)).toEqual([ids[0]]);
		// a second change stamped with the very same instant
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${ids[1]}/review`, { action: 'inReview' });
		bf().invoices.get(ids[1])!.invoiceStatusChangeTimestamp = stateAt;
		const p2 = await poll({ statuses: '', options: {} }, p1.staticData);
		expect(p2.result![0].map((i) => i.json.invoiceID)).toEqual([ids[1]]);
		const p3 = await poll({ statuses: '', options: {} }, p2.staticData);
		expect(p3.result).toBeNull();
	});

	it('starts from activation time when no start is given', async () => {
		const p = await poll({ statuses: '', options: {} });
		expect(p.result).toBeNull();
		expect((p.staticData.node as any)?.cursor ?? (p.staticData as any)['node:Node']?.cursor).toBeDefined();
	});
});

describe('Brightflag Trigger with the rejection map', () => {
	it('adds the planned practice-management actions for each rejected invoice', async () => {
		const first = await poll({ statuses: '', options: { startFrom: sb.clock.now().toISOString() } });
		const inv = [...bf().invoices.values()].find((i) => !i.isPreviousDraft && i.rejectionReasons.length === 0)!;
		sb.clock.advance(1000);
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${inv.invoiceID}/review`, { action: 'reject', reasons: [{ code: 'INVALID_TASK_CODE', lineItemNumber: 1 }, { code: 'BLOCK_BILLING', lineItemNumber: 1 }] });
		const next = await poll({ statuses: 'REJECTED,DECLINED', options: { planActions: true, useUnverifiedDetail: true } }, first.staticData);
		const plan = next.result![0][0].json.plan as { actions: Array<Record<string, unknown>>; resolved: Array<Record<string, unknown>> };
		expect(plan.resolved.map((r) => r.ruleId)).toEqual(['invalid-task-code', 'block-billing']);
		expect(plan.actions.filter((a) => a.type === 'setStatus')).toEqual([{ type: 'setStatus', target: 'bill', status: 'For Review' }]);
		expect(plan.actions.find((a) => a.type === 'createTask' && a.role === 'billingClerk')).toMatchObject({ subject: `Fix UTBMS code on invoice ${inv.invoiceNumber} line 1` });
	});

	it('reports a broken rejection map by path', async () => {
		const first = await poll({ statuses: '', options: { startFrom: sb.clock.now().toISOString() } });
		const inv = [...bf().invoices.values()][0];
		sb.clock.advance(1000);
		await axios.post(`${sb.url}/_admin/brightflag/invoices/${inv.invoiceID}/review`, { action: 'reject' });
		const map = JSON.stringify({ version: 1, rules: [{ id: 'x', codes: ['A'], actions: [{ type: 'createTask', subject: 'y' }] }], fallback: [{ type: 'notify', to: 'a', message: 'b' }] });
		await expect(poll({ statuses: '', options: { planActions: true, rejectionMap: map } }, first.staticData)).rejects.toThrow(/Rejection Map: Invalid rejection map: rules\[0\]\.actions\[0\]\.role/);
	});
});

describe('Brightflag Trigger: Fetch Test Event (manual mode)', () => {
	it('shows recent matching changes, falling back to the latest one of the past year', async () => {
		const p = await pollOnce({
			nodeTypes: { [TRIGGER]: new BrightflagTrigger() },
			type: TRIGGER,
			parameters: { statuses: 'REJECTED,DECLINED', options: {} } as never,
			credentials: { brightflagOAuth2Api: brightflagCredentials(sb.url) },
			credentialTypes: [new BrightflagOAuth2Api()],
			mode: 'manual',
		});
		const items = p.result![0];
		expect(items.length).toBeGreaterThanOrEqual(1);
		expect(items.length).toBeLessThanOrEqual(10);
		for (const i of items) expect(['REJECTED', 'DECLINED']).toContain(i.json.invoiceStatus);
		expect((items[0].json.reasons as Array<{ code: string }>).map((r) => r.code)).toEqual(['INVOICE_REJECTED']);
	});
});
