import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioLocator, filtersCollection, optionsCollection, pageSizeOption, returnAllFields, searchFilter, updatedSinceFilter } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, listRecords, isoDate, locatorId } from '../../helpers/utils';
import { BILL_STATES } from './states';

const dateFilter = (displayName: string, name: string, placeholder: string): INodeProperties => ({ displayName, name, type: 'string', default: '', placeholder });

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		{ displayName: 'State', name: 'state', type: 'options', options: BILL_STATES, default: 'awaiting_payment' },
		clioLocator('contact', { displayName: 'Client', name: 'clientId' }),
		clioLocator('matter'),
		dateFilter('Issued After', 'issued_after', '2026-11-01'),
		dateFilter('Issued Before', 'issued_before', '2026-11-30'),
		dateFilter('Due After', 'due_after', '2026-11-01'),
		dateFilter('Due Before', 'due_before', '2026-11-30'),
		{ displayName: 'Overdue Only', name: 'overdue_only', type: 'boolean', default: true, description: 'Whether to return only overdue bills' },
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			default: 'revenue',
			options: [
				{ name: 'Revenue', value: 'revenue' },
				{ name: 'Trust', value: 'trust' },
			],
		},
		updatedSinceFilter,
		searchFilter('Matches bill number, client and matter'),
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.bill, [pageSizeOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = commonFilters.call(this, f, i);
	if (f.state) qs.state = f.state;
	if (f.type) qs.type = f.type;
	if (f.clientId) qs.client_id = locatorId.call(this, 'filters.clientId', i, false);
	if (f.matterId) qs.matter_id = locatorId.call(this, 'filters.matterId', i, false);
	for (const k of ['issued_after', 'issued_before', 'due_after', 'due_before'] as const) if (f[k]) qs[k] = isoDate.call(this, f[k], k, i);
	if (f.overdue_only === true) qs.overdue_only = true;
	return await listRecords.call(this, '/bills.json', 'bill', qs, i);
}
