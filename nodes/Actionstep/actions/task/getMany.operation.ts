import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { resolveLinked, returnAllAndLimit, taskStatus } from '../common.descriptions';

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
			taskStatus,
		],
	},
	resolveLinked,
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.actionId) qs.action_eq = String(f.actionId);
	if (f.assigneeId) qs.assignee_eq = String(f.assigneeId);
	if (f.status) qs.status_eq = f.status;
	return await listAndFlatten.call(this, i, 'tasks', qs);
}
