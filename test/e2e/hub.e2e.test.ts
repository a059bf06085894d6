/**
 * Template 3, "multi-LPM compliance hub", in real n8n: Clio and Actionstep entries of the period
 * become one canonical stream (an entry kept in both systems counted once), each client's
 * guidelines decide clean vs review, clean entries reach each client's own platform as one LEDES
 * invoice per matter with exact totals, and every entry lands once in the warehouse table; a
 * re-run sends nothing again and adds no warehouse rows. The hub works in slices of clients (its
 * sub-workflow 03a, issue 14): the hub's own execution holds counts only, each client's entries of
 * both systems are in exactly one slice, and the slices' counts add up to the run-log row.
 */
import { Decimal } from '../../lib/money/decimal';
import { firmDate, PINNED_DATES, periodAt } from '../helpers/dates';
import { dropTable, e2e, hubClients, loadTemplate, sliceRuns, tableRows, withAssignments, withSlices, type E2e } from './helpers';

const FILE = '03-multi-lpm-compliance-hub.json';
const TABLES = ['legal_billing_entries_warehouse', 'legal_billing_review_queue', 'legal_billing_submissions', 'legal_billing_sync_runs'];

// The same flow on every pinned date: the test sets the sandbox clock and passes the period.
describe.each(PINNED_DATES)('template: multi-LPM compliance hub, sandbox clock at $label', ({ now }) => {
	let t: E2e;
	let workflowId: string;

	const ltInvoices = async () => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: Array<{ invoiceId: number; invoiceNumber: string; totalAmount: string }> }).data;
	const bfReceived = async () =>
		((await t.sandbox.get('/_admin/brightflag/received', { params: { kind: 'invoice' } })).data as { data: Array<{ seq: number; invoiceNumber: string; total: string }> }).data;

	beforeAll(async () => {
		t = await e2e();
		await t.resetSandbox({ now }); // the seeded firm at this date, whatever ran before
		// The slices read Clio per matter: at Clio's 50 requests a minute these runs would mostly wait.
		// Pacing is tested on its own (test/shared/pacing.test.ts, test/clio/paging-ratelimit.test.ts, bench queue); here the sandbox's Clio answers
		// 1,000 a minute, and gets its setting back after.
		limitBefore = (await t.sandbox.get('/_admin/clio/rate-limit')).data as { perWindow: number; windowSeconds: number };
		expect((await t.sandbox.post('/_admin/clio/rate-limit', { perWindow: 1000, windowSeconds: 60 })).status).toBe(200);
		for (const name of TABLES) await dropTable(t, name);
		// Each client's platform, read from the simulators: Brightflag's customers, and the clients of the matters Legal Tracker knows.
		const { clients, bf, lt } = await hubClients(t);
		expect(bf).toBeGreaterThan(0);
		expect(lt).toBeGreaterThan(0);
		// the e2e firm has 5 clients: 2 a slice makes 3 slices, so slice boundaries are crossed
		const wf = withAssignments(loadTemplate(FILE), 'Hub settings', { ...periodAt(now), today: firmDate(now), clients: JSON.stringify(clients), clientsPerSlice: 2 });
		workflowId = await t.importWorkflow(wf);
		emptyWorkflow = withAssignments(wf, 'Hub settings', { periodStart: `${Number(now.slice(0, 4)) - 5}-03-01`, periodEnd: `${Number(now.slice(0, 4)) - 5}-03-31` });
	});

	let limitBefore: { perWindow: number; windowSeconds: number } | undefined;
	afterAll(async () => {
		if (limitBefore) await t.sandbox.post('/_admin/clio/rate-limit', { perWindow: limitBefore.perWindow, windowSeconds: limitBefore.windowSeconds });
	});

	let sent: { lt: string[]; bf: string[] };
	let emptyWorkflow: ReturnType<typeof loadTemplate>;

	it('one stream, per-client guidelines and platforms, every entry warehoused once', async () => {
		const ltBefore = new Set((await ltInvoices()).map((i) => i.invoiceId));
		const bfSince = Math.max(0, ...(await bfReceived()).map((r) => r.seq));
		const parent = await t.runInServer(workflowId);
		expect({ ok: parent.ok, error: parent.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const slices = await sliceRuns(t, parent);
		const run = await withSlices(t, parent);

		const fromClio = t.nodeOutput(run, 'Clio: unbilled entries');
		const fromActionstep = t.nodeOutput(run, 'Actionstep: unbilled entries');
		expect(fromClio.length).toBeGreaterThan(0);
		expect(fromActionstep.length).toBeGreaterThan(0);
		const billable = [...fromClio, ...fromActionstep].filter((e) => e.billable !== false);

		// Warehouse: every billable entry of both systems exactly once; cross-system duplicates marked, never billed.
		const wh = await tableRows(t, 'legal_billing_entries_warehouse');
		expect(wh.map((r) => r.entryId).sort()).toEqual(billable.map((e) => String(e.id)).sort());
		const dups = wh.filter((r) => String(r.ocgStatus).startsWith('duplicate of '));
		expect(dups.length).toBeGreaterThan(0);
		expect(dups.every((r) => r.source === 'actionstep' && String(r.ocgStatus).includes('clio:activity:'))).toBe(true);

		// Review queue = the flagged and rejected entries, with their guideline references.
		const review = await tableRows(t, 'legal_billing_review_queue');
		// (status review, rejected, or adjusted: an adjustment the guidelines would make, left to a person)
		const flagged = wh.filter((r) => r.ocgStatus !== 'compliant' && !String(r.ocgStatus).startsWith('duplicate of '));
		expect(review.map((r) => r.entryId).sort()).toEqual(flagged.map((r) => r.entryId).sort());
		expect(review.every((r) => /§/.test(String(r.guidelineRefs)))).toBe(true);

		// Clean entries reach their client's platform: one invoice per matter, total = Σ entry totals.
		const clean = wh.filter((r) => r.ocgStatus === 'compliant');
		const expected = (platform: string) => {
			const byMatter = new Map<string, Decimal>();
			for (const r of clean.filter((x) => x.platform === platform)) {
				const key = String(r.matter);
				byMatter.set(key, (byMatter.get(key) ?? Decimal.ZERO).add(Decimal.from(String(r.total))));
			}
			return [...byMatter.values()].map((d) => d.toFixed(2)).sort();
		};
		const lt = (await ltInvoices()).filter((i) => !ltBefore.has(i.invoiceId));
		const bf = (await bfReceived()).filter((r) => r.seq > bfSince);
		expect(lt.map((i) => Decimal.from(i.totalAmount).toFixed(2)).sort()).toEqual(expected('legalTracker'));
		expect(bf.map((i) => Decimal.from(String(i.total)).toFixed(2)).sort()).toEqual(expected('brightflag'));
		expect(lt.length + bf.length).toBeGreaterThan(0);
		expect([...lt, ...bf].every((i) => /^INV-[CA]\d+-\d{6}$/.test(i.invoiceNumber))).toBe(true);
		sent = { lt: lt.map((i) => i.invoiceNumber), bf: bf.map((i) => i.invoiceNumber) };

		// Slices: the hub's own execution holds no entry, only the slices' counts (one item per slice).
		expect(slices.length).toBeGreaterThanOrEqual(2);
		expect(slices.every((sl) => sl.ok)).toBe(true);
		expect(slices.length).toBe(t.nodeOutput(parent, 'Plan slices of clients').length);
		expect(JSON.stringify(parent.run?.data.resultData.runData)).not.toMatch(/clio:activity:|actionstep:timeentry:/);
		const counts = t.nodeOutput(parent, 'Check one slice');
		expect(counts).toHaveLength(slices.length);
		for (const c of counts) expect(Object.keys(c).sort()).toEqual(['counts', 'duplicates', 'failed', 'failures', 'invoices', 'message', 'periodEnd', 'periodStart', 'review', 'runAt', 'status', 'submitted', 'workflow']);
		expect(counts.reduce((n, c) => n + Number((c.counts as Record<string, number>).entries), 0)).toBe(fromClio.length + fromActionstep.length);
		// each client's entries, of both systems, are in exactly one slice
		const clientsOf = slices.map((sl) => new Set([...t.nodeOutput(sl, 'Clio: unbilled entries'), ...t.nodeOutput(sl, 'Actionstep: unbilled entries')].map((e) => {
			const c = (e.client ?? {}) as { ledesClientId?: string; id?: string };
			return c.ledesClientId || `client ${c.id ?? '(none)'}`;
		})));
		const seen = clientsOf.flatMap((c) => [...c]);
		expect(new Set(seen).size).toBe(seen.length);
		expect(clientsOf.filter((c) => c.size > 0).length).toBeGreaterThanOrEqual(2);
	});

	it('a re-run sends nothing again and adds no warehouse rows', async () => {
		const ltBefore = (await ltInvoices()).length;
		const bfBefore = (await bfReceived()).length;
		const whBefore = (await tableRows(t, 'legal_billing_entries_warehouse')).length;
		const run = await t.runInServer(workflowId);
		expect(run.ok).toBe(true);
		expect((await ltInvoices()).length).toBe(ltBefore);
		expect((await bfReceived()).length).toBe(bfBefore);
		expect((await tableRows(t, 'legal_billing_entries_warehouse')).length).toBe(whBefore);
		const ledger = await tableRows(t, 'legal_billing_submissions');
		expect(ledger.filter((r) => r.status === 'submitted').map((r) => r.invoiceNumber).sort()).toEqual([...sent.lt, ...sent.bf].sort());
		// the run log: the first run billed, the re-run found everything already submitted
		const runs = (await tableRows(t, 'legal_billing_sync_runs')).sort((a, b) => String(a.runAt).localeCompare(String(b.runAt)));
		expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
		expect(runs[0]).toMatchObject({ submitted: sent.lt.length + sent.bf.length, duplicates: 0, failed: 0 });
		expect(runs[1]).toMatchObject({ submitted: 0, duplicates: sent.lt.length + sent.bf.length, failed: 0 });
	});

	it('a period with no entries logs a run with status "empty" naming the period', async () => {
		const id = await t.importWorkflow({ ...emptyWorkflow, id: undefined, name: `${emptyWorkflow.name} (empty period)` });
		const before = (await tableRows(t, 'legal_billing_sync_runs')).length;
		const run = await t.runInServer(id);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const runs = (await tableRows(t, 'legal_billing_sync_runs')).slice(before);
		const p = (emptyWorkflow.nodes.find((n) => n.name === 'Hub settings')!.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments;
		const period = `${p.find((a) => a.name === 'periodStart')!.value}..${p.find((a) => a.name === 'periodEnd')!.value}`;
		expect(runs).toHaveLength(1);
		expect(runs[0]).toMatchObject({ status: 'empty', invoices: 0, submitted: 0, failed: 0 });
		expect(runs[0].message).toBe(`No unbilled Clio or Actionstep entries in the billing period ${period}: nothing to bill`);
	});
});
