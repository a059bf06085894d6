import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepGet } from '../../transport';
import { idField, resolveLinked } from '../common.descriptions';

const properties: INodeProperties[] = [idField('Bill ID', 'billId'), resolveLinked];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'billId', 'Bill ID', i);
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const res = await actionstepGet.call(this, 'bills', id, resolve ? { include: includeAll('bills') } : {}, i);
	return res.records.map((r) => ({ json: flattenRecord('bills', r, { linked: res.linked, links: res.links, resolve }) }));
}
