import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import * as build from './ledes/build.operation';
import * as parse from './ledes/parse.operation';
import * as validate from './ledes/validate.operation';

type Routed = Array<{ output: number; item: INodeExecutionData }>;
type ItemOperation = { execute: (this: IExecuteFunctions, i: number) => Promise<Routed> };

/** Parse and Validate work item by item; Build groups all items into invoices. */
const perItem: Record<string, ItemOperation> = { parse, validate };

/** Outputs of each operation: Validate → Valid / Invalid, the others one. */
export const OUTPUT_COUNT: Record<string, number> = { build: 1, parse: 1, validate: 2 };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === 'build') return await build.execute.call(this);
	const op = perItem[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = Array.from({ length: OUTPUT_COUNT[operation] }, () => []);
	for (let i = 0; i < items.length; i++) {
		try {
			for (const { output, item } of await op.execute.call(this, i)) outputs[output].push(item);
		} catch (error) {
			if (this.continueOnFail()) {
				const description = (error as { description?: string }).description;
				// a file that could not be read is not a valid file: Validate routes it to Invalid
				outputs[operation === 'validate' ? 1 : 0].push({
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
