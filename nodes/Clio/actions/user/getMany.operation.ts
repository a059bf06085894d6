import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { filtersCollection, optionsCollection, pageSizeOption, returnAllFields, updatedSinceFilter } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, listRecords } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
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
		updatedSinceFilter,
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.user, [pageSizeOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = commonFilters.call(this, f, i);
	if (typeof f.enabled === 'boolean') qs.enabled = f.enabled;
	for (const k of ['name', 'role', 'subscription_type'] as const) if (f[k]) qs[k] = f[k];
	return await listRecords.call(this, '/users.json', 'user', qs, i);
}
