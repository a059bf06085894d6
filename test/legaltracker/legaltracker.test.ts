import axios from 'axios';
import { LegalTrackerOAuth2Api } from '../../credentials/LegalTrackerOAuth2Api.credentials';
import { LegalTracker } from '../../nodes/LegalTracker/LegalTracker.node';
import { LegalTrackerTrigger } from '../../nodes/LegalTracker/LegalTrackerTrigger.node';
import { buildInvoiceFilter } from '../../nodes/LegalTracker/actions/invoice/getMany.operation';
import { startSandbox, type Sandbox } from '../../sandbox';
import { LT_COMPANY_ID, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID, type LegalTrackerState } from '../../sandbox/vendors/legaltracker';
import { binaryItem, firmInvoice, ledesText, legalTrackerCredentials } from '../brightflag/support';
import { pollOnce, runNode } from '../helpers/n8n';

const TYPE = 'n8n-nodes-legal-billing.legalTracker';
/** the sandbox firm's Legal Tracker ids, which POST /invoices requires (vendor-specs/legaltracker/facts.md:68) */
const IDS = { firmId: String(LT_FIRM_ID), firmOfficeId: String(LT_FIRM_OFFICE_ID), typeId: String(LT_INVOICE_TYPE_ID) };
const TRIGGER = 'n8n-nodes-legal-billing.legalTrackerTrigger';
let sb: Sandbox;
const lt = () => sb.state.legaltracker as LegalTrackerState;

function run(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}, creds = legalTrackerCredentials(sb.url)) {
	return runNode({
		nodeTypes: { [TYPE]: new LegalTracker() },
		type: TYPE,
		parameters: parameters as never,
		credentials: { legalTrackerOAuth2Api: creds },
		credentialTypes: [new LegalTrackerOAuth2Api()],
		...extra,
	});
}

function poll(parameters: Record<string, unknown>, staticData: Record<string, unknown> = {}) {
	return pollOnce({
		nodeTypes: { [TRIGGER]: new LegalTrackerTrigger() },
		type: TRIGGER,
		parameters: parameters as never,
		credentials: { legalTrackerOAuth2Api: legalTrackerCredentials(sb.url) },
		credentialTypes: [new LegalTrackerOAuth2Api()],
		staticData: staticData as never,
	});
}

