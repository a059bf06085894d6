/**
 * n8n's queue mode (main + webhook process + 2 workers, PostgreSQL + Redis; scripts/stack/n8n-queue.ts)
 * against its own sandbox, next to the SQLite stack of the rest of the suite:
 *  - the time sync (template 01) gives the same invoices on Legal Tracker and the same ledger rows
 *    as on SQLite;
 *  - the worker running it is SIGKILLed while its call to Legal Tracker is in flight (the sandbox
 *    holds Legal Tracker's invoice routes 3 s; the kill lands in the submission, whose request is cut,
 *    which the contract report then lists as a body violation); after a re-run Legal Tracker holds
 *    exactly the SQLite run's invoices, each once, and the ledger the same rows;
 *  - the time sync with its slices posted to the webhook process (scripts/slice-workers-setup.ts, as
 *    `npm run start:queue` sets it up): the same outcome again, each slice its own execution, queued
 *    by the webhook process and run by both workers;
 *  - with slices on the workers, a worker SIGKILLed while its slice waits for Legal Tracker: the run
 *    ends (n8n fails the dead worker's job once its lock lapses), and a re-run leaves exactly the
 *    SQLite run's invoices and submissions;
 *  - the hub (03 → 03a, slices of clients) gives the same invoices on both platforms, warehouse,
 *    review queue and ledger as on SQLite, run by a worker, its slices posted to the webhook process
 *    and each run by a worker;
 *  - the Clio entry check (template 04) is served by the webhook process and run by a worker.
 * Skipped, saying why, when PostgreSQL or Redis is not reachable (DB_POSTGRESDB_*, QUEUE_BULL_REDIS_*).
 * Outcomes only (invoices, ledger rows, notifications), never node names: templates change.
 */
import axios from 'axios';
import express from 'express';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../scripts/n8n-runner';
import { HUB_SLICE_FILE, SLICE_FILE, setupSliceWorkers, withSliceWorkers } from '../../scripts/slice-workers-setup';
import { queueServicesFromEnv, startQueueStack, type QueueStack } from '../../scripts/stack/n8n-queue';
import { firmDate, periodAt, TEST_NOW } from '../helpers/dates';
import { E2E_SANDBOX_OPTIONS, e2eRun } from './config';
import { dropTable, e2e, hubClients, loadTemplate, sandboxToken, tableRows, withAssignments, withParams, type E2e } from './helpers';

const SYNC = '01-clio-to-ebilling-time-sync.json';
const CHECK = '04-realtime-entry-check.json';
const TABLES = ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Decided before the suite is declared (describe is synchronous): can PostgreSQL and Redis be reached?
const services = queueServicesFromEnv();
const probe = spawnSync(
	process.execPath,
	[
		'-e',
		`const net=require('net');const t=(h,p)=>new Promise(r=>{const s=net.connect({host:h,port:p});s.setTimeout(2000,()=>{s.destroy();r(0)});s.on('connect',()=>{s.destroy();r(1)});s.on('error',()=>r(0))});
		Promise.all([t(${JSON.stringify(services.postgres.host)},${services.postgres.port}),t(${JSON.stringify(services.redis.host)},${services.redis.port})]).then(([a,b])=>{process.stdout.write(String(a)+String(b))})`,
	],
	{ encoding: 'utf8', timeout: 10000 },
);
const [pgUp, redisUp] = [probe.stdout[0] === '1', probe.stdout[1] === '1'];
const skipReason =
	pgUp && redisUp
		? undefined
		: `queue-mode e2e SKIPPED: ${[!pgUp && `PostgreSQL ${services.postgres.host}:${services.postgres.port}`, !redisUp && `Redis ${services.redis.host}:${services.redis.port}`].filter(Boolean).join(' and ')} not reachable (set DB_POSTGRESDB_HOST/PORT/USER/PASSWORD, QUEUE_BULL_REDIS_HOST/PORT; see docs/deployment.md)`;
if (skipReason) process.stderr.write(`\n[e2e] ${skipReason}\n\n`);

