import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
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
// actions.yaml (UpdateAction): name, reference, priority, status, … and links.assignedTo; sent with PATCH

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'actionId', 'Action ID', i);
	const f = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const attrs = compact({ name: f.name, reference: f.reference, status: f.status, priority: f.priority });
	const body: IDataObject = { ...attrs, ...(f.assignedTo ? { links: { assignedTo: String(f.assignedTo) } } : {}) };
	if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', { itemIndex: i });
	// actions.yaml documents PATCH /actions/{id} (and no PUT): only the attributes sent change
	const res = await actionstepRequest.call(this, 'PATCH', `actions/${id}`, { body: { actions: body }, itemIndex: i });
	return [{ json: flattenRecord('actions', res.actions as IDataObject) }];
}
