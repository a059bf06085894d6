// Scale-out benchmark (issue 14 item 2): the time sync (workflows/01 → 01a) on n8n's queue mode —
// main, webhook process and 1, 2, 4 workers on PostgreSQL and Redis (scripts/stack/n8n-queue.ts) —
// against a sandbox firm with about 50k billable unbilled entries in the billing period.
//
// A sub-workflow run by an Execute Workflow node runs in its parent's process (n8n 2.40.7), so the
// time sync is set up as `npm run start:queue` sets it up (scripts/slice-workers-setup.ts): its
// *sliceWebhookUrl* is 01a's production webhook on the webhook process, which queues each slice as
// its own execution for any free worker; *parallelSlices* (SCALE_OUT_PARALLEL, default 8) are in
// flight at once.
//
// Per worker count, on the same stack (workers are added between runs): the sandbox reset to the
// same firm at the same clock (BENCH_NOW; the period is October 2026), the ledger, review and run-log
// tables dropped, then one run in the server as the editor's "Execute workflow" does. Reported:
// - wall time and entries per minute, with the ratio to 1 worker measured in the same run;
// - which worker ran how many slices (their logs), and the peak memory of each worker, of main and of
//   the webhook process (RSS of the process and its task runner, sampled every second);
// - Clio requests of the run (counted on the sandbox's server in this process) and the vendor bound:
//   Clio allows 50 requests a minute per access token at peak (../shared/reference/vendor-apis.md
//   [DOC]), so a run cannot read faster than 50 × (entries per request) entries a minute on one token.
//   The sandbox's Clio limit is lifted here: the engine is what this measures.
// - the outcome (invoices on Legal Tracker, ledger rows, review rows), which must be the same for
//   every worker count.
//
// Usage: npm run bench -- scale-out   (SCALE_OUT_ENTRIES=50k, SCALE_OUT_WORKERS=1,2,4,
// SCALE_OUT_PARALLEL=8). Needs PostgreSQL and Redis (DB_POSTGRESDB_*, QUEUE_BULL_REDIS_*); without
// them it says so and reports nothing. The machine's cores bound the gain: the sandbox, main, the
// webhook process and every worker share them (the bench prints `nproc`).
import http from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
const { startQueueStack, queueServicesFromEnv, queueServicesMissing, ROOT, readTemplates, groupRssMb } = require('../scripts/n8n-runner.ts');
const { setupSliceWorkers, withSliceWorkers, SYNC_FILE, SLICE_FILE } = require('../scripts/slice-workers-setup.ts');
const { demoExpectation } = require('../sandbox/demo.ts');
const { previousMonthPeriod, dateInZone } = require('../sandbox/seed.ts');

const BENCH_NOW = '2026-11-18T16:00:00Z';
const IN_PERIOD_SHARE = 0.26; // as bench/firm-scale.bench.mjs: --size = entries ÷ 0.26
const parseCount = (s) => {
	const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(String(s).trim());
	if (!m) throw new Error(`"${s}" is not a size like 50k or 2500`);
	return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
};
const TARGET = parseCount(process.env.SCALE_OUT_ENTRIES ?? '50k');
const WORKERS = (process.env.SCALE_OUT_WORKERS ?? '1,2,4').split(',').map(Number).sort((a, b) => a - b);
const PARALLEL = Number(process.env.SCALE_OUT_PARALLEL ?? 8);
const CLIO_PER_MIN = 50;
const TABLES = ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs'];
const log = (m) => process.stderr.write(`[scale-out] ${m}\n`);
const result = (o) => console.log('BENCH_RESULT ' + JSON.stringify(o));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Clio API requests answered by the sandbox (this process's HTTP servers).
let clioRequests = 0;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req) {
	if (event === 'request' && req.url.startsWith('/clio/api/')) clioRequests++;
	return emit.apply(this, arguments);
};

async function tables(api) {
	const res = await api.get('/rest/data-tables-global', { take: 500, skip: 0 });
	return Array.isArray(res) ? res : res.data;
}
async function dropTables(api) {
	for (const t of (await tables(api)).filter((x) => TABLES.includes(x.name))) await api.http.delete(`/rest/projects/${t.projectId}/data-tables/${t.id}`);
}
async function rowCount(api, name) {
	const t = (await tables(api)).find((x) => x.name === name);
	if (!t) return 0;
	return (await api.get(`/rest/projects/${t.projectId}/data-tables/${t.id}/rows`, { take: 1, skip: 0 })).count;
}

function withPeriod(wf, values) {
	const copy = JSON.parse(JSON.stringify(wf));
	const node = copy.nodes.find((n) => n.name === 'Sync settings');
	for (const [name, value] of Object.entries(values)) {
		const a = node.parameters.assignments.assignments.find((x) => x.name === name);
		if (!a) throw new Error(`Sync settings sets no field "${name}"`);
		a.value = value;
	}
	return copy;
}