interface LtInvoice {
	invoiceId: number;
	invoiceNumber: string;
	totalAmount: string;
	lineItemCount: number;
}
const ltInvoices = async (t: E2e) => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: LtInvoice[] }).data;
/** What a run leaves behind, without ids or timestamps: invoices on the platform, ledger rows. */
const outcome = async (t: E2e) => ({
	invoices: (await ltInvoices(t)).map((i) => `${i.invoiceNumber} ${i.totalAmount} ${i.lineItemCount}`).sort(),
	ledger: (await tableRows(t, 'legal_billing_submissions')).map((r) => `${r.invoiceNumber} ${r.status}`).sort(),
	review: (await tableRows(t, 'legal_billing_review_queue')).length,
});
const { periodStart, periodEnd } = periodAt(TEST_NOW);
const syncWorkflow = () => withAssignments(loadTemplate(SYNC), 'Sync settings', { periodStart, periodEnd, today: firmDate(TEST_NOW), platform: 'legalTracker' });

(skipReason ? describe.skip : describe)('queue mode: main + webhook process + 2 workers on PostgreSQL and Redis', () => {
	let q: QueueStack;
	let qt: E2e; // the queue stack seen through the same helpers as the SQLite one
	let sqlite: Awaited<ReturnType<typeof outcome>>;

	const resetQueue = async () => {
		await qt.resetSandbox({ now: TEST_NOW });
		for (const name of TABLES) await dropTable(qt, name);
	};

	/**
	 * A parent run's slices posted to the webhook process: the executions of the slice workflow started
	 * since `since` must be one per slice the parent's Run summary counted, each started by the webhook
	 * and successful, each run by a worker (not by the webhook process or main). Returns, per slice, the
	 * index in q.workers of the worker that ran it.
	 */
	const slicesRunByWorkers = async (parent: Awaited<ReturnType<E2e['runInServer']>>, sliceFile: string, since: number) => {
		const summary = qt.nodeOutput(parent, 'Run summary')[0] as { counts?: { slices?: number } };
		const slices = Number(summary?.counts?.slices);
		const subs = (
			await q.api.get<{ results: Array<{ id: string; mode: string; status: string; startedAt: string }> }>('/rest/executions', {
				filter: JSON.stringify({ workflowId: q.templates[sliceFile].id }),
				limit: 500,
			})
		).results.filter((e) => Date.parse(e.startedAt) >= since - 1000);
		expect(subs.map((e) => `${e.mode} ${e.status}`)).toEqual(Array.from({ length: slices }, () => 'webhook success'));
		const logs = q.workers.map((w) => readFileSync(w.logFile!, 'utf8'));
		const ranOn = subs.map((e) => logs.findIndex((l) => l.includes(`Worker started execution ${e.id} `)));
		expect(ranOn.filter((w) => w < 0)).toEqual([]);
		return { slices, ranOn, perWorker: q.workers.map((w, k) => `${w.name} ${ranOn.filter((x) => x === k).length}`).join(', ') };
	};

	beforeAll(async () => {
		const log = (m: string) => process.stderr.write(`[e2e queue] ${m}\n`);
		q = await startQueueStack({
			userFolder: join(ROOT, `.n8n-local/e2e-queue-${e2eRun()}`), // removed after the run unless LB_E2E_KEEP=1
			database: `lb_queue_${e2eRun()}`.replace(/[^a-z0-9_]/g, '_'),
			fresh: true,
			build: 'never', // global-setup built the pack
			sandboxOptions: E2E_SANDBOX_OPTIONS,
			workers: 2,
			dropOnStop: process.env.LB_E2E_KEEP !== '1',
			// a dead worker's job is failed once its lock lapses and a stall check sees it: n8n's
			// defaults (60 s lock, 30 s checks) made that ~95 s; shorter here, as docs/deployment.md says
			extraEnv: { QUEUE_WORKER_LOCK_DURATION: '20000', QUEUE_WORKER_LOCK_RENEW_TIME: '5000', QUEUE_WORKER_STALLED_INTERVAL: '5000' },
			log,
		});
		await q.api.login(q.owner);
		qt = { ...q, sandbox: axios.create({ baseURL: q.sandboxUrl, validateStatus: () => true, timeout: 30000 }) };
		await setupSliceWorkers(q, q.webhookUrl); // the slice workflows published, their webhooks' credential

		// The reference: the same template, firm and period on the suite's SQLite stack.
		const t = await e2e();
		await t.resetSandbox({ now: TEST_NOW });
		for (const name of TABLES) await dropTable(t, name);
		const run = await t.runInServer(await t.importWorkflow(syncWorkflow()));
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		sqlite = await outcome(t);
		expect(sqlite.invoices.length).toBeGreaterThan(1);
	}, 300000);

	afterAll(async () => {
		await q?.stop();
		if (process.env.LB_E2E_KEEP !== '1') rmSync(join(ROOT, `.n8n-local/e2e-queue-${e2eRun()}`), { recursive: true, force: true });
	});

	it('time sync: the same invoices on Legal Tracker and the same ledger rows as on SQLite, run by a worker', async () => {
		await resetQueue();
		const id = await qt.importWorkflow(syncWorkflow());
		const run = await qt.runInServer(id);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		expect(await outcome(qt)).toEqual(sqlite);
		// a worker ran it, not main
		const ranOn = q.workers.filter((w) => readFileSync(w.logFile!, 'utf8').includes(`Worker started execution ${run.executionId} `));
		expect(ranOn).toHaveLength(1);
	});

	it('time sync, its slices posted to the webhook process: the same outcome as on SQLite, each slice queued and run by a worker, both workers used', async () => {
		await resetQueue();
		// two matters per slice: several slices, so both workers' free slots take some
		const wf = withAssignments(withSliceWorkers(syncWorkflow(), q.webhookUrl, 4), 'Sync settings', { mattersPerSlice: 2 });
		const id = await qt.importWorkflow(wf);
		const since = Date.now();
		const run = await qt.runInServer(id, { timeoutMs: 300000 });
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		expect(await outcome(qt)).toEqual(sqlite);
		// the parent's slices: executions of the slice workflow started by its webhook, one per slice,
		// each run on a worker, and both workers took slices
		const { slices, ranOn, perWorker } = await slicesRunByWorkers(run, SLICE_FILE, since);
		expect(slices).toBeGreaterThan(2);
		expect(new Set(ranOn).size).toBe(2);
		process.stderr.write(`[e2e queue] ${slices} slices via ${q.webhookUrl}: ${perWorker}\n`);
	});

	it('a worker SIGKILLed while its Legal Tracker call is in flight: after a re-run nothing is lost or doubled', async () => {
		await resetQueue();
		const seeded = new Set((await ltInvoices(qt)).map((i) => i.invoiceId)); // Legal Tracker's own seeded invoices
		// Legal Tracker's invoice routes answer after 3 s: the kill lands while the worker waits for one.
		expect((await qt.sandbox.post('/_admin/faults', { vendor: 'legaltracker', faults: { latencyMs: 3000, paths: ['/invoices'] } })).status).toBe(200);
		const ltCalls = async () => ((await qt.sandbox.get('/_admin/faults')).data as { legaltracker: { stats: { requests: number } } }).legaltracker.stats.requests;
		const id = await qt.importWorkflow(syncWorkflow());
		const wf = await q.api.get<{ nodes: Array<{ name: string; type: string }> }>(`/rest/workflows/${id}`);
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!.name;
		const started = await q.api.post<{ executionId: string }>(`/rest/workflows/${id}/run`, { triggerToStartFrom: { name: trigger } });
		for (let i = 0; i < 600 && (await ltCalls()) === 0; i++) await sleep(100);
		expect(await ltCalls()).toBeGreaterThan(0);
		// The first call asks Legal Tracker whether the invoice is there; kill during the next one
		// (the submission) when it comes within 8 s, so its answer is lost: an unknown outcome.
		for (let i = 0; i < 80 && (await ltCalls()) < 2; i++) await sleep(100);
		const victim = q.workers.find((w) => readFileSync(w.logFile!, 'utf8').includes(`Worker started execution ${started.executionId} `));
		expect(victim).toBeDefined();
		victim!.kill('SIGKILL');
		await sleep(3500); // the held call is answered to nobody: it may have created an invoice the ledger does not know
		expect(victim!.alive()).toBe(false);
		const orphans = (await ltInvoices(qt)).filter((i) => !seeded.has(i.invoiceId)).length;
		process.stderr.write(`[e2e queue] killed ${victim!.name} (pid ${victim!.pid}) during Legal Tracker call ${await ltCalls()}; ${orphans} invoice(s) on Legal Tracker the ledger had not recorded\n`);

		// The operator (or the silent-failure monitor) runs it again, on the worker that is left.
		await qt.sandbox.delete('/_admin/faults');
		const rerun = await qt.runInServer(id);
		expect({ ok: rerun.ok, error: rerun.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const after = await outcome(qt);
		// exactly the invoices of the SQLite run on the platform: each matter and period once
		expect(after.invoices).toEqual(sqlite.invoices);
		const numbers = (await ltInvoices(qt)).filter((i) => !seeded.has(i.invoiceId)).map((i) => i.invoiceNumber);
		expect(new Set(numbers).size).toBe(numbers.length);
		// the ledger: the SQLite run's rows, one per invoice
		expect(after.ledger).toEqual(sqlite.ledger);
		const killed = await q.api.get<{ status: string }>(`/rest/executions/${started.executionId}`);
		process.stderr.write(`[e2e queue] killed execution ${started.executionId}: ${killed.status}; review rows ${after.review} (SQLite ${sqlite.review})\n`);
	});

	it('slices on workers: a worker SIGKILLed while its slice calls Legal Tracker fails the run in bounded time, and a re-run settles it, nothing lost or doubled', async () => {
		await resetQueue();
		while (q.workers.filter((w) => w.alive()).length < 2) await q.addWorker(); // the test before killed one
		const seeded = new Set((await ltInvoices(qt)).map((i) => i.invoiceId));
		expect((await qt.sandbox.post('/_admin/faults', { vendor: 'legaltracker', faults: { latencyMs: 3000, paths: ['/invoices'] } })).status).toBe(200);
		const ltCalls = async () => ((await qt.sandbox.get('/_admin/faults')).data as { legaltracker: { stats: { requests: number } } }).legaltracker.stats.requests;
		const id = await qt.importWorkflow(withAssignments(withSliceWorkers(syncWorkflow(), q.webhookUrl, 4), 'Sync settings', { mattersPerSlice: 2 }));
		const started = await q.api.post<{ executionId: string }>(`/rest/workflows/${id}/run`, { triggerToStartFrom: { name: 'Run now' } });
		const alive = q.workers.filter((w) => w.alive());
		const marks = new Map(alive.map((w) => [w.name, readFileSync(w.logFile!, 'utf8').length]));
		const since = (w: (typeof alive)[number], what: string) => [...readFileSync(w.logFile!, 'utf8').slice(marks.get(w.name)).matchAll(new RegExp(`Worker ${what} execution (\\S+) `, 'g'))].map((m) => m[1]);
		const running = (w: (typeof alive)[number]) => since(w, 'started').filter((x) => !since(w, 'finished').includes(x));
		// the victim: a worker not running the parent, killed while one of its slices waits for Legal Tracker
		let victim: (typeof alive)[number] | undefined;
		for (let i = 0; i < 600 && !victim; i++) {
			await sleep(100);
			if ((await ltCalls()) < 1) continue;
			victim = alive.find((w) => !since(w, 'started').includes(started.executionId) && running(w).length > 0);
		}
		expect(victim).toBeDefined();
		await sleep(500);
		const lost = running(victim!);
		expect(lost.length).toBeGreaterThan(0);
		victim!.kill('SIGKILL');
		const killedAt = Date.now();
		// the parent is not left waiting for an answer that never comes: it ends (n8n fails the dead worker's jobs)
		let parent = { finished: false, status: 'running' };
		for (let i = 0; i < 360 && !['success', 'error', 'crashed', 'canceled'].includes(parent.status); i++) {
			await sleep(500);
			parent = await q.api.get<{ finished: boolean; status: string }>(`/rest/executions/${started.executionId}`);
		}
		process.stderr.write(`[e2e queue] killed ${victim!.name} running slice execution(s) ${lost.join(', ')}; the parent ended ${((Date.now() - killedAt) / 1000).toFixed(1)} s later: ${parent.status}\n`);
		// a slice was lost, so the run failed (the run log and the silent-failure monitor say so)
		expect(parent.status).toBe('error');

		await qt.sandbox.delete('/_admin/faults');
		const rerun = await qt.runInServer(id, { timeoutMs: 300000 });
		expect({ ok: rerun.ok, error: rerun.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const after = await outcome(qt);
		expect(after.invoices).toEqual(sqlite.invoices);
		const numbers = (await ltInvoices(qt)).filter((i) => !seeded.has(i.invoiceId)).map((i) => i.invoiceNumber);
		expect(new Set(numbers).size).toBe(numbers.length);
		// the ledger: the SQLite run's submissions, each once; a matter not on Legal Tracker is logged
		// "skipped" by every run that meets it (the killed run's finished slices, then the re-run)
		const submitted = (rows: string[]) => rows.filter((r) => !r.endsWith(' skipped'));
		expect(submitted(after.ledger)).toEqual(submitted(sqlite.ledger));
		expect([...new Set(after.ledger)]).toEqual([...new Set(sqlite.ledger)]);
	});

	it('hub (03 in slices of clients, 03a): the same invoices on Legal Tracker and Brightflag, warehouse, review queue and ledger as on SQLite, run by a worker, its slices posted to the webhook process and run by workers', async () => {
		const HUB = '03-multi-lpm-compliance-hub.json';
		const HUB_TABLES = ['legal_billing_entries_warehouse', 'legal_billing_review_queue', 'legal_billing_submissions', 'legal_billing_sync_runs'];
		const hubOutcome = async (t: E2e) => ({
			lt: (await ltInvoices(t)).map((i) => `${i.invoiceNumber} ${i.totalAmount} ${i.lineItemCount}`).sort(),
			bf: ((await t.sandbox.get('/_admin/brightflag/received', { params: { kind: 'invoice' } })).data as { data: Array<{ invoiceNumber: string; total: string }> }).data.map((r) => `${r.invoiceNumber} ${r.total}`).sort(),
			warehouse: (await tableRows(t, 'legal_billing_entries_warehouse')).map((r) => `${r.source} ${r.entryId} ${r.ocgStatus} ${r.platform} ${r.total}`).sort(),
			review: (await tableRows(t, 'legal_billing_review_queue')).map((r) => `${r.entryId} ${r.status}`).sort(),
			ledger: (await tableRows(t, 'legal_billing_submissions')).map((r) => `${r.invoiceNumber} ${r.status}`).sort(),
		});
		// Pacing is not what this test is about (test/shared/pacing.test.ts is): both sandboxes let Clio answer 1,000 requests a minute
		// here (the hub's outcome does not depend on it), and the SQLite sandbox gets its setting back.
		const sqliteT = await e2e();
		const limitBefore = (await sqliteT.sandbox.get('/_admin/clio/rate-limit')).data as { perWindow: number; windowSeconds: number };
		const run = async (t: E2e, slicesOnWorkers = false) => {
			await t.resetSandbox({ now: TEST_NOW });
			for (const name of HUB_TABLES) await dropTable(t, name);
			expect((await t.sandbox.post('/_admin/clio/rate-limit', { perWindow: 1000, windowSeconds: 60 })).status).toBe(200);
			const { clients } = await hubClients(t);
			const template = slicesOnWorkers ? withSliceWorkers(loadTemplate(HUB), q.webhookUrl, 4) : loadTemplate(HUB);
			const wf = withAssignments(template, 'Hub settings', { periodStart, periodEnd, today: firmDate(TEST_NOW), clients: JSON.stringify(clients), clientsPerSlice: 2 });
			const r = await t.runInServer(await t.importWorkflow(wf), { timeoutMs: 300000 });
			expect({ ok: r.ok, error: r.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
			return { result: r, outcome: await hubOutcome(t) };
		};
		let reference: Awaited<ReturnType<typeof hubOutcome>>;
		try {
			reference = (await run(sqliteT)).outcome;
		} finally {
			await sqliteT.sandbox.post('/_admin/clio/rate-limit', { perWindow: limitBefore.perWindow, windowSeconds: limitBefore.windowSeconds });
		}
		expect(reference.lt.length).toBeGreaterThan(0);
		expect(reference.bf.length).toBeGreaterThan(0);
		expect(reference.warehouse.length).toBeGreaterThan(reference.lt.length + reference.bf.length);

		while (q.workers.filter((w) => w.alive()).length < 2) await q.addWorker();
		const since = Date.now();
		const queued = await run(qt, true);
		expect(queued.outcome).toEqual(reference);
		const ranOn = q.workers.filter((w) => w.alive() && readFileSync(w.logFile!, 'utf8').includes(`Worker started execution ${queued.result.executionId} `));
		expect(ranOn).toHaveLength(1);
		// its slices: executions of 03a started by 03a's webhook, one per slice, each run by a worker
		const { slices, perWorker } = await slicesRunByWorkers(queued.result, HUB_SLICE_FILE, since);
		expect(slices).toBeGreaterThan(1);
		process.stderr.write(
			`[e2e queue] hub on ${ranOn[0].name}, ${slices} slices via the webhook process (${perWorker}): ${reference.lt.length} Legal Tracker + ${reference.bf.length} Brightflag invoices, ${reference.warehouse.length} warehouse rows, ${reference.review.length} review rows, as on SQLite\n`,
		);
	}, 600000);

	it('entry check: Clio webhooks go to the webhook process, a worker flags the entry and notifies once', async () => {
		await qt.resetSandbox({ now: TEST_NOW });
		const received: Array<Record<string, unknown>> = [];
		const app = express();
		app.use(express.json());
		app.post('/notify', (req, res) => {
			received.push(req.body as Record<string, unknown>);
			res.json({ ok: true });
		});
		const server = await new Promise<Server>((resolve) => {
			const s = app.listen(0, '127.0.0.1', () => resolve(s));
		});
		try {
			const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
			const wf = withAssignments(loadTemplate(CHECK), 'Notification settings', { notifyWebhookUrl: url });
			const ocg = wf.nodes.find((n) => n.type.endsWith('.ocgCompliance'));
			const id = await qt.importWorkflow(ocg ? withParams(wf, ocg.name, { options: { ...(ocg.parameters.options as object), today: firmDate(TEST_NOW) } }) : wf);
			await qt.activate(id);
			const token = await sandboxToken(qt, 'clio');
			const clio = async (method: 'get' | 'post', path: string, body?: unknown, params?: Record<string, unknown>) => {
				const res = await qt.sandbox.request({ method, url: `/clio/api/v4${path}`, data: body, params, headers: { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' } });
				if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.data)}`);
				return (res.data as { data: unknown }).data;
			};
			let hooks: Array<{ url: string; status: string }> = [];
			for (let i = 0; i < 40 && !hooks.some((h) => h.status === 'enabled'); i++) {
				hooks = (await clio('get', '/webhooks.json', undefined, { fields: 'id,url,status' })) as typeof hooks;
				await sleep(500);
			}
			// Clio is given the webhook process's URL, not main's
			expect(hooks.filter((h) => h.status === 'enabled').map((h) => new URL(h.url).origin)).toEqual([q.webhookUrl]);

			const matter = ((await clio('get', '/matters.json', undefined, { fields: 'id', status: 'open', limit: 1 })) as Array<{ id: number }>)[0];
			const me = (await clio('get', '/users/who_am_i.json', undefined, { fields: 'id,email' })) as { id: number; email: string };
			const created = (await clio('post', '/activities.json', { data: { type: 'TimeEntry', date: firmDate(TEST_NOW), quantity: 1800, price: 400, note: 'Review file', matter: { id: matter.id }, user: { id: me.id } } }, { fields: 'id' })) as { id: number };
			for (let i = 0; i < 120 && received.length === 0; i++) await sleep(500);
			expect(received).toHaveLength(1);
			expect(received[0]).toMatchObject({ activityId: String(created.id), to: me.email });
			// the deliveries reached the webhook process, and workers ran the executions
			const runs = (await q.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId: id }) })).results;
			expect(runs.length).toBeGreaterThanOrEqual(1);
			const workerLogs = q.workers.filter((w) => w.alive()).map((w) => readFileSync(w.logFile!, 'utf8')).join('\n');
			expect(runs.filter((r) => workerLogs.includes(`Worker started execution ${r.id} `)).length).toBe(runs.length);
			await sleep(1500);
			expect(received).toHaveLength(1);
			await qt.deactivate(id);
		} finally {
			await new Promise((r) => server.close(r));
		}
	});
});