/** the LT matter id of the seeded matter a firmInvoice() was built for */
function ltMatterFor(clientMatterId: string): number {
	return [...lt().matters.values()].find((m) => m.clientMatterId === clientMatterId)!.matterId;
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-lt', size: 400 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

describe('Legal Tracker node: submit', () => {
	it('uploads through eFiles and posts the invoice with the file key, in one operation', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-1');
		const matterId = ltMatterFor(clientMatterId);
		const r = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: String(matterId), additionalFields: { currency: 'usd' } }, { items: [binaryItem(ledesText(invoice))] });
		expect(r.error).toBeUndefined();
		const out = r.outputs[0][0].json as Record<string, any>;
		expect(out).toMatchObject({ invoiceNumber: 'T-LT-1', status: 'pending', matterId, currency: 'USD', totalAmount: '1530.00', isLedes: true, format: '1998B' });
		expect(out.invoiceFileKey).toMatch(/^efile-/);
		const files = (await axios.get(`${sb.url}/_admin/legaltracker/files`)).data.data;
		expect(out.invoiceId).toBeUndefined(); // Legal Tracker names the invoice id `id` (facts.md:60)
		expect(files.find((f: any) => f.fileKey === out.invoiceFileKey)).toMatchObject({ uploaded: true, usedBy: out.id });
		const posted = (await axios.get(`${sb.url}/_admin/legaltracker/invoices`)).data.data.find((i: any) => i.id === out.id);
		expect(posted).toMatchObject({ firmId: LT_FIRM_ID, firmOfficeID: LT_FIRM_OFFICE_ID, typeId: LT_INVOICE_TYPE_ID });
		const missingIds = await run({ resource: 'invoice', operation: 'submit', ...IDS, typeId: ' ', binaryPropertyName: 'data', matterId: String(matterId), additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(missingIds.error?.message).toBe('"Invoice Type ID" is empty');
		const kinds = (await axios.get(`${sb.url}/_admin/legaltracker/received`)).data.data.map((e: any) => e.kind);
		expect(kinds).toEqual(['efile-upload', 'ledes-file', 'invoice']);
	});

	it('reports Legal Tracker posting errors for a bad LEDES file, and refuses a non-LEDES file', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-2');
		const matterId = String(ltMatterFor(clientMatterId));
		// line 2's total no longer equals units × cost (006) and its date is not YYYYMMDD (003)
		const lines = ledesText(invoice).split('\r\n');
		const f = lines[3].split('|');
		f[12] = '999.00';
		f[13] = '2026-10-03';
		lines[3] = f.join('|');
		const r = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId, additionalFields: {} }, { items: [binaryItem(lines.join('\r\n'))] });
		expect(r.error?.message).toMatch(/^Legal Tracker request failed \(422\): The LEDES file could not be posted/);
		expect(r.error?.message).toContain('003 line 4 LINE_ITEM_DATE');
		expect(r.error?.message).toContain('006 line 4');
		const notLedes = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId, additionalFields: {} }, { items: [binaryItem('%PDF-1.4 not a ledes file', 'invoice.pdf')] });
		expect(notLedes.error?.message).toBe('The file in binary field "data" is not a LEDES file');
		const noBinary = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId, additionalFields: {} }, { items: [{ json: {} }] });
		expect(noBinary.error?.message).toMatch(/binary/i);
	});

	it('needs a Company ID', async () => {
		const r = await run({ resource: 'invoice', operation: 'get', invoiceId: '910001', expand: [] }, {}, legalTrackerCredentials(sb.url, ''));
		expect(r.error?.message).toBe('The Legal Tracker credential has no Company ID');
		const wrong = await run({ resource: 'invoice', operation: 'get', invoiceId: '910001', expand: [] }, {}, legalTrackerCredentials(sb.url, '99999'));
		expect(wrong.error?.message).toBe('Legal Tracker request failed (403): Company-ID "99999" is not a company this client may access');
	});
});

