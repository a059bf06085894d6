import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { containsPattern } from '../../helpers/utils';
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
			{ displayName: 'Assigned To (Participant ID)', name: 'assignedTo', type: 'string', default: '' },
			{ displayName: 'Client (Participant ID)', name: 'clientId', type: 'string', default: '', description: 'Matters whose primary participant is this client' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '', description: 'The matter reference (exact)' },
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
	resolveLinked,
];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.status) qs.status_eq = filters.status;
	if (filters.assignedTo) qs.assignedTo_eq = filters.assignedTo;
	if (filters.reference) qs.reference_eq = filters.reference;
	if (filters.clientId) qs.primaryParticipants_eq = String(filters.clientId);
	if (filters.name) qs.name_ilike = containsPattern(filters.name);
	return await listAndFlatten.call(this, i, 'actions', qs);
}
