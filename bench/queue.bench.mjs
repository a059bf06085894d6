// Queue-mode benchmark (issue 14 item 2): n8n's own distributed engine — main, webhook process and
// workers on PostgreSQL and Redis (scripts/stack/n8n-queue.ts) — running the real-time entry check
// (workflows/04): the sandbox's Clio sends one webhook per new or updated time entry to the webhook
// process, which queues one execution per event for the workers. Entries are created through the
// sandbox's Clio API with the bench's own token (its own rate-limit window).
//
// 1. Throughput with 1, 2 and 4 workers (Clio's rate limit lifted, so the engine is measured):
//    entries per minute (created → flagged in Clio and the timekeeper notified), executions per
//    minute, and the peak memory of each worker (RSS of the worker and its task runner).
// 2. Rate limits across workers: 2 workers against the sandbox's Clio limit (QUEUE_BENCH_LIMIT
//    requests per QUEUE_BENCH_WINDOW s, per access token, shared by both workers as Clio's is):
//    the 429 answers n8n's token got and its accepted requests per minute next to the limit's
//    bound. Pacing is the shared transport's (nodes/shared/transport/http.ts): it follows
//    X-RateLimit-Remaining/Reset and Retry-After, which reflect the token's state across processes.
// Requests are counted on the sandbox's own HTTP server (this process), by status and token.
//
// Usage: npm run bench -- queue     (QUEUE_BENCH_ENTRIES=120 per worker count, QUEUE_BENCH_RL_ENTRIES=20,
// QUEUE_BENCH_LIMIT=40, QUEUE_BENCH_WINDOW=20; QUEUE_BENCH_PARTS=throughput,ratelimit — e.g.
// QUEUE_BENCH_PARTS=ratelimit runs part 2 alone, on 2 workers after a warm-up). Needs PostgreSQL and
// Redis (DB_POSTGRESDB_*, QUEUE_BULL_REDIS_*); without them it says so and reports nothing.
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
const { startQueueStack, queueServicesFromEnv, queueServicesMissing } = require('../scripts/stack/n8n-queue.ts');
const { ROOT, readTemplates, groupRssMb } = require('../scripts/n8n-runner.ts');

const BENCH_NOW = '2026-11-18T16:00:00Z';
const ENTRIES = Number(process.env.QUEUE_BENCH_ENTRIES ?? 120);
const RL_ENTRIES = Number(process.env.QUEUE_BENCH_RL_ENTRIES ?? 20);
const LIMIT = Number(process.env.QUEUE_BENCH_LIMIT ?? 40);
const WINDOW = Number(process.env.QUEUE_BENCH_WINDOW ?? 20);
const PARTS = new Set((process.env.QUEUE_BENCH_PARTS ?? 'throughput,ratelimit').split(',').map((p) => p.trim()));
const TEMPLATE = '04-realtime-entry-check.json';
const log = (m) => process.stderr.write(`[queue-bench] ${m}\n`);
const result = (o) => console.log('BENCH_RESULT ' + JSON.stringify(o));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every Clio API answer the sandbox sends, by status and token (instrumentation of this process's HTTP servers).
const answers = [];
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
	if (event === 'request' && req.url.startsWith('/clio/api/')) {
		const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
		res.on('finish', () => answers.push({ at: Date.now(), status: res.statusCode, token }));
	}
	return emit.apply(this, arguments);
};