describe('Legal Tracker node: read', () => {
	it('gets an invoice with its adjustments; unknown ids fail clearly', async () => {
		const adjusted = [...lt().invoices.values()].find((i) => i.adjustments.length > 0)!;
		const r = await run({ resource: 'invoice', operation: 'get', invoiceId: String(adjusted.invoiceId), expand: ['adjustments'] });
		const json = r.outputs[0][0].json as Record<string, any>;
		expect(json.adjustments).toHaveLength(adjusted.adjustments.length);
		expect(json.adjustments[0]).toMatchObject({ reasonCode: adjusted.adjustments[0].reasonCode, amount: adjusted.adjustments[0].amount, lineItemNumber: String(adjusted.adjustments[0].lineItemNumber) });
		expect(json.id).toBe(adjusted.invoiceId);
		const plain = await run({ resource: 'invoice', operation: 'get', invoiceId: String(adjusted.invoiceId), expand: [] });
		expect(plain.outputs[0][0].json.adjustments).toBeUndefined();
		const missing = await run({ resource: 'invoice', operation: 'get', invoiceId: '42', expand: [] });
		expect(missing.error?.message).toBe('Legal Tracker request failed (404): Invoice 42 was not found');
	});

	it('builds OData filters, pages with $top/$skip, and expands adjustments', async () => {
		const all = [...lt().invoices.values()];
		expect(all.length).toBeGreaterThan(10);
		const every = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, conditions: {}, combine: 'and', options: { pageSize: 4 } });
		expect(every.outputs[0].map((i) => i.json.id)).toEqual(all.map((i) => i.invoiceId).sort((a, b) => a - b));
		const approved = all.filter((i) => i.status === 'approved');
		const f = await run({
			resource: 'invoice',
			operation: 'getMany',
			returnAll: true,
			conditions: { condition: [{ field: 'status', operator: 'eq', value: 'approved' }] },
			combine: 'and',
			options: { expand: ['adjustments'], orderBy: 'totalAmount desc', pageSize: 3 },
		});
		expect(f.outputs[0]).toHaveLength(approved.length);
		const totals = f.outputs[0].map((i) => Number(i.json.totalAmount));
		expect([...totals].sort((a, b) => b - a)).toEqual(totals);
		expect(f.outputs[0].filter((i) => (i.json.adjustments as unknown[]).length > 0).length).toBe(approved.filter((i) => i.adjustments.length).length);
		const cut = all.map((i) => i.invoiceDate).sort()[Math.floor(all.length / 2)];
		const combo = await run({
			resource: 'invoice',
			operation: 'getMany',
			returnAll: false,
			limit: 100,
			conditions: { condition: [{ field: 'invoiceDate', operator: 'ge', value: cut }] },
			combine: 'and',
			options: { rawFilter: "status ne 'approved'", select: 'id, status, invoiceDate' },
		});
		const want = all.filter((i) => i.invoiceDate >= cut && i.status !== 'approved');
		expect(combo.outputs[0].map((i) => i.json.id).sort()).toEqual(want.map((i) => i.invoiceId).sort());
		expect(Object.keys(combo.outputs[0][0].json).sort()).toEqual(['id', 'invoiceDate', 'status']);
		const limited = await run({ resource: 'invoice', operation: 'getMany', returnAll: false, limit: 5, conditions: {}, combine: 'and', options: { skip: 2, pageSize: 2 } });
		expect(limited.outputs[0].map((i) => i.json.id)).toEqual(all.map((i) => i.invoiceId).sort((a, b) => a - b).slice(2, 7));
		const bad = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, conditions: {}, combine: 'and', options: { rawFilter: 'status eq' } });
		expect(bad.error?.message).toBe('Legal Tracker request failed (400): Invalid $filter: unexpected end of $filter');
		const badValue = await run({ resource: 'invoice', operation: 'getMany', returnAll: true, conditions: { condition: [{ field: 'totalAmount', operator: 'gt', value: '1,000' }] }, combine: 'and', options: {} });
		expect(badValue.error?.message).toBe('Invalid filter: condition 1 (totalAmount): "1,000" is not a number');
	});

	it('writes OData literals safely', () => {
		expect(buildInvoiceFilter([{ field: 'invoiceNumber', operator: 'eq', value: "O'Brien" }, { field: 'status', operator: 'ne', value: 'rejected' }], 'or', '')).toBe("(invoiceNumber eq 'O''Brien') or (status ne 'rejected')");
		expect(buildInvoiceFilter([], 'and', "status eq 'approved'")).toBe("status eq 'approved'");
		expect(buildInvoiceFilter([{ field: 'statusDate', operator: 'ge', value: '2026-11-01T00:00:00Z' }], 'and', 'totalAmount gt 5')).toBe('(statusDate ge 2026-11-01T00:00:00Z) and (totalAmount gt 5)');
	});

	it('gets matters, always sending $select', async () => {
		const all = [...lt().matters.values()];
		const r = await run({ resource: 'matter', operation: 'getMany', returnAll: true, fields: [], options: {} });
		expect(r.outputs[0]).toHaveLength(all.length);
		// the official $select names (facts.md:51)
		expect(Object.keys(r.outputs[0][0].json)).toEqual(['id', 'clientMatterName', 'clientMatterNumber', 'status', 'matterType', 'substantiveLaw', 'countryOrRegion', 'state', 'leadCompanyPersonEmail']);
		const some = await run({ resource: 'matter', operation: 'getMany', returnAll: false, limit: 2, fields: ['id', 'clientMatterName'], options: { filter: "status eq 'open'" } });
		expect(some.outputs[0]).toHaveLength(2);
		expect(Object.keys(some.outputs[0][0].json).sort()).toEqual(['clientMatterName', 'id']);
		// the platform itself refuses /matters without $select
		const token = sb.issueToken('legaltracker').access_token;
		const raw = await axios.get(`${sb.url}/legaltracker/billing-api/v1/matters`, { headers: { Authorization: `Bearer ${token}`, 'Company-ID': LT_COMPANY_ID, 'X-Sandbox-Contract': 'expect-violation' }, validateStatus: () => true });
		expect(raw.status).toBe(400);
	});

	it('re-issues the token when it expired, and retries 5xx and 429 (Retry-After as an HTTP date)', async () => {
		const first = await run({ resource: 'matter', operation: 'getMany', returnAll: false, limit: 1, fields: [], options: {} });
		const token = (first.credentials.legalTrackerOAuth2Api.oauthTokenData as { access_token: string }).access_token;
		await axios.post(`${sb.url}/_admin/tokens/revoke`, { vendor: 'legaltracker', token, expire: true });
		sb.setFaults('legaltracker', { script: ['ok', 502, 429, 'ok'], retryAfterSeconds: 1, retryAfterFormat: 'http-date' });
		const second = await run({ resource: 'matter', operation: 'getMany', returnAll: false, limit: 1, fields: [], options: {} }, {}, first.credentials.legalTrackerOAuth2Api as ReturnType<typeof legalTrackerCredentials>);
		expect(second.error).toBeUndefined();
		expect(second.outputs[0]).toHaveLength(1);
		expect((second.credentials.legalTrackerOAuth2Api.oauthTokenData as { access_token: string }).access_token).not.toBe(token);
		expect(sb.context.faults('legaltracker').stats.injected).toMatchObject({ '502': 1, '429': 1 });
	});
});

