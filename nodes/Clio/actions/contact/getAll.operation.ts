import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { fieldsOption, pageSizeOption, returnAllFields } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { getAll, isoTimestamp } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Clients Only', name: 'client_only', type: 'boolean', default: true, description: 'Whether to return only contacts that are clients' },
			{ displayName: 'Created Since', name: 'created_since', type: 'dateTime', default: '' },
			{ displayName: 'Initial', name: 'initial', type: 'string', default: '', placeholder: 'A', description: 'First letter of the name' },
			{ displayName: 'Search', name: 'query', type: 'string', default: '', description: 'Matches name, email and phone' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'Company',
				options: [
					{ name: 'Company', value: 'Company' },
					{ name: 'Person', value: 'Person' },
				],
			},
			{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '' },
		],
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(CLIO_DEFAULT_FIELDS.contact), pageSizeOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.type) qs.type = f.type;
	if (typeof f.client_only === 'boolean' && f.client_only) qs.client_only = true;
	if (f.initial) qs.initial = String(f.initial).trim().toUpperCase().slice(0, 1);
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	if (f.created_since) qs.created_since = isoTimestamp.call(this, f.created_since, 'Created Since', i);
	if (f.query) qs.query = f.query;
	return await getAll.call(this, '/contacts.json', 'contact', qs, i);
}
