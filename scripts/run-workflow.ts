/**
 * Imports a workflow file into the n8n that `npm start` is running and executes it with the n8n CLI
 * (in the server like the editor's Execute button; `--cli` uses `n8n execute --id`), printing how many items each node emitted and the first error.
 *   npx tsx scripts/run-workflow.ts workflows/05-silent-failure-monitor.json [--json]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, stackClient, type StackState, type WorkflowJson } from './n8n-runner';

async function main() {
	const [file, ...flags] = process.argv.slice(2);
	if (!file) throw new Error('usage: run-workflow.ts <workflow.json> [--json] [--cli]');
	const state = JSON.parse(readFileSync(join(process.env.N8N_USER_FOLDER ?? join(ROOT, '.n8n-local'), 'state.json'), 'utf8')) as StackState;
	const client = stackClient(state);
	const wf = JSON.parse(readFileSync(file, 'utf8')) as WorkflowJson;
	const id = await client.importWorkflow(wf);
	let res;
	if (flags.includes('--cli')) res = await client.execute(id);
	else {
		await client.api.login(state.owner);
		res = await client.runInServer(id);
	}
	if (flags.includes('--json')) {
		process.stdout.write(JSON.stringify(res.run, null, 2));
		return;
	}
	const runData = res.run?.data.resultData.runData ?? {};
	for (const [node, runs] of Object.entries(runData)) {
		const counts = runs.map((r) => (r.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(' ');
		const err = runs.find((r) => r.error)?.error as { message?: string } | undefined;
		process.stdout.write(`${node.padEnd(40)} ${counts}${err ? `  ERROR: ${err.message}` : ''}\n`);
	}
	const e = res.run?.data.resultData.error;
	process.stdout.write(res.ok ? `\nworkflow ${id}: success\n` : `\nworkflow ${id}: FAILED ${e?.message ?? ''}\n${res.stderr.slice(-2000)}\n`);
}

main().catch((e) => {
	process.stderr.write(`${(e as Error).stack}\n`);
	process.exit(1);
});
