import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepGetMany } from '../../transport';
import { idField, resolveLinked } from '../common.descriptions';

const properties: INodeProperties[] = [idField('Bill ID', 'billId'), resolveLinked];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['get'] } }, properties);

/** bills.yaml documents only GET /bills (no GET /bills/{id}): one bill is the list filtered by id. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'billId', 'Bill ID', i);
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const res = await actionstepGetMany.call(this, 'bills', { id_eq: id, ...(resolve ? { include: includeAll('bills') } : {}) }, { limit: 1, itemIndex: i });
	if (res.records.length === 0) throw new NodeOperationError(this.getNode(), `Actionstep has no bill ${id}`, { itemIndex: i });
	return res.records.map((r) => ({ json: flattenRecord('bills', r, { linked: res.linked, links: res.links, resolve }) }));
}
