/**
 * On-demand check of the Clio node and trigger inside a REAL n8n (2.40.7 on Node 24, the stack of
 * scripts/n8n-runner.ts with the sandbox). Not part of `npm test` (it starts n8n: ~1 min, and waits
 * two poll minutes). Run: `npx tsx test/clio/real-n8n-check.ts` — exits non-zero on any failure.
 *
 * 1. Clio node, Activity Get Many with canonical output, run in the server.
 * 2. Webhook mode: activation subscribes (handshake echoed or enabled with the shared secret,
 *    expiry at the maximum), a change in Clio → signed delivery → a successful execution,
 *    deactivation deletes the subscription.
 * 3. Polling mode: activation registers no webhook; a new entry is emitted by the next poll.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { startStack } from '../../scripts/n8n-runner';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DAY = 24 * 3600e3;
let failures = 0;
const check = (ok: boolean, what: string, detail: unknown = '') => {
	if (!ok) failures++;
	process.stderr.write(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : ` — ${JSON.stringify(detail).slice(0, 500)}`}\n`);
};

async function main() {
	const userFolder = join(tmpdir(), `clio-real-n8n-${process.pid}`);
	const stack = await startStack({ userFolder, fresh: true, build: 'ifStale', importTemplates: false, log: (m) => process.stderr.write(`  ${m}\n`) });
	try {
		const sandbox = stack.sandboxUrl!;
		await stack.api.login(stack.owner);
		const cred = stack.credentials.find((c) => c.type === 'clioOAuth2Api')!;
		const node = (name: string, type: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
			id: name,
			name,
			type: `n8n-nodes-legal-billing.${type}`,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { clioOAuth2Api: { id: cred.id, name: cred.name } },
			...extra,
		});
		const executions = async (workflowId: string) => {
			const r = await stack.api.get<{ data?: { results: Array<{ id: string; status: string }> }; results?: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) });
			return (r.data ?? r).results ?? [];
		};
		const token = async () => (await axios.post(`${sandbox}/_admin/tokens`, { vendor: 'clio' })).data.access_token as string;
		const newEntry = async (note: string) =>
			(await axios.post(`${sandbox}/clio/api/v4/activities.json`, { data: { type: 'TimeEntry', date: '2026-11-27', quantity: 720, note } }, { headers: { Authorization: `Bearer ${await token()}` }, params: { fields: 'id' } })).data.data.id as number;
		const hooks = async () => (await axios.get(`${sandbox}/_admin/clio/webhooks`)).data.data as Array<{ status: string; expires_at: string }>;

		// 1. node
		const a = await stack.importWorkflow({
			name: 'clio check: node',
			nodes: [{ id: 'm', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, node('Clio', 'clio', { resource: 'activity', operation: 'getAll', returnAll: false, limit: 3, filters: {}, options: { canonical: true } })],
			connections: { Manual: { main: [[{ node: 'Clio', type: 'main', index: 0 }]] } },
		} as never);
		const ra = await stack.runInServer(a);
		const out = stack.nodeOutput(ra, 'Clio');
		check(ra.ok && out.length === 3 && String(out[0].id).startsWith('clio:activity:'), 'node: canonical Get Many in n8n', ra.run?.data.resultData.error ?? out);

		// 2. webhook mode (a webhookId as the editor gives trigger nodes)
		const b = await stack.importWorkflow({ name: 'clio check: webhook', nodes: [node('Clio Trigger', 'clioTrigger', { mode: 'webhook', model: 'activity', events: ['created'], options: {} }, { webhookId: '6f1c2a55-1b7e-4c55-9d43-2a0f1e5b7c11' })], connections: {} } as never);
		await stack.activate(b);
		await sleep(1500);
		const hb = await hooks();
		const now = Date.parse((await axios.get(`${sandbox}/_admin/clock`)).data.now);
		check(hb.length === 1 && hb[0].status === 'enabled', 'webhook: subscribed and enabled', hb);
		check(hb.length === 1 && Date.parse(hb[0].expires_at) - now > 30 * DAY, 'webhook: expiry at the maximum', hb);
		await newEntry('real n8n webhook check');
		await sleep(3000);
		const eb = await executions(b);
		check(eb.length === 1 && eb[0].status === 'success', 'webhook: signed delivery ran the workflow', eb);
		await stack.deactivate(b);
		await sleep(3000);
		check((await hooks()).length === 0, 'webhook: deleted on deactivation');

		// 3. polling mode
		const c = await stack.importWorkflow({ name: 'clio check: polling', nodes: [node('Clio Trigger', 'clioTrigger', { mode: 'polling', resource: 'activity', options: {}, pollTimes: { item: [{ mode: 'everyMinute' }] } })], connections: {} } as never);
		await stack.activate(c);
		await sleep(1000);
		check((await hooks()).length === 0, 'polling: no webhook registered');
		await sleep(62_000); // first poll: cursor
		const made = await newEntry('real n8n polling check');
		await sleep(62_000); // next poll emits it
		const ec = await executions(c);
		const full = ec[0] ? JSON.stringify(await stack.api.get(`/rest/executions/${ec[0].id}`)) : '';
		check(ec.length === 1 && full.includes(String(made)), 'polling: new entry emitted by the next poll', ec);
		await stack.deactivate(c);
	} finally {
		await stack.stop();
		rmSync(userFolder, { recursive: true, force: true });
	}
	process.stderr.write(failures ? `${failures} check(s) failed\n` : 'all checks passed\n');
	process.exit(failures ? 1 : 0);
}

main().catch((e) => {
	process.stderr.write(`${(e as Error).stack}\n`);
	process.exit(1);
});
