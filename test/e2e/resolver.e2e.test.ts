/**
 * Template 2's Legal Tracker branch in real n8n: the sandbox seeds rejections and line cuts of every
 * resolver class (its own labels), the activated workflow's Legal Tracker Trigger picks them up, the
 * Rejection Resolver reads each invoice's LEDES file (downloadLink) and, with the firm-wide switch
 * on "resubmit", every fixable rejection is resubmitted exactly once with a file that the pack's
 * validator and the simulator accept; every other one reaches a person (a queue row); nothing else
 * is submitted. The same rejections run through a second, fresh copy of the workflow: nothing is
 * resubmitted again. A rejected automatic correction goes to a person, not round again.
 */
import { parseLedes } from '../../lib/ledes';
import { waitForExecution } from '../../scripts/n8n-runner';
import type { CaseGuidelines, RejectionCase } from '../../sandbox/vendors/legaltracker/rejection-cases';
import { TEST_NOW } from '../helpers/dates';
import { clientMapping, clientRuleSets } from '../resolve/firm';
import { dropTable, e2e, loadTemplate, sandboxNow, sandboxToken, tableRows, withAssignments, withParams, type E2e } from './helpers';

const FILE = '02-rejection-reconciliation.json';
const TRIGGER = 'Legal Tracker: invoice rejected or adjusted';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LtAdminInvoice {
	invoiceId: number;
	invoiceNumber: string;
	status: string;
	matterId: number;
	invoiceFileInfo: { downloadLink: string } | null;
	lines: Array<Record<string, string>>;
}

