/**
 * Template 2's resolver in real n8n, both platforms: the sandbox seeds rejections and line cuts of
 * every resolver class (its own labels) on Legal Tracker and on Brightflag; the activated workflow's
 * two triggers pick them up; the Rejection Resolver reads each invoice's LEDES file (Legal Tracker:
 * its downloadLink; Brightflag, which documents no download: the firm's own copy in
 * legal_billing_invoice_files) and
 * - with the firm-wide switch on "resubmit" (Brightflag through the sandbox's UNVERIFIED submission
 *   endpoint, switched on here): every fixable rejection is resubmitted exactly once with a file that
 *   the pack's validator and the simulator accept; every other one reaches a person (a queue row);
 *   nothing else is submitted; a second, fresh copy of the workflow resubmits nothing again;
 * - with "prepare and wait for approval" and Brightflag on its default (no submission API in its
 *   fact sheet): nothing is submitted; Legal Tracker's corrections wait in the queue, Brightflag's go
 *   to a person with the corrected file attached; a person approves one queued row → the approvals
 *   run resubmits exactly that one and marks it; a second approvals run does nothing; an approved row
 *   that was never an automatic correction is never submitted;
 * - with "prepare and wait for approval" and Brightflag's UNVERIFIED submission switched on: Brightflag's
 *   corrections wait in the queue too, and the approvals run sends exactly the approved one through
 *   that endpoint, once.
 */
import { parseLedes } from '../../lib/ledes';
import { waitForExecution } from '../../scripts/n8n-runner';
import type { CaseGuidelines, RejectionCase } from '../../sandbox/vendors/legaltracker/rejection-cases';
import { TEST_NOW } from '../helpers/dates';
import { clientMapping, clientRuleSets } from '../resolve/firm';
import { dropTable, e2e, insertRows, loadTemplate, sandboxNow, sandboxToken, tableRows, withAssignments, withParams, type E2e } from './helpers';

