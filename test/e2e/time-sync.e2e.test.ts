/**
 * Template 1, "Clio → e-billing time sync", in real n8n against the sandbox: the invoices Legal
 * Tracker receives are exactly the compliant unbilled billable Clio entries of the period, one per
 * client matter, with totals equal to the sum of Clio's own amounts; nothing is lost (every entry
 * is invoiced or queued for review); a re-run submits nothing twice; the Brightflag switch works.
 */
import { Decimal } from '../../lib/money/decimal';
import { demoExpectation } from '../../sandbox/demo';
import { generateFirm } from '../../sandbox/seed';
import { firmDate, PINNED_DATES, TEST_NOW, periodAt } from '../helpers/dates';
import { E2E_SANDBOX_OPTIONS } from './config';
import { dropTable, e2e, loadTemplate, sandboxToken, tableRows, withAssignments, withSlices, type E2e } from './helpers';

const FILE = '01-clio-to-ebilling-time-sync.json';
const TABLES = ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs'];

interface ClioActivity {
	id: number;
	type: 'TimeEntry' | 'ExpenseEntry';
	date: string;
	total: number | string;
	quantity: number;
	price: number | string;
	non_billable: boolean;
	matter: { id: number; display_number: string };
}
interface LtInvoice {
	invoiceId: number;
	invoiceNumber: string;
	matterId: number;
	totalAmount: string;
	lineItemCount: number;
	lines: Array<{ date: string; units: string; rate: string; total: string; clientMatterId: string }>;
}

const ltInvoicesOf = async (t: E2e) => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: LtInvoice[] }).data;

