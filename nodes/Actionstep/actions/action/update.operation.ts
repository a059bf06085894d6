import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, toActionstepBool } from '../../helpers/jsonapi';
import { compact, requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { idField } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('Action ID', 'actionId'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Assigned To (Participant ID)', name: 'assignedTo', type: 'string', default: '' },
			{ displayName: 'Is Favorite', name: 'isFavorite', type: 'boolean', default: false, description: 'Whether the action is a favourite' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Priority', name: 'priority', type: 'number', default: 0 },
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'Active' },
					{ name: 'Closed', value: 'Closed' },
					{ name: 'Inactive', value: 'Inactive' },
				],
				default: 'Active',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'actionId', 'Action ID', i);
	const f = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const attrs = compact({ name: f.name, reference: f.reference, status: f.status, priority: f.priority });
	if (f.isFavorite !== undefined) attrs.isFavorite = toActionstepBool(f.isFavorite);
	const body: IDataObject = { ...attrs, ...(f.assignedTo ? { links: { assignedTo: String(f.assignedTo) } } : {}) };
	if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', { itemIndex: i });
	// Actionstep updates with PUT (it has no PATCH); only the attributes sent change
	const res = await actionstepRequest.call(this, 'PUT', `actions/${id}`, { body: { actions: body }, itemIndex: i });
	return [{ json: flattenRecord('actions', res.actions as IDataObject) }];
}
