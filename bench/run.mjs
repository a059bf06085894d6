// Runs every bench/*.bench.mjs in its own child process (so one benchmark's heap and JIT state
// never colours another's), echoes its output and prints a summary. A benchmark reports results
// by printing lines `BENCH_RESULT {json}` with { name, metric, value, unit, target?, ok? }.
// Usage: node bench/run.mjs [filter] [--options for the benchmarks]   (npm run bench builds dist first)
// e.g. npm run bench -- firm-scale --scale 1k,10k   (every argument after the filter goes to each benchmark)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filter = args[0] && !args[0].startsWith('-') ? args.shift() : undefined;
const files = readdirSync(here)
	.filter((f) => f.endsWith('.bench.mjs'))
	.filter((f) => !filter || f.includes(filter))
	.sort();

const results = [];
let failed = 0;
for (const f of files) {
	console.log(`\n=== ${f}`);
	const t0 = Date.now();
	const child = spawnSync(process.execPath, ['--expose-gc', join(here, f), ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	for (const line of (child.stdout ?? '').split('\n')) {
		if (line.startsWith('BENCH_RESULT ')) {
			try {
				results.push({ file: f, ...JSON.parse(line.slice('BENCH_RESULT '.length)) });
			} catch {
				console.log(line);
			}
		} else if (line) console.log(line);
	}
	if (child.status !== 0) {
		failed++;
		console.log(`!!! ${f} exited with ${child.status ?? child.signal}`);
	}
	console.log(`--- ${f}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

console.log('\n=== Summary');
const rows = results.map((r) => [
	r.file.replace('.bench.mjs', ''),
	r.name,
	typeof r.value === 'number' ? r.value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(r.value),
	r.unit ?? '',
	r.target ?? '',
	r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED',
]);
const head = ['bench', 'measure', 'value', 'unit', 'target', ''];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const fmt = (r) => r.map((c, i) => (i === 2 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ');
console.log(fmt(head));
for (const r of rows) console.log(fmt(r));
if (failed) {
	console.log(`\n${failed} benchmark file(s) failed`);
	process.exit(1);
}