describe('Legal Tracker Trigger', () => {
	it('emits approved/rejected/disputed changes once, with adjustments and reasons', async () => {
		const first = await poll({ statuses: ['approved', 'rejected', 'disputed'], options: { startFrom: '2020-01-01T00:00:00Z' } });
		const all = [...lt().invoices.values()];
		const wanted = all.filter((i) => i.status !== 'pending');
		expect(first.result![0]).toHaveLength(wanted.length);
		const rejected = first.result![0].find((i) => i.json.status === 'rejected')!.json as Record<string, any>;
		expect(rejected.reasons[0]).toMatchObject({ platform: 'legalTracker', kind: 'rejection', code: 'NARRATIVE_TOO_SHORT' });
		const withAdj = first.result![0].find((i) => (i.json.adjustments as unknown[]).length > 0)!.json as Record<string, any>;
		expect(withAdj.reasons.filter((r: any) => r.kind === 'adjustment')).toHaveLength(withAdj.adjustments.length);
		expect(await poll({ statuses: ['approved', 'rejected', 'disputed'], options: {} }, first.staticData).then((p) => p.result)).toBeNull();

		// the client's reviewer adjusts a submitted invoice and rejects another
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-9');
		const submitted = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: String(ltMatterFor(clientMatterId)), additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		const id = submitted.outputs[0][0].json.id;
		const pendingOne = all.find((i) => i.status === 'pending')!;
		sb.clock.advance(2000);
		await axios.post(`${sb.url}/_admin/legaltracker/invoices/${id}/review`, { action: 'adjust', adjustments: [{ lineItemNumber: 3, amount: '-480.00', reasonCode: 'BLOCK_BILLING', comment: 'split the entry' }] });
		await axios.post(`${sb.url}/_admin/legaltracker/invoices/${pendingOne.invoiceId}/review`, { action: 'dispute', reasonCode: 'RATE_ABOVE_APPROVED' });
		const next = await poll({ statuses: ['approved', 'rejected', 'disputed'], options: { planActions: true } }, first.staticData);
		const got = next.result![0].map((i) => i.json);
		expect((got[0].plan as any).resolved).toEqual([{ ruleId: 'block-billing', code: 'BLOCK_BILLING', lineItemNumber: 3 }]);
		expect((got[1].plan as any).resolved[0]).toMatchObject({ ruleId: 'rate-above-approved', code: 'RATE_ABOVE_APPROVED' });
		expect(got.map((j) => j.id)).toEqual([id, pendingOne.invoiceId]);
		expect(got[0]).toMatchObject({ status: 'approved', approvedAmount: '1050.00' });
		expect((got[0].reasons as any[])[0]).toMatchObject({ kind: 'adjustment', code: 'BLOCK_BILLING', lineItemNumber: 3, amount: '-480.00', comment: 'split the entry', invoiceNumber: 'T-LT-9' });
		expect(got[1]).toMatchObject({ status: 'disputed', statusReasonCode: 'RATE_ABOVE_APPROVED' });
	});
});

