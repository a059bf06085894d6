/**
 * The running n8n (2.40.7) loads the pack as a community package: every node under
 * `n8n-nodes-legal-billing.<name>`, every credential type, and each ACTION node is offered as an
 * AI-agent tool (n8n generates a `<name>Tool` variant only for nodes with `usableAsTool`).
 * Triggers must not be tools.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2e, type E2e } from './helpers';

const PKG = 'n8n-nodes-legal-billing';
const ACTION_NODES = ['ledes', 'utbms', 'ocgCompliance', 'clio', 'actionstep', 'brightflag', 'legalTracker', 'rejectionResolver', 'legalBillingReport', 'billingLedger'];
const TRIGGER_NODES = ['clioTrigger', 'actionstepTrigger', 'brightflagTrigger', 'legalTrackerTrigger'];
const CREDENTIALS = ['clioOAuth2Api', 'actionstepOAuth2Api', 'brightflagOAuth2Api', 'legalTrackerOAuth2Api', 'legalBillingPortalApi'];
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };

interface NodeTypeDescription {
	name: string;
	displayName: string;
	usableAsTool?: boolean;
	codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
	outputs?: unknown;
}

describe('the pack in a running n8n', () => {
	let t: E2e;
	let types: NodeTypeDescription[];
	let names: Set<string>;

	beforeAll(async () => {
		t = await e2e();
		const res = await t.api.http.get('/types/nodes.json');
		expect(res.status).toBe(200);
		types = res.data as NodeTypeDescription[];
		names = new Set(types.map((d) => d.name));
	});

	it('checks every node and credential the package registers (the lists above are complete)', () => {
		expect(ACTION_NODES.length + TRIGGER_NODES.length).toBe(pkg.n8n.nodes.length);
		expect(CREDENTIALS.length).toBe(pkg.n8n.credentials.length);
	});

	it('loads every node of the pack under the package name', () => {
		const ours = [...names].filter((n) => n.startsWith(`${PKG}.`)).sort();
		const missing = [...ACTION_NODES, ...TRIGGER_NODES].filter((n) => !names.has(`${PKG}.${n}`));
		expect({ missing, loadedCount: ours.length >= ACTION_NODES.length + TRIGGER_NODES.length }).toEqual({
			missing: [],
			loadedCount: true,
		});
	});

	it.each(ACTION_NODES)('offers %s as an AI-agent tool (its Tool variant is a loaded node type)', (name) => {
		const tool = types.find((d) => d.name === `${PKG}.${name}Tool`);
		expect(tool).toBeDefined();
		// n8n's generated tool variant outputs an ai_tool connection.
		expect(JSON.stringify(tool!.outputs)).toContain('ai_tool');
	});

	it.each(TRIGGER_NODES)('does not offer the trigger %s as a tool', (name) => {
		expect(names.has(`${PKG}.${name}Tool`)).toBe(false);
	});

	it('loads every credential type of the pack', async () => {
		const res = await t.api.http.get('/types/credentials.json');
		expect(res.status).toBe(200);
		const credNames = new Set((res.data as Array<{ name: string }>).map((c) => c.name));
		expect(CREDENTIALS.filter((c) => !credNames.has(c))).toEqual([]);
	});

	it('imported the sandbox credentials and every template', async () => {
		const creds = await t.api.get<Array<{ id: string; type: string }>>('/rest/credentials');
		// one sandbox credential per vendor; the portal's signing credential is made by the dashboard setup
		const vendorCredentials = CREDENTIALS.filter((type) => type !== 'legalBillingPortalApi');
		expect(vendorCredentials.filter((type) => !creds.some((c) => c.type === type))).toEqual([]);
		const wfs = await t.api.get<Array<{ id: string; name: string }>>('/rest/workflows');
		const ids = new Set(wfs.map((w) => w.id));
		for (const [file, w] of Object.entries(t.templates)) expect({ file, imported: ids.has(w.id) }).toEqual({ file, imported: true });
	});
});
