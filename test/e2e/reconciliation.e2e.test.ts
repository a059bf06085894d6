/**
 * Template 2, "Brightflag rejections → Actionstep reconciliation", in real n8n: the client's
 * reviewer rejects one invoice and approves another in the Brightflag sandbox, and the approved one
 * goes into an AP batch; the activated workflow's Brightflag Trigger picks both changes up from the
 * DOCUMENTED endpoints only (invoice summaries with their status, AP batches: the reviewer's
 * reasons are not in Brightflag's public API); in Actionstep the rejected invoice's matter gets its
 * status in the Rejection Reason field, "For Review" as its e-billing status and a task for the
 * billing clerk from the rejection map (rule rejected-status-only); the approved one only gets its
 * status, naming its AP batch.
 */
import { waitForExecution } from '../../scripts/n8n-runner';
import { PINNED_DATES } from '../helpers/dates';
import { e2e, loadTemplate, sandboxNow, sandboxToken, withAssignments, withParams, type E2e } from './helpers';

const FILE = '02-rejection-reconciliation.json';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BfInvoice {
	invoiceID: number;
	invoiceNumber: string;
	invoiceStatus: string;
	lineItems?: Array<{ lineItemNumber: number }>;
}
interface AsRecord {
	id: string;
	[key: string]: unknown;
	links?: Record<string, unknown>;
}

