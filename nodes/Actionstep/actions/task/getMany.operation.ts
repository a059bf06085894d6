import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { actionstepGetMany } from '../../transport';
import { resolveLinked, returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Action ID', name: 'actionId', type: 'string', default: '' },
			{ displayName: 'Assignee (Participant ID)', name: 'assigneeId', type: 'string', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Complete', value: 'Complete' },
					{ name: 'Incomplete', value: 'Incomplete' },
				],
				default: 'Incomplete',
			},
		],
	},
	resolveLinked,
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const qs: IDataObject = {};
	if (f.actionId) qs.action_eq = String(f.actionId);
	if (f.assigneeId) qs.assignee_eq = String(f.assigneeId);
	if (f.status) qs.status_eq = f.status;
	if (resolve) qs.include = includeAll('tasks');
	const res = await actionstepGetMany.call(this, 'tasks', qs, { limit, itemIndex: i });
	return res.records.map((r) => ({ json: flattenRecord('tasks', r, { linked: res.linked, links: res.links, resolve }) }));
}
