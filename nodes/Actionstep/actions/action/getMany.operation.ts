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
			{ displayName: 'Assigned To (Participant ID)', name: 'assignedTo', type: 'string', default: '' },
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
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const resolve = this.getNodeParameter('resolveLinked', i, false) as boolean;
	const qs: IDataObject = {};
	if (filters.status) qs.status_eq = filters.status;
	if (filters.assignedTo) qs.assignedTo_eq = filters.assignedTo;
	if (filters.reference) qs.reference_eq = filters.reference;
	if (resolve) qs.include = includeAll('actions');
	const res = await actionstepGetMany.call(this, 'actions', qs, { limit, itemIndex: i });
	return res.records.map((r) => ({ json: flattenRecord('actions', r, { linked: res.linked, links: res.links, resolve }) }));
}
