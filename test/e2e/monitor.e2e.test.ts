/**
 * Template 5, "silent-failure monitor", in real n8n: alerts (Data Table row + webhook POST) when
 * no successful sync is logged for more than 12 h, when the last run failed, and, as the error
 * workflow of another workflow, when a run crashes; no alert when the last sync is recent and fine.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PINNED_DATES } from '../helpers/dates';
import { dropTable, e2e, insertRows, loadTemplate, tableRows, withAssignments, type E2e } from './helpers';

const FILE = '05-silent-failure-monitor.json';
const RUNS = 'legal_billing_sync_runs';
const ALERTS = 'legal_billing_alerts';
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe('template: silent-failure monitor', () => {
	let t: E2e;
	let server: Server;
	let hookUrl: string;
	const received: Array<Record<string, unknown>> = [];
	let monitorId: string;

	beforeAll(async () => {
		t = await e2e();
		const app = express();
		app.use(express.json());
		app.post('/alerts', (req, res) => {
			received.push(req.body as Record<string, unknown>);
			res.json({ ok: true });
		});
		server = await new Promise<Server>((resolve) => {
			const s = app.listen(0, '127.0.0.1', () => resolve(s));
		});
		hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
		for (const name of [RUNS, ALERTS]) await dropTable(t, name);
		const wf = withAssignments(loadTemplate(FILE), 'Alert settings', { alertWebhookUrl: hookUrl });
		monitorId = await t.importWorkflow(wf);
	});

	afterAll(async () => {
		await t.deactivate(monitorId).catch(() => undefined);
		await new Promise((r) => server?.close(r));
	});

	const check = async () => {
		received.length = 0;
		const before = (await tableRows(t, ALERTS)).length;
		const run = await t.runInServer(monitorId);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const rows = (await tableRows(t, ALERTS)).slice(before);
		return { rows, posted: [...received] };
	};

	it('alerts when no successful sync has ever been logged', async () => {
		const { rows, posted } = await check();
		expect(rows.map((r) => r.kind)).toEqual(['stale']);
		expect(String(rows[0].message)).toMatch(/No successful .* has been logged yet \(limit 12 h\)/);
		expect(posted).toHaveLength(1);
		expect(String(posted[0].text)).toContain('No successful');
	});

	it('alerts when the last successful sync is older than 12 hours', async () => {
		await insertRows(t, RUNS, [{ runAt: hoursAgo(13), workflow: 'Clio → e-billing time sync', status: 'success', submitted: 3, failed: 0, message: 'ok' }]);
		const { rows, posted } = await check();
		expect(rows.map((r) => r.kind)).toEqual(['stale']);
		expect(String(rows[0].message)).toMatch(/No successful Clio → e-billing time sync for 13\.\d h/);
		expect(posted.map((p) => p.kind)).toEqual(['stale']);
	});

	it('stays quiet when the last sync is recent and succeeded', async () => {
		await insertRows(t, RUNS, [{ runAt: hoursAgo(1), workflow: 'Clio → e-billing time sync', status: 'success', submitted: 0, failed: 0, message: 'ok' }]);
		const { rows, posted } = await check();
		expect(rows).toEqual([]);
		expect(posted).toEqual([]);
	});

	it('alerts with the reason when the last run failed', async () => {
		await insertRows(t, RUNS, [
			{ runAt: hoursAgo(0.1), workflow: 'Clio → e-billing time sync', status: 'failed', submitted: 0, failed: 2, message: 'INV-1: Legal Tracker 503 Service Unavailable' },
		]);
		const { rows, posted } = await check();
		expect(rows.map((r) => r.kind)).toEqual(['last-run-failed']);
		expect(String(rows[0].message)).toContain('failed: INV-1: Legal Tracker 503 Service Unavailable (2 failed, 0 submitted)');
		expect(posted.map((p) => p.kind)).toEqual(['last-run-failed']);
	});

	it('as the error workflow, alerts when a sync run crashes, naming the node and the error', async () => {
		await t.activate(monitorId);
		const failing = {
			id: 'lbE2eFailingSync',
			name: 'E2E failing sync',
			nodes: [
				{ parameters: { httpMethod: 'POST', path: 'lb-e2e-failing-sync', options: {} }, name: 'Start', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: '5f0c1a8e-0b1e-4a39-9a57-3c1f0e2d4b71' },
				{ parameters: { jsCode: "throw new Error('Legal Tracker refused the upload: 401 invalid_token');" }, name: 'Submit invoices', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] },
			],
			connections: { Start: { main: [[{ node: 'Submit invoices', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1', errorWorkflow: monitorId },
		};
		const id = await t.importWorkflow(failing);
		await t.activate(id);
		received.length = 0;
		const before = (await tableRows(t, ALERTS)).length;
		// Activation registers the production webhook a moment after the REST call returns.
		let res = await t.api.http.post(`/webhook/lb-e2e-failing-sync`, {});
		for (let i = 0; i < 40 && res.status === 404; i++) {
			await new Promise((r) => setTimeout(r, 500));
			res = await t.api.http.post(`/webhook/lb-e2e-failing-sync`, {});
		}
		expect(res.status).toBeLessThan(300);
		let rows: Array<Record<string, unknown>> = [];
		for (let i = 0; i < 60 && rows.length === 0; i++) {
			await new Promise((r) => setTimeout(r, 500));
			rows = (await tableRows(t, ALERTS)).slice(before);
		}
		await t.deactivate(id);
		expect(rows.map((r) => r.kind)).toEqual(['run-failed']);
		// (the Code node appends the line of the throw: " [line 1]")
		expect(String(rows[0].message)).toMatch(/^E2E failing sync failed in node "Submit invoices": Legal Tracker refused the upload: 401 invalid_token/);
		expect(String(rows[0].executionUrl)).toMatch(/\/workflow\/lbE2eFailingSync\/executions\/\d+$/);
		for (let i = 0; i < 20 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 250));
		expect(received.map((p) => p.kind)).toEqual(['run-failed']);
	});
});

// The staleness and empty-run rules at every pinned date: the monitor's "now" is Check settings'
// checkAt (n8n's $now by default), set here to the pinned instant; runs are logged relative to it.
describe.each(PINNED_DATES.map((d, i) => ({ ...d, i })))('template: silent-failure monitor at $label', ({ now, i }) => {
	let t: E2e;
	let id: string;
	const at = (hoursBefore: number) => new Date(Date.parse(now) - hoursBefore * 3600_000).toISOString();
	const SYNC = 'Clio → e-billing time sync';

	beforeAll(async () => {
		t = await e2e();
		for (const name of [RUNS, ALERTS]) await dropTable(t, name);
		const wf = withAssignments(loadTemplate(FILE), 'Check settings', { checkAt: now });
		id = await t.importWorkflow({ ...wf, id: `lbE2eMonitorAt${i}`, name: `${wf.name} (at ${now})` });
		// the first check creates the tables (and alerts: nothing logged yet)
		await t.runInServer(id);
	});

	const check = async () => {
		const before = (await tableRows(t, ALERTS)).length;
		const run = await t.runInServer(id);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		return (await tableRows(t, ALERTS)).slice(before);
	};

	it('alerts 13 h after the last successful sync, stamped at the pinned instant; quiet 1 h after', async () => {
		await insertRows(t, RUNS, [{ runAt: at(13), workflow: SYNC, status: 'success', submitted: 3, failed: 0, message: 'ok' }]);
		const rows = await check();
		expect(rows.map((r) => r.kind)).toEqual(['stale']);
		expect(String(rows[0].message)).toMatch(/^No successful Clio → e-billing time sync for 13\.0 h/);
		expect(new Date(String(rows[0].alertAt)).toISOString()).toBe(new Date(now).toISOString());
		await insertRows(t, RUNS, [{ runAt: at(1), workflow: SYNC, status: 'success', submitted: 0, failed: 0, message: 'ok' }]);
		expect(await check()).toEqual([]);
	});

	it('alerts once a day when every run for more than 12 h found no entries', async () => {
		await dropTable(t, RUNS);
		await t.runInServer(id); // re-creates the run log (empty)
		await insertRows(t, RUNS, [
			{ runAt: at(14), workflow: SYNC, status: 'empty', submitted: 0, failed: 0, message: 'No unbilled Clio entries in the billing period …' },
			{ runAt: at(7), workflow: SYNC, status: 'empty', submitted: 0, failed: 0, message: 'No unbilled Clio entries in the billing period …' },
			{ runAt: at(0.5), workflow: SYNC, status: 'empty', submitted: 0, failed: 0, message: 'No unbilled Clio entries in the billing period …' },
		]);
		const first = await check();
		expect(first.map((r) => r.kind)).toEqual(['empty']);
		expect(String(first[0].message)).toMatch(/has found no entries for 14\.0 h \(3 empty runs since /);
		// the next hourly check the same day: no second alert
		expect(await check()).toEqual([]);
	});
});

