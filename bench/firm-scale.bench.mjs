// Firm-scale benchmark (issue 14): the time-sync template (workflows/01) in real n8n on SQLite,
// started by the project's own runner (scripts/n8n-runner.ts → startStack), against sandbox firms
// with about 1k, 10k, 50k and 100k billable unbilled entries in the billing period.
//
// Per scale: a fresh n8n (its own user folder and SQLite database, the same environment and heap
// limit as `npm start`), the sandbox clock pinned to BENCH_NOW so the firm and the period never
// depend on today, the template imported as shipped with only its period pinned, then one run in
// the server as the editor's "Execute workflow" does. Reported:
// - wall time of the run (POST /run → finished) and the entries per minute it makes;
// - peak RSS of the n8n main process (VmHWM) and of its process group (main + task runner, sampled);
// - execution data saved: the parent's record and, for a sliced template, its sub-executions
//   (read from n8n's SQLite database with Node 24's node:sqlite, the Node n8n runs on);
// - where the time goes: each node's executionTime from the runData, summed over runs; the parent's
//   nodes apart from the slices' nodes (summed over every sub-execution), since the parent's
//   Execute Workflow node's time is the time of the slices it waits for;
// - n8n's execution saving and pruning as a normal user's: n8n 2.40's defaults (saved on success and
//   on error, manual runs saved, pruning on at 336 h / 10,000 executions, progress not saved), checked
//   against the stack's environment before the runs.
//
// Usage: npm run bench -- firm-scale --scale 1k,10k   (default: 1k,10k,50k,100k; FIRM_SCALE= too;
// FIRM_SCALE_TEMPLATE=<file> runs another copy of the template, FIRM_SCALE_IMPORT=<files> imports workflows
// it calls first, FIRM_SCALE_KEEP=1 keeps the n8n folders, FIRM_SCALE_MATTERS_PER_SLICE=<n> sets the
// template's mattersPerSlice)
// FIRM_SCALE_WORKFLOW=hub runs the multi-LPM compliance hub (workflows/03 → 03a, slices of clients,
// Clio and Actionstep) instead, each client routed to the platform the sandbox firm gives it; its
// entries are the ones the hub's Run summary counts (Clio and Actionstep), FIRM_SCALE_CLIENTS_PER_SLICE
// sets clientsPerSlice.
// The Clio rate limit of the sandbox is lifted here: pacing is not what this measures.
// The firm grows as a firm does: clients (one per 800 entries) and so matters grow with its size, the
// sandbox's demo cap of 120 clients lifted (FIRM_SCALE_MAX_CLIENTS=120 puts it back: beyond ~50k
// entries only the entries per matter grow then, and with them each slice of matters).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
const { startStack, ROOT, waitForExecution, readTemplates } = require('../scripts/n8n-runner.ts');
const { demoExpectation } = require('../sandbox/demo.ts');
const { previousMonthPeriod, dateInZone } = require('../sandbox/seed.ts');

/** The sandbox clock of every scale: a fixed instant (the period is October 2026). */
const BENCH_NOW = '2026-11-18T16:00:00Z';
/** Sizing a firm for a label: --size = label ÷ 0.26 (in fact 31% of its entries fall in the period, so a label runs ~1.2× its entries; the exact count is reported). */
const IN_PERIOD_SHARE = 0.26;
const WORKFLOWS = {
	'time-sync': { file: '01-clio-to-ebilling-time-sync.json', settings: 'Sync settings', id: 'lbBenchTimeSync', tag: '' },
	hub: { file: '03-multi-lpm-compliance-hub.json', settings: 'Hub settings', id: 'lbBenchHub', tag: 'hub ' },
};
const WORKFLOW = process.env.FIRM_SCALE_WORKFLOW ?? 'time-sync';
if (!WORKFLOWS[WORKFLOW]) throw new Error(`FIRM_SCALE_WORKFLOW: "${WORKFLOW}" is not ${Object.keys(WORKFLOWS).join(' or ')}`);
const { file: TEMPLATE, settings: SETTINGS, id: WORKFLOW_ID, tag: TAG } = WORKFLOWS[WORKFLOW];
const HUB_PLATFORM = { legaltracker: 'legalTracker', brightflag: 'brightflag', none: 'none' };
const MAX_CLIENTS = Number(process.env.FIRM_SCALE_MAX_CLIENTS ?? 100_000);
const TIMEOUT_MS = Number(process.env.FIRM_SCALE_TIMEOUT_MS ?? 60 * 60 * 1000);

