import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioLocator, fieldsOption, pageSizeOption, returnAllFields } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { getAll, isoTimestamp, locatorId } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Billable', name: 'billable', type: 'boolean', default: true, description: 'Whether to return only billable (or only non-billable) matters' },
			clioLocator('contact', { displayName: 'Client', name: 'clientId', description: 'Matters of this client' }),
			{ displayName: 'Created Since', name: 'created_since', type: 'dateTime', default: '' },
			{ displayName: 'Practice Area ID', name: 'practice_area_id', type: 'string', default: '' },
			clioLocator('user', { displayName: 'Responsible Attorney', name: 'responsibleAttorneyId' }),
			{ displayName: 'Search', name: 'query', type: 'string', default: '', description: 'Matches display number, description and client name' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'open',
				options: [
					{ name: 'Closed', value: 'closed' },
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
				],
			},
			{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '' },
		],
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(CLIO_DEFAULT_FIELDS.matter), pageSizeOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['matter'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.status) qs.status = f.status;
	if (f.clientId) qs.client_id = locatorId.call(this, 'filters.clientId', i, false);
	if (f.responsibleAttorneyId) qs.responsible_attorney_id = locatorId.call(this, 'filters.responsibleAttorneyId', i, false);
	if (typeof f.billable === 'boolean') qs.billable = f.billable;
	if (f.practice_area_id) qs.practice_area_id = f.practice_area_id;
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	if (f.created_since) qs.created_since = isoTimestamp.call(this, f.created_since, 'Created Since', i);
	if (f.query) qs.query = f.query;
	return await getAll.call(this, '/matters.json', 'matter', qs, i);
}
