import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { outcomeOf } from './transport/http';

export type OperationModule = { execute: (this: IExecuteFunctions, i: number) => Promise<INodeExecutionData[]> };
export type ResourceMap = Record<string, Record<string, unknown>>;

/**
 * Runs the chosen resource/operation for every input item: pairedItem on every output, failures
 * as NodeApiError/NodeOperationError with the item index, continueOnFail honoured.
 * Shared by the vendor nodes' routers.
 */
export async function runOperations(this: IExecuteFunctions, resources: ResourceMap): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const op = resources[resource]?.[operation] as OperationModule | undefined;
			if (!op || typeof op.execute !== 'function') {
				throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`, { itemIndex: i });
			}
			const results = await op.execute.call(this, i);
			for (const r of results) out.push({ ...r, pairedItem: { item: i } });
		} catch (error) {
			// errors from the transport and operations are already NodeApiError/NodeOperationError with the item index
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (this.continueOnFail()) {
				// item.error makes n8n route the item to the error output whatever else json carries
				const description = failure.description ?? undefined;
				// Creating operations: outcome 'unknown' (may have been created: reconcile by querying the
				// platform before any resubmission) or 'failed'. Such an item stays on the main output without
				// item.error: n8n replaces the json of an item that carries item.error with its message alone,
				// which would drop `outcome`.
				const outcome = outcomeOf(failure) ?? outcomeOf(error);
				const json = { error: failure.message, ...(description ? { errorDescription: description } : {}), ...(outcome ? { outcome } : {}) };
				out.push(outcome ? { json, pairedItem: { item: i } } : { json, error: failure, pairedItem: { item: i } });
				continue;
			}
			throw failure;
		}
	}
	return [out];
}
