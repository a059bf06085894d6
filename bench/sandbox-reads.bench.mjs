// Sandbox reads benchmark (issue 14, "wall time is not linear"): what one slice of the time sync
// costs the SANDBOX, without n8n. The firm-scale bench's 100k firm (seed "bench", --size 384,616,
// clients uncapped, clock at 2026-11-18T16:00Z: ~119k billable unbilled entries in October 2026) is
// seeded in this process; then, over HTTP, one read per matter as the time-sync slice sends it
// (Clio: status=unbilled, start_date, end_date, matter_id, the node's default fields, limit 200,
// cursor pages followed) and as the Actionstep node sends a per-matter read (action_eq, dates,
// isBillable_eq=T, sort=timestampDate,id, pageSize 200). Each read runs twice: answered from the
// sandbox's indexes (vendor option filterIndex on, the default) and by the full scan of the firm
// (filterIndex: false, what every read cost before). The answers must be byte-identical.
//
// Usage: npm run bench -- sandbox-reads [--scale 100k] [--requests 200]   (--requests all = every matter)
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire(import.meta.url);
const { startSandbox } = require('../sandbox/index.ts');
const { CLIO_DEFAULT_FIELDS } = require('../nodes/Clio/helpers/fields.ts');

const BENCH_NOW = '2026-11-18T16:00:00Z';
const IN_PERIOD_SHARE = 0.26; // as bench/firm-scale.bench.mjs sizes its firms
const PERIOD = { start: '2026-10-01', end: '2026-10-31' };

const arg = (name, fallback) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : fallback;
};
const log = (m) => process.stderr.write(`[sandbox-reads] ${m}\n`);
const result = (o) => console.log('BENCH_RESULT ' + JSON.stringify(o));

const scaleText = arg('scale', process.env.SANDBOX_READS_SCALE ?? '100k');
const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(scaleText);
if (!m) throw new Error(`--scale: "${scaleText}" is not a size like 100k`);
const target = Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
const size = Math.ceil(target / IN_PERIOD_SHARE);

