import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ClioRunState } from '../helpers/utils';
import { outcomeOf } from '../../shared/transport/http';
import * as activity from './activity/Activity.resource';
import * as activityDescription from './activityDescription/ActivityDescription.resource';
import * as bill from './bill/Bill.resource';
import * as contact from './contact/Contact.resource';
import * as matter from './matter/Matter.resource';
import * as user from './user/User.resource';

type Operation = (this: IExecuteFunctions, i: number, state: ClioRunState) => Promise<IDataObject[]>;

const resources: Record<string, Record<string, unknown>> = { activity, activityDescription, bill, contact, matter, user };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const state: ClioRunState = {};
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = this.getNodeParameter('resource', i) as string;
			const operation = this.getNodeParameter('operation', i) as string;
			const op = (resources[resource]?.[operation] as { execute?: Operation } | undefined)?.execute;
			if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`, { itemIndex: i });
			const records = await op.call(this, i, state);
			out.push(...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(records), { itemData: { item: i } }));
		} catch (error) {
			if (this.continueOnFail()) {
				// creating operations: outcome 'unknown' (may have been created: reconcile before resubmitting) or 'failed'
				const outcome = outcomeOf(error);
				out.push({ json: { error: (error as Error).message, ...(outcome ? { outcome } : {}) }, pairedItem: { item: i } });
				continue;
			}
			if (error instanceof NodeOperationError || (error as { name?: string }).name === 'NodeApiError') {
				// already a node error carrying Clio's message and the failing request
				const known = error as NodeOperationError;
				if (known.context && known.context.itemIndex === undefined) known.context.itemIndex = i;
				throw known;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}
	return [out];
}
