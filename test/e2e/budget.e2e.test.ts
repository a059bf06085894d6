/**
 * Budgets in real n8n (issue 16 part 2):
 *  - template 8, "budget watch": a budgeted matter's warehouse burn crosses 80%, then 100%, and
 *    exactly two alerts go out (webhook POST + remembered in a Data Table); re-runs resend nothing;
 *    "today" is pinned (firmDate(TEST_NOW)), never the wall clock;
 *  - OCG Compliance with a rule set's budget section → LEDES: a flat-fee phase bills as one line and a
 *    capped fee's excess is written off and shown, in the file the LEDES writer builds.
 */
import { firmDate, TEST_NOW } from '../helpers/dates';
import { dropTable, e2e, insertRows, loadTemplate, tableRows, withAssignments, type E2e } from './helpers';
import { startWebhookSink, type WebhookSink } from './webhook-sink';

const FILE = '08-budget-watch.json';
const BUDGETS = 'legal_billing_budgets';
const ALERTS = 'legal_billing_budget_alerts';
const WAREHOUSE = 'legal_billing_entries_warehouse';
const TODAY = firmDate(TEST_NOW); // 2026-11-18
const MATTER = 'BW-00042';

describe('template: budget watch', () => {
	let t: E2e;
	let sink: WebhookSink;
	let id: string;

	beforeAll(async () => {
		t = await e2e();
		sink = await startWebhookSink();
		for (const name of [BUDGETS, ALERTS, WAREHOUSE]) await dropTable(t, name);
		id = await t.importWorkflow(withAssignments(loadTemplate(FILE), 'Budget settings', { today: TODAY, alertWebhookUrl: sink.url }));
	});

	afterAll(async () => {
		await sink?.close();
	});

	const watch = async () => {
		sink.received.length = 0;
		const run = await t.runInServer(id);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const burn = run.run?.data.resultData.runData['Budget watch']?.[0]?.data?.main?.[0] ?? [];
		return { posted: [...sink.received], burn: burn.map((b) => b.json) };
	};
	let seq = 0;
	const spend = (date: string, total: string, taskCode = 'L310') =>
		insertRows(t, WAREHOUSE, [{ entryId: `bw-${++seq}`, source: 'clio', matter: MATTER, date, kind: 'fee', total, taskCode, ocgStatus: 'compliant' }]);

	it('a matter crossing 80% then 100% sends exactly two alerts to the responsible attorney; re-runs send none', async () => {
		// first run creates the tables (no budgets yet: nothing to watch)
		expect((await watch()).posted).toEqual([]);
		await insertRows(t, BUDGETS, [
			{ matter: MATTER, amount: '10000.00', responsible: 'Dana Reyes', responsibleEmail: 'dana.reyes@firm.example' },
			{ matter: MATTER, phase: 'L100', amount: '5000.00', responsible: 'Dana Reyes', responsibleEmail: 'dana.reyes@firm.example' },
		]);

		await spend('2026-10-28', '4000.00'); // last month
		await spend('2026-11-02', '3999.99');
		let r = await watch();
		expect(r.posted).toEqual([]); // 79.99%
		expect(r.burn.map((b) => [b.key, b.spent, b.percent])).toEqual([
			[`${MATTER}|`, '7999.99', '80.0'], // 79.9999% shown rounded; no alert: the comparison is exact
			[`${MATTER}|L100`, '0.00', '0.0'],
		]);

		await spend('2026-11-10', '0.01'); // exactly 80%
		r = await watch();
		expect(r.posted.map((p) => [p.alertKey, p.to, p.threshold])).toEqual([[`${MATTER}||80`, 'dana.reyes@firm.example', 80]]);
		expect(String(r.posted[0].text)).toBe(
			`Budget alert for Dana Reyes: matter ${MATTER} has reached 80% of its budget (8000.00 of 10000.00, 80.0%). Month-end forecast: 10666.67 (106.7%).`,
		);
		expect((await watch()).posted).toEqual([]); // re-run: nothing resent

		await spend(TODAY, '2000.00'); // exactly 100%
		r = await watch();
		expect(r.posted.map((p) => p.alertKey)).toEqual([`${MATTER}||100`]);
		expect(r.burn[0]).toMatchObject({ spent: '10000.00', percent: '100.0', today: '2000.00', forecastSpent: '14000.00' });
		expect(r.burn[0].forecast).toEqual({ monthStart: '2026-11-01', daysElapsed: 18, daysInMonth: 30, monthToDate: '6000.00', monthEnd: '10000.00' });
		expect((await watch()).posted).toEqual([]);

		const remembered = await tableRows(t, ALERTS);
		expect(remembered.map((x) => [x.alertKey, x.threshold, x.responsibleEmail, x.today])).toEqual([
			[`${MATTER}||80`, 80, 'dana.reyes@firm.example', TODAY],
			[`${MATTER}||100`, 100, 'dana.reyes@firm.example', TODAY],
		]);
	});
});

