/**
 * The crash point of templates 1 and 3 (issue 13 item 3), in real n8n: n8n dies after Legal Tracker accepted an
 * invoice and before the ledger confirmed it. The ledger must already hold a `pending` row for that
 * invoice (written before the submission); after a restart the next run settles it by asking Legal
 * Tracker by invoice number: exactly one invoice per matter and period on the platform, and the
 * pending row becomes `submitted`.
 *
 * How n8n is made to die at that point: the test imports the template with one 10 s Wait node
 * between *Submit to Legal Tracker* and what follows it (holdAfter), sees the invoice on the
 * platform, and kills n8n's process group (SIGKILL: no shutdown hook runs) during the wait.
 * n8n is started again on the same user folder (same SQLite database, port and key); the pid goes to
 * `n8n-restarted.pid` there so that global-teardown.ts stops it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnN8n, waitFor, WORKFLOWS_DIR, type WorkflowJson } from '../../scripts/n8n-runner';
import { firmDate, periodAt, TEST_NOW } from '../helpers/dates';
import { dropTable, e2e, loadTemplate, tableRows, withAssignments, withSubWorkflow, type E2e } from './helpers';

const FILE = '01-clio-to-ebilling-time-sync.json';
const HUB = '03-multi-lpm-compliance-hub.json';
const TABLES = ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs'];

interface LtInvoice {
	invoiceId: number;
	invoiceNumber: string;
	matterId: number;
}

/** The pid of this run's `n8n start` (its process group leader): the process whose environment names this user folder. */
function n8nServerPid(userFolder: string): number | undefined {
	for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		try {
			const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
			if (!env.includes(`N8N_USER_FOLDER=${userFolder}`)) continue;
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			if (!cmd.includes('start')) continue;
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
			if (pgrp === Number(pid)) return Number(pid);
		} catch {
			/* exited meanwhile, or not ours */
		}
	}
	return undefined;
}

/**
 * The template with a 10 s Wait on the success output of `node`: the run holds Legal Tracker's answer
 * there, after the platform accepted the invoice and before anything downstream (the ledger
 * confirmation) ran. Nothing else of the template changes.
 */
function holdAfter(wf: WorkflowJson, node: string): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson & { connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> };
	const at = copy.nodes.find((n) => n.name === node)!.position as [number, number];
	const hold = 'Hold the answer (test)';
	copy.nodes.push({ id: 'e2e-hold-0001', name: hold, type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [at[0] + 100, at[1] - 120], parameters: { amount: 10 } } as WorkflowJson['nodes'][number]);
	copy.connections[hold] = { main: [copy.connections[node].main[0]] };
	copy.connections[node].main[0] = [{ node: hold, type: 'main', index: 0 }];
	return copy;
}

/** The slice workflow a sliced template calls (the id in its Execute Workflow node), read from workflows/. */
function sliceTemplate(wf: WorkflowJson): WorkflowJson {
	const id = (wf.nodes.find((n) => n.type === 'n8n-nodes-base.executeWorkflow')?.parameters.workflowId as { value?: string } | undefined)?.value;
	const file = readdirSync(WORKFLOWS_DIR).find((f) => f.endsWith('.json') && loadTemplate(f).id === id);
	if (!file) throw new Error(`no template in workflows/ has the id ${String(id)} that "${wf.name}" calls`);
	return loadTemplate(file);
}

/** Kills this run's n8n (SIGKILL to its process group: no shutdown hook runs) and starts it again on the same folder, database and port. */
async function killAndRestartN8n(t: E2e): Promise<void> {
	const pid = n8nServerPid(t.state.userFolder);
	if (!pid) throw new Error('no running n8n found for this e2e run');
	process.kill(-pid, 'SIGKILL');
	await waitFor('n8n to die', async () => n8nServerPid(t.state.userFolder) === undefined, 15000, () => true);
	const restarted = spawnN8n(t.state.install, ['start'], { name: 'n8n (restarted)', cwd: t.state.userFolder, env: t.state.env, logFile: t.state.logFile });
	// global-teardown.ts stops it
	writeFileSync(join(t.state.userFolder, 'n8n-restarted.pid'), String(restarted.pid));
	await waitFor('/healthz after the restart', async () => (await t.api.http.get('/healthz')).status === 200, 120000, restarted.alive);
	await waitFor('REST routes after the restart', async () => (await t.api.http.get('/rest/settings')).status === 200, 60000, restarted.alive);
	await t.api.login(t.owner);
	// n8n's modules (Data Tables) register their routes after the core REST API is up
	await waitFor('the Data Table routes after the restart', async () => (await t.api.http.get('/rest/data-tables-global', { params: { take: 1, skip: 0 } })).status === 200, 60000, restarted.alive);
}

/**
 * Runs a template held after *Submit to Legal Tracker*, kills n8n once Legal Tracker has accepted an
 * invoice, restarts it, checks what the ledger holds, re-runs the template and checks the settlement.
 */
