/**
 * Legal Tracker Trigger → Rejection Resolver → Legal Tracker (Submit), each in n8n's own engine,
 * against the Legal Tracker simulator over HTTP: the seeded cases come in through the trigger, the
 * node resolves them with the invoice file as binary data, and its resubmit items go out through
 * the Legal Tracker node as they are (binary `data`), accepted by the simulator.
 */
import axios from 'axios';
import type { INodeExecutionData } from 'n8n-workflow';
import { LegalTrackerOAuth2Api } from '../../credentials/LegalTrackerOAuth2Api.credentials';
import { LegalTracker } from '../../nodes/LegalTracker/LegalTracker.node';
import { LegalTrackerTrigger } from '../../nodes/LegalTracker/LegalTrackerTrigger.node';
import { RejectionResolver } from '../../nodes/RejectionResolver/RejectionResolver.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { CaseGuidelines, RejectionCase } from '../../sandbox/vendors/legaltracker/rejection-cases';
import { LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID } from '../../sandbox/vendors/legaltracker/state';
import { legalTrackerCredentials } from '../brightflag/support';
import { TEST_NOW } from '../helpers/dates';
import { pollOnce, runNode } from '../helpers/n8n';
import { clientMapping, clientRuleSets } from './firm';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
	sb.reset({ now: TEST_NOW });
});
afterAll(async () => {
	await sb.close();
});

const creds = () => ({ credentials: { legalTrackerOAuth2Api: legalTrackerCredentials(sb.url) }, credentialTypes: [new LegalTrackerOAuth2Api()] });

it('trigger → resolver → submit: every fixable rejection resubmitted once, the rest to a person', async () => {
	const seeded = (await axios.post(`${sb.url}/_admin/legaltracker/rejection-cases`)).data as { cases: RejectionCase[]; guidelines: CaseGuidelines[] };
	const startFrom = new Date(Date.parse(TEST_NOW) - 60_000).toISOString();
	const TRIGGER = 'n8n-nodes-legal-billing.legalTrackerTrigger';
	const polled = await pollOnce({ nodeTypes: { [TRIGGER]: new LegalTrackerTrigger() }, type: TRIGGER, parameters: { statuses: ['approved', 'rejected', 'disputed'], options: { startFrom } } as never, ...creds() });
	const items = polled.result![0];
	expect(items.map((i) => i.json.invoiceNumber).sort()).toEqual(seeded.cases.map((c) => c.invoiceNumber).sort());
	// the file the firm sent, as the template downloads it (invoiceFileInfo.downloadLink)
	const token = (await axios.post(`${sb.url}/_admin/tokens`, { vendor: 'legaltracker' })).data.access_token;
	const withFiles: INodeExecutionData[] = [];
	for (const item of items) {
		const inv = (sb.state.legaltracker as { invoices: Map<number, { invoiceFileKey: string | null }> }).invoices.get(Number(item.json.id))!;
		const file = await axios.get(`${sb.url}/legaltracker/efiles-download/${inv.invoiceFileKey}`, { headers: { Authorization: `Bearer ${token}` }, responseType: 'arraybuffer' });
		withFiles.push({ json: item.json, binary: { data: { data: Buffer.from(file.data).toString('base64'), mimeType: 'text/plain', fileName: 'invoice.txt' } } });
	}
	const RESOLVER = 'n8n-nodes-legal-billing.rejectionResolver';
	const resolved = await runNode({
		nodeTypes: { [RESOLVER]: new RejectionResolver() },
		type: RESOLVER,
		parameters: { resource: 'rejection', operation: 'resolve', mode: 'resubmit', matter: '={{ $json.matterId }}', ruleSetSource: 'json', ruleSet: JSON.stringify(clientRuleSets(seeded.guidelines)), mappingTable: JSON.stringify(clientMapping(seeded.guidelines)) },
		items: withFiles,
	});
	expect(resolved.error).toBeUndefined();
	const out = resolved.outputs[0];
	const byNumber = new Map(out.map((i) => [String(i.json.invoiceNumber), i]));
	for (const c of seeded.cases) {
		const expected = c.kind === 'adjustment' ? (c.fixable ? 'acceptAdjustment' : 'person') : c.fixable ? 'resubmit' : 'person';
		expect({ case: c.key, outcome: byNumber.get(c.invoiceNumber)?.json.outcome }).toEqual({ case: c.key, outcome: expected });
	}
	const toSend = out.filter((i) => i.json.outcome === 'resubmit');
	const LT = 'n8n-nodes-legal-billing.legalTracker';
	const sent = await runNode({
		nodeTypes: { [LT]: new LegalTracker() },
		type: LT,
		parameters: { resource: 'invoice', operation: 'submit', firmId: String(LT_FIRM_ID), firmOfficeId: String(LT_FIRM_OFFICE_ID), typeId: String(LT_INVOICE_TYPE_ID), binaryPropertyName: 'data', matterId: '={{ $json.matter }}', additionalFields: { skipIfExists: true } },
		items: toSend,
		...creds(),
	});
	expect(sent.error).toBeUndefined();
	expect(sent.outputs[0].map((i) => [i.json.invoiceNumber, i.json.status])).toEqual(toSend.map((i) => [i.json.newInvoiceNumber, 'pending']));
	expect(toSend).toHaveLength(seeded.cases.filter((c) => c.fixable && c.kind === 'rejection').length);
});
