// LEDES 1998B benchmark on the BUILT package (dist/lib/index.js):
// - build: canonical invoices → 1998B file (LedesWriter, each invoice written to disk as it is built)
// - parse+validate: the streaming engine over the file (split + every field/line/invoice check)
// - baseline, measured in the same run: read the file, split lines and fields, nothing else
// Each measurement runs in its own child process so peak memory is its own. Sizes: 250k and 1M
// line items (LEDES_BENCH_SIZES=100000,1000000 to change), to show memory stays flat.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
const LINES_PER_INVOICE = 100;
const CHUNK = 1 << 20; // read chunk size

// Children load the copy of dist/lib/index.js the orchestrator took at start (LEDES_BENCH_LIB), so a
// rebuild of dist by someone else during the run cannot pull the file away mid-measurement.
function lib() {
	return require(process.env.LEDES_BENCH_LIB ?? join(dirname(here), '..', 'dist', 'lib', 'index.js'));
}

class PeakMemory {
	constructor() {
		this.rss = 0;
		this.heap = 0;
		this.sample();
	}
	sample() {
		const m = process.memoryUsage();
		if (m.rss > this.rss) this.rss = m.rss;
		if (m.heapUsed > this.heap) this.heap = m.heapUsed;
	}
}

/** 100 distinct template invoices; each written many times under new numbers. */
function templates() {
	const kinds = ['fee', 'fee', 'fee', 'expense'];
	const out = [];
	for (let t = 0; t < 100; t++) {
		const lines = [];
		for (let i = 0; i < LINES_PER_INVOICE; i++) {
			const kind = kinds[(t + i) % 4];
			const fee = kind === 'fee';
			lines.push({
				id: `e${t}-${i}`,
				source: { system: 'bench', id: `${t}-${i}` },
				kind,
				date: `2026-01-${String(1 + ((t + i) % 28)).padStart(2, '0')}`,
				quantity: fee ? ((1 + ((t * 7 + i) % 40)) / 10).toFixed(1) : '1',
				rate: fee ? ['350', '425.50', '199.99', '600'][i % 4] : ['24.95', '289.50', '12'][i % 3],
				adjustment: i % 10 === 0 ? '-10.00' : '0',
				timekeeper: fee ? { id: `TK${i % 9}`, name: `Lastname${i % 9}, First`, classification: ['PARTNR', 'ASSOC', 'PARALG'][i % 3] } : undefined,
				matter: { id: `M-${t % 7}`, number: `M-${t % 7}`, clientMatterId: `CM-${t % 7}` },
				codes: fee ? { task: 'L110', activity: 'A10' + (1 + (i % 9)) } : { expense: 'E1' + String(1 + (i % 24)).padStart(2, '0') },
				narrative: fee ? `Review and analyse documents for item ${i}; call with client re strategy` : 'Travel and copying',
			});
		}
		out.push({
			number: `T${t}`,
			date: '2026-01-31',
			periodStart: '2026-01-01',
			periodEnd: '2026-01-31',
			description: 'For services rendered',
			client: { id: 'CLIENT-1' },
			lawFirm: { id: '12-3456789' },
			lines,
		});
	}
	return out;
}

function phaseBuild(n, file) {
	const { LedesWriter } = lib();
	const tpl = templates();
	const fd = openSync(file, 'w');
	const mem = new PeakMemory();
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	// each invoice (100 lines, ~22 KB) goes straight to the file, as bytes
	const w = new LedesWriter({ format: '1998B' }, { bytes: (b) => writeSync(fd, b) });
	const invoices = n / LINES_PER_INVOICE;
	for (let k = 0; k < invoices; k++) {
		const t = tpl[k % tpl.length];
		w.writeInvoice({ ...t, number: `INV${k}` });
		if ((k & 63) === 0) mem.sample();
	}
	w.end();
	closeSync(fd);
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	mem.sample();
	return { seconds: s, cpu, items: w.linesWritten, rss: mem.rss, heap: mem.heap, bytes: statSync(file).size };
}

async function phaseBaseline(file) {
	const mem = new PeakMemory();
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	let rest = '';
	let lines = 0;
	let fields = 0;
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK })) {
		const parts = (rest + chunk).split('\n');
		rest = parts.pop();
		for (const l of parts) {
			lines++;
			fields += l.split('|').length;
		}
		mem.sample();
	}
	if (rest) {
		lines++;
		fields += rest.split('|').length;
	}
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	return { seconds: s, cpu, items: lines - 2, fields, rss: mem.rss, heap: mem.heap };
}

async function phaseParse(file, memMode) {
	const { LedesStreamReader } = lib();
	const mem = new PeakMemory();
	let retained = 0;
	let chunksSeen = 0;
	let records = 0;
	let issues = 0;
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	const engine = new LedesStreamReader({}, { onRecord: () => records++, onIssue: () => issues++ });
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK })) {
		engine.push(chunk);
		mem.sample();
		// memory mode: every 16 MB, collect garbage and record what the parser really holds
		if (memMode && ++chunksSeen % 16 === 0 && global.gc) {
			global.gc();
			retained = Math.max(retained, process.memoryUsage().heapUsed);
		}
	}
	const summary = engine.end();
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	if (!summary.valid) throw new Error(`bench file did not validate: ${issues} issues`);
	return { seconds: s, cpu, items: records, invoices: summary.invoices, rss: mem.rss, heap: mem.heap, retained };
}

