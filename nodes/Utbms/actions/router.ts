import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { newRunContext, type UtbmsRunContext } from '../helpers/utils';
import * as listCodes from './utbms/listCodes.operation';
import * as lookup from './utbms/lookup.operation';
import * as map from './utbms/map.operation';
import * as validate from './utbms/validate.operation';

type Routed = Array<{ output: number; item: INodeExecutionData }>;
type Operation = { execute: (this: IExecuteFunctions, i: number, ctx: UtbmsRunContext) => Promise<Routed> };

const operations: Record<string, Operation> = { map, lookup, validate, listCodes };

/** Outputs of each operation: Map → Mapped / Unmapped, Validate → Valid / Invalid, others one. */
export const OUTPUT_COUNT: Record<string, number> = { map: 2, validate: 2, lookup: 1, listCodes: 1 };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const outputs: INodeExecutionData[][] = Array.from({ length: OUTPUT_COUNT[operation] }, () => []);
	const ctx = newRunContext();
	for (let i = 0; i < items.length; i++) {
		try {
			for (const { output, item } of await op.execute.call(this, i, ctx)) outputs[output].push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as { description?: string }).description;
				outputs[0].push({
					json: { error: (error as Error).message, ...(description ? { errorDescription: description } : {}) },
					pairedItem: { item: i },
				});
				continue;
			}
			throw error instanceof NodeOperationError || error instanceof NodeApiError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return outputs;
}
