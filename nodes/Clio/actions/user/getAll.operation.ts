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
			{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether to return only enabled (or only disabled) users' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Users whose name contains this text' },
			{
				displayName: 'Role',
				name: 'role',
				type: 'options',
				default: 'billing',
				options: [
					{ name: 'Accounts', value: 'accounts' },
					{ name: 'Admin', value: 'admin' },
					{ name: 'Billing', value: 'billing' },
					{ name: 'Reports', value: 'reports' },
				],
			},
			{
				displayName: 'Subscription Type',
				name: 'subscription_type',
				type: 'options',
				default: 'attorney',
				options: [
					{ name: 'Attorney', value: 'attorney' },
					{ name: 'Non-Attorney', value: 'nonattorney' },
				],
			},
			{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '' },
		],
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(CLIO_DEFAULT_FIELDS.user), pageSizeOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (typeof f.enabled === 'boolean') qs.enabled = f.enabled;
	for (const k of ['name', 'role', 'subscription_type'] as const) if (f[k]) qs[k] = f[k];
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	return await getAll.call(this, '/users.json', 'user', qs, i);
}