async function main() {
	const missing = await queueServicesMissing(queueServicesFromEnv());
	if (missing) {
		log(`SKIPPED: ${missing}`);
		return;
	}
	const size = Math.ceil(TARGET / IN_PERIOD_SHARE);
	const userFolder = join(ROOT, `.n8n-local/scale-out-${process.pid}`);
	const stack = await startQueueStack({
		userFolder,
		database: `lb_scale_out_${process.pid}`,
		fresh: true,
		build: 'never', // npm run bench built dist
		workers: WORKERS[0],
		dropOnStop: true,
		sandboxOptions: { seed: 'bench', size, maxClients: 100_000, clock: { start: BENCH_NOW }, clioRateLimitPerMinute: 1_000_000 },
		log,
	});
	const rows = [];
	try {
		await stack.api.login(stack.owner);
		const slices = await setupSliceWorkers(stack, stack.webhookUrl);
		const { periodStart, periodEnd } = previousMonthPeriod(BENCH_NOW);
		const template = readTemplates().find((t) => t.file === SYNC_FILE).workflow;
		const wf = withSliceWorkers(withPeriod(template, { periodStart, periodEnd, today: dateInZone(Date.parse(BENCH_NOW)), platform: 'legalTracker' }), stack.webhookUrl, PARALLEL);
		const id = await stack.importWorkflow({ ...wf, id: 'lbScaleOutSync01', name: `${wf.name} (scale-out bench)` });
		const sliceId = stack.templates[SLICE_FILE].id;
		log(`slices posted to ${slices.url}, ${PARALLEL} at a time; ${availableParallelism()} CPU cores`);

		for (const workers of WORKERS) {
			while (stack.workers.length < workers) await stack.addWorker();
			await dropTables(stack.api);
			await stack.resetSandbox({ now: BENCH_NOW });
			const firm = stack.sandbox.firm;
			const expect = demoExpectation(firm, BENCH_NOW);
			const logSizes = new Map(stack.workers.map((w) => [w.name, readFileSync(w.logFile, 'utf8').length]));
			const peak = new Map();
			const sample = () => {
				for (const p of [stack.main, stack.webhook, ...stack.workers]) if (p.alive()) peak.set(p.name, Math.max(peak.get(p.name) ?? 0, groupRssMb(p.pid)));
			};
			sample();
			const timer = setInterval(sample, 1000);
			const ltInvoices = async () => ((await (await fetch(`${stack.sandboxUrl}/_admin/legaltracker/invoices`)).json()).data ?? []).length;
			const seeded = await ltInvoices(); // Legal Tracker's own seeded invoices
			const clio0 = clioRequests;
			const t0 = Date.now();
			const run = await stack.runInServer(id, { timeoutMs: 90 * 60_000 });
			const wallS = (Date.now() - t0) / 1000;
			clearInterval(timer);
			sample();
			const error = run.ok ? undefined : (run.run?.data?.resultData?.error?.message ?? run.stderr ?? 'failed');
			// which worker ran the slices: the lines each wrote during this run
			const ran = {};
			for (const w of stack.workers) ran[w.name] = (readFileSync(w.logFile, 'utf8').slice(logSizes.get(w.name) ?? 0).match(/Worker started execution /g) ?? []).length;
			const subs = ((await stack.api.get('/rest/executions', { filter: JSON.stringify({ workflowId: sliceId }), limit: 1000 })).results ?? []).filter((e) => Date.parse(e.startedAt) >= t0 - 1000);
			const invoices = (await ltInvoices()) - seeded;
			const row = {
				workers,
				entries: expect.entries,
				matters: firm.matters.length,
				ok: run.ok === true,
				error,
				wallS: Math.round(wallS * 10) / 10,
				perMin: Math.round((expect.entries / wallS) * 60),
				slices: Object.values(ran).reduce((a, b) => a + b, 0) - 1, // the parent ran on a worker too
				ran,
				clio: clioRequests - clio0,
				memory: Object.fromEntries(peak),
				invoices,
				ledger: await rowCount(stack.api, 'legal_billing_submissions'),
				review: await rowCount(stack.api, 'legal_billing_review_queue'),
				subExecutions: subs.length,
			};
			row.bound = Math.round(CLIO_PER_MIN * (row.entries / Math.max(1, row.clio)));
			rows.push(row);
			log(JSON.stringify(row));
			result({ name: `time sync ${row.entries} entries, ${workers} worker(s): entries/min`, value: row.perMin, unit: 'entries/min', ok: row.ok });
			result({ name: `time sync, ${workers} worker(s): peak RSS per worker`, value: Math.max(...stack.workers.map((w) => row.memory[w.name] ?? 0)), unit: 'MB' });
			await sleep(2000);
		}
		const base = rows[0];
		console.log(`\nTime sync in queue mode: ${base.entries} entries in ${periodStart}..${periodEnd}, ${base.matters} matters, slices of 10 matters posted ${PARALLEL} at a time to the webhook process; ${availableParallelism()} CPU cores shared by the sandbox, main, the webhook process and the workers; Clio limit lifted`);
		console.log('workers | run (s) | entries/min | vs 1 worker | slices per worker | peak RSS per worker (MB) | main / webhook (MB) | Clio requests | Clio bound (entries/min at 50 req/min) | invoices / ledger / review');
		for (const r of rows) {
			const per = Object.entries(r.ran).map(([, n]) => n).join(' / ');
			const mem = Object.keys(r.ran).map((w) => r.memory[w] ?? '?').join(' / ');
			console.log(
				`${r.workers} | ${r.wallS} | ${r.perMin} | ${(r.perMin / base.perMin).toFixed(2)}× | ${per} | ${mem} | ${r.memory.main} / ${r.memory.webhook} | ${r.clio} | ${r.bound} | ${r.invoices} / ${r.ledger} / ${r.review}${r.ok ? '' : `  FAILED: ${r.error}`}`,
			);
			result({ name: `time sync, ${r.workers} worker(s) vs 1`, value: Math.round((r.perMin / base.perMin) * 100) / 100, unit: '×' });
		}
		const same = rows.every((r) => r.invoices === base.invoices && r.ledger === base.ledger && r.review === base.review);
		result({ name: 'same invoices, ledger and review rows for every worker count', value: same ? 'yes' : 'NO', unit: '', ok: same });
		if (!same || rows.some((r) => !r.ok)) process.exitCode = 1;
	} finally {
		await stack.stop();
		if (!process.env.SCALE_OUT_KEEP) rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