// The same flow on every pinned date: the test sets the sandbox clock (and so the firm's data).
describe.each(PINNED_DATES)('template: Brightflag rejections → Actionstep reconciliation, sandbox clock at $label', ({ now }) => {
	let t: E2e;
	let workflowId: string;
	let as: (path: string, params?: Record<string, unknown>) => Promise<Record<string, AsRecord[]>>;

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now }); // the seeded firm at this date, whatever ran before
		const token = await sandboxToken(t, 'actionstep');
		as = async (path, params) => {
			const res = await t.sandbox.get(`/actionstep/api/rest/${path}`, { params, headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.api+json' } });
			if (res.status >= 300) throw new Error(`actionstep ${path}: ${res.status} ${JSON.stringify(res.data)}`);
			// Actionstep: 204 when nothing matches, an object (not an array) for one record
			const out: Record<string, AsRecord[]> = {};
			const key = path.split('/')[0];
			const raw = res.status === 204 ? [] : (res.data as Record<string, AsRecord | AsRecord[]>)[key];
			out[key] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
			return out;
		};
	});

	afterAll(async () => {
		if (workflowId) await t.deactivate(workflowId).catch(() => undefined);
	});

	it('annotates, re-statuses and tasks the rejected invoice in Actionstep; only re-statuses the approved one', async () => {
		// Two Brightflag invoices that Actionstep also knows (same invoice number), neither rejected yet.
		const invoices = ((await t.sandbox.get('/_admin/brightflag/invoices')).data as { data: BfInvoice[] }).data;
		const bills = (await as('bills', { pageSize: 200 })).bills;
		// Actionstep bills carry the firm's invoice number as ourReference (bills.yaml has no invoiceNumber)
		const billByNumber = new Map(bills.map((b) => [String(b.ourReference), b]));
		const candidates = invoices.filter((i) => billByNumber.has(i.invoiceNumber) && !/REJECT|DECLIN|PAID/.test(i.invoiceStatus));
		expect(candidates.length).toBeGreaterThanOrEqual(2);
		const actionOf = (inv: BfInvoice) => String([billByNumber.get(inv.invoiceNumber)!.links!.action].flat()[0]);
		const toReject = candidates[0];
		// on another matter, so the two outcomes cannot mask each other
		const toApprove = candidates.find((c) => actionOf(c) !== actionOf(toReject))!;
		expect(toApprove).toBeDefined();
		const tasksBefore = (await as('tasks', { pageSize: 200 })).tasks.length;

		const startFrom = new Date((await sandboxNow(t)).getTime() - 60_000).toISOString();
		const r1 = await t.sandbox.post(`/_admin/brightflag/invoices/${toReject.invoiceID}/review`, { action: 'reject', reasons: [{ code: 'NARRATIVE_TOO_SHORT', lineItemNumber: 1 }] });
		expect(r1.status).toBe(200);
		const r2 = await t.sandbox.post(`/_admin/brightflag/invoices/${toApprove.invoiceID}/review`, { action: 'approve' });
		expect(r2.status).toBe(200);
		const approvedStatus = String((r2.data as BfInvoice).invoiceStatus);
		const rejectedStatus = String((r1.data as BfInvoice).invoiceStatus);
		// accounts payable batches the approved invoice (documented: AP batches and their invoice ids)
		const batch = await t.sandbox.post('/_admin/brightflag/ap-batches', { invoiceIDs: [toApprove.invoiceID] });
		expect(batch.status).toBe(201);
		const customerBatchID = String((batch.data as { customerBatchID: string }).customerBatchID);

		let wf = loadTemplate(FILE);
		const trigger = wf.nodes.find((n) => n.name === 'Brightflag: invoice status changed')!;
		// the template's own trigger options (documented endpoints only), plus where to start
		expect(trigger.parameters.options).toMatchObject({ planActions: true, includeApBatch: true });
		expect((trigger.parameters.options as Record<string, unknown>).useUnverifiedDetail).toBeUndefined();
		wf = withParams(wf, 'Brightflag: invoice status changed', { options: { ...(trigger.parameters.options as Record<string, unknown>), startFrom } });
		wf = withAssignments(wf, 'Reconciliation settings', { roles: '{ "billingClerk": "109", "timekeeper": "108", "billingManager": "101" }' });
		// one workflow per pinned date, so this run's executions are not mixed with an earlier date's
		workflowId = await t.importWorkflow({ ...wf, id: `lbRecon${now.slice(0, 10).replace(/-/g, '')}`, name: `${wf.name} (at ${now})` });
		await t.activate(workflowId); // activation polls once at once

		let runs: Array<{ id: string; status: string }> = [];
		for (let i = 0; i < 90; i++) {
			runs = (await t.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) })).results;
			if (runs.length && runs.every((r) => !['new', 'running'].includes(r.status))) break;
			await sleep(1000);
		}
		if (!runs.every((r) => r.status === 'success')) {
			// on failure, name the node and the error of each failed run
			const why = await Promise.all(
				runs.map(async (r) => {
					const e = (await waitForExecution(t.api, t.state, r.id)).run?.data.resultData as { error?: { message?: string; description?: string; node?: { name?: string } }; lastNodeExecuted?: string } | undefined;
					return `${r.id} ${r.status}${e?.error ? `: ${e.error.node?.name ?? e.lastNodeExecuted ?? ''}: ${e.error.message ?? ''} ${e.error.description ?? ''}` : ''}`;
				}),
			);
			expect(why).toEqual(['success']);
		}
		expect(runs.map((r) => r.status)).toEqual(['success']);

		const values = async (action: string) =>
			Object.fromEntries(
				(await as('datacollectionrecordvalues', { action_eq: action })).datacollectionrecordvalues.map((v) => [String(v.id).split('--')[1], String(v.stringValue ?? '')]) // id: {dataCollectionId}--{fieldName}--{recordId},
			);
		const rejectedValues = await values(actionOf(toReject));
		// on failure, say how many items each node of the run emitted
		const exec = await waitForExecution(t.api, t.state, runs[0].id);
		const counts = Object.fromEntries(
			Object.entries(exec.run?.data.resultData.runData ?? {}).map(([n, r]) => [n, r.map((x) => (x.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(' ')]),
		);
		expect({ status: rejectedValues.ebilling_status, counts }).toEqual({ status: 'For Review', counts: expect.anything() });
		// the documented summary gives the status, not the reviewer's reasons
		expect(rejectedValues.rejection_reason).toBe(`brightflag INVOICE_REJECTED: status ${rejectedStatus}; the reviewer's reasons are in Brightflag (invoice ${toReject.invoiceNumber})`);

		const tasks = (await as('tasks', { pageSize: 200 })).tasks;
		expect(tasks.length).toBe(tasksBefore + 1);
		const task = tasks.find((x) => String(x.name) === `Read the rejection of invoice ${toReject.invoiceNumber} in Brightflag`);
		expect(task).toBeDefined();
		expect(String(task!.links!.action)).toBe(actionOf(toReject));
		expect(String(task!.links!.assignee)).toBe('109'); // the map gives a status-only rejection to the billing clerk

		const approvedValues = await values(actionOf(toApprove));
		expect(approvedValues.ebilling_status).toBe(`${approvedStatus} (AP batch ${customerBatchID})`);
		expect(approvedValues.rejection_reason ?? '').toBe('');
		expect(rejectedStatus).not.toBe(approvedStatus);
	});
});
