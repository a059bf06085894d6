import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { createdSinceFilter, filtersCollection, optionsCollection, pageSizeOption, returnAllFields, searchFilter, updatedSinceFilter } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, listRecords } from '../../helpers/utils';
import { CONTACT_TYPES } from './fields';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		{ displayName: 'Type', name: 'type', type: 'options', default: 'Company', options: CONTACT_TYPES },
		{ displayName: 'Clients Only', name: 'client_only', type: 'boolean', default: true, description: 'Whether to return only contacts that are clients' },
		{ displayName: 'Initial', name: 'initial', type: 'string', default: '', placeholder: 'A', description: 'First letter of the name' },
		updatedSinceFilter,
		createdSinceFilter,
		searchFilter('Matches name, email and phone'),
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.contact, [pageSizeOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = commonFilters.call(this, f, i);
	if (f.type) qs.type = f.type;
	if (f.client_only === true) qs.client_only = true;
	if (f.initial) qs.initial = String(f.initial).trim().toUpperCase().slice(0, 1);
	return await listRecords.call(this, '/contacts.json', 'contact', qs, i);
}
