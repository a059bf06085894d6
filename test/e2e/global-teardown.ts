import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Stack } from '../../scripts/n8n-runner';

export default async function globalTeardown(): Promise<void> {
	const stack = (globalThis as { __LB_STACK__?: Stack }).__LB_STACK__;
	// an n8n a test started again after killing the stack's (crash-point.e2e.test.ts) leaves its pid here
	const restarted = stack ? join(stack.userFolder, 'n8n-restarted.pid') : '';
	if (restarted && existsSync(restarted)) {
		try {
			process.kill(-Number(readFileSync(restarted, 'utf8')), 'SIGKILL');
		} catch {
			/* already gone */
		}
	}
	if (stack) await stack.stop();
	// this run's n8n folder (database, installed pack) is not needed again
	const run = process.env.LB_E2E_RUN;
	if (run && process.env.LB_E2E_KEEP !== '1') {
		rmSync(join(ROOT, `.n8n-local/e2e-${run}`), { recursive: true, force: true });
		rmSync(join(ROOT, `.n8n-local/e2e-state-${run}.json`), { force: true });
	}
}
