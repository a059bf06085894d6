import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { withBudget } from '../../../../lib/budget';
import { RuleSetValidationError } from '../../../../lib/ocg';
import { rawRuleSet, RuleSetCache } from '../../helpers/utils';
import { asNodeError, failedItem } from '../../../shared/router';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions({ show: { operation: ['validateRuleSet'] } }, properties);

/** Validates the rule set of each item: valid ones to output 0 (Valid), invalid ones with every problem to output 1 (Invalid). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = [[], []];
	const cache = new RuleSetCache();
	for (let i = 0; i < items.length; i++) {
		let raw: unknown;
		let failure: Error | undefined;
		try {
			raw = await rawRuleSet.call(this, i);
		} catch (e) {
			failure = e as Error;
		}
		if (failure) {
			if (!this.continueOnFail()) throw asNodeError.call(this, failure, i);
			outputs[1].push(failedItem.call(this, failure, i));
			continue;
		}
		// a rule set's own "budget" section becomes rules (docs/budgets.md); its mistakes are listed like the rules'
		try {
			raw = withBudget(raw, undefined);
		} catch (e) {
			// text that is no rule set at all is reported below, by the compiler
			if (e instanceof RuleSetValidationError && e.ruleSetId === 'budget') {
				outputs[1].push({ json: { valid: false, issues: e.issues as unknown as INodeExecutionData['json'][] }, pairedItem: { item: i } });
				continue;
			}
		}
		const out = cache.get(raw);
		if ('ruleSets' in out) {
			const summary = out.ruleSets.map(({ definition: d }) => ({
				id: d.id,
				name: d.name ?? null,
				version: d.version,
				rules: d.rules.length,
				ruleTypes: [...new Set(d.rules.map((r) => r.type))],
			}));
			outputs[0].push({
				json: Array.isArray(out.raw) ? { valid: true, ruleSets: summary } : { valid: true, ...summary[0] },
				pairedItem: { item: i },
			});
		} else outputs[1].push({ json: { valid: false, issues: out.issues as unknown as INodeExecutionData['json'][] }, pairedItem: { item: i } });
	}
	return outputs;
}
