import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as budgetWatch from './ocg/budgetWatch.operation';
import * as check from './ocg/check.operation';
import * as validateRuleSet from './ocg/validateRuleSet.operation';

const operations: Record<string, { execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> }> = { check, validateRuleSet, budgetWatch };

/** Both operations work on the whole input at once (OCG aggregates span items). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	return await op.execute.call(this);
}