// The same flow on every pinned date: the sandbox clock (and so the firm's data) is set by the
// test, and the billing period is the previous calendar month of that clock, passed explicitly.
describe.each(PINNED_DATES)('template: Clio → e-billing time sync, sandbox clock at $label', ({ now }) => {
	let t: E2e;
	let periodStart: string;
	let periodEnd: string;
	let workflowId: string;
	let billable: ClioActivity[];

	const ltInvoices = () => ltInvoicesOf(t);

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now }); // the seeded firm at this date, whatever ran before
		for (const name of TABLES) await dropTable(t, name);
		// The billing period: the previous calendar month of the sandbox clock (the seed's unbilled time).
		({ periodStart, periodEnd } = periodAt(now));
		// 4 client matters per slice: the sandbox firm's 10 matters run as 3 slices (sub-executions)
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { periodStart, periodEnd, today: firmDate(now), platform: 'legalTracker', mattersPerSlice: 4 });
		workflowId = await t.importWorkflow(wf);
		// What Clio holds, read straight from the sandbox API (not through n8n).
		const token = await sandboxToken(t, 'clio');
		const all: ClioActivity[] = [];
		let url: string | undefined = `/clio/api/v4/activities.json`;
		let params: Record<string, unknown> | undefined = {
			status: 'unbilled',
			start_date: periodStart,
			end_date: periodEnd,
			fields: 'id,type,date,total,quantity,price,non_billable,matter{id,display_number}',
			limit: 200,
			order: 'id(asc)',
		};
		while (url) {
			const res = await t.sandbox.get(url, { params, headers: { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' } });
			expect(res.status).toBe(200);
			const body = res.data as { data: ClioActivity[]; meta?: { paging?: { next?: string } } };
			all.push(...body.data);
			url = body.meta?.paging?.next;
			params = undefined;
		}
		billable = all.filter((a) => !a.non_billable);
		expect(billable.length).toBeGreaterThan(5);
	});

	let firstRunInvoices: LtInvoice[] = [];

	it('invoices exactly the compliant entries, one LEDES invoice per matter, totals equal to Clio amounts', async () => {
		const before = new Set((await ltInvoices()).map((i) => i.invoiceId));
		const run = await withSlices(t, await t.runInServer(workflowId));
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });

		// Nothing lost: every billable entry is either in an invoice or in the review queue, once.
		const compliant = t.nodeOutput(run, 'OCG check', 0);
		const review = await tableRows(t, 'legal_billing_review_queue');
		const invoicedIds = compliant.map((e) => String(e.id));
		const reviewIds = review.map((r) => String(r.entryId));
		expect([...invoicedIds, ...reviewIds].sort()).toEqual(billable.map((a) => `clio:activity:${a.id}`).sort());
		expect(review.every((r) => String(r.reasons).length > 0)).toBe(true);
		expect(review.filter((r) => String(r.stage).startsWith('ocg-')).every((r) => /§/.test(String(r.guidelineRefs)))).toBe(true);

		// One invoice per matter of compliant entries, with the deterministic number.
		const byMatter = new Map<number, ClioActivity[]>();
		const compliantIds = new Set(invoicedIds);
		for (const a of billable) {
			if (!compliantIds.has(`clio:activity:${a.id}`)) continue;
			byMatter.set(a.matter.id, [...(byMatter.get(a.matter.id) ?? []), a]);
		}
		const yyyymm = periodEnd.slice(0, 7).replace('-', '');
		const built = t.nodeOutput(run, 'Invoice facts');
		expect(built.map((b) => b.invoiceNumber).sort()).toEqual([...byMatter.keys()].map((m) => `INV-C${m}-${yyyymm}`).sort());

		// What Legal Tracker received: the invoices of the matters it knows, totals = Σ Clio totals.
		firstRunInvoices = (await ltInvoices()).filter((i) => !before.has(i.invoiceId));
		const ledger = await tableRows(t, 'legal_billing_submissions');
		const submitted = ledger.filter((r) => r.status === 'submitted');
		expect(firstRunInvoices.length).toBe(submitted.length);
		expect(firstRunInvoices.length).toBeGreaterThan(0);
		for (const inv of firstRunInvoices) {
			const matterId = Number(/^INV-C(\d+)-/.exec(inv.invoiceNumber)![1]);
			const entries = byMatter.get(matterId)!;
			expect(entries).toBeDefined();
			const expected = Decimal.sum(entries.map((a) => Decimal.from(String(a.total))));
			expect({ n: inv.invoiceNumber, total: Decimal.from(inv.totalAmount).toFixed(2), lines: inv.lineItemCount }).toEqual({
				n: inv.invoiceNumber,
				total: expected.toFixed(2),
				lines: entries.length,
			});
			// Line by line: date, hours (Clio seconds / 3600; an expense's quantity is its units) and rate as in Clio.
			const units = (a: ClioActivity) => (a.type === 'ExpenseEntry' ? Decimal.from(String(a.quantity)) : Decimal.from(String(a.quantity)).div(3600, 4));
			const want = entries.map((a) => `${a.date}|${units(a).toFixed(2)}|${Decimal.from(String(a.price)).toFixed(2)}`).sort();
			const got = inv.lines.map((l) => `${l.date}|${Decimal.from(l.units).toFixed(2)}|${Decimal.from(l.rate).toFixed(2)}`).sort();
			expect(got).toEqual(want);
			expect(submitted.find((r) => r.invoiceNumber === inv.invoiceNumber)?.platformInvoiceId).toBe(String(inv.invoiceId));
		}
		// Invoices of matters Legal Tracker does not know are logged as skipped, not failed.
		expect(ledger.filter((r) => r.status === 'failed')).toEqual([]);
		expect(ledger.length).toBe(byMatter.size);

		const runs = await tableRows(t, 'legal_billing_sync_runs');
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({ status: 'success', invoices: byMatter.size, submitted: submitted.length, duplicates: 0, failed: 0, review: review.length });

		// What `npm start`'s banner announces for this day is what the run did.
		const demo = demoExpectation(generateFirm({ ...E2E_SANDBOX_OPTIONS, now }), now);
		expect({ period: `${demo.periodStart}..${demo.periodEnd}`, submitted: submitted.length }).toEqual({ period: `${periodStart}..${periodEnd}`, submitted: demo.legalTrackerInvoices });
		expect(review.length).toBeGreaterThanOrEqual(demo.breakers);
		expect(demo.legalTrackerInvoices).toBeGreaterThan(0);
	});

	it('re-running the same period submits nothing twice (ledger of invoiced entries + deterministic numbers)', async () => {
		const before = new Set((await ltInvoices()).map((i) => i.invoiceId));
		const skipped = (await tableRows(t, 'legal_billing_submissions')).filter((r) => r.status === 'skipped').map((r) => String(r.invoiceNumber));
		const run = await withSlices(t, await t.runInServer(workflowId));
		expect(run.ok).toBe(true);
		expect((await ltInvoices()).filter((i) => !before.has(i.invoiceId))).toEqual([]);
		// the submitted invoices' entries are left out; only the matters no platform took are built again
		expect(t.nodeOutput(run, 'Invoice facts').map((i) => String(i.invoiceNumber)).sort()).toEqual(skipped.sort());
		const runs = (await tableRows(t, 'legal_billing_sync_runs')).sort((a, b) => String(a.runAt).localeCompare(String(b.runAt)));
		expect(runs).toHaveLength(2);
		expect(runs[1]).toMatchObject({ status: 'success', submitted: 0, failed: 0 });
		const invoicedEntries = firstRunInvoices.reduce((n, i) => n + i.lineItemCount, 0);
		expect(String(runs[1].message)).toContain(`${invoicedEntries} entries already invoiced`);
	});

});