const log = (m) => process.stderr.write(`[firm-scale] ${m}\n`);
const result = (o) => console.log('BENCH_RESULT ' + JSON.stringify(o));

function scales() {
	const i = process.argv.indexOf('--scale');
	const text = (i >= 0 ? process.argv[i + 1] : undefined) ?? process.env.FIRM_SCALE ?? '1k,10k,50k,100k';
	return text.split(',').map((s) => {
		const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(s.trim());
		if (!m) throw new Error(`--scale: "${s}" is not a size like 1k or 2500`);
		return { label: s.trim(), target: Math.round(Number(m[1]) * (m[2] ? 1000 : 1)) };
	});
}

/** The n8n main process of a user folder (spawned detached: its pid is its process group). */
function findN8nMain(userFolder) {
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (!cmd.some((a) => a.endsWith('/bin/n8n')) || !cmd.includes('start')) continue;
			const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
			if (env.includes(`N8N_USER_FOLDER=${userFolder}`)) return Number(pid);
		} catch {
			/* gone or not ours */
		}
	}
	return undefined;
}

const kbOf = (status, key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);

/** RSS of a process group, sampled: the largest sum seen, and each process's own high-water mark. */
function memorySampler(pgid) {
	let peakGroupKb = 0;
	let peakMainKb = 0;
	const hwm = new Map();
	const sample = () => {
		let sum = 0;
		for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
			try {
				const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
				if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== pgid) continue;
				const status = readFileSync(`/proc/${pid}/status`, 'utf8');
				sum += kbOf(status, 'VmRSS');
				if (Number(pid) === pgid) peakMainKb = Math.max(peakMainKb, kbOf(status, 'VmRSS'));
				hwm.set(Number(pid), Math.max(hwm.get(Number(pid)) ?? 0, kbOf(status, 'VmHWM')));
			} catch {
				/* exited meanwhile */
			}
		}
		peakGroupKb = Math.max(peakGroupKb, sum);
		return sum;
	};
	const idleKb = sample();
	const timer = setInterval(sample, 200);
	return {
		idleMb: Math.round(idleKb / 1024),
		stop() {
			sample();
			clearInterval(timer);
			return { groupPeakMb: Math.round(peakGroupKb / 1024), mainRunPeakMb: Math.round(peakMainKb / 1024), mainHwmMb: Math.round((hwm.get(pgid) ?? 0) / 1024), processes: hwm.size };
		},
	};
}

