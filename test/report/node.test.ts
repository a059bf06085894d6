/**
 * The Legal Billing Report node in n8n's own execution engine: parameters as the templates set them
 * (lists from expressions, JSON text), the portal credential, Verify's two outputs, continue on fail.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { LegalBillingPortalApi } from '../../credentials/LegalBillingPortalApi.credentials';
import { signPortalToken } from '../../lib/report';
import { LegalBillingReport } from '../../nodes/LegalBillingReport/LegalBillingReport.node';
import { runNode } from '../helpers/n8n';

const TYPE = 'n8n-nodes-legal-billing.legalBillingReport';
const SECRET = 'node-test-portal-signing-secret-0123456789';
const credentials = { legalBillingPortalApi: { signingSecret: SECRET, baseUrl: 'https://n8n.firm.example/', portalPath: '/webhook/legal-billing/portal' } };
const run = (parameters: Record<string, unknown>, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new LegalBillingReport() }, type: TYPE, parameters: parameters as never, items, continueOnFail, credentials, credentialTypes: [new LegalBillingPortalApi()] });

const ledger = [
	{ invoiceNumber: 'INV-1', platform: 'legalTracker', status: 'submitted', clientId: 'ACME', clientMatterId: 'A-1', matter: '001', total: '100.10', periodEnd: '2026-10-31', loggedAt: '2026-11-01' },
	{ invoiceNumber: 'INV-2', platform: 'legalTracker', status: 'submitted', clientId: 'GLOBEX', clientMatterId: 'G-1', matter: '002', total: '200.20', periodEnd: '2026-10-31', loggedAt: '2026-11-01' },
];
const lt = [{ id: 7, invoiceNumber: 'INV-2', status: 'rejected', totalAmount: '200.20', statusDate: '2026-11-05', statusReasonCode: 'BLOCK_BILLING' }];

describe('Legal Billing Report node', () => {
	it('Render Dashboard: a page for Respond to Webhook, from lists and from JSON text; CSV when the query asks', async () => {
		const r = await run({ operation: 'renderDashboard', query: { client: '' }, ledgerRows: ledger, legalTrackerRows: JSON.stringify(lt), brightflagRows: '[]', warehouseRows: [], runRows: [{}], reviewRows: [{ error: 'no such table' }], alertRows: '[]', options: { now: '2026-11-20T00:00:00Z' } });
		expect(r.error).toBeUndefined();
		const j = r.outputs[0][0].json;
		expect(j).toMatchObject({ statusCode: 200, contentType: 'text/html; charset=utf-8', headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
		expect(String(j.body)).toContain('data-figure="billed">300.30<');
		expect(String(j.body)).toContain('data-figure="rejected">200.20<');
		expect(String(j.contentSecurityPolicy)).toMatch(/^default-src 'none'; style-src 'nonce-/);
		const csv = await run({ operation: 'renderDashboard', query: JSON.stringify({ format: 'csv', table: 'invoices' }), ledgerRows: ledger, legalTrackerRows: lt, options: {} });
		expect(csv.outputs[0][0].json).toMatchObject({ statusCode: 200, contentType: 'text/csv; charset=utf-8', headers: { 'Content-Disposition': 'attachment; filename="invoices.csv"' } });
	});

	it('Issue Portal Link → Verify Portal Token: valid to the first output with the client id; refused to the second with a 401/403 page', async () => {
		const issued = await run({ operation: 'issueLink', clientId: 'ACME', contact: 'gc@acme.example', ttlDays: 30 });
		const url = String(issued.outputs[0][0].json.url);
		expect(url).toMatch(/^https:\/\/n8n\.firm\.example\/webhook\/legal-billing\/portal\?token=ey/);
		const token = new URL(url).searchParams.get('token')!;
		const ok = await run({ operation: 'verifyToken', token });
		expect(ok.outputs[0].map((i) => i.json)).toEqual([expect.objectContaining({ valid: true, clientId: 'ACME', contact: 'gc@acme.example' })]);
		expect(ok.outputs[1]).toEqual([]);
		const bad = await run({ operation: 'verifyToken', token: token.slice(0, -2) + 'xx' });
		expect(bad.outputs[0]).toEqual([]);
		expect(bad.outputs[1][0].json).toMatchObject({ valid: false, reason: 'bad-signature', statusCode: 401 });
		expect(String(bad.outputs[1][0].json.body)).not.toMatch(/ACME|data-figure/);
	});

	it("Render Client Portal: the token's client only, whatever the query says; a bad token gives 401 and no data", async () => {
		const token = signPortalToken(SECRET, { clientId: 'ACME', ttlSeconds: 600 });
		const r = await run({ operation: 'renderPortal', token, query: { client: 'GLOBEX' }, ledgerRows: ledger, legalTrackerRows: lt, brightflagRows: [], warehouseRows: [], budgets: '[{"clientId":"ACME","amount":"1000"}]', classifications: '{}', firmName: 'H&F', options: {} });
		expect(r.error).toBeUndefined();
		const j = r.outputs[0][0].json;
		expect(j).toMatchObject({ statusCode: 200, verified: true, clientId: 'ACME' });
		expect(String(j.body)).toContain('data-figure="billed">100.10<');
		expect(String(j.body)).not.toMatch(/GLOBEX|INV-2/);
		const none = await run({ operation: 'renderPortal', token: '', ledgerRows: ledger, options: {} });
		expect(none.outputs[0][0].json).toMatchObject({ statusCode: 401, verified: false, clientId: '', refusal: 'missing' });
		expect(String(none.outputs[0][0].json.body)).not.toMatch(/ACME|GLOBEX|INV-/);
	});

	it('Export CSV: a dashboard table as a file; a bad period or parameter fails the item, or continues', async () => {
		const r = await run({ operation: 'exportCsv', table: 'summary', client: 'ACME', platform: '', period: '2026-10', binaryPropertyName: 'data', ledgerRows: ledger, legalTrackerRows: lt, options: {} });
		expect(r.outputs[0][0].json).toMatchObject({ table: 'summary', rows: 2 });
		expect(r.outputs[0][0].binary?.data).toMatchObject({ fileName: 'summary.csv', mimeType: 'text/csv' });
		const bad = await run({ operation: 'exportCsv', table: 'summary', period: 'last month', ledgerRows: ledger, options: {} });
		expect(bad.error?.message).toMatch(/Period "last month" ignored.*parameter "Period", item 0/);
		const cont = await run({ operation: 'renderDashboard', query: {}, ledgerRows: 42, options: {} }, [{ json: {} }], true);
		expect(cont.outputs[0][0].json.error).toMatch(/Parameter "ledgerRows" must be a list of rows \(item 0\)/);
	});

	it('a signing secret shorter than 32 characters fails with the credential named', async () => {
		const r = await runNode({ nodeTypes: { [TYPE]: new LegalBillingReport() }, type: TYPE, parameters: { operation: 'issueLink', clientId: 'A', ttlDays: 1 } as never, credentials: { legalBillingPortalApi: { signingSecret: 'short', baseUrl: 'http://x', portalPath: 'p' } }, credentialTypes: [new LegalBillingPortalApi()] });
		expect(r.error?.message).toMatch(/at least 32 characters/);
	});
});
