// LEDES 1998B benchmark on the BUILT package (dist/lib/index.js):
// - build: canonical invoices → 1998B file (streamed to disk through LedesWriter)
// - parse+validate: the streaming engine over the file (split + every field/line/invoice check)
// - baseline, measured in the same run: read the file, split lines and fields, nothing else
// Each measurement runs in its own child process so peak memory is its own. Sizes: 250k and 1M
// line items (LEDES_BENCH_SIZES=100000,1000000 to change), to show memory stays flat.
import { spawnSync } from 'node:child_process';
import { copyFileSync, createReadStream, mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const require = createRequire(import.meta.url);
const LINES_PER_INVOICE = 100;
const CHUNK = 1 << 20;

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
	let buf = [];
	let bufLen = 0;
	const mem = new PeakMemory();
	const flush = () => {
		if (bufLen) writeSync(fd, buf.join(''));
		buf = [];
		bufLen = 0;
	};
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	const w = new LedesWriter({ format: '1998B' }, (s) => {
		buf.push(s);
		bufLen += s.length;
		if (bufLen >= CHUNK) flush();
	});
	const invoices = n / LINES_PER_INVOICE;
	for (let k = 0; k < invoices; k++) {
		const t = tpl[k % tpl.length];
		w.writeInvoice({ ...t, number: `INV${k}` });
		if ((k & 63) === 0) mem.sample();
	}
	w.end();
	flush();
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

async function phaseParse(file) {
	const { LedesEngine } = lib();
	const mem = new PeakMemory();
	let records = 0;
	let issues = 0;
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	const engine = new LedesEngine({}, { onRecord: () => records++, onIssue: () => issues++ });
	for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK })) {
		engine.push(chunk);
		mem.sample();
	}
	const summary = engine.end();
	const s = Number(process.hrtime.bigint() - t0) / 1e9;
	const cu = process.cpuUsage(c0);
	const cpu = (cu.user + cu.system) / 1e6;
	if (!summary.valid) throw new Error(`bench file did not validate: ${issues} issues`);
	return { seconds: s, cpu, items: records, invoices: summary.invoices, rss: mem.rss, heap: mem.heap };
}

async function phaseStream(file) {
	const { readLedesStream } = lib();
	const mem = new PeakMemory();
	let records = 0;
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	for await (const e of readLedesStream(createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK }))) {
		if (e.type === 'record') records++;
		else if (e.type === 'invoice') mem.sample();
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
	if (phase === 'parse') return console.log(JSON.stringify(await phaseParse(a)));
	if (phase === 'stream') return console.log(JSON.stringify(await phaseStream(a)));

	const sizes = (process.env.LEDES_BENCH_SIZES ?? '250000,1000000').split(',').map(Number);
	const dir = mkdtempSync(join(tmpdir(), 'ledes-bench-'));
	const distLib = join(dirname(here), '..', 'dist', 'lib', 'index.js');
	process.env.LEDES_BENCH_LIB = join(dir, 'lib.cjs');
	copyFileSync(distLib, process.env.LEDES_BENCH_LIB);
	const rows = [];
	try {
		for (const n of sizes) {
			const file = join(dir, `bench-${n}.txt`);
			const build = child('build', n, file);
			const base = child('baseline', file);
			const parse = child('parse', file);
			const stream = child('stream', file);
			// second baseline/parse pair: the ratio is taken from the better of two runs of each
			const base2 = child('baseline', file);
			const parse2 = child('parse', file);
			const bs = Math.min(base.seconds, base2.seconds);
			const ps = Math.min(parse.seconds, parse2.seconds);
			const row = {
				n,
				fileMB: MB(build.bytes),
				buildItemsPerSec: Math.round(n / build.seconds),
				buildRssMB: MB(build.rss),
				buildHeapMB: MB(build.heap),
				baselineItemsPerSec: Math.round(n / bs),
				baselineRssMB: MB(base.rss),
				parseItemsPerSec: Math.round(n / ps),
				parseRssMB: MB(parse.rss),
				parseHeapMB: MB(parse.heap),
				streamItemsPerSec: Math.round(n / stream.seconds),
				streamRssMB: MB(stream.rss),
				ratio: bs / ps,
			};
			rows.push(row);
			console.log(
				`${n.toLocaleString('en-US')} line items (${row.fileMB} MB): build ${row.buildItemsPerSec.toLocaleString('en-US')} items/s (peak RSS ${row.buildRssMB} MB, heap ${row.buildHeapMB} MB); ` +
					`baseline ${row.baselineItemsPerSec.toLocaleString('en-US')} lines/s (RSS ${row.baselineRssMB} MB); ` +
					`parse+validate ${row.parseItemsPerSec.toLocaleString('en-US')} items/s (RSS ${row.parseRssMB} MB, heap ${row.parseHeapMB} MB) = ${row.ratio.toFixed(2)}× baseline; ` +
					`async-generator API ${row.streamItemsPerSec.toLocaleString('en-US')} items/s (RSS ${row.streamRssMB} MB)`,
			);
			rmSync(file, { force: true });
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const big = rows[rows.length - 1];
	const small = rows[0];
	result({ name: `1998B build ${big.n} items`, value: big.buildItemsPerSec, unit: 'items/s', target: '>= 1,000,000', ok: big.buildItemsPerSec >= 1e6 });
	result({ name: `1998B parse+validate ${big.n} items`, value: big.parseItemsPerSec, unit: 'items/s' });
	result({ name: `baseline read+split ${big.n} lines`, value: big.baselineItemsPerSec, unit: 'lines/s' });
	result({ name: 'parse+validate / baseline', value: Number(big.ratio.toFixed(2)), unit: '×', target: '>= 0.5', ok: big.ratio >= 0.5 });
	for (const r of rows) {
		result({ name: `peak RSS build ${r.n}`, value: r.buildRssMB, unit: 'MB' });
		result({ name: `peak RSS parse+validate ${r.n}`, value: r.parseRssMB, unit: 'MB' });
		result({ name: `peak heap parse+validate ${r.n}`, value: r.parseHeapMB, unit: 'MB' });
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
