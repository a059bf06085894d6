/**
 * Jest reporter: the suite-wide request-contract table (sandbox/framework/contracts.ts).
 *
 * Every sandbox process appends its counts to a JSON file in one directory per jest run
 * (LB_CONTRACTS_DIR, set here before the workers start). At the end of the run this reporter adds
 * them up per vendor and operation: requests seen, how many were judged against an official spec,
 * against a fact sheet, or not at all, and the violations. The unit run leaves its totals in
 * .n8n-local/contracts/last-unit.json; the e2e run (next step of `npm test`) prints the unit and
 * e2e figures together when that file is from the last 3 hours.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BASE = path.join(ROOT, '.n8n-local/contracts');

function readDir(dir) {
	const ops = new Map();
	const samples = [];
	let files = [];
	try {
		files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
	} catch {
		return { ops: [], samples };
	}
	for (const f of files) {
		let data;
		try {
			data = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
		} catch {
			continue;
		}
		for (const o of data.operations ?? []) add(ops, o);
		for (const s of data.samples ?? []) if (samples.length < 20) samples.push(s);
	}
	return { ops: [...ops.values()], samples };
}

function add(ops, o) {
	const key = `${o.vendor}\u0000${o.operation}\u0000${o.source}`;
	const c = ops.get(key) ?? { vendor: o.vendor, operation: o.operation, source: o.source, reference: o.reference, requests: 0, violations: 0, expectedViolations: 0 };
	c.requests += o.requests;
	c.violations += o.violations;
	c.expectedViolations += o.expectedViolations ?? 0;
	ops.set(key, c);
}

/** Per vendor: totals by source; per operation: one line. */
function table(ops, title) {
	const lines = [`\n${title}`];
	const vendors = [...new Set(ops.map((o) => o.vendor))].sort();
	if (!vendors.length) return `${lines[0]}\n  (no sandbox requests recorded)\n`;
	const pad = (s, n) => String(s).padEnd(n);
	const num = (s, n) => String(s).padStart(n);
	lines.push(`  ${pad('vendor', 13)}${num('requests', 9)}${num('official', 10)}${num('fact-sheet', 11)}${num('not judged', 11)}${num('violations', 11)}${num('expected', 9)}`);
	for (const v of vendors) {
		const mine = ops.filter((o) => o.vendor === v);
		const sum = (f) => mine.reduce((n, o) => n + f(o), 0);
		lines.push(
			`  ${pad(v, 13)}${num(sum((o) => o.requests), 9)}${num(sum((o) => (o.source === 'official' ? o.requests : 0)), 10)}${num(sum((o) => (o.source === 'fact-sheet' ? o.requests : 0)), 11)}${num(sum((o) => (o.source === 'none' ? o.requests : 0)), 11)}${num(sum((o) => o.violations), 11)}${num(sum((o) => o.expectedViolations), 9)}`,
		);
	}
	lines.push('  per operation (source, requests, violations):');
	for (const v of vendors) {
		for (const o of ops.filter((x) => x.vendor === v).sort((a, b) => a.operation.localeCompare(b.operation))) {
			lines.push(`    ${pad(v, 13)}${pad(o.operation, 52)}${pad(o.source, 11)}${num(o.requests, 7)}${num(o.violations, 5)}${o.expectedViolations ? ` (+${o.expectedViolations} expected)` : ''}`);
		}
	}
	return `${lines.join('\n')}\n`;
}

class ContractsReporter {
	constructor(_globalConfig, options = {}) {
		this.e2e = options.kind === 'e2e';
		if (!process.env.LB_CONTRACTS_DIR) process.env.LB_CONTRACTS_DIR = path.join(BASE, `run-${process.pid}-${Date.now().toString(36)}`);
		this.dir = process.env.LB_CONTRACTS_DIR;
	}

	onRunStart() {
		fs.mkdirSync(this.dir, { recursive: true });
	}

	onRunComplete() {
		const flush = globalThis.__LB_CONTRACTS_FLUSH__;
		if (typeof flush === 'function') flush();
		const { ops, samples } = readDir(this.dir);
		const kind = this.e2e ? 'e2e' : 'unit';
		let out = table(ops, `Vendor request contracts (${kind} run): requests seen by the sandbox, judged against the published spec`);
		if (samples.length) {
			out += '  violations (first ones):\n';
			for (const s of samples.slice(0, 10)) out += `    ${s.vendor} ${s.request}\n      ${s.violations.map((v) => `[${v.rule}] ${v.message}${v.source ? ` (${v.source})` : ''}`).join('\n      ')}\n`;
		}
		try {
			fs.mkdirSync(BASE, { recursive: true });
			fs.writeFileSync(path.join(BASE, `last-${kind}.json`), JSON.stringify({ at: new Date().toISOString(), operations: ops, samples }, null, 1));
			if (this.e2e) {
				const unit = JSON.parse(fs.readFileSync(path.join(BASE, 'last-unit.json'), 'utf8'));
				if (Date.now() - Date.parse(unit.at) < 3 * 3600e3) {
					const all = new Map();
					for (const o of [...unit.operations, ...ops]) add(all, o);
					out += table([...all.values()], `Suite-wide (unit run of ${unit.at} + this e2e run)`);
				}
			}
		} catch {
			// no unit figures to merge
		}
		try {
			fs.rmSync(this.dir, { recursive: true, force: true });
		} catch {
			// best effort
		}
		process.stdout.write(out);
	}
}

module.exports = ContractsReporter;