const FILE = '02-rejection-reconciliation.json';
const LT_TRIGGER = 'Legal Tracker: invoice rejected or adjusted';
const BF_TRIGGER = 'Brightflag: invoice status changed';
const APPROVALS = 'Approvals: every 15 minutes';
const TABLES = ['legal_billing_resolutions', 'legal_billing_resolution_queue', 'legal_billing_invoice_files'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Line = Record<string, string>;
interface Invoice {
	id: number;
	number: string;
	/** Legal Tracker: its matter ID; Brightflag: the LAW_FIRM_MATTER_ID it filed the invoice under */
	matter: string;
	lines: Line[];
	flags: string[];
}
type BfCase = RejectionCase & { ledes: string };
type Row = Record<string, unknown>;

describe('template 2: Legal Tracker and Brightflag rejections resolve themselves (resolver), sandbox clock at TEST_NOW', () => {
	let t: E2e;
	const started: string[] = [];
	let lt: RejectionCase[];
	let bf: BfCase[];
	let guidelines: CaseGuidelines[];
	let startFrom: string;
	let before: { lt: Set<number>; bf: Set<number> };

	const ltInvoices = async (): Promise<Invoice[]> =>
		(((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: Array<{ invoiceId: number; invoiceNumber: string; matterId: number; lines: Line[] }> }).data).map((i) => ({
			id: i.invoiceId,
			number: i.invoiceNumber,
			matter: String(i.matterId),
			lines: i.lines,
			flags: [],
		}));
	const bfInvoices = async (): Promise<Invoice[]> =>
		(
			(await t.sandbox.get('/_admin/brightflag/invoices')).data as {
				data: Array<{ invoiceID: number; invoiceNumber: string; lawFirmMatterId: string; lineItems: Array<Line & { flags?: Array<{ code: string }> }> }>;
			}
		).data.map((i) => ({ id: i.invoiceID, number: i.invoiceNumber, matter: i.lawFirmMatterId, lines: i.lineItems, flags: i.lineItems.flatMap((l) => (l.flags ?? []).map((f) => f.code)) }));
	/** invoices the run created: neither there before the seed nor seeded */
	const createdSince = async () => {
		const seeded = { lt: new Set(lt.map((c) => c.invoiceId)), bf: new Set(bf.map((c) => c.invoiceId)) };
		return {
			lt: (await ltInvoices()).filter((i) => !before.lt.has(i.id) && !seeded.lt.has(i.id)),
			bf: (await bfInvoices()).filter((i) => !before.bf.has(i.id) && !seeded.bf.has(i.id)),
		};
	};

	/** A fresh sandbox (clock TEST_NOW), no resolver tables, the rejection cases of both platforms seeded. */
	async function seed() {
		await t.resetSandbox({ now: TEST_NOW });
		for (const name of TABLES) await dropTable(t, name);
		startFrom = new Date((await sandboxNow(t)).getTime() - 60_000).toISOString();
		before = { lt: new Set((await ltInvoices()).map((i) => i.id)), bf: new Set((await bfInvoices()).map((i) => i.id)) };
		const a = await t.sandbox.post('/_admin/legaltracker/rejection-cases', {});
		const b = await t.sandbox.post('/_admin/brightflag/rejection-cases', {});
		expect([a.status, b.status]).toEqual([201, 201]);
		lt = (a.data as { cases: RejectionCase[] }).cases;
		bf = (b.data as { cases: BfCase[] }).cases;
		guidelines = [...(a.data as { guidelines: CaseGuidelines[] }).guidelines, ...(b.data as { guidelines: CaseGuidelines[] }).guidelines];
		expect(bf.map((c) => c.key).sort()).toEqual(lt.map((c) => c.key).sort());
	}

	/** The template with the firm's configuration, imported (inactive) under `id`. */
	async function importTemplate(id: string, settings: Record<string, unknown>) {
		let wf = loadTemplate(FILE);
		const ltOptions = wf.nodes.find((n) => n.name === LT_TRIGGER)!.parameters.options as Record<string, unknown>;
		const bfOptions = wf.nodes.find((n) => n.name === BF_TRIGGER)!.parameters.options as Record<string, unknown>;
		wf = withParams(wf, LT_TRIGGER, { options: { ...ltOptions, startFrom } });
		// Brightflag's reviewer reasons come only from the UNVERIFIED invoice detail (facts.md §3: the documented summary has none)
		wf = withParams(wf, BF_TRIGGER, { options: { ...bfOptions, startFrom, useUnverifiedDetail: true } });
		wf = withParams(wf, 'Rejection Resolver', { ruleSetSource: 'json', ruleSet: JSON.stringify(clientRuleSets(guidelines)), mappingTable: JSON.stringify(clientMapping(guidelines)) });
		// the sandbox files several cases on one matter: the per-matter limit is the unit tests' business here
		wf = withAssignments(wf, 'Resolver settings', { maxResubmissionsPerMatter: 10, ...settings });
		const workflowId = await t.importWorkflow({ ...wf, id, name: `${wf.name} (${id})` });
		started.push(workflowId);
		return workflowId;
	}

	/** The approvals branch, run as the editor's button does; it must succeed. */
	async function approvalsRun(workflowId: string) {
		const run = await t.runInServer(workflowId, { trigger: APPROVALS });
		expect({ status: run.run?.status, error: run.run?.data.resultData.error?.message }).toEqual({ status: 'success', error: undefined });
		return run;
	}

	/** Activates the workflow, waits for both triggers' first runs (both must succeed), deactivates it. */
	async function pollOnce(workflowId: string) {
		const list = async () => (await t.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) })).results;
		const earlier = new Set((await list()).map((r) => r.id)); // e.g. the approvals run
		await t.activate(workflowId); // activation polls once at once
		let runs: Array<{ id: string; status: string }> = [];
		for (let i = 0; i < 90; i++) {
			runs = (await list()).filter((r) => !earlier.has(r.id));
			if (runs.length >= 2 && runs.every((r) => !['new', 'running'].includes(r.status))) break;
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
		expect(why).toEqual(['success', 'success']);
	}

	/** A person approves a queue row in the Data Table (as in n8n's Data Table view). */
	const approve = async (key: string) => {
		const table = (await t.api.get<{ data: Array<{ id: string; name: string; projectId: string }> }>('/rest/data-tables-global', { take: 500, skip: 0 })).data.find((d) => d.name === 'legal_billing_resolution_queue')!;
		const res = await t.api.http.patch(`/rest/projects/${table.projectId}/data-tables/${table.id}/rows`, { filter: { type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: key }] }, data: { status: 'approved' } });
		expect(res.status).toBeLessThan(300);
	};
	/** Every LEDES file the Brightflag simulator received (its unverified submission endpoint). */
	const bfReceived = async () => ((await t.sandbox.get('/_admin/brightflag/received', { params: { kind: 'ledes-file' } })).data as { data: Array<{ fileName: string; content: string }> }).data;

	/** The firm's own copy of each Brightflag file (Brightflag documents no download). */
	const storeFirmFiles = () => insertRows(t, 'legal_billing_invoice_files', bf.map((c) => ({ invoiceNumber: c.invoiceNumber, platform: 'brightflag', ledes: c.ledes, storedAt: TEST_NOW })));

	/** A line that still shows a seeded problem (rate over the client's cap, date outside the period, the firm's own task code, a barred expense). */
	const badLines = (c: RejectionCase, lines: Line[]) => {
		const caps = guidelines.find((g) => g.ledesClientId === c.ledesClientId)!.rateCaps;
		return lines.filter((l) => (l.type === 'F' && Number(l.rate) > Number(caps[l.timekeeperClassification])) || l.date < c.periodStart || l.date > c.periodEnd || l.taskCode === 'RES' || l.expenseCode === 'E111');
	};
	const ltFile = async (token: string, invoiceId: number) => {
		const inv = ((await t.sandbox.get(`/_admin/legaltracker/invoices`)).data as { data: Array<{ invoiceId: number; invoiceFileInfo: { downloadLink: string } | null }> }).data.find((i) => i.invoiceId === invoiceId)!;
		const file = await t.sandbox.get(inv.invoiceFileInfo!.downloadLink.replace(/^https?:\/\/[^/]+/, ''), { headers: { Authorization: `Bearer ${token}` }, responseType: 'text' });
		expect(file.status).toBe(200);
		return String(file.data);
	};
	const bfFile = async (number: string) => {
		const got = (await bfReceived()).filter((e) => e.fileName === `${number}.txt`);
		expect({ number, received: got.length }).toEqual({ number, received: 1 });
		return got[0].content;
	};
	const rowsOf = (rows: Row[], platform: 'legalTracker' | 'brightflag', c: RejectionCase) => rows.filter((r) => String(r.key).startsWith(`${platform}:`) && r.invoiceNumber === c.invoiceNumber);

	beforeAll(async () => {
		t = await e2e();
	});

	afterAll(async () => {
		for (const id of started) await t.deactivate(id).catch(() => undefined);
	});

	it('resubmit mode: every fixable rejection of both platforms resubmitted once (valid for the pack and the simulator), every other one to a person, then nothing twice', async () => {
		const t0 = Date.now();
		await seed();
		const id = await importTemplate('lbResolverRun1', { mode: 'resubmit', brightflagSubmission: 'unverifiedEndpoint' });
		// an approvals run on an empty queue creates the tables and submits nothing
		await approvalsRun(id);
		await storeFirmFiles();
		await pollOnce(id);

		const created = await createdSince();
		const fixable = { lt: lt.filter((c) => c.fixable && c.kind === 'rejection'), bf: bf.filter((c) => c.fixable && c.kind === 'rejection') };
		const bfMatter = new Map((await bfInvoices()).map((i) => [i.id, i.matter]));
		// exactly one corrected invoice per fixable rejection, on its matter, and nothing else (0 wrong resubmissions)
		expect({ lt: created.lt.map((i) => `${i.number}@${i.matter}`).sort(), bf: created.bf.map((i) => `${i.number}@${i.matter}`).sort() }).toEqual({
			lt: fixable.lt.map((c) => `${c.invoiceNumber}-R2@${c.matterId}`).sort(),
			bf: fixable.bf.map((c) => `${c.invoiceNumber}-R2@${bfMatter.get(c.invoiceId)}`).sort(),
		});

		// each resubmitted file: valid for the pack's own validator; the simulator accepted it (its own checker) and its lines no longer show the problem
		const token = await sandboxToken(t, 'legaltracker');
		for (const c of fixable.lt) {
			const inv = created.lt.find((i) => i.number === `${c.invoiceNumber}-R2`)!;
			const file = parseLedes(await ltFile(token, inv.id));
			expect({ case: `lt ${c.key}`, valid: file.valid, errors: file.errors, bad: badLines(c, inv.lines) }).toEqual({ case: `lt ${c.key}`, valid: true, errors: [], bad: [] });
		}
		for (const c of fixable.bf) {
			const inv = created.bf.find((i) => i.number === `${c.invoiceNumber}-R2`)!;
			const file = parseLedes(await bfFile(inv.number));
			expect({ case: `bf ${c.key}`, valid: file.valid, errors: file.errors, bad: badLines(c, inv.lines), flags: inv.flags }).toEqual({ case: `bf ${c.key}`, valid: true, errors: [], bad: [], flags: [] });
		}
		// the unverified endpoint received these files and no other (no refused or stray submission)
		expect((await bfReceived()).map((e) => e.fileName).sort()).toEqual(fixable.bf.map((c) => `${c.invoiceNumber}-R2.txt`).sort());

		// every other case reaches a person, with its rule and reason; no fixable one is queued
		const queue = await tableRows(t, 'legal_billing_resolution_queue');
		const ledger = await tableRows(t, 'legal_billing_resolutions');
		for (const [platform, cases] of [['legalTracker', lt], ['brightflag', bf]] as const) {
			for (const c of cases.filter((x) => !x.fixable)) {
				const rows = rowsOf(queue, platform, c);
				expect({ case: `${platform} ${c.key}`, rows: rows.length, status: rows[0]?.status, details: String(rows[0]?.details ?? '').includes(c.reasonCode) }).toEqual({ case: `${platform} ${c.key}`, rows: 1, status: 'open', details: true });
			}
			for (const c of cases.filter((x) => x.fixable)) expect({ case: `${platform} ${c.key}`, queued: rowsOf(queue, platform, c) }).toEqual({ case: `${platform} ${c.key}`, queued: [] });
			// the mechanical cut of an approved invoice is accepted and written off, not resubmitted
			const cut = cases.find((c) => c.key === 'cut-rate')!;
			expect(rowsOf(ledger, platform, cut)[0]).toMatchObject({ outcome: 'acceptAdjustment', classes: 'rateAboveApproved' });
			for (const c of cases.filter((x) => x.fixable && x.kind === 'rejection')) {
				expect(rowsOf(ledger, platform, c)).toEqual([expect.objectContaining({ outcome: 'resubmit', status: 'created', newInvoiceNumber: `${c.invoiceNumber}-R2` })]);
			}
		}

		// figures for the closing note, per platform and class: seeded, resolved automatically (resubmitted
		// or cut accepted), to a person (queue row), wrong resubmissions (a corrected invoice for a case
		// that is not a fixable rejection)
		const share: Record<string, Record<string, { seeded: number; auto: number; person: number; wrong: number }>> = {};
		for (const [platform, cases, made] of [['legalTracker', lt, created.lt], ['brightflag', bf, created.bf]] as const) {
			share[platform] = {};
			for (const c of cases) {
				const f = (share[platform][`${c.kind} ${c.class}`] ??= { seeded: 0, auto: 0, person: 0, wrong: 0 });
				const resubmitted = made.filter((i) => i.number === `${c.invoiceNumber}-R2`).length;
				f.seeded++;
				if (resubmitted === 1 || rowsOf(ledger, platform, c)[0]?.outcome === 'acceptAdjustment') f.auto++;
				if (rowsOf(queue, platform, c).length) f.person++;
				if (!(c.fixable && c.kind === 'rejection')) f.wrong += resubmitted;
			}
		}
		process.stderr.write(`[resolver e2e] resolved share by class: ${JSON.stringify(share)}\n`);

		// run twice: a fresh copy of the workflow sees the same rejections; nothing is resubmitted or queued again
		await pollOnce(await importTemplate('lbResolverRun2', { mode: 'resubmit', brightflagSubmission: 'unverifiedEndpoint' }));
		const again = await createdSince();
		expect({ lt: again.lt.length, bf: again.bf.length }).toEqual({ lt: created.lt.length, bf: created.bf.length });
		expect((await tableRows(t, 'legal_billing_resolution_queue')).length).toBe(queue.length);
		expect((await tableRows(t, 'legal_billing_resolutions')).length).toBe(ledger.length);
		process.stderr.write(`[resolver e2e] resubmit mode, both platforms, two runs: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
	}, 240_000);

	it('approval mode: nothing is submitted until a person approves a queued row; the approvals run resubmits that row once, a second run none', async () => {
		const t0 = Date.now();
		await seed();
		// Brightflag on the template's default: its fact sheet documents no submission API
		const id = await importTemplate('lbResolverApproval', { mode: 'approval' });
		await approvalsRun(id);
		await storeFirmFiles();
		await pollOnce(id);

		expect(await createdSince()).toEqual({ lt: [], bf: [] });
		const queue = await tableRows(t, 'legal_billing_resolution_queue');
		const fixableLt = lt.filter((c) => c.fixable && c.kind === 'rejection');
		const fixableBf = bf.filter((c) => c.fixable && c.kind === 'rejection');
		// Legal Tracker: each corrected file waits for approval; Brightflag: a person gets the corrected file to upload by hand
		for (const c of fixableLt) {
			const rows = rowsOf(queue, 'legalTracker', c);
			expect({ case: c.key, rows: rows.map((r) => [r.outcome, r.status, r.newInvoiceNumber]), errors: parseLedes(String(rows[0]?.ledes ?? '')).errors }).toEqual({ case: c.key, rows: [['awaitApproval', 'awaitingApproval', `${c.invoiceNumber}-R2`]], errors: [] });
		}
		for (const c of fixableBf) {
			const rows = rowsOf(queue, 'brightflag', c);
			expect({ case: c.key, rows: rows.map((r) => [r.outcome, r.status, r.newInvoiceNumber]), errors: parseLedes(String(rows[0]?.ledes ?? '')).errors, upload: /upload the attached/.test(String(rows[0]?.subject)) }).toEqual({
				case: c.key,
				rows: [['person', 'open', `${c.invoiceNumber}-R2`]],
				errors: [],
				upload: true,
			});
		}

		// a person approves one Legal Tracker correction, and (wrongly) rows that were never an automatic correction to
		// resubmit: a judgement rejection (no corrected file) and a Brightflag correction meant to be uploaded by hand
		const rate = lt.find((c) => c.key === 'rate')!;
		const narrative = lt.find((c) => c.key === 'narrative')!;
		await approve(String(rowsOf(queue, 'legalTracker', rate)[0].key));
		await approve(String(rowsOf(queue, 'legalTracker', narrative)[0].key));
		await approve(String(rowsOf(queue, 'brightflag', bf.find((c) => c.key === 'rate')!)[0].key));

		await approvalsRun(id);
		const created = await createdSince();
		expect({ lt: created.lt.map((i) => `${i.number}@${i.matter}`), bf: created.bf }).toEqual({ lt: [`${rate.invoiceNumber}-R2@${rate.matterId}`], bf: [] });
		expect({ errors: parseLedes(await ltFile(await sandboxToken(t, 'legaltracker'), created.lt[0].id)).errors, bad: badLines(rate, created.lt[0].lines) }).toEqual({ errors: [], bad: [] });
		const after = await tableRows(t, 'legal_billing_resolution_queue');
		expect(rowsOf(after, 'legalTracker', rate).map((r) => r.status)).toEqual(['resubmitted']);
		expect(rowsOf(after, 'brightflag', bf.find((c) => c.key === 'rate')!).map((r) => r.status)).toEqual(['approved']); // never submitted: not an automatic correction
		expect(rowsOf(after, 'legalTracker', narrative).map((r) => [r.outcome, r.status])).toEqual([['person', 'approved']]);
		expect(await bfReceived()).toEqual([]);
		for (const c of fixableLt.filter((x) => x !== rate)) expect({ case: c.key, status: rowsOf(after, 'legalTracker', c)[0].status }).toEqual({ case: c.key, status: 'awaitingApproval' });
		expect(rowsOf(await tableRows(t, 'legal_billing_resolutions'), 'legalTracker', rate)).toEqual([expect.objectContaining({ outcome: 'awaitApproval', status: 'created', newInvoiceNumber: `${rate.invoiceNumber}-R2` })]);

		// the approvals run again: nothing
		await approvalsRun(id);
		const again = await createdSince();
		expect({ lt: again.lt.length, bf: again.bf.length }).toEqual({ lt: 1, bf: 0 });
		expect((await tableRows(t, 'legal_billing_resolution_queue')).map((r) => r.status).sort()).toEqual(after.map((r) => r.status).sort());
		process.stderr.write(`[resolver e2e] approval mode: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
	}, 240_000);

	it("approval mode, Brightflag's unverified submission switched on: its corrections wait for approval; the approvals run sends exactly the approved one, once", async () => {
		const t0 = Date.now();
		await seed();
		const id = await importTemplate('lbResolverApprovalBf', { mode: 'approval', brightflagSubmission: 'unverifiedEndpoint' });
		await approvalsRun(id);
		await storeFirmFiles();
		await pollOnce(id);

		expect(await createdSince()).toEqual({ lt: [], bf: [] });
		expect(await bfReceived()).toEqual([]);
		const queue = await tableRows(t, 'legal_billing_resolution_queue');
		const fixableBf = bf.filter((c) => c.fixable && c.kind === 'rejection');
		for (const c of fixableBf) {
			const rows = rowsOf(queue, 'brightflag', c);
			expect({ case: c.key, rows: rows.map((r) => [r.outcome, r.status, r.newInvoiceNumber]), errors: parseLedes(String(rows[0]?.ledes ?? '')).errors }).toEqual({ case: c.key, rows: [['awaitApproval', 'awaitingApproval', `${c.invoiceNumber}-R2`]], errors: [] });
		}

		const code = bf.find((c) => c.key === 'code')!;
		await approve(String(rowsOf(queue, 'brightflag', code)[0].key));
		await approvalsRun(id);
		const created = await createdSince();
		const matter = (await bfInvoices()).find((i) => i.id === code.invoiceId)!.matter;
		expect({ lt: created.lt, bf: created.bf.map((i) => `${i.number}@${i.matter}`) }).toEqual({ lt: [], bf: [`${code.invoiceNumber}-R2@${matter}`] });
		const file = parseLedes(await bfFile(created.bf[0].number));
		expect({ valid: file.valid, errors: file.errors, bad: badLines(code, created.bf[0].lines), flags: created.bf[0].flags }).toEqual({ valid: true, errors: [], bad: [], flags: [] });
		const after = await tableRows(t, 'legal_billing_resolution_queue');
		expect(rowsOf(after, 'brightflag', code).map((r) => r.status)).toEqual(['resubmitted']);
		for (const c of fixableBf.filter((x) => x !== code)) expect({ case: c.key, status: rowsOf(after, 'brightflag', c)[0].status }).toEqual({ case: c.key, status: 'awaitingApproval' });
		expect(rowsOf(await tableRows(t, 'legal_billing_resolutions'), 'brightflag', code)).toEqual([expect.objectContaining({ outcome: 'awaitApproval', status: 'created', newInvoiceNumber: `${code.invoiceNumber}-R2` })]);

		// the approvals run again: nothing
		await approvalsRun(id);
		expect((await bfReceived()).length).toBe(1);
		expect((await createdSince()).bf.length).toBe(1);
		process.stderr.write(`[resolver e2e] approval mode, Brightflag unverified endpoint on: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
	}, 240_000);
});