describe('template 2: Legal Tracker rejections resolve themselves (resolver), sandbox clock at TEST_NOW', () => {
	let t: E2e;
	const started: string[] = [];
	let cases: RejectionCase[];
	let guidelines: CaseGuidelines[];
	let startFrom: string;
	let before: Set<number>;

	const ltInvoices = async () => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: LtAdminInvoice[] }).data;

	/** Imports the template with the firm's configuration under `id`, activates it, waits for its runs. */
	async function runOnce(id: string, mode = 'resubmit') {
		let wf = loadTemplate(FILE);
		const trigger = wf.nodes.find((n) => n.name === TRIGGER)!;
		wf = withParams(wf, TRIGGER, { options: { ...(trigger.parameters.options as Record<string, unknown>), startFrom } });
		wf = withParams(wf, 'Rejection Resolver', { ruleSetSource: 'json', ruleSet: JSON.stringify(clientRuleSets(guidelines)), mappingTable: JSON.stringify(clientMapping(guidelines)) });
		// the sandbox may file several cases on one matter: the per-matter limit is the unit tests' business here
		wf = withAssignments(wf, 'Resolver settings', { mode, maxResubmissionsPerMatter: 10 });
		const workflowId = await t.importWorkflow({ ...wf, id, name: `${wf.name} (${id})` });
		started.push(workflowId);
		await t.activate(workflowId); // activation polls once at once
		let runs: Array<{ id: string; status: string }> = [];
		for (let i = 0; i < 60; i++) {
			runs = (await t.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) })).results;
			if (runs.length && runs.every((r) => !['new', 'running'].includes(r.status))) break;
			await sleep(1000);
		}
		await t.deactivate(workflowId);
		const why = await Promise.all(
			runs.map(async (r) => {
				if (r.status === 'success') return 'success';
				const e = (await waitForExecution(t.api, t.state, r.id)).run?.data.resultData as { error?: { message?: string; description?: string; node?: { name?: string } }; lastNodeExecuted?: string } | undefined;
				return `${r.id} ${r.status}: ${e?.error?.node?.name ?? e?.lastNodeExecuted ?? ''}: ${e?.error?.message ?? ''} ${e?.error?.description ?? ''}`;
			}),
		);
		expect(why).toEqual(['success']);
		return waitForExecution(t.api, t.state, runs[0].id);
	}

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now: TEST_NOW });
		await dropTable(t, 'legal_billing_resolutions');
		await dropTable(t, 'legal_billing_resolution_queue');
		startFrom = new Date((await sandboxNow(t)).getTime() - 60_000).toISOString();
		before = new Set((await ltInvoices()).map((i) => i.invoiceId));
		const seeded = await t.sandbox.post('/_admin/legaltracker/rejection-cases', {});
		expect(seeded.status).toBe(201);
		({ cases, guidelines } = seeded.data as { cases: RejectionCase[]; guidelines: CaseGuidelines[] });
	});

	afterAll(async () => {
		for (const id of started) await t.deactivate(id).catch(() => undefined);
	});

	it('resubmits every fixable rejection once (valid for the pack and the simulator), queues every other for a person, then does nothing twice', async () => {
		const exec = await runOnce('lbResolverRun1');
		const counts = Object.fromEntries(Object.entries(exec.run?.data.resultData.runData ?? {}).map(([n, r]) => [n, r.map((x) => (x.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(' ')]));
		const seededIds = new Set(cases.map((c) => c.invoiceId));
		const created = (await ltInvoices()).filter((i) => !before.has(i.invoiceId) && !seededIds.has(i.invoiceId));
		const fixable = cases.filter((c) => c.fixable && c.kind === 'rejection');
		// exactly one corrected invoice per fixable rejection, on its matter, and nothing else (0 wrong resubmissions)
		expect({ created: created.map((i) => `${i.invoiceNumber}@${i.matterId}`).sort(), counts }).toEqual({ created: fixable.map((c) => `${c.invoiceNumber}-R2@${c.matterId}`).sort(), counts: expect.anything() });

		// each resubmitted file: valid for the pack's own validator; the simulator accepted it (its own checker) and its lines no longer show the problem
		const token = await sandboxToken(t, 'legaltracker');
		for (const c of fixable) {
			const inv = created.find((i) => i.invoiceNumber === `${c.invoiceNumber}-R2`)!;
			const file = await t.sandbox.get(inv.invoiceFileInfo!.downloadLink.replace(/^https?:\/\/[^/]+/, ''), { headers: { Authorization: `Bearer ${token}` }, responseType: 'text' });
			expect({ case: c.key, status: file.status, errors: parseLedes(String(file.data)).errors }).toEqual({ case: c.key, status: 200, errors: [] });
			const caps = guidelines.find((g) => g.ledesClientId === c.ledesClientId)!.rateCaps;
			const bad = inv.lines.filter((l) => (l.type === 'F' && Number(l.rate) > Number(caps[l.timekeeperClassification])) || l.date < c.periodStart || l.date > c.periodEnd || l.taskCode === 'RES' || l.expenseCode === 'E111');
			expect({ case: c.key, bad }).toEqual({ case: c.key, bad: [] });
		}

		// every other case reaches a person, with its rule and reason
		const queue = await tableRows(t, 'legal_billing_resolution_queue');
		const ledger = await tableRows(t, 'legal_billing_resolutions');
		const toPerson = cases.filter((c) => !c.fixable);
		for (const c of toPerson) {
			const rows = queue.filter((q) => q.invoiceNumber === c.invoiceNumber);
			expect({ case: c.key, rows: rows.length, details: String(rows[0]?.details ?? '').includes(c.reasonCode) }).toEqual({ case: c.key, rows: 1, details: true });
		}
		expect(queue.filter((q) => fixable.some((c) => c.invoiceNumber === q.invoiceNumber))).toEqual([]);
		// the mechanical cut of an approved invoice is accepted and written off, not resubmitted
		const cut = cases.find((c) => c.key === 'cut-rate')!;
		expect(ledger.find((l) => l.invoiceNumber === cut.invoiceNumber)).toMatchObject({ outcome: 'acceptAdjustment', classes: 'rateAboveApproved' });
		for (const c of fixable) expect(ledger.find((l) => l.invoiceNumber === c.invoiceNumber)).toMatchObject({ outcome: 'resubmit', status: 'created', newInvoiceNumber: `${c.invoiceNumber}-R2` });

		// figures for the closing note: resolved share by class
		const share: Record<string, string> = {};
		for (const c of cases) {
			const row = ledger.find((l) => l.invoiceNumber === c.invoiceNumber);
			const k = `${c.kind} ${c.class}`;
			const [done, all] = (share[k] ?? '0/0').split('/').map(Number);
			share[k] = `${done + (row && ['resubmit', 'acceptAdjustment'].includes(String(row.outcome)) ? 1 : 0)}/${all + 1}`;
		}
		process.stderr.write(`[resolver e2e] resolved share by class: ${JSON.stringify(share)}\n`);

		// run twice: a fresh copy of the workflow sees the same rejections; nothing is resubmitted or queued again
		await runOnce('lbResolverRun2');
		const createdAgain = (await ltInvoices()).filter((i) => !before.has(i.invoiceId) && !seededIds.has(i.invoiceId));
		expect(createdAgain.length).toBe(created.length);
		expect((await tableRows(t, 'legal_billing_resolution_queue')).length).toBe(queue.length);
		expect((await tableRows(t, 'legal_billing_resolutions')).length).toBe(ledger.length);
	}, 150_000);
});
