import { BrightflagOAuth2Api } from '../../credentials/BrightflagOAuth2Api.credentials';
import { Brightflag } from '../../nodes/Brightflag/Brightflag.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { BrightflagState } from '../../sandbox/vendors/brightflag';
import { runNode } from '../helpers/n8n';
import { brightflagCredentials } from './support';

const TYPE = 'n8n-nodes-legal-billing.brightflag';
let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-faults', size: 100 });
});
afterAll(async () => {
	await sb.close();
});

/** the first invoice summary (documented GET /api/v1/invoice-summary) */
function get(_id: number) {
	return runNode({
		nodeTypes: { [TYPE]: new Brightflag() },
		type: TYPE,
		parameters: { resource: 'invoice', operation: 'getMany', returnAll: false, limit: 1, pageSize: 1, filters: {} },
		credentials: { brightflagOAuth2Api: brightflagCredentials(sb.url) },
		credentialTypes: [new BrightflagOAuth2Api()],
	});
}

describe('Brightflag transport under injected faults', () => {
	// the summaries come in status-change order
	const id = () => [...(sb.state.brightflag as BrightflagState).invoices.values()].filter((i) => !i.isPreviousDraft).sort((a, b) => a.invoiceStatusChangeTimestamp.localeCompare(b.invoiceStatusChangeTimestamp) || a.invoiceID - b.invoiceID)[0].invoiceID;

	it('retries a dropped connection', async () => {
		sb.setFaults('brightflag', { script: ['drop', 'ok'] });
		const r = await get(id());
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json.invoiceID).toBe(id());
		expect(sb.context.faults('brightflag').stats.injected).toMatchObject({ drop: 1 });
	});

	it('retries a malformed (cut) body, and names the problem when it persists', async () => {
		sb.setFaults('brightflag', { script: ['malformed', 'ok'] });
		const r = await get(id());
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json.invoiceID).toBe(id());
		sb.setFaults('brightflag', { malformedRate: 1 });
		const bad = await get(id());
		expect(bad.error?.message).toMatch(/^Brightflag answered GET .*\/api\/v1\/invoice-summary.* with a body that is not valid JSON/);
		sb.setFaults('brightflag', {});
	});

	it('reports a revoked client clearly after one token re-issue', async () => {
		sb.setFaults('brightflag', { revokedTokens: true });
		const r = await get(id());
		expect(r.error?.message).toBe('Brightflag request failed (401): The access token was revoked [UNAUTHORIZED]');
		sb.setFaults('brightflag', {});
	});
});
