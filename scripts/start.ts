/**
 * `npm start`: the pack, the vendor sandbox and a local n8n with everything imported.
 * Options (environment): N8N_PORT (default 5678), SANDBOX_PORT (default 5680), FRESH=1 (new database).
 * `npm run start:queue` (`--queue`): the same in n8n's queue mode — main, webhook process and
 * N8N_WORKERS workers (default 2) on PostgreSQL and Redis (docs/deployment.md).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoExpectation } from '../sandbox/demo';
import type { Sandbox } from '../sandbox/index';
import { dashboardBanner, setupDashboard } from './dashboard-setup';
import { HUB_FILE, setupSliceWorkers, SYNC_FILE } from './slice-workers-setup';
import { DEFAULT_OWNER, startStack, type Stack } from './n8n-runner';
import { QueueServicesUnavailable, startQueueStack, type QueueStack } from './stack/n8n-queue';

async function main() {
	const port = Number(process.env.N8N_PORT ?? 5678);
	const sandboxPort = Number(process.env.SANDBOX_PORT ?? 5680);
	let stack: Stack | undefined;
	let stopping = false;
	const stop = async (why: string) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`\n[legal-billing] ${why}: stopping n8n and the sandbox…\n`);
		try {
			await stack?.stop();
		} finally {
			process.stderr.write('[legal-billing] stopped.\n');
			process.exit(0);
		}
	};
	process.on('SIGINT', () => void stop('Ctrl-C'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	const queue = process.argv.includes('--queue');
	stack = queue
		? await startQueueStack({ port, sandboxPort, fresh: process.env.FRESH === '1', workers: Number(process.env.N8N_WORKERS ?? 2) })
		: await startStack({ port, sandboxPort, fresh: process.env.FRESH === '1' });
	const q = queue ? (stack as QueueStack) : undefined;
	// For scripts/run-workflow.ts (import + execute a workflow file in this running n8n).
	writeFileSync(join(stack.userFolder, 'state.json'), JSON.stringify(stack.state, null, 2));
	// The dashboard and the client portal (templates 06, 07): their credentials, published; printed below.
	const dashboard = q ? undefined : await setupDashboard(stack).catch((e: Error) => void process.stderr.write(`[legal-billing] dashboard and portal not set up: ${e.message}\n`));
	// Queue mode: the time sync and the hub post their slices to the webhook process, so every worker takes slices.
	const slices = q
		? await setupSliceWorkers(stack, q.webhookUrl, {
				syncWorkflowId: stack.templates[SYNC_FILE]?.id,
				hubWorkflowId: stack.templates[HUB_FILE]?.id,
				parallelSlices: 2 * q.workers.length,
			}).catch((e: Error) => void process.stderr.write(`[legal-billing] time-sync and hub slices stay in one worker: ${e.message}\n`))
		: undefined;
	const t = Object.entries(stack.templates);
	// What the first "Execute workflow" on the time sync should do, on whatever day this runs.
	const sb = stack.sandbox as unknown as Sandbox | undefined;
	const demo = sb?.firm ? demoExpectation(sb.firm, sb.clock.now()) : undefined;
	const expectLines = demo
		? [
				`      Billing period ${demo.periodStart}..${demo.periodEnd} (the month before the sandbox clock's ${sb!.firm.asOf}): ${demo.entries} billable`,
				`      unbilled Clio entries → expect ${demo.legalTrackerInvoices} invoice${demo.legalTrackerInvoices === 1 ? '' : 's'} to Legal Tracker (one per Legal Tracker client matter with clean`,
				`      entries) and at least ${demo.breakers} entries in the review queue (the seeded guideline breakers).`,
			]
		: [];
	const line = '─'.repeat(72);
	const o = stack.owner;
	const msg = [
		'',
		line,
		`  n8n editor     ${stack.n8nUrl}`,
		...(q
			? [
					`  queue mode     webhooks ${q.webhookUrl}, ${q.workers.length} workers, PostgreSQL database ${q.services.postgres.database}, Redis ${q.services.redis.host}:${q.services.redis.port}`,
					`  process logs   ${[q.main, q.webhook, ...q.workers].map((p) => p.logFile).join('  ')}`,
					...(slices ? [`  slices         ${2 * q.workers.length} at a time, run by any worker: time sync → ${slices.url}${slices.hubUrl ? `, hub → ${slices.hubUrl}` : ''}`] : []),
				]
			: []),
		`  login          ${o.email}  /  ${o.password}${o === DEFAULT_OWNER ? '' : ''}`,
		`  vendor sandbox ${stack.sandboxUrl ?? '(not available)'}${stack.sandboxUrl ? `   (inspect: ${stack.sandboxUrl}/_admin)` : ''}`,
		`  credentials    ${stack.credentials.map((c) => c.name).join(', ')}`,
		`  templates      ${t.length ? '' : '(none yet)'}`,
		...t.map(([file, w]) => `                 ${stack!.n8nUrl}/workflow/${w.id}   ${w.name}  (${file})`),
		...(dashboard ? dashboardBanner(dashboard, sb?.firm?.clients.find((c) => c.ebilling === 'legaltracker')?.ledesClientId) : []),
		'',
		'  Try first:',
		'   1. Open "Clio → e-billing time sync" and click "Execute workflow": last month\'s unbilled Clio time',
		'      becomes one LEDES invoice per matter, sent to Legal Tracker; entries breaking the guidelines go',
		'      to the review queue (Overview → Data tables).',
		...expectLines,
		`      What Legal Tracker received: ${stack.sandboxUrl ?? '<sandbox>'}/_admin/legaltracker/invoices`,
		'   2. Run it again: nothing is submitted twice (the run log counts the duplicates it held back).',
		'   3. Add a node: click "+" and search LEDES, UTBMS, OCG, Clio, Actionstep, Brightflag, Legal Tracker.',
		'   4. Publish "Legal billing: silent-failure monitor" so it watches the sync.',
		`  n8n log: ${stack.logFile ?? 'console'}`,
		'',
		'  Ctrl-C stops everything.',
		line,
		'',
	].join('\n');
	process.stdout.write(msg);
}

main().catch((e) => {
	if (e instanceof QueueServicesUnavailable) {
		process.stderr.write(`[legal-billing] ${e.message}\n`);
		process.exit(2);
	}
	process.stderr.write(`[legal-billing] start failed: ${(e as Error).stack ?? e}\n`);
	process.exit(1);
});
