/**
 * Template 4, "real-time entry check", in real n8n: activated, its Clio Trigger subscribes a
 * webhook in the Clio sandbox (handshake + signed deliveries). A new time entry that breaks the
 * client's guidelines is flagged back in Clio (its Reference names the guideline sections) and its
 * timekeeper is notified once with the guideline references, even though the flag itself makes
 * Clio send another "updated" event.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firmDate, TEST_NOW } from '../helpers/dates';
import { e2e, loadTemplate, sandboxNow, sandboxToken, withAssignments, withParams, type E2e } from './helpers';

const FILE = '04-realtime-entry-check.json';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('template: real-time entry check', () => {
	let t: E2e;
	let server: Server;
	let workflowId: string;
	const received: Array<Record<string, unknown>> = [];
	let clio: (method: 'get' | 'post' | 'patch', path: string, body?: unknown, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now: TEST_NOW }); // the seeded firm at a pinned date, whatever ran before
		const app = express();
		app.use(express.json());
		app.post('/notify', (req, res) => {
			received.push(req.body as Record<string, unknown>);
			res.json({ ok: true });
		});
		server = await new Promise<Server>((resolve) => {
			const s = app.listen(0, '127.0.0.1', () => resolve(s));
		});
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
		// "today" for the guidelines is the sandbox clock's date (the template's default is n8n's $today)
		const wf = withAssignments(loadTemplate(FILE), 'Notification settings', { notifyWebhookUrl: url });
		const ocg = wf.nodes.find((n) => n.name === 'OCG check')!;
		workflowId = await t.importWorkflow(withParams(wf, 'OCG check', { options: { ...(ocg.parameters.options as object), today: firmDate(TEST_NOW) } }));
		const token = await sandboxToken(t, 'clio');
		clio = async (method, path, body, params) => {
			const res = await t.sandbox.request({ method, url: `/clio/api/v4${path}`, data: body, params, headers: { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' } });
			if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.data)}`);
			return res.data as Record<string, unknown>;
		};
	});

	afterAll(async () => {
		await t.deactivate(workflowId).catch(() => undefined);
		await new Promise((r) => server?.close(r));
	});

	const executions = async () =>
		(await t.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) })).results;

	it('subscribes a Clio webhook on activation', async () => {
		const before = ((await clio('get', '/webhooks.json', undefined, { fields: 'id,url,status' })).data as unknown[]).length;
		await t.activate(workflowId);
		let hooks: Array<{ url: string; status: string }> = [];
		for (let i = 0; i < 40; i++) {
			hooks = (await clio('get', '/webhooks.json', undefined, { fields: 'id,url,status,model,events' })).data as typeof hooks;
			if (hooks.length > before && hooks.some((h) => h.url.startsWith(t.n8nUrl) && h.status === 'enabled')) break;
			await sleep(500);
		}
		expect(hooks.filter((h) => h.url.startsWith(t.n8nUrl)).map((h) => h.status)).toContain('enabled');
	});

	it('flags a too-short, uncoded time entry in Clio and notifies its timekeeper once, with the guideline references', async () => {
		const matter = ((await clio('get', '/matters.json', undefined, { fields: 'id,status', status: 'open', limit: 1 })).data as Array<{ id: number }>)[0];
		const me = (await clio('get', '/users/who_am_i.json', undefined, { fields: 'id,name,email' })).data as { id: number; name: string; email: string };
		const date = firmDate(await sandboxNow(t));
		const created = (
			await clio('post', '/activities.json', { data: { type: 'TimeEntry', date, quantity: 1800, price: 400, note: 'Review file', matter: { id: matter.id }, user: { id: me.id } } }, { fields: 'id' })
		).data as { id: number };

		for (let i = 0; i < 120 && received.length === 0; i++) await sleep(500);
		expect(received).toHaveLength(1);
		const msg = received[0];
		expect(msg).toMatchObject({ activityId: String(created.id), to: me.email });
		expect(msg.guidelineRefs).toEqual(['OCG §5.4', 'OCG §3.4']);
		expect(String(msg.text)).toContain('(0.5 h, "Review file")');
		expect(String(msg.text)).toContain('• OCG §5.4: Narrative too short');
		expect(String(msg.text)).toContain('• OCG §3.4: UTBMS task code required');

		// The flag is in Clio.
		let reference = '';
		for (let i = 0; i < 40 && !reference.startsWith('OCG:'); i++) {
			reference = String(((await clio('get', `/activities/${created.id}.json`, undefined, { fields: 'id,reference' })).data as { reference?: string }).reference ?? '');
			if (!reference.startsWith('OCG:')) await sleep(500);
		}
		expect(reference).toBe('OCG: OCG §5.4, OCG §3.4 (GX-SHORT, GX-CODES)');

		// Writing the flag made Clio send an "updated" event: that run ends at "New flag?", no second message.
		let runs: Array<{ status: string }> = [];
		for (let i = 0; i < 60; i++) {
			runs = await executions();
			if (runs.length >= 2 && runs.every((r) => r.status !== 'running' && r.status !== 'new')) break;
			await sleep(500);
		}
		expect(runs.length).toBeGreaterThanOrEqual(2);
		expect(runs.every((r) => r.status === 'success')).toBe(true);
		await sleep(1500);
		expect(received).toHaveLength(1);
	});
});