describe('template: Clio → e-billing time sync: the Brightflag switch and an empty period', () => {
	let t: E2e;
	const { periodStart, periodEnd } = periodAt(TEST_NOW);

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now: TEST_NOW });
	});

	it('a period with no entries logs a run with status "empty" naming the period', async () => {
		for (const name of TABLES) await dropTable(t, name);
		// five years before the sandbox clock: long before the firm's first entry
		const year = Number(TEST_NOW.slice(0, 4)) - 5;
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { periodStart: `${year}-03-01`, periodEnd: `${year}-03-31`, today: firmDate(TEST_NOW), platform: 'legalTracker' });
		const id = await t.importWorkflow({ ...wf, id: 'lbE2eTimeSyncEmpty', name: `${wf.name} (empty period)` });
		const before = (await ltInvoicesOf(t)).length;
		const run = await withSlices(t, await t.runInServer(id));
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		expect((await ltInvoicesOf(t)).length).toBe(before);
		const runs = await tableRows(t, 'legal_billing_sync_runs');
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({ status: 'empty', invoices: 0, submitted: 0, failed: 0, review: 0 });
		expect(runs[0].message).toBe(`No unbilled Clio entries in the billing period ${year}-03-01..${year}-03-31: nothing to submit to legalTracker`);
	});

	it('a late entry after a run is billed by the next run, exactly that entry, on a supplemental invoice (issue 13 item 4)', async () => {
		await t.resetSandbox({ now: TEST_NOW }); // no invoices from the other tests on Legal Tracker
		for (const name of TABLES) await dropTable(t, name);
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { periodStart, periodEnd, today: firmDate(TEST_NOW), platform: 'legalTracker' });
		const id = await t.importWorkflow({ ...wf, id: 'lbE2eTimeSyncLate', name: `${wf.name} (late entry)` });
		const first = await withSlices(t, await t.runInServer(id));
		expect(first.ok).toBe(true);
		const submitted = (await tableRows(t, 'legal_billing_submissions')).filter((r) => r.status === 'submitted');
		expect(submitted.length).toBeGreaterThan(0);
		// a timekeeper records one more entry on an invoiced matter, in the period: a copy of an invoiced
		// (compliant) entry with another narrative and 0.1 h more
		const token = await sandboxToken(t, 'clio');
		const h = { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' };
		const sourceId = String(submitted[0].entryIds).split(',')[0].split(':').pop();
		const src = ((await t.sandbox.get(`/clio/api/v4/activities/${sourceId}.json`, { headers: h, params: { fields: 'id,type,date,quantity,price,note,matter{id},user{id},activity_description{id}' } })).data as { data: Record<string, any> }).data;
		const made = await t.sandbox.post(
			'/clio/api/v4/activities.json',
			{ data: { type: src.type, date: src.date, quantity: src.type === 'TimeEntry' ? Number(src.quantity) + 360 : src.quantity, price: src.price, note: `${src.note} (follow-up on the same point)`, matter: { id: src.matter.id }, user: { id: src.user.id }, ...(src.activity_description ? { activity_description: { id: src.activity_description.id } } : {}) } },
			{ headers: h, params: { fields: 'id' } },
		);
		expect(made.status).toBe(201);
		const lateId = `clio:activity:${(made.data as { data: { id: number } }).data.id}`;
		const before = (await ltInvoicesOf(t)).length;
		const second = await withSlices(t, await t.runInServer(id));
		expect(second.ok).toBe(true);
		const late = (await tableRows(t, 'legal_billing_submissions')).filter((r) => !submitted.some((s) => s.invoiceNumber === r.invoiceNumber) && r.status === 'submitted');
		expect(late.map((r) => ({ n: r.invoiceNumber, e: r.entryIds }))).toEqual([{ n: `${submitted[0].invoiceNumber}-S2`, e: lateId }]);
		expect((await ltInvoicesOf(t)).length).toBe(before + 1);
	});

	it('a lost answer is logged "unknown", then reconciled by asking Legal Tracker: never submitted twice (issue 13 item 2)', async () => {
		await t.resetSandbox({ now: TEST_NOW }); // no invoices from the other tests on Legal Tracker
		for (const name of TABLES) await dropTable(t, name);
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { periodStart, periodEnd, today: firmDate(TEST_NOW), platform: 'legalTracker' });
		const id = await t.importWorkflow({ ...wf, id: 'lbE2eTimeSyncLost', name: `${wf.name} (lost answer)` });
		const byNumber = async () => {
			const counts = new Map<string, number>();
			for (const i of await ltInvoicesOf(t)) counts.set(i.invoiceNumber, (counts.get(i.invoiceNumber) ?? 0) + 1);
			return counts;
		};
		const before = await byNumber();
		// the first invoice's POST is carried out but its answer is cut (the read before it answers)
		const set = await t.sandbox.post('/_admin/faults', { vendor: 'legaltracker', faults: { script: ['ok', 'malformed'], paths: ['^/billing-api/v1/invoices$'] } });
		expect(set.status).toBe(200);
		const first = await withSlices(t, await t.runInServer(id));
		await t.sandbox.delete('/_admin/faults');
		expect(first.ok).toBe(true);
		const ledger1 = await tableRows(t, 'legal_billing_submissions');
		const unknown = ledger1.filter((r) => r.status === 'unknown');
		expect(unknown).toHaveLength(1);
		expect(String(unknown[0].error)).toMatch(/may have been created/);
		const runs1 = await tableRows(t, 'legal_billing_sync_runs');
		expect(String(runs1[0].message)).toContain('outcome unknown');
		// the next run asks Legal Tracker first: it is there, so it is logged submitted and not sent again
		const second = await withSlices(t, await t.runInServer(id));
		expect(second.ok).toBe(true);
		const ledger2 = await tableRows(t, 'legal_billing_submissions');
		expect(ledger2.filter((r) => r.invoiceNumber === unknown[0].invoiceNumber && r.status === 'submitted')).toHaveLength(1);
		const after = await byNumber();
		for (const row of ledger2.filter((r) => r.status === 'submitted')) expect(after.get(String(row.invoiceNumber))! - (before.get(String(row.invoiceNumber)) ?? 0)).toBe(1);
		expect([...after.values()].every((n) => n === 1)).toBe(true);
	});

	it('the platform switch submits to Brightflag instead, logging the invoices Brightflag refuses', async () => {
		for (const name of TABLES) await dropTable(t, name);
		const wf = withAssignments(loadTemplate(FILE), 'Sync settings', { periodStart, periodEnd, today: firmDate(TEST_NOW), platform: 'brightflag' });
		const id = await t.importWorkflow({ ...wf, id: 'lbE2eTimeSyncBF1', name: `${wf.name} (Brightflag)` });
		await t.sandbox.delete('/_admin/brightflag/received');
		const run = await withSlices(t, await t.runInServer(id));
		expect(run.ok).toBe(true);
		const files = t.nodeOutput(run, 'Invoice facts');
		expect(files.length).toBeGreaterThan(0);
		// Every file is in the ledger once: submitted, or refused by Brightflag (clients billed elsewhere).
		const ledger = await tableRows(t, 'legal_billing_submissions');
		expect(ledger.map((r) => r.invoiceNumber).sort()).toEqual(files.map((f) => f.invoiceNumber).sort());
		expect(ledger.every((r) => r.platform === 'brightflag')).toBe(true);
		const submitted = ledger.filter((r) => r.status === 'submitted');
		const refused = ledger.filter((r) => r.status === 'failed');
		expect(submitted.length).toBeGreaterThan(0);
		expect(refused.every((r) => /not a Brightflag customer/.test(String(r.error)))).toBe(true);
		// Brightflag received exactly the submitted invoices, with the same numbers and totals.
		const received = (await t.sandbox.get('/_admin/brightflag/received', { params: { kind: 'invoice' } })).data as {
			data: Array<{ invoiceNumber?: string; total?: string; invoiceID?: number }>;
		};
		const got = received.data.map((r) => `${r.invoiceNumber}|${Decimal.from(String(r.total)).toFixed(2)}`).sort();
		expect(got).toEqual(submitted.map((f) => `${f.invoiceNumber}|${Decimal.from(String(f.total)).toFixed(2)}`).sort());
		expect(submitted.map((r) => r.platformInvoiceId).sort()).toEqual(received.data.map((r) => String(r.invoiceID)).sort());
		const runs = await tableRows(t, 'legal_billing_sync_runs');
		expect(runs[0]).toMatchObject({ submitted: submitted.length, failed: refused.length, status: refused.length ? 'partial' : 'success' });
	});
});