async function main() {
	const missing = await queueServicesMissing(queueServicesFromEnv());
	if (missing) {
		log(`SKIPPED: ${missing}`);
		return;
	}
	// the notification sink (the template's "Notify timekeeper" posts here)
	const notified = [];
	const sink = http.createServer((req, res) => {
		let body = '';
		req.on('data', (d) => (body += d));
		req.on('end', () => {
			notified.push(Date.now());
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise((r) => sink.listen(0, '127.0.0.1', r));

	const stack = await startQueueStack({
		userFolder: join(ROOT, `.n8n-local/queue-bench-${process.pid}`),
		database: `lb_queue_bench_${process.pid}`,
		fresh: true,
		build: 'never', // npm run bench built dist
		importTemplates: false,
		workers: 1,
		dropOnStop: true,
		sandboxOptions: { seed: 'bench', size: 60, clioRateLimitPerMinute: 1_000_000 },
		log,
	});
	try {
		await stack.api.login(stack.owner);
		await stack.resetSandbox({ now: BENCH_NOW });
		const sandbox = stack.sandbox;
		const adminPost = async (path, body) => {
			const res = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
			return res.json();
		};
		const benchToken = (await adminPost('/_admin/tokens', { vendor: 'clio' })).access_token;
		const clio = async (method, path, body) => {
			const res = await fetch(`${sandbox.url}/clio/api/v4${path}`, {
				method,
				headers: { Authorization: `Bearer ${benchToken}`, 'X-API-VERSION': '4.0.9', 'content-type': 'application/json' },
				body: body ? JSON.stringify(body) : undefined,
			});
			if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
			return (await res.json()).data;
		};
		await adminPost('/_admin/clio/rate-limit', { perWindow: 1_000_000, windowSeconds: 60 });

		// the entry check, as shipped, its notifications sent to the sink and "today" pinned
		const wf = readTemplates().find((t) => t.file === TEMPLATE).workflow;
		const settings = wf.nodes.find((n) => n.name === 'Notification settings');
		for (const a of settings.parameters.assignments.assignments) if (a.name === 'notifyWebhookUrl') a.value = `http://127.0.0.1:${sink.address().port}/notify`;
		const ocg = wf.nodes.find((n) => n.type.endsWith('.ocgCompliance'));
		ocg.parameters.options = { ...(ocg.parameters.options ?? {}), today: BENCH_NOW.slice(0, 10) };
		wf.id = 'lbQueueBench0004';
		const id = await stack.importWorkflow(wf);
		await stack.activate(id);
		for (let i = 0; i < 60; i++) {
			const hooks = await clio('GET', '/webhooks.json?fields=id,url,status');
			if (hooks.some((h) => h.status === 'enabled' && h.url.startsWith(stack.webhookUrl))) break;
			await sleep(500);
		}
		const matter = (await clio('GET', '/matters.json?fields=id&status=open&limit=1'))[0];
		const me = await clio('GET', '/users/who_am_i.json?fields=id');

		/** Creates `n` uncoded, too-short entries (each is flagged and notified) and waits for all of them. */
		const phase = async (n) => {
			const before = notified.length;
			const from = answers.length;
			const sampled = new Map();
			const timer = setInterval(() => {
				for (const w of stack.workers) sampled.set(w.name, Math.max(sampled.get(w.name) ?? 0, groupRssMb(w.pid)));
			}, 1000);
			const t0 = Date.now();
			for (let i = 0; i < n; i++) {
				await clio('POST', '/activities.json?fields=id', {
					data: { type: 'TimeEntry', date: BENCH_NOW.slice(0, 10), quantity: 1800, price: 400, note: `Call ${i}`, matter: { id: matter.id }, user: { id: me.id } },
				});
			}
			const deadline = Date.now() + 8 * 60_000;
			while (notified.length - before < n && Date.now() < deadline) await sleep(250);
			const ms = Date.now() - t0;
			clearInterval(timer);
			const done = notified.length - before;
			const clioCalls = answers.slice(from).filter((a) => a.token !== benchToken).length;
			return { ms, done, perMin: (done / ms) * 60_000, memory: Object.fromEntries(sampled), clioPerEntry: clioCalls / Math.max(1, done) };
		};

		// 1. throughput with 1, 2, 4 workers
		const table = [];
		for (const workers of PARTS.has('throughput') ? [1, 2, 4] : [2]) {
			while (stack.workers.length < workers) await stack.addWorker();
			await phase(Math.min(10, ENTRIES)); // warm-up: first runs load node code
			if (PARTS.has('throughput')) {
				const r = await phase(ENTRIES);
				const mem = Object.values(r.memory);
				table.push({ workers, ...r, memMax: Math.max(...mem) });
				log(`${workers} worker(s): ${r.done}/${ENTRIES} entries in ${(r.ms / 1000).toFixed(1)} s = ${r.perMin.toFixed(0)} entries/min; peak RSS per worker ${JSON.stringify(r.memory)} MB`);
				result({ name: `entry check, ${workers} worker(s): entries/min`, value: Math.round(r.perMin), unit: 'entries/min' });
				result({ name: `entry check, ${workers} worker(s): peak RSS per worker`, value: Math.max(...mem), unit: 'MB' });
			}
			if (workers === 2 && PARTS.has('ratelimit')) {
				// 2. rate limits across the 2 workers
				await adminPost('/_admin/clio/rate-limit', { perWindow: LIMIT, windowSeconds: WINDOW });
				const from = answers.length;
				const rl = await phase(RL_ENTRIES);
				const mine = answers.slice(from).filter((a) => a.token !== benchToken);
				const ok = mine.filter((a) => a.status < 400);
				const limited = mine.filter((a) => a.status === 429).length;
				const spanMin = Math.max(1e-9, (ok.at(-1).at - ok[0].at) / 60_000);
				const bound = (LIMIT * 60) / WINDOW;
				const rate = (ok.length - 1) / spanMin;
				log(`rate limit ${LIMIT}/${WINDOW}s (bound ${bound}/min), 2 workers: ${rl.done}/${RL_ENTRIES} entries, ${ok.length} accepted Clio requests at ${rate.toFixed(1)}/min = ${((100 * rate) / bound).toFixed(0)}% of the bound, ${limited} of ${mine.length} answered 429`);
				// accepted/429 per limit window from the first request (QUEUE_BENCH_TRACE=1)
				if (process.env.QUEUE_BENCH_TRACE) {
					const per = new Map();
					for (const a of mine) {
						const w = Math.floor((a.at - mine[0].at) / (WINDOW * 1000));
						const c = per.get(w) ?? [0, 0];
						c[a.status === 429 ? 1 : 0]++;
						per.set(w, c);
					}
					log(`per ${WINDOW} s (accepted/429): ${[...per.values()].map(([o, l]) => `${o}/${l}`).join(' ')}`);
				}
				result({ name: 'Clio rate limit, 2 workers: accepted requests vs bound', value: Math.round((100 * rate) / bound), unit: '% of bound', target: '>= 90', ok: rate >= 0.9 * bound });
				result({ name: 'Clio rate limit, 2 workers: 429 answers', value: limited, unit: `of ${mine.length} requests`, target: `<= ${Math.ceil(mine.length * 0.05)} (5%)`, ok: limited <= Math.ceil(mine.length * 0.05) });
				await adminPost('/_admin/clio/rate-limit', { perWindow: 1_000_000, windowSeconds: 60 });
			}
		}
		if (!table.length) return;
		console.log('\nEntry check in queue mode (2 CPU cores; Clio limit lifted):');
		console.log('workers | entries | seconds | entries/min | Clio calls/entry | peak RSS per worker (MB)');
		for (const r of table)
			console.log(
				`${String(r.workers).padStart(7)} | ${String(r.done).padStart(7)} | ${(r.ms / 1000).toFixed(1).padStart(7)} | ${r.perMin.toFixed(0).padStart(11)} | ${r.clioPerEntry.toFixed(1).padStart(16)} | ${Object.values(r.memory).join(', ')}`,
			);
		console.log(`main ${groupRssMb(stack.main.pid)} MB, webhook process ${groupRssMb(stack.webhook.pid)} MB at the end`);
	} finally {
		await stack.stop();
		sink.close();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