describe('Legal Tracker node: submit, reconciling a lost answer (issue 13 item 2)', () => {
	it('with "Skip If Already on Legal Tracker" a cut answer is settled by asking by invoice number: the invoice exists once, never twice', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-30');
		const matterId = String(ltMatterFor(clientMatterId));
		const params = { resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId, additionalFields: { skipIfExists: true } };
		const count = async () => (await axios.get(`${sb.url}/_admin/legaltracker/invoices`)).data.data.filter((i: any) => i.invoiceNumber === 'T-LT-30').length;
		// the invoice is created but its answer is cut: the outcome cannot be known (the first request
		// on the path is the "already there?" read, the second the POST)
		sb.setFaults('legaltracker', { script: ['ok', 'malformed'], paths: ['^/billing-api/v1/invoices$'] });
		const lost = await run(params, { items: [binaryItem(ledesText(invoice))] });
		sb.setFaults('legaltracker', {});
		expect(lost.error?.message).toMatch(/may have been created/);
		expect(await count()).toBe(1);
		// the next run asks first: Legal Tracker has it, nothing is submitted again
		const again = await run(params, { items: [binaryItem(ledesText(invoice))] });
		expect(again.error).toBeUndefined();
		expect(again.outputs[0][0].json).toMatchObject({ invoiceNumber: 'T-LT-30', outcome: 'exists' });
		expect(await count()).toBe(1);
		// without the option the platform's own duplicate check is all that stands between: a refusal
		const plain = await run({ ...params, additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(plain.error?.message).toMatch(/Legal Tracker request failed \(409\)/);
		expect(await count()).toBe(1);
	});
});

describe('Legal Tracker node: submit without a matter id', () => {
	it("finds the matter by the file's CLIENT_MATTER_ID", async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-20', { matterIndex: 1 });
		const r = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: '', additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json.matterId).toBe(ltMatterFor(clientMatterId));
		const lines = ledesText(invoice).split('\r\n');
		const f = lines[2].split('|');
		f[23] = 'NO-SUCH-MATTER';
		lines[2] = f.join('|');
		const bad = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: '', additionalFields: {} }, { items: [binaryItem(lines.join('\r\n'))] });
		expect(bad.error?.message).toMatch(/does not name exactly one CLIENT_MATTER_ID/);
	});
});

describe('Legal Tracker Trigger: Fetch Test Event (manual mode)', () => {
	it('shows the latest matching change even when nothing changed recently', async () => {
		const p = await pollOnce({
			nodeTypes: { [TRIGGER]: new LegalTrackerTrigger() },
			type: TRIGGER,
			parameters: { statuses: ['disputed'], options: {} } as never,
			credentials: { legalTrackerOAuth2Api: legalTrackerCredentials(sb.url) },
			credentialTypes: [new LegalTrackerOAuth2Api()],
			mode: 'manual',
		});
		expect(p.result![0]).toHaveLength(1);
		expect(p.result![0][0].json).toMatchObject({ status: 'disputed', statusReasonCode: 'RATE_ABOVE_APPROVED' });
	});
});

describe('Legal Tracker node: no duplicate invoices', () => {
	it('does not retry the invoice POST on a 5xx or a dropped connection (it may have gone through)', async () => {
		const { invoice, clientMatterId } = firmInvoice(sb.firm, 'legaltracker', 'T-LT-30');
		const before = lt().invoices.size;
		sb.setFaults('legaltracker', { script: ['ok', 'ok', 503] });
		const r = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: String(ltMatterFor(clientMatterId)), additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(r.error?.message).toMatch(/^Legal Tracker request outcome unknown \(503\): .+ — it may have been created/);
		expect(r.error?.description).not.toMatch(/retries/);
		sb.setFaults('legaltracker', { script: ['ok', 'ok', 'drop'] });
		const dropped = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: String(ltMatterFor(clientMatterId)), additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(dropped.error).toBeDefined();
		expect(lt().invoices.size).toBe(before);
		sb.setFaults('legaltracker', { script: ['ok', 'ok', 429, 'ok'], retryAfterSeconds: 1 });
		const limited = await run({ resource: 'invoice', operation: 'submit', ...IDS, binaryPropertyName: 'data', matterId: String(ltMatterFor(clientMatterId)), additionalFields: {} }, { items: [binaryItem(ledesText(invoice))] });
		expect(limited.error).toBeUndefined();
		expect(lt().invoices.size).toBe(before + 1);
		sb.setFaults('legaltracker', {});
	});
});