async function crashAndSettle(t: E2e, wf: WorkflowJson, id: string, period: { periodStart: string; periodEnd: string }): Promise<void> {
	// the time sync and the hub submit in their slice workflows (one sub-execution per slice, issue 14): the hold goes into a copy of it
	let held: WorkflowJson;
	if (wf.nodes.some((n) => n.name === 'Submit to Legal Tracker')) held = holdAfter(wf, 'Submit to Legal Tracker');
	else {
		const slice = holdAfter(sliceTemplate(wf), 'Submit to Legal Tracker');
		held = withSubWorkflow(wf, await t.importWorkflow({ ...slice, id: `lbE2eCrashSlice${id.slice(-1)}`, name: `${slice.name} (crash point)` }));
	}
	const workflowId = await t.importWorkflow({ ...held, id, name: `${wf.name} (crash point)` });
	const ltInvoices = async () => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: LtInvoice[] }).data;
	const before = new Set((await ltInvoices()).map((i) => i.invoiceId));
	const fresh = async () => (await ltInvoices()).filter((i) => !before.has(i.invoiceId));

	const started = await t.api.post<{ executionId?: string }>(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: 'Run now' } });
	expect(started.executionId).toBeDefined();

	// Legal Tracker accepts an invoice; n8n is killed before the ledger confirms it.
	await waitFor('Legal Tracker to accept an invoice', async () => (await fresh()).length > 0, 60000, () => true);
	await killAndRestartN8n(t);
	const created = await fresh();
	expect(created.length).toBeGreaterThan(0);

	// What the crash left: every accepted invoice's intent is in the ledger, as `pending`; nothing is confirmed.
	const left = await tableRows(t, 'legal_billing_submissions');
	const pendingRows = created.map((inv) => left.find((r) => r.invoiceNumber === inv.invoiceNumber));
	for (const row of pendingRows) expect(row).toMatchObject({ status: 'pending', platform: 'legalTracker', ...period });
	expect(left.filter((r) => r.status === 'submitted')).toEqual([]);

	// The next run settles them by asking Legal Tracker, and submits the rest.
	const run = await t.runInServer(workflowId);
	expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
	const onPlatform = await fresh();
	// exactly one invoice per matter and period: no number twice, no matter twice (no supplement here)
	expect(new Set(onPlatform.map((i) => i.invoiceNumber)).size).toBe(onPlatform.length);
	expect(new Set(onPlatform.map((i) => i.matterId)).size).toBe(onPlatform.length);
	// the invoices created before the crash are the same ones, not second copies
	for (const inv of created) expect(onPlatform.filter((i) => i.invoiceNumber === inv.invoiceNumber).map((i) => i.invoiceId)).toEqual([inv.invoiceId]);

	const ledger = await tableRows(t, 'legal_billing_submissions');
	// the very rows written before the crash are now `submitted`, with Legal Tracker's id of each invoice
	created.forEach((inv, k) => {
		expect(ledger.find((r) => r.id === pendingRows[k]!.id)).toMatchObject({ invoiceNumber: inv.invoiceNumber, status: 'submitted', platformInvoiceId: String(inv.invoiceId) });
	});
	expect(ledger.filter((r) => r.status === 'pending')).toEqual([]);
	const submitted = ledger.filter((r) => r.status === 'submitted' && r.platform === 'legalTracker');
	expect(submitted.map((r) => String(r.invoiceNumber)).sort()).toEqual(onPlatform.map((i) => i.invoiceNumber).sort());
	expect(submitted.map((r) => String(r.platformInvoiceId)).sort()).toEqual(onPlatform.map((i) => String(i.invoiceId)).sort());
}

describe('a crash between the submission and the ledger confirmation is settled by the next run (issue 13 item 3)', () => {
	let t: E2e;
	const period = periodAt(TEST_NOW);

	beforeAll(async () => {
		t = await e2e();
	});

	// reset here, not in beforeAll: a retry starts from the same firm and an empty ledger
	const fresh = async (tables: string[]) => {
		await t.resetSandbox({ now: TEST_NOW });
		for (const name of tables) await dropTable(t, name);
	};

	it('template 1 (time sync): the pending row becomes submitted, one invoice per matter and period', async () => {
		await fresh(TABLES);
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { ...period, today: firmDate(TEST_NOW), platform: 'legalTracker' });
		await crashAndSettle(t, wf, 'lbE2eCrashPoint1', period);
		// Brightflag is not involved; the ledger holds nothing else unsettled
		expect((await tableRows(t, 'legal_billing_submissions')).filter((r) => r.status === 'unknown')).toEqual([]);
	});

	it('template 3 (hub): the same for its Legal Tracker clients; its Brightflag clients are each sent once', async () => {
		await fresh([...TABLES, 'legal_billing_entries_warehouse']);
		await t.sandbox.delete('/_admin/brightflag/received');
		const wf = withAssignments(loadTemplate(HUB), 'Hub settings', { ...period, today: firmDate(TEST_NOW) });
		await crashAndSettle(t, wf, 'lbE2eCrashPoint3', period);
		const received = ((await t.sandbox.get('/_admin/brightflag/received', { params: { kind: 'invoice' } })).data as { data: Array<{ invoiceNumber?: string }> }).data.map((r) => String(r.invoiceNumber));
		expect(new Set(received).size).toBe(received.length);
	});
});