/**
 * Baseline and parse+validate on the SAME chunks, alternating chunk by chunk in one process, so both
 * meet the same machine load; the read itself is outside both timings (a stricter ratio).
 */
async function phaseInterleaved(file) {
	const { LedesStreamReader } = lib();
	let records = 0;
	const engine = new LedesStreamReader({}, { onRecord: () => records++ });
	let rest = '';
	let fields = 0;
	let tb = 0n;
	let tp = 0n;
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK })) {
		const a = process.hrtime.bigint();
		const parts = (rest + chunk).split('\n');
		rest = parts.pop();
		for (const l of parts) fields += l.split('|').length;
		const b = process.hrtime.bigint();
		engine.push(chunk);
		const c = process.hrtime.bigint();
		tb += b - a;
		tp += c - b;
	}
	const t0 = process.hrtime.bigint();
	if (!engine.end().valid) throw new Error('bench file did not validate');
	tp += process.hrtime.bigint() - t0;
	return { baseline: Number(tb) / 1e9, parse: Number(tp) / 1e9, items: records, fields };
}

async function phaseStream(file, batches) {
	const { readLedesStream, readLedesStreamBatches } = lib();
	const mem = new PeakMemory();
	let records = 0;
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	const source = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK });
	if (batches) {
		for await (const batch of readLedesStreamBatches(source)) {
			for (const e of batch) if (e.type === 'record') records++;
			mem.sample();
		}
	} else {
		for await (const e of readLedesStream(source)) {
			if (e.type === 'record') records++;
			else if (e.type === 'invoice') mem.sample();
		}
	}
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	return { seconds: s, cpu, items: records, rss: mem.rss, heap: mem.heap };
}

