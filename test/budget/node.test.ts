/**
 * The OCG Compliance node's budget features, through n8n's own execution engine: budgets from a
 * rule set's "budget" section or the Budgets option (Data Table rows), a flat-fee phase output as
 * one line, a capped fee's write-off shown; Budget Watch's burn and alert outputs.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { OcgCompliance } from '../../nodes/OcgCompliance/OcgCompliance.node';
import { runNode } from '../helpers/n8n';
import { fee } from '../ocg/helpers';

const TYPE = 'n8n-nodes-legal-billing.ocgCompliance';
const run = (parameters: INodeParameters, items: INodeExecutionData[]) => runNode({ nodeTypes: { [TYPE]: new OcgCompliance() }, type: TYPE, parameters, items });
const ruleSet = (budget?: object) => JSON.stringify({ id: 'afa', version: '1', rules: [], ...(budget ? { budget } : {}) });
const opts = { today: '2026-11-18' };

describe('OCG Compliance node: budgets and fee arrangements', () => {
	const items = [
		{ json: fee({ id: 'a', codes: { task: 'L110' } }) as never },
		{ json: fee({ id: 'b', codes: { task: 'L120' }, quantity: '2' }) as never },
		{ json: fee({ id: 'c', codes: { task: 'L310' } }) as never },
		{ json: fee({ id: 'd', codes: { task: 'L320' } }) as never },
	];

	it('a flat-fee phase (from the rule set\'s budget section) leaves as one line; the capped fee\'s excess is written off and shown', async () => {
		const budget = { matters: [{ matter: 'M1', flatFees: [{ phase: 'L100', amount: '1500.00', description: 'Case assessment' }], caps: [{ phase: 'L300', amount: '600.00' }] }] };
		const r = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson: ruleSet(budget), applyAdjustments: true, options: opts }, items);
		expect(r.error).toBeUndefined();
		const [compliant, review, rejected] = r.outputs;
		expect([review.length, rejected.length]).toEqual([0, 0]);
		expect(compliant.map((i) => i.json.id)).toEqual(['flat:M1:L100', 'c', 'd']);
		expect(compliant[0].json).toMatchObject({ quantity: '1', rate: '1500.00', total: '1500.00', narrative: 'Case assessment' });
		expect(compliant[0].json.ocg).toMatchObject({ status: 'compliant', flatFee: { key: 'M1 L100', amount: '1500.00', entryIds: ['a', 'b'], hourlyValue: '1200.00' } });
		expect(compliant[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(compliant[2].json).toMatchObject({ total: '200.00', adjustment: '-200.00' });
		expect((compliant[2].json.ocg as { violations: Array<{ details: object }> }).violations[0].details).toMatchObject({ writtenOff: '200.00', cap: '600.00' });
	});

	it('the Budgets option takes Data Table rows; over budget goes to Needs Review; a bad budget names the row and field', async () => {
		const rows = [{ id: 1, matter: 'M1', amount: '1000.00', responsible: 'Dana' }];
		const r = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson: ruleSet(), options: { ...opts, budgets: rows as never } }, items);
		// a 400, b 800 (1200 > 1000: 200 over), then c and d wholly over
		expect(r.outputs[1].map((i) => i.json.id)).toEqual(['b', 'c', 'd']);
		expect(r.outputs[1][0].json.ocg).toMatchObject({ violations: [{ ruleId: 'budget.total', message: 'Budget for M1 of 1000.00 exceeded by 200.00' }] });
		const bad = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson: ruleSet(), options: { ...opts, budgets: [{ matter: 'M1', amount: 'lots' }] as never } }, items);
		expect(bad.error?.message).toBe('Invalid budget: 1 problem');
		expect((bad.error as { description?: string }).description).toBe('rows.matters[0].total: expected a decimal number such as "250.00", got "lots"');
	});

	it('Validate Rule Set accepts a budget section and lists its mistakes', async () => {
		const ok = await run({ operation: 'validateRuleSet', ruleSetSource: 'json', ruleSetJson: ruleSet({ matters: [{ matter: 'M1', total: '10' }] }) }, [{ json: {} }]);
		expect(ok.outputs[0][0].json).toMatchObject({ valid: true, ruleTypes: ['budget'] });
		const bad = await run({ operation: 'validateRuleSet', ruleSetSource: 'json', ruleSetJson: ruleSet({ matters: [{ matter: 'M1', total: '-1' }] }) }, [{ json: {} }]);
		expect(bad.outputs[1][0].json).toEqual({ valid: false, issues: [{ path: 'budget.matters[0].total', message: 'expected a number of 0 or more, got -1' }] });
	});
});

describe('OCG Compliance node: Budget Watch', () => {
	const budgets = [
		{ matter: '00042', amount: '1000.00', responsible: 'Dana Reyes', responsibleEmail: 'dana@firm.example' },
		{ matter: '00042', phase: 'L300', amount: '500.00' },
	];
	const rows = [
		{ json: { entryId: 'e1', matter: '00042', date: '2026-11-02', total: '450.00', taskCode: 'L310', kind: 'fee' } },
		{ json: { entryId: 'e2', matter: '00042', date: '2026-11-18', total: '400.00', taskCode: 'L120', kind: 'fee' } },
	];
	const watch = (sentAlerts: unknown) =>
		run({ operation: 'budgetWatch', budgets: budgets as never, today: '2026-11-18', thresholds: '80, 100', sentAlerts: sentAlerts as never }, rows);

	it('burn per matter and phase on output 1, one alert per threshold reached on output 2, none already sent', async () => {
		const r = await watch([]);
		expect(r.error).toBeUndefined();
		const [burn, alerts] = r.outputs;
		expect(burn.map((b) => [b.json.key, b.json.spent, b.json.percent, b.json.today])).toEqual([
			['00042|', '850.00', '85.0', '400.00'],
			['00042|L300', '450.00', '90.0', '0.00'],
		]);
		expect(alerts.map((a) => [a.json.alertKey, a.json.responsibleEmail])).toEqual([
			['00042||80', 'dana@firm.example'],
			['00042|L300|80', 'dana@firm.example'],
		]);
		const again = await watch([{ alertKey: '00042||80' }, { alertKey: '00042|L300|80' }]);
		expect(again.outputs[1]).toEqual([]);
	});

	it('needs today as a date (never the clock)', async () => {
		const r = await run({ operation: 'budgetWatch', budgets: budgets as never, today: 'soon' }, rows);
		expect(r.error?.message).toBe('Option "Today" must be a date "YYYY-MM-DD", got "soon"');
	});
});
