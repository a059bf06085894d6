import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { route } from '../../shared/router';
import * as budgetWatch from './ocg/budgetWatch.operation';
import * as check from './ocg/check.operation';
import * as validateRuleSet from './ocg/validateRuleSet.operation';

/** Every operation works on the whole input at once (OCG aggregates span items). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, {
		operations: { check, validateRuleSet, budgetWatch },
		batch: ['check', 'validateRuleSet', 'budgetWatch'],
		// a failed item is not compliant (a person looks at it: Needs Review), not a valid rule set (Invalid)
		outputs: { check: { count: 3, errorOutput: 1 }, validateRuleSet: { count: 2, errorOutput: 1 }, budgetWatch: { count: 2, errorOutput: 0 } },
	});
}
