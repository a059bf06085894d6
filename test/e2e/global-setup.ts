/**
 * Starts the vendor sandbox and n8n once for the whole e2e run (fresh SQLite database in
 * .n8n-local/e2e, the pack built if stale, sandbox credentials and every template imported) and
 * writes what the test files need to STATE_FILE. The sandbox lives in this process; tests reach it
 * over HTTP (its /_admin API), as they reach n8n.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, startStack, type Stack } from '../../scripts/n8n-runner';
import { E2E_SANDBOX_OPTIONS, stateFile, userFolder } from './config';

export default async function globalSetup(): Promise<void> {
	const log = (m: string) => process.stderr.write(`[e2e] ${m}\n`);
	// this run's own user folder and state file (test files read LB_E2E_RUN through ./config)
	process.env.LB_E2E_RUN = process.env.LB_E2E_RUN ?? String(process.pid);
	const STATE_FILE = stateFile();
	if (process.env.E2E_BROWSER !== '0') {
		// The browser test drives Debian's Chromium; install it when missing (apt-get, once).
		const bin = execFileSync('bash', [join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
			.toString()
			.trim();
		process.env.CHROMIUM_BIN = bin;
	}
	const stack = await startStack({
		userFolder: userFolder(),
		fresh: true,
		build: process.env.E2E_BUILD === 'always' ? 'always' : 'ifStale',
		sandboxOptions: E2E_SANDBOX_OPTIONS,
		includeUnlisted: process.env.LB_INCLUDE_UNLISTED === '1',
		log,
	});
	(globalThis as { __LB_STACK__?: Stack }).__LB_STACK__ = stack;
	mkdirSync(dirname(STATE_FILE), { recursive: true });
	writeFileSync(STATE_FILE, JSON.stringify(stack.state, null, 2));
}