/** Every execution n8n saved, with the size of its data (n8n's own SQLite database, read-only). */
function savedExecutions(install, userFolder) {
	const db = join(userFolder, '.n8n', 'database.sqlite');
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const rows = db.prepare("SELECT e.id AS id, e.workflowId AS workflowId, e.status AS status, e.mode AS mode, length(d.data) AS bytes FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY e.id").all();
		process.stdout.write(JSON.stringify(rows));`;
	const out = spawnSync(install.nodeBin, ['--no-warnings', '-e', script, db], { encoding: 'utf8', maxBuffer: 64 << 20 });
	if (out.status !== 0) throw new Error(`reading ${db}: ${out.stderr}`);
	return JSON.parse(out.stdout);
}

function withPeriod(wf, values) {
	const copy = JSON.parse(JSON.stringify(wf));
	const node = copy.nodes.find((n) => n.name === SETTINGS);
	for (const [name, value] of Object.entries(values)) {
		const a = node.parameters.assignments.assignments.find((x) => x.name === name);
		if (!a) throw new Error(`${SETTINGS} sets no field "${name}"`);
		a.value = value;
	}
	return copy;
}

/** Σ executionTime per node over the runs of one execution's runData. */
function addNodeTimes(into, runData) {
	for (const [node, runs] of Object.entries(runData ?? {})) {
		const t = into.get(node) ?? { ms: 0, runs: 0, items: 0 };
		for (const r of runs) {
			t.ms += r.executionTime ?? 0;
			t.runs += 1;
			t.items += (r.data?.main ?? []).reduce((n, out) => n + (out?.length ?? 0), 0);
		}
		into.set(node, t);
	}
}

/**
 * The bench keeps n8n's execution saving and pruning as a normal user has them: n8n 2.40.7's defaults
 * (EXECUTIONS_DATA_SAVE_ON_SUCCESS/ON_ERROR all, SAVE_MANUAL_EXECUTIONS true, SAVE_ON_PROGRESS false,
 * EXECUTIONS_DATA_PRUNE true, MAX_AGE 336 h, PRUNE_MAX_COUNT 10000). The stack may spell a default out;
 * anything else would make the figures not a user's.
 */
const USER_DEFAULTS = {
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
	EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
	EXECUTIONS_DATA_PRUNE: 'true',
	EXECUTIONS_DATA_MAX_AGE: '336',
	EXECUTIONS_DATA_PRUNE_MAX_COUNT: '10000',
};
function checkExecutionSettings(env) {
	for (const [key, value] of Object.entries(env ?? {})) {
		if (!/^EXECUTIONS_|^N8N_EXECUTIONS_/.test(key)) continue;
		if (USER_DEFAULTS[key] === undefined || USER_DEFAULTS[key] !== String(value)) throw new Error(`the stack sets ${key}=${value}: not n8n's default, the figures would not be a user's`);
	}
}

async function runScale({ label, target }) {
	const size = Math.ceil(target / IN_PERIOD_SHARE);
	const userFolder = join(ROOT, `.n8n-local/bench-firm-${process.pid}-${WORKFLOW}-${label}`);
	log(`${label}: sandbox firm --size ${size}, n8n in ${userFolder}`);
	const t0 = Date.now();
	const stack = await startStack({
		userFolder,
		fresh: true,
		build: 'ifStale',
		sandboxOptions: { seed: 'bench', size, maxClients: MAX_CLIENTS, clock: { start: BENCH_NOW }, clioRateLimitPerMinute: 1_000_000 },
		log: (m) => log(`  ${m}`),
	});
	const startupS = (Date.now() - t0) / 1000;
	try {
		const { periodStart, periodEnd } = previousMonthPeriod(BENCH_NOW);
		const expect = demoExpectation(stack.sandbox.firm, BENCH_NOW);
		const firm = stack.sandbox.firm;
		log(`${label}: ${expect.entries} billable unbilled entries in ${periodStart}..${periodEnd} (${expect.breakers} seeded breakers), ${firm.clients.length} clients, ${firm.matters.length} matters; stack up in ${startupS.toFixed(0)} s`);
		// FIRM_SCALE_TEMPLATE: another copy of the template (e.g. `git show <rev>:workflows/01-….json`), to compare
		const template = process.env.FIRM_SCALE_TEMPLATE
			? JSON.parse(readFileSync(process.env.FIRM_SCALE_TEMPLATE, 'utf8'))
			: readTemplates().find((t) => t.file === TEMPLATE).workflow;
		const pinned = { periodStart, periodEnd, today: dateInZone(Date.parse(BENCH_NOW)) };
		if (WORKFLOW === 'hub') {
			// each client to the platform the sandbox firm gives it (LEDES client ID → platform); others on paper
			const clients = { '*': { platform: 'none', guidelines: 'corporate' } };
			for (const c of firm.clients) clients[c.ledesClientId] = { platform: HUB_PLATFORM[c.ebilling] ?? 'none', guidelines: 'corporate' };
			pinned.clients = JSON.stringify(clients);
			if (process.env.FIRM_SCALE_CLIENTS_PER_SLICE) pinned.clientsPerSlice = Number(process.env.FIRM_SCALE_CLIENTS_PER_SLICE);
		} else {
			pinned.platform = 'legalTracker';
			if (process.env.FIRM_SCALE_MATTERS_PER_SLICE) pinned.mattersPerSlice = Number(process.env.FIRM_SCALE_MATTERS_PER_SLICE);
		}
		const wf = withPeriod(template, pinned);
		checkExecutionSettings(stack.state.env);
		// FIRM_SCALE_IMPORT=<file,file>: workflows to import first (e.g. the sub-workflow of a template copy)
		for (const f of (process.env.FIRM_SCALE_IMPORT ?? '').split(',').filter(Boolean)) await stack.importWorkflow(JSON.parse(readFileSync(f, 'utf8')));
		const id = await stack.importWorkflow({ ...wf, id: WORKFLOW_ID, name: `${wf.name} (bench ${label})` });
		const pid = findN8nMain(userFolder);
		if (!pid) throw new Error(`no n8n process found for ${userFolder}`);
		const before = new Set(savedExecutions(stack.install, userFolder).map((e) => e.id));
		const mem = memorySampler(pid);
		const load0 = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
		const started = Date.now();
		const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger').name;
		const run = await stack.api.post(`/rest/workflows/${id}/run`, { triggerToStartFrom: { name: trigger } });
		let outcome;
		try {
			outcome = await waitForExecution(stack.api, stack.state, run.executionId, TIMEOUT_MS);
		} catch (e) {
			outcome = { ok: false, error: e.message };
		}
		const wallS = (Date.now() - started) / 1000;
		// the entries of the run: the time sync's are the sandbox's Clio entries of the period; the hub's,
		// Clio's and Actionstep's, are what its Run summary counted
		const summary = outcome.run?.data?.resultData?.runData?.['Run summary']?.[0]?.data?.main?.[0]?.[0]?.json;
		const entries = WORKFLOW === 'hub' ? Number(summary?.counts?.entries ?? 0) : expect.entries;
		const memory = mem.stop();
		const alive = !!findN8nMain(userFolder);
		const error = outcome.error ?? outcome.run?.data?.resultData?.error?.message;
		// execution data: the parent and everything it started (sub-workflow executions)
		const saved = alive ? savedExecutions(stack.install, userFolder).filter((e) => !before.has(e.id)) : [];
		const parent = saved.find((e) => String(e.id) === String(run.executionId));
		const subs = saved.filter((e) => String(e.id) !== String(run.executionId));
		// the parent's own nodes, and the slices' nodes summed over every sub-execution
		const parentTimes = new Map();
		addNodeTimes(parentTimes, outcome.run?.data?.resultData?.runData);
		const times = new Map();
		let largestSliceItems = 0;
		for (const s of subs) {
			try {
				const sub = await waitForExecution(stack.api, stack.state, String(s.id), 60000);
				const one = new Map();
				addNodeTimes(one, sub.run?.data?.resultData?.runData);
				largestSliceItems = Math.max(largestSliceItems, ...[...one.values()].map((t) => t.items));
				addNodeTimes(times, sub.run?.data?.resultData?.runData);
			} catch (e) {
				log(`  sub-execution ${s.id}: ${e.message}`);
			}
		}
		const callers = new Set(wf.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflow').map((n) => n.name));
		const ownParent = [...parentTimes.entries()].filter(([name]) => !subs.length || !callers.has(name));
		if (!subs.length) for (const [name, t] of ownParent) times.set(name, t);
		const totalNodeMs = [...times.values()].reduce((n, t) => n + t.ms, 0);
		const parentOwnMs = subs.length ? ownParent.reduce((n, [, t]) => n + t.ms, 0) : 0;
		const waitMs = [...parentTimes.entries()].filter(([name]) => callers.has(name)).reduce((n, [, t]) => n + t.ms, 0);
		const top = [...times.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
		const parentTop = subs.length ? ownParent.sort((a, b) => b[1].ms - a[1].ms).slice(0, 4) : [];
		const mb = (b) => Math.round((b / 1048576) * 10) / 10;
		const subBytes = subs.map((s) => s.bytes ?? 0);
		const figures = {
			label,
			size,
			workflow: WORKFLOW,
			entries,
			clients: firm.clients.length,
			matters: firm.matters.length,
			ok: outcome.ok === true,
			status: outcome.run?.status ?? (alive ? 'error' : 'n8n died'),
			error,
			wallS: Math.round(wallS * 10) / 10,
			entriesPerMin: Math.round((entries / wallS) * 60),
			idleRssMb: mem.idleMb,
			mainPeakRssMb: memory.mainHwmMb,
			groupPeakRssMb: memory.groupPeakMb,
			mainRunPeakRssMb: memory.mainRunPeakMb,
			parentDataMb: parent ? mb(parent.bytes ?? 0) : undefined,
			parentDataKb: parent ? Math.round((parent.bytes ?? 0) / 1024) : undefined,
			subExecutions: subs.length,
			subDataMaxMb: subs.length ? mb(Math.max(...subBytes)) : 0,
			largestSliceItems,
			totalDataMb: mb(saved.reduce((n, e) => n + (e.bytes ?? 0), 0)),
			load: `${load0}→${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
			sliceNodesS: Math.round(totalNodeMs / 100) / 10,
			parentOwnS: Math.round(parentOwnMs / 100) / 10,
			executeWorkflowS: Math.round(waitMs / 100) / 10,
			parentNodes: parentTop.map(([name, t]) => ({ name, s: Math.round(t.ms / 100) / 10, items: t.items })),
			nodes: top.map(([name, t]) => ({ name, s: Math.round(t.ms / 100) / 10, pct: totalNodeMs ? Math.round((t.ms / totalNodeMs) * 100) : 0, items: t.items })),
		};
		log(`${label}: ${JSON.stringify(figures)}`);
		console.log(`\n${WORKFLOW} ${label} (${entries} entries in the period, sandbox --size ${size}, ${firm.clients.length} clients, ${firm.matters.length} matters): ${figures.ok ? 'success' : `FAILED (${figures.status}: ${error ?? ''})`}`);
		console.log(`  wall ${figures.wallS} s (${figures.entriesPerMin}/min), n8n peak RSS ${figures.mainPeakRssMb} MB (VmHWM; sampled during the run ${figures.mainRunPeakRssMb} MB, idle ${figures.idleRssMb} MB; with task runner ${figures.groupPeakRssMb} MB), load ${figures.load}`);
		console.log(`  execution data: parent ${figures.parentDataKb ?? '?'} KB, ${subs.length} sub-executions (largest ${figures.subDataMaxMb} MB, busiest node of the largest slice ${largestSliceItems} items), total ${figures.totalDataMb} MB`);
		if (subs.length) {
			console.log(`  parent: own nodes Σ ${figures.parentOwnS} s (${figures.parentNodes.map((n) => `${n.name} ${n.s} s`).join(', ')}); its Execute Workflow node ${figures.executeWorkflowS} s = waiting for the slices`);
			console.log(`  where the time goes in the slices (Σ node executionTime over ${subs.length} sub-executions ${(totalNodeMs / 1000).toFixed(1)} s):`);
		} else console.log(`  where the time goes (Σ node executionTime ${(totalNodeMs / 1000).toFixed(1)} s):`);
		for (const n of figures.nodes) console.log(`    ${String(n.s).padStart(7)} s  ${String(n.pct).padStart(3)}%  ${n.name} (${n.items} items out)`);
		result({ name: `${TAG}${label}: entries in the period`, value: entries, unit: 'entries' });
		result({ name: `${TAG}${label}: run`, value: figures.wallS, unit: 's', ok: figures.ok });
		result({ name: `${TAG}${label}: n8n peak RSS`, value: figures.mainPeakRssMb, unit: 'MB' });
		result({ name: `${TAG}${label}: execution data (all)`, value: figures.totalDataMb, unit: 'MB' });
		result({ name: `${TAG}${label}: largest single execution`, value: Math.max(figures.parentDataMb ?? 0, figures.subDataMaxMb), unit: 'MB' });
		if (top[0]) result({ name: `${TAG}${label}: slowest node`, value: `${top[0][0]} ${figures.nodes[0].pct}%`, unit: '' });
		return figures;
	} finally {
		await stack.stop();
		if (!process.env.FIRM_SCALE_KEEP) rmSync(userFolder, { recursive: true, force: true });
	}
}

const all = [];
for (const s of scales()) all.push(await runScale(s));
// The goal of issue 14: peak RSS flat (±20%) from 10k up, time linear in the entries.
const big = all.filter((f) => f.entries >= 9000 && f.ok);
if (big.length >= 2) {
	const rss = big.map((f) => f.mainPeakRssMb);
	const spread = Math.max(...rss) / Math.min(...rss) - 1;
	result({ name: 'peak RSS spread from 10k up', value: Math.round(spread * 100), unit: '%', target: '<= 20', ok: spread <= 0.2 });
	const rate = big.map((f) => f.wallS / f.entries);
	const drift = Math.max(...rate) / Math.min(...rate) - 1;
	result({ name: 'time per entry spread from 10k up', value: Math.round(drift * 100), unit: '%', target: '<= 30 (linear)', ok: drift <= 0.3 });
}
if (all.some((f) => !f.ok)) process.exitCode = 1;