describe('OCG Compliance budget rules → LEDES', () => {
	it('a flat-fee phase bills as one line; the capped fee excess is written off and shown', async () => {
		const t = await e2e();
		const entry = (id: string, task: string, quantity: string) => ({
			id,
			source: { system: 'manual', id },
			kind: 'fee',
			date: '2026-10-05',
			timekeeper: { id: 'T1', name: 'Ann Lee', classification: 'ASSOC' },
			client: { id: 'C1', ledesClientId: 'GLOBEX01' },
			matter: { id: 'M1', number: '00001', clientMatterId: 'GX-1' },
			quantity,
			rate: '400.00',
			currency: 'USD',
			codes: { task, activity: 'A104' },
			narrative: `Work on ${task} issues for the client`,
		});
		const entries = [entry('a', 'L110', '1'), entry('b', 'L120', '2'), entry('c', 'L310', '1'), entry('d', 'L320', '1')];
		const ruleSet = {
			id: 'globex-afa',
			version: '1',
			currency: 'USD',
			rules: [],
			budget: { matters: [{ matter: '00001', flatFees: [{ phase: 'L100', amount: '1500.00', description: 'Case assessment (flat fee)' }], caps: [{ phase: 'L300', amount: '600.00' }] }] },
		};
		const wf = {
			id: 'lbE2eBudgetLedes1',
			name: 'E2E budget rules to LEDES',
			nodes: [
				{ parameters: {}, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
				// test input only (templates keep billing logic out of Code nodes)
				{ parameters: { jsCode: `return ${JSON.stringify(entries)}.map((json) => ({ json }));` }, name: 'Entries', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0] },
				{
					parameters: { operation: 'check', ruleSetSource: 'json', ruleSetJson: JSON.stringify(ruleSet), applyAdjustments: true, options: { today: '2026-11-05', invoiceDate: '2026-11-05' } },
					name: 'OCG check',
					type: 'n8n-nodes-legal-billing.ocgCompliance',
					typeVersion: 1,
					position: [400, 0],
				},
				{
					parameters: {
						operation: 'build',
						format: '1998B',
						inputShape: 'canonical',
						invoiceNumber: 'INV-AFA-1',
						invoiceDate: '2026-11-05',
						lawFirmId: '12-3456789',
						groupBy: ['matter'],
						fileMode: 'perInvoice',
						binaryPropertyName: 'data',
						invoiceDetails: { periodStart: '2026-10-01', periodEnd: '2026-10-31' },
						options: {},
					},
					name: 'Build LEDES',
					type: 'n8n-nodes-legal-billing.ledes',
					typeVersion: 1,
					position: [600, 0],
				},
			],
			connections: {
				Start: { main: [[{ node: 'Entries', type: 'main', index: 0 }]] },
				Entries: { main: [[{ node: 'OCG check', type: 'main', index: 0 }]] },
				'OCG check': { main: [[{ node: 'Build LEDES', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const id = await t.importWorkflow(wf);
		const run = await t.runInServer(id);
		expect({ ok: run.ok, error: run.run?.data.resultData.error?.message }).toEqual({ ok: true, error: undefined });
		const out = (name: string, k = 0) => (run.run?.data.resultData.runData[name]?.[0]?.data?.main?.[k] ?? []).map((i) => i.json);
		const compliant = out('OCG check');
		expect(compliant.map((e) => [e.id, e.total, e.adjustment])).toEqual([
			['flat:00001:L100', '1500.00', '0'],
			['c', undefined, undefined], // within the cap: untouched (400.00)
			['d', '200.00', '-200.00'], // 200.00 over the 600.00 cap: written off, shown as the line's adjustment
		]);
		expect((compliant[0].ocg as { flatFee: object }).flatFee).toMatchObject({ entryIds: ['a', 'b'], hourlyValue: '1200.00' });
		expect((compliant[2].ocg as { violations: Array<{ message: string }> }).violations[0].message).toBe('Capped fee for 00001 L300 of 600.00 reached: 200.00 written off');
		const [ledes] = out('Build LEDES');
		expect(ledes).toMatchObject({ invoiceCount: 1, lineCount: 3 });
		// the total read back from the written file: 1500.00 flat + 400.00 + 200.00 (the L300 cap of 600.00)
		expect((ledes.invoices as Array<{ total: string }>)[0].total).toMatch(/^2100(\.0+)?$/);
	});
});
