import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepGet } from '../../transport';
import { idField, resolveLinked } from '../common.descriptions';

const properties: INodeProperties[] = [idField('Action ID', 'actionId', 'The Actionstep action (matter) ID'), resolveLinked];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'actionId', 'Action ID', i);
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const res = await actionstepGet.call(this, 'actions', id, resolve ? { include: includeAll('actions') } : {}, i);
	return res.records.map((r) => ({ json: flattenRecord('actions', r, { linked: res.linked, links: res.links, resolve }) }));
}