const clioOptions = { filterIndex: true };
const asOptions = { filterIndex: true };
const t0 = Date.now();
const sb = await startSandbox({
	port: 0,
	seed: 'bench',
	size,
	maxClients: 100_000,
	clock: { start: BENCH_NOW },
	clioRateLimitPerMinute: 1_000_000,
	vendors: ['clio', 'actionstep'],
	vendorOptions: { clio: clioOptions, actionstep: asOptions },
});
const inPeriod = sb.state.clio.activities.all().filter((a) => a.date >= PERIOD.start && a.date <= PERIOD.end && sb.state.clio.activityStatus(a) === 'unbilled').length;
const matters = sb.state.clio.matters.all().map((x) => x.id);
log(`firm --size ${size}: ${sb.state.clio.activities.size} activities (${inPeriod} unbilled in ${PERIOD.start}..${PERIOD.end}), ${matters.length} matters; seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

// the matters read: every matter, or N spread evenly over the firm
const wanted = arg('requests', process.env.SANDBOX_READS_REQUESTS ?? '200');
const n = wanted === 'all' ? matters.length : Math.min(matters.length, Number(wanted));
const sample = Array.from({ length: n }, (_, i) => matters[Math.floor((i * matters.length) / n)]);

const clioToken = sb.issueToken('clio').access_token;
const asToken = sb.issueToken('actionstep', { scope: 'all' });
const asRest = `${asToken.api_endpoint}rest/`;

async function get(url, headers) {
	const r = await fetch(url, { headers });
	const text = await r.text();
	return { status: r.status, text };
}

/** One Clio slice read of a matter: every cursor page. Returns [records, pages, hash of the bodies]. */
async function clioRead(matter) {
	const q = new URLSearchParams({ status: 'unbilled', start_date: PERIOD.start, end_date: PERIOD.end, matter_id: String(matter), fields: CLIO_DEFAULT_FIELDS.activity, limit: '200' });
	let url = `${sb.url}/clio/api/v4/activities.json?${q}`;
	const hash = createHash('sha1');
	let records = 0;
	let pages = 0;
	while (url) {
		const r = await get(url, { Authorization: `Bearer ${clioToken}`, 'X-API-VERSION': '4.0.13' });
		if (r.status !== 200) throw new Error(`Clio answered ${r.status}: ${r.text.slice(0, 200)}`);
		hash.update(r.text);
		const body = JSON.parse(r.text);
		records += body.data.length;
		pages++;
		url = body.meta.paging.next;
	}
	return [records, pages, hash.digest('hex')];
}

/** One Actionstep read of a matter's billable time entries in the period: every page. */
async function actionstepRead(matter) {
	const hash = createHash('sha1');
	let records = 0;
	let pages = 0;
	for (let page = 1; ; page++) {
		const q = new URLSearchParams({ sort: 'timestampDate,id', action_eq: String(matter), timestampDate_gteq: `${PERIOD.start}T00:00:00`, timestampDate_lteq: `${PERIOD.end}T23:59:59`, isBillable_eq: 'T', pageSize: '200', page: String(page) });
		const r = await get(`${asRest}timeentries?${q}`, { Authorization: `Bearer ${asToken.access_token}`, Accept: 'application/vnd.api+json' });
		pages++;
		hash.update(`${r.status}\n${r.text}`);
		if (r.status === 204) break;
		if (r.status !== 200) throw new Error(`Actionstep answered ${r.status}: ${r.text.slice(0, 200)}`);
		const body = JSON.parse(r.text);
		records += [body.timeentries].flat().length;
		if (!body.meta.paging.timeentries.nextPage) break;
	}
	return [records, pages, hash.digest('hex')];
}

async function timed(read, options, indexed) {
	options.filterIndex = indexed;
	const answers = [];
	const times = [];
	const start = process.hrtime.bigint();
	for (const matter of sample) {
		const s = process.hrtime.bigint();
		answers.push(await read(matter));
		times.push(Number(process.hrtime.bigint() - s) / 1e6);
	}
	const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
	options.filterIndex = true;
	times.sort((a, b) => a - b);
	return { totalMs, meanMs: totalMs / sample.length, medianMs: times[Math.floor(times.length / 2)], answers };
}

let failed = false;
for (const [vendor, read, options] of [
	['clio', clioRead, clioOptions],
	['actionstep', actionstepRead, asOptions],
]) {
	// warm-up of both ways (the JIT, the rendering), then the timed runs
	for (const on of [true, false]) {
		options.filterIndex = on;
		for (const matter of sample.slice(0, 5)) await read(matter);
	}
	const indexed = await timed(read, options, true);
	const scan = await timed(read, options, false);
	const same = indexed.answers.every((a, i) => a[2] === scan.answers[i][2]);
	const records = indexed.answers.reduce((s, a) => s + a[0], 0);
	const pages = indexed.answers.reduce((s, a) => s + a[1], 0);
	const ratio = scan.totalMs / indexed.totalMs;
	log(
		`${vendor}: ${sample.length} per-matter reads (${pages} requests, ${records} records): full scan ${(scan.totalMs / 1000).toFixed(2)} s ` +
			`(mean ${scan.meanMs.toFixed(1)} ms, median ${scan.medianMs.toFixed(1)} ms per matter), indexed ${(indexed.totalMs / 1000).toFixed(2)} s ` +
			`(mean ${indexed.meanMs.toFixed(2)} ms, median ${indexed.medianMs.toFixed(2)} ms): ×${ratio.toFixed(1)}; answers ${same ? 'identical' : 'DIFFER'}`,
	);
	if (!same) failed = true;
	result({ name: `${vendor} per-matter read, full scan (${scaleText}, ${sample.length} matters)`, metric: 'mean', value: scan.meanMs, unit: 'ms' });
	result({ name: `${vendor} per-matter read, indexed (${scaleText}, ${sample.length} matters)`, metric: 'mean', value: indexed.meanMs, unit: 'ms' });
	result({ name: `${vendor} scan ÷ indexed`, metric: 'ratio', value: ratio, unit: '×', target: 'answers identical', ok: same });
}
await sb.close();
if (failed) process.exit(1);
