import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import {
	MATTER_STATUS_OPTIONS,
	clioLocator,
	createdSinceFilter,
	filtersCollection,
	optionsCollection,
	pageSizeOption,
	returnAllFields,
	searchFilter,
	updatedSinceFilter,
} from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, listRecords, locatorId } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		{ displayName: 'Status', name: 'status', type: 'options', default: 'open', options: MATTER_STATUS_OPTIONS },
		clioLocator('contact', { displayName: 'Client', name: 'clientId', description: 'Matters of this client' }),
		clioLocator('user', { displayName: 'Responsible Attorney', name: 'responsibleAttorneyId' }),
		{ displayName: 'Billable', name: 'billable', type: 'boolean', default: true, description: 'Whether to return only billable (or only non-billable) matters' },
		{ displayName: 'Practice Area ID', name: 'practice_area_id', type: 'string', default: '' },
		updatedSinceFilter,
		createdSinceFilter,
		searchFilter('Matches display number, description and client name'),
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.matter, [pageSizeOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['matter'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = commonFilters.call(this, f, i);
	if (f.status) qs.status = f.status;
	if (f.clientId) qs.client_id = locatorId.call(this, 'filters.clientId', i, false);
	if (f.responsibleAttorneyId) qs.responsible_attorney_id = locatorId.call(this, 'filters.responsibleAttorneyId', i, false);
	if (typeof f.billable === 'boolean') qs.billable = f.billable;
	if (f.practice_area_id) qs.practice_area_id = f.practice_area_id;
	return await listRecords.call(this, '/matters.json', 'matter', qs, i);
}
