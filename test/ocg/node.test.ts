/**
 * The OCG Compliance node, run through n8n's own execution engine (WorkflowExecute).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { OcgCompliance } from '../../nodes/OcgCompliance/OcgCompliance.node';
import { runNode } from '../helpers/n8n';
import { expense, fee } from './helpers';

const TYPE = 'n8n-nodes-legal-billing.ocgCompliance';
const run = (parameters: INodeParameters, items: INodeExecutionData[], continueOnFail = false) =>
	runNode({ nodeTypes: { [TYPE]: new OcgCompliance() }, type: TYPE, parameters, items, continueOnFail });

const period = { periodStart: '2026-10-01', periodEnd: '2026-10-31', invoiceDate: '2026-11-05', today: '2026-11-27' };
const partner = { id: 'P1', name: 'Pat Partner', classification: 'PARTNR' };

const ids = (items: INodeExecutionData[]) => items.map((i) => i.json.id);

describe('OCG Compliance node: Check Entries', () => {
	const items = [
		{ json: fee({ id: 'ok', timekeeper: partner, rate: '850.00', quantity: '1.5' }) as never },
		{ json: fee({ id: 'over-rate', timekeeper: partner, rate: '900.00', quantity: '2' }) as never },
		{ json: fee({ id: 'block', timekeeper: partner, rate: '850', quantity: '4.5', narrative: 'Review production; draft motion to compel; call with client' }) as never },
		{ json: fee({ id: 'vague', rate: '400', narrative: 'Attention to file' }) as never },
		{ json: fee({ id: 'increment', rate: '400', quantity: '0.05' }) as never },
		{ json: expense({ id: 'meal', quantity: '1', rate: '80', codes: { expense: 'E111' } }) as never },
	];

	it('routes the insurer example rule set to Compliant / Needs Review / Rejected and keeps the original data', async () => {
		const r = await run({ operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'insurer', options: period }, items);
		expect(r.error).toBeUndefined();
		const [compliant, review, rejected] = r.outputs;
		expect(ids(compliant)).toEqual(['ok']);
		expect(ids(review)).toEqual(['over-rate', 'increment', 'meal']);
		expect(ids(rejected)).toEqual(['block', 'vague']);
		const overRate = review[0];
		expect(overRate.json.rate).toBe('900.00'); // not applied
		expect(overRate.json.narrative).toBe('Review and analyze expert report on damages');
		expect(overRate.pairedItem).toEqual({ item: 1 });
		expect(overRate.json.ocg).toMatchObject({
			status: 'adjusted',
			ruleSet: { id: 'harbor-mutual-litigation', version: '2026.1' },
			adjusted: { rate: '850.00', total: '1700.00', reduction: '100.00' },
			adjustmentsApplied: false,
		});
		const v = (overRate.json.ocg as { violations: Array<Record<string, unknown>> }).violations;
		expect(v).toEqual([
			expect.objectContaining({ ruleId: 'INS-RATE', ref: 'LMG §3.1', action: 'adjust', amountAtStake: '100.00', adjustment: { quantity: '2', rate: '850.00', adjustment: '0.00', total: '1700.00' } }),
		]);
		const block = rejected[0].json.ocg as { violations: Array<{ ruleId: string; message: string }> };
		expect(block.violations.map((x) => x.ruleId)).toEqual(['INS-BLOCK']);
		expect(block.violations[0].message).toContain('3 tasks under one time value of 4.5 h');
		expect(rejected[0].pairedItem).toEqual({ item: 2 });
	});

	it('applies adjustments when asked: adjusted entries become compliant, originals kept', async () => {
		const r = await run({ operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'insurer', applyAdjustments: true, options: period }, items);
		const [compliant, review] = r.outputs;
		expect(ids(compliant)).toEqual(['ok', 'over-rate', 'increment', 'meal']);
		expect(review).toHaveLength(0);
		const overRate = compliant[1].json;
		expect(overRate).toMatchObject({ rate: '850.00', total: '1700.00', quantity: '2' });
		expect(overRate.ocg).toMatchObject({ adjustmentsApplied: true, original: { rate: '900.00', quantity: '2' } });
		expect(compliant[2].json).toMatchObject({ quantity: '0', total: '0.00' });
		expect(compliant[3].json).toMatchObject({ total: '0.00' });
	});

	it('checks the whole input as one batch: a 14-hour day across four items', async () => {
		const day = [1, 2, 3, 4].map((n) => ({ json: { entry: fee({ id: `d${n}`, quantity: '3.5' }) } as never }));
		const ruleSetJson = JSON.stringify({ id: 'day', version: '1', rules: [{ id: 'DAY', type: 'maxDailyHours', ref: 'OCG §4.6', action: 'flag', params: { maxHours: 10 } }] });
		const r = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson, entryField: 'entry', options: { today: '2026-11-27' } }, day);
		expect(r.outputs[0].map((i) => (i.json.entry as { id: string }).id)).toEqual(['d1', 'd2']);
		expect(r.outputs[1].map((i) => (i.json.entry as { id: string }).id)).toEqual(['d3', 'd4']);
		expect((r.outputs[1][0].json.ocg as { violations: Array<{ message: string }> }).violations[0].message).toBe(
			'Timekeeper Ann Lee billed 14 h on 2026-10-05, more than the maximum of 10 h',
		);
		expect(r.outputs[0][0].json.ocg).not.toHaveProperty('skippedRules');
	});

	it('names the rules it could not run on every item (no billing period given)', async () => {
		const r = await run({ operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'insurer', options: { today: '2026-11-27' } }, [{ json: fee({ id: 'x', rate: '300' }) as never }]);
		expect(r.outputs[0][0].json.ocg).toMatchObject({ status: 'compliant', skippedRules: [{ ruleId: 'INS-PERIOD', reason: 'needs the billing period (periodStart and periodEnd)' }] });
	});

	it('invoice grouping: per matter by default, or all items, or a field', async () => {
		const two = [
			{ json: { ...fee({ id: 'a', timekeeper: partner, rate: '850' }), inv: 'X' } as never },
			{ json: { ...fee({ id: 'b', timekeeper: partner, rate: '850', matter: { id: 'M2', matterType: 'litigation' } }), inv: 'X' } as never },
		];
		const base = { operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'insurer' };
		const perMatter = await run({ ...base, options: period }, two);
		expect(ids(perMatter.outputs[0])).toEqual(['a', 'b']);
		const all = await run({ ...base, options: { ...period, invoiceGrouping: 'all' } }, two);
		expect(ids(all.outputs[2])).toEqual(['a', 'b']);
		expect((all.outputs[2][0].json.ocg as { violations: Array<{ ruleId: string }> }).violations.map((v) => v.ruleId)).toEqual(['INS-MULTI']);
		const byField = await run({ ...base, options: { ...period, invoiceGrouping: 'field', invoiceField: 'inv' } }, two);
		expect(ids(byField.outputs[2])).toEqual(['a', 'b']);
	});

	it('a list of rule sets: each entry is judged by the most specific one in scope', async () => {
		const general = { id: 'general', version: '1', rules: [{ id: 'G-INC', type: 'minimumIncrement', ref: 'G §1', action: 'flag', params: { increment: '0.1' } }] };
		const globex = { id: 'globex', version: '1', scope: { clients: ['GLOBEX01'] }, rules: [{ id: 'GX-INC', type: 'minimumIncrement', ref: 'GX §5', action: 'reject', params: { increment: '0.25' } }] };
		const r = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson: JSON.stringify([general, globex]), options: { today: '2026-11-27' } }, [
			{ json: fee({ id: 'globex', quantity: '0.3' }) as never },
			{ json: fee({ id: 'other', quantity: '0.3', client: { id: 'C7' } }) as never },
		]);
		expect(ids(r.outputs[2])).toEqual(['globex']);
		expect(ids(r.outputs[0])).toEqual(['other']);
		expect(r.outputs[2][0].json.ocg).toMatchObject({ ruleSet: { id: 'globex' }, violations: [{ ruleId: 'GX-INC', ref: 'GX §5' }] });
		const bad = await run({ operation: 'validateRuleSet', ruleSetSource: 'json', ruleSetJson: JSON.stringify([general, { ...globex, rules: [{ ...globex.rules[0], type: 'nope' }] }]) }, [{ json: {} }]);
		expect(bad.outputs[1][0].json.issues).toEqual([{ path: '[1].rules[0].type', message: expect.stringMatching(/^expected one of /) }]);
		const good = await run({ operation: 'validateRuleSet', ruleSetSource: 'json', ruleSetJson: JSON.stringify([general, globex]) }, [{ json: {} }]);
		expect(good.outputs[0][0].json).toMatchObject({ valid: true, ruleSets: [{ id: 'general' }, { id: 'globex' }] });
	});

	it('reads a YAML rule set from a binary file', async () => {
		const yaml = ['id: yaml-set', 'version: "3"', 'rules:', '  - id: WORDS', '    type: bannedWords', '    ref: "OCG §9"', '    action: reject', '    params:', '      words: [one]'].join('\n');
		const binary = { data: { data: Buffer.from(yaml).toString('base64'), mimeType: 'application/yaml', fileName: 'ocg.yaml' } };
		const r = await run({ operation: 'check', ruleSetSource: 'binary', binaryPropertyName: 'data', options: { today: '2026-11-27' } }, [
			{ json: fee({ id: 'phone', narrative: 'Telephone call with client' }) as never, binary },
			{ json: fee({ id: 'one', narrative: 'One call with client' }) as never, binary },
		]);
		expect(ids(r.outputs[0])).toEqual(['phone']);
		expect(ids(r.outputs[2])).toEqual(['one']);
	});

	it('reads the rule set from an input field, and routes out-of-scope entries to review', async () => {
		const ruleSet = { id: 'lit', version: '1', scope: { matterTypes: ['litigation'] }, rules: [{ id: 'INC', type: 'minimumIncrement', ref: 'x', action: 'reject', params: { increment: '0.1' } }] };
		const r = await run({ operation: 'check', ruleSetSource: 'field', ruleSetField: 'client.ocg', options: { today: '2026-11-27' } }, [
			{ json: { ...fee({ id: 'a', quantity: '0.25' }), client: { id: 'C1', ocg: ruleSet } } as never },
			{ json: { ...fee({ id: 'b', quantity: '0.25', matter: { id: 'M9', matterType: 'counseling' } }), client: { id: 'C1', ocg: ruleSet } } as never },
		]);
		expect(ids(r.outputs[2])).toEqual(['a']);
		expect(ids(r.outputs[1])).toEqual(['b']);
		expect(r.outputs[1][0].json.ocg).toEqual({ status: 'outOfScope', ruleSet: null, violations: [] });
	});

	it('an invalid rule set fails with every problem and its path', async () => {
		const ruleSetJson = JSON.stringify({ id: 'bad', version: '1', rules: [{ id: 'X', type: 'maxDailyHours', ref: 'r', action: 'flag', params: { maxHours: 'ten' } }, { id: 'Y', type: 'nope', ref: 'r', action: 'flag' }] });
		const r = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson }, [{ json: fee() as never }]);
		expect(r.error?.message).toBe('Invalid OCG rule set: 2 problems');
		expect(r.error?.description).toContain('rules[0].params.maxHours: expected a decimal number such as "250.00", got "ten"');
		expect(r.error?.description).toContain('rules[1].type: expected one of "approvedRate",');
		const cont = await run({ operation: 'check', ruleSetSource: 'json', ruleSetJson }, [{ json: fee({ id: 'z' }) as never }], true);
		expect(cont.outputs[1][0].json).toMatchObject({ id: 'z', error: 'Invalid OCG rule set: 2 problems' });
		expect(cont.outputs[0]).toHaveLength(0);
	});

	it('a bad entry fails with the item and field; with continue on fail the others are still checked', async () => {
		const bad = [{ json: fee({ id: 'good' }) as never }, { json: fee({ id: 'bad', quantity: 'two hours' }) as never }];
		const r = await run({ operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'corporate', options: period }, bad);
		expect(r.error?.message).toBe('Item 1: the billing entry\'s field "quantity" is not valid');
		expect(r.error?.description).toBe('expected a decimal number with at most 8 decimals, got "two hours"');
		const cont = await run({ operation: 'check', ruleSetSource: 'example', exampleRuleSet: 'corporate', options: period }, bad, true);
		expect(ids(cont.outputs[0])).toEqual(['good']);
		expect(cont.outputs[1][0]).toMatchObject({ json: { id: 'bad' }, pairedItem: { item: 1 } });
	});
});

describe('OCG Compliance node: Validate Rule Set', () => {
	it('valid and invalid rule sets go to their outputs', async () => {
		const good = { id: 'g', version: '1', rules: [{ id: 'A', type: 'shortNarrative', ref: 'r', action: 'flag', params: { minWords: 3 } }] };
		const bad = { id: 'b', version: '1', rules: [{ id: 'A', type: 'shortNarrative', ref: 'r', action: 'flag', params: {} }] };
		const r = await run({ operation: 'validateRuleSet', ruleSetSource: 'field', ruleSetField: 'rs' }, [{ json: { rs: good } }, { json: { rs: JSON.stringify(bad) } }]);
		expect(r.outputs[0][0].json).toMatchObject({ valid: true, id: 'g', rules: 1, ruleTypes: ['shortNarrative'] });
		expect(r.outputs[1][0].json).toEqual({ valid: false, issues: [{ path: 'rules[0].params', message: 'expected "minWords" or "minChars"' }] });
		expect(r.outputs[1][0].pairedItem).toEqual({ item: 1 });
	});
	it('both example rule sets are valid', async () => {
		const r = await run({ operation: 'validateRuleSet', ruleSetSource: 'example', exampleRuleSet: 'corporate' }, [{ json: {} }]);
		expect(r.outputs[0][0].json).toMatchObject({ valid: true, id: 'globex-corporate-ocg' });
	});
});
