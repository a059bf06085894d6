/**
 * `npm run sandbox [-- --port 4010 --seed demo --size 5000 --faults '{"clio":{"errorRate":0.1}}'
 *   --clio-rate-limit 50 --clio-retry-after http-date --vendors clio,brightflag]`
 * Starts every simulator on one port, prints base URLs and OAuth credentials, runs until Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { startSandbox, type SandboxOptions, type VendorName } from './index';

const HELP = `Usage: npm run sandbox -- [options]
  --port <n>                  TCP port (default 4010; 0 = any free port)
  --host <addr>               interface (default 127.0.0.1)
  --seed <text>               data seed (default "sandbox")
  --size <n>                  number of time/expense entries (default 60; 100000+ works)
  --faults <json>             faults per vendor, e.g. '{"clio":{"errorRate":0.1,"latencyMs":200}}'
  --clio-rate-limit <n>       Clio requests per window per token (default 50)
  --clio-rate-window <s>      Clio rate-limit window in seconds (default 60)
  --clio-retry-after <fmt>    "seconds" (default) or "http-date"
  --vendors <list>            comma-separated subset (default: all)
  --now <iso>                 start the sandbox clock at this instant (default: the real time);
                              the firm's data runs up to its date (firm time zone America/Chicago)
  --as-of <YYYY-MM-DD>        pin the firm's data to this date whatever the clock says
  --frozen-clock              the sandbox clock only moves through POST /_admin/clock
  -h, --help`;

export function parseCli(argv: string[]): SandboxOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			seed: { type: 'string' },
			size: { type: 'string' },
			faults: { type: 'string' },
			'clio-rate-limit': { type: 'string' },
			'clio-rate-window': { type: 'string' },
			'clio-retry-after': { type: 'string' },
			vendors: { type: 'string' },
			'frozen-clock': { type: 'boolean' },
			now: { type: 'string' },
			'as-of': { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		allowPositionals: false,
	});
	if (values.help) {
		console.log(HELP);
		process.exit(0);
	}
	const int = (name: string, v: string | undefined, min: number): number | undefined => {
		if (v === undefined) return undefined;
		const n = Number(v);
		if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${v}"`);
		return n;
	};
	let faults: SandboxOptions['faults'];
	if (values.faults !== undefined) {
		try {
			faults = JSON.parse(values.faults) as SandboxOptions['faults'];
		} catch (e) {
			throw new Error(`--faults is not valid JSON: ${(e as Error).message}`);
		}
	}
	const retryAfter = values['clio-retry-after'];
	if (retryAfter !== undefined && retryAfter !== 'seconds' && retryAfter !== 'http-date') throw new Error('--clio-retry-after must be "seconds" or "http-date"');
	if (values.now !== undefined && !Number.isFinite(Date.parse(values.now))) throw new Error(`--now must be an ISO date-time, got "${values.now}"`);
	if (values['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new Error(`--as-of must be YYYY-MM-DD, got "${values['as-of']}"`);
	const clock = values['frozen-clock'] || values.now !== undefined ? { frozen: values['frozen-clock'] ?? false, start: values.now } : undefined;
	return {
		port: int('port', values.port, 0) ?? 4010,
		asOf: values['as-of'],
		host: values.host,
		seed: values.seed,
		size: int('size', values.size, 0),
		faults,
		clioRateLimitPerMinute: int('clio-rate-limit', values['clio-rate-limit'], 1),
		clioRateLimitWindowSeconds: int('clio-rate-window', values['clio-rate-window'], 1),
		clioRetryAfterFormat: retryAfter as SandboxOptions['clioRetryAfterFormat'],
		vendors: values.vendors ? (values.vendors.split(',').map((v) => v.trim()) as VendorName[]) : undefined,
		clock,
	};
}

async function main(): Promise<void> {
	let options: SandboxOptions;
	try {
		options = parseCli(process.argv.slice(2));
	} catch (e) {
		console.error(`${(e as Error).message}\n\n${HELP}`);
		process.exit(2);
	}
	const started = Date.now();
	const sandbox = await startSandbox(options);
	const lines: string[] = [];
	lines.push(`Legal-billing vendor sandbox on ${sandbox.url}  (seed "${sandbox.firm.seed}", ${sandbox.firm.entries.length} entries, ${sandbox.firm.matters.length} matters, ${sandbox.firm.timekeepers.length} timekeepers; data up to ${sandbox.firm.asOf}; ready in ${Date.now() - started} ms)`);
	const described = Object.entries(sandbox.describe());
	const width = Math.max(16, ...described.flatMap(([, d]) => Object.keys(d.urls).map((l) => l.length + 1)));
	for (const [name, d] of described) {
		lines.push('', `[${name}]`);
		for (const [label, value] of Object.entries(d.urls)) lines.push(`  ${label.padEnd(width)} ${value}`);
		if (d.clientId) lines.push(`  ${'client id'.padEnd(width)} ${d.clientId}`);
		if (d.clientSecret) lines.push(`  ${'client secret'.padEnd(width)} ${d.clientSecret}`);
		for (const note of d.notes ?? []) lines.push(`  ${note}`);
	}
	lines.push(
		'',
		'[admin]',
		`  ${'overview'.padEnd(16)} GET  ${sandbox.url}/_admin`,
		`  ${'clock'.padEnd(16)} POST ${sandbox.url}/_admin/clock {"advanceSeconds":3600} | {"set":"2026-12-01T00:00:00Z"}`,
		`  ${'faults'.padEnd(16)} POST ${sandbox.url}/_admin/faults {"vendor":"clio","faults":{"errorRate":0.2}}`,
		`  ${'token'.padEnd(16)} POST ${sandbox.url}/_admin/tokens {"vendor":"clio"}`,
		`  ${'received'.padEnd(16)} GET  ${sandbox.url}/_admin/<vendor>/received`,
		`  ${'reset'.padEnd(16)} POST ${sandbox.url}/_admin/reset   {"now":"2028-02-29T15:00:00Z"} also moves the clock and the data`,
		'',
		'Ctrl-C to stop.',
	);
	console.log(lines.join('\n'));
	const stop = () => {
		console.log('\nStopping the sandbox…');
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) void main();