function child(phase, ...args) {
	const r = spawnSync(process.execPath, ['--expose-gc', here, phase, ...args.map(String)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	if (r.status !== 0) throw new Error(`${phase} failed (${r.status})`);
	return JSON.parse(r.stdout.trim().split('\n').pop());
}

const MB = (b) => Math.round(b / 1048576);
const result = (o) => console.log('BENCH_RESULT ' + JSON.stringify(o));

async function main() {
	const [phase, a, b] = process.argv.slice(2);
	if (phase === 'build') return console.log(JSON.stringify(phaseBuild(Number(a), b)));
	if (phase === 'baseline') return console.log(JSON.stringify(await phaseBaseline(a)));
	if (phase === 'parse') return console.log(JSON.stringify(await phaseParse(a, b === 'mem')));
	if (phase === 'stream') return console.log(JSON.stringify(await phaseStream(a, b === 'batches')));
	if (phase === 'interleaved') return console.log(JSON.stringify(await phaseInterleaved(a)));

	const sizes = (process.env.LEDES_BENCH_SIZES ?? '250000,1000000').split(',').map(Number);
	const dir = mkdtempSync(join(tmpdir(), 'ledes-bench-'));
	const distLib = join(dirname(here), '..', 'dist', 'lib', 'index.js');
	process.env.LEDES_BENCH_LIB = join(dir, 'lib.cjs');
	// dist may be in the middle of a rebuild (the build empties it first): wait up to two minutes
	for (let waited = 0; !existsSync(distLib); waited += 2) {
		if (waited >= 120) throw new Error(`${distLib} not found: run npm run build first`);
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
	}
	copyFileSync(distLib, process.env.LEDES_BENCH_LIB);
	const rows = [];
	try {
		for (const n of sizes) {
			const file = join(dir, `bench-${n}.txt`);
			// build three times (each run rewrites the file); the best run counts, as for parse below
			const builds = [child('build', n, file), child('build', n, file), child('build', n, file)];
			const build = builds.reduce((a, b) => (b.seconds < a.seconds ? b : a));
			build.rss = Math.max(...builds.map((r) => r.rss));
			build.heap = Math.max(...builds.map((r) => r.heap));
			build.cpu = Math.min(...builds.map((r) => r.cpu));
			// baseline and parse+validate alternate three times; each figure is the best of its three runs
			const bases = [];
			const parses = [];
			for (let k = 0; k < 3; k++) {
				bases.push(child('baseline', file));
				parses.push(child('parse', file));
			}
			const mem = child('parse', file, 'mem');
			const inter = [child('interleaved', file), child('interleaved', file)];
			const interRatio = Math.max(...inter.map((r) => r.baseline / r.parse));
			const stream = child('stream', file);
			const batches = child('stream', file, 'batches');
			const bs = Math.min(...bases.map((r) => r.seconds));
			const ps = Math.min(...parses.map((r) => r.seconds));
			const bc = Math.min(...bases.map((r) => r.cpu));
			const pc = Math.min(...parses.map((r) => r.cpu));
			const row = {
				n,
				fileMB: MB(build.bytes),
				buildItemsPerSec: Math.round(n / build.seconds),
				buildItemsPerCpuSec: Math.round(n / build.cpu),
				buildRssMB: MB(build.rss),
				buildHeapMB: MB(build.heap),
				baselineItemsPerSec: Math.round(n / bs),
				baselineRssMB: MB(Math.max(...bases.map((r) => r.rss))),
				parseItemsPerSec: Math.round(n / ps),
				parseItemsPerCpuSec: Math.round(n / pc),
				parseRssMB: MB(Math.max(...parses.map((r) => r.rss), mem.rss)),
				parseHeapMB: MB(Math.max(...parses.map((r) => r.heap))),
				parseRetainedMB: MB(mem.retained),
				streamItemsPerSec: Math.round(n / stream.seconds),
				streamRssMB: MB(stream.rss),
				batchesItemsPerSec: Math.round(n / batches.seconds),
				batchesRssMB: MB(batches.rss),
				ratio: bs / ps,
				buildRatio: bs / build.seconds,
				cpuRatio: bc / pc,
				interRatio,
			};
			rows.push(row);
			const f = (x) => x.toLocaleString('en-US');
			console.log(
				`${f(n)} line items (${row.fileMB} MB):\n` +
					`  build            ${f(row.buildItemsPerSec)} items/s (${f(row.buildItemsPerCpuSec)} per CPU-second) = ${row.buildRatio.toFixed(2)}× baseline, peak RSS ${row.buildRssMB} MB, heap ${row.buildHeapMB} MB\n` +
					`  baseline         ${f(row.baselineItemsPerSec)} lines/s (read + split lines and fields), peak RSS ${row.baselineRssMB} MB\n` +
					`  parse+validate   ${f(row.parseItemsPerSec)} items/s (${f(row.parseItemsPerCpuSec)} per CPU-second) = ${row.ratio.toFixed(2)}× baseline (CPU: ${row.cpuRatio.toFixed(2)}×; same chunks interleaved, read excluded: ${row.interRatio.toFixed(2)}×), peak RSS ${row.parseRssMB} MB, heap ${row.parseHeapMB} MB, held after GC ${row.parseRetainedMB} MB\n` +
					`  async generator  ${f(row.streamItemsPerSec)} items/s (readLedesStream: one event per line), peak RSS ${row.streamRssMB} MB\n` +
					`  batches          ${f(row.batchesItemsPerSec)} items/s (readLedesStreamBatches: one array per chunk), peak RSS ${row.batchesRssMB} MB`,
			);
			rmSync(file, { force: true });
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const big = rows[rows.length - 1];
	const small = rows[0];
	result({ name: `1998B build ${big.n} items`, value: big.buildItemsPerSec, unit: 'items/s', target: '>= 1,000,000', ok: big.buildItemsPerSec >= 1e6 });
	result({ name: `1998B build ${big.n} items (CPU)`, value: big.buildItemsPerCpuSec, unit: 'items/CPU-s' });
	result({ name: 'build / baseline (lines written per line read+split)', value: Number(big.buildRatio.toFixed(2)), unit: '×' });
	result({ name: `1998B parse+validate ${big.n} items`, value: big.parseItemsPerSec, unit: 'items/s' });
	result({ name: `baseline read+split ${big.n} lines`, value: big.baselineItemsPerSec, unit: 'lines/s' });
	result({ name: 'parse+validate / baseline', value: Number(big.ratio.toFixed(2)), unit: '×', target: '>= 0.5', ok: big.ratio >= 0.5 });
	result({ name: 'parse+validate / baseline (CPU time)', value: Number(big.cpuRatio.toFixed(2)), unit: '×', target: '>= 0.5', ok: big.cpuRatio >= 0.5 });
	result({ name: 'parse+validate / split, interleaved, read excluded', value: Number(big.interRatio.toFixed(2)), unit: '×', target: '>= 0.5', ok: big.interRatio >= 0.5 });
	for (const r of rows) {
		result({ name: `peak RSS build ${r.n}`, value: r.buildRssMB, unit: 'MB' });
		result({ name: `peak RSS parse+validate ${r.n}`, value: r.parseRssMB, unit: 'MB' });
		result({ name: `heap held by parser after GC ${r.n}`, value: r.parseRetainedMB, unit: 'MB' });
	}
	if (rows.length > 1) {
		const growth = big.parseRssMB / small.parseRssMB;
		result({ name: `parse RSS growth ${small.n}→${big.n}`, value: Number(growth.toFixed(2)), unit: '×', target: 'flat (< 1.5)', ok: growth < 1.5 });
		const bgrowth = big.buildRssMB / small.buildRssMB;
		result({ name: `build RSS growth ${small.n}→${big.n}`, value: Number(bgrowth.toFixed(2)), unit: '×', target: 'flat (< 1.5)', ok: bgrowth < 1.5 });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
