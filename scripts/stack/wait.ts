/** Waiting: for a server to come up, and for an n8n execution to finish. */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { N8nApi } from './api';
import type { ExecuteResult, StackState } from './client';
import type { Log } from './paths';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 500 ms until it is true; fails early when the process it waits for died. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, isAlive: () => boolean, log?: Log) {
	const started = Date.now();
	let lastNote = started;
	for (;;) {
		if (!isAlive()) throw new Error(`n8n exited while waiting for ${what}`);
		try {
			if (await check()) return;
		} catch {
			/* not yet */
		}
		if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
		if (log && Date.now() - lastNote > 10000) {
			log(`  still waiting for ${what} (${Math.round((Date.now() - started) / 1000)}s)…`);
			lastNote = Date.now();
		}
		await sleep(500);
	}
}

/** Polls an execution until it is no longer running; its data comes in n8n's "flatted" encoding. */
export async function waitForExecution(api: N8nApi, state: StackState, executionId: string, timeoutMs = 180000): Promise<ExecuteResult> {
	const req = createRequire(join(state.install.n8nDir, 'node_modules/n8n/package.json'));
	const flatted = req('flatted') as { parse(text: string): unknown };
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let ex: { status: string; finished: boolean; data: string; stoppedAt?: string } | undefined;
		try {
			ex = await api.get<{ status: string; finished: boolean; data: string; stoppedAt?: string }>(`/rest/executions/${executionId}`);
		} catch (e) {
			// n8n busy with a long run may reset or refuse the poll: the execution goes on, so ask again
			const code = (e as { code?: string; cause?: { code?: string } }).code ?? (e as { cause?: { code?: string } }).cause?.code;
			if (!isTransientNetworkError(code, e) || Date.now() > deadline) throw e;
			await sleep(1000);
			continue;
		}
		if (ex && !['new', 'running', 'waiting', 'unknown'].includes(ex.status) && ex.stoppedAt) {
			const data = (typeof ex.data === 'string' ? flatted.parse(ex.data) : ex.data) as NonNullable<ExecuteResult['run']>['data'];
			return { ok: ex.status === 'success', run: { data, status: ex.status }, stdout: '', stderr: '', executionId } as ExecuteResult;
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${ex?.status} after ${timeoutMs / 1000}s`);
		await sleep(500);
	}
}

/** A poll that failed because the server was busy or restarting, not because of the execution. */
export function isTransientNetworkError(code: string | undefined, error?: unknown): boolean {
	if (code && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET', 'EAI_AGAIN'].includes(code)) return true;
	const status = (error as { response?: { status?: number } } | undefined)?.response?.status;
	if (status === 502 || status === 503 || status === 504) return true;
	return /socket hang up|ECONNRESET|ECONNREFUSED|fetch failed|: HTTP 50[234] /i.test(String((error as Error | undefined)?.message ?? ''));
}
