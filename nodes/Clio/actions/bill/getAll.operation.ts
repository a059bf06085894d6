import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioLocator, fieldsOption, pageSizeOption, returnAllFields } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { getAll, isoDate, isoTimestamp, locatorId } from '../../helpers/utils';
import { BILL_STATES } from './states';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			clioLocator('contact', { displayName: 'Client', name: 'clientId' }),
			{ displayName: 'Due After', name: 'due_after', type: 'string', default: '', placeholder: '2026-11-01' },
			{ displayName: 'Due Before', name: 'due_before', type: 'string', default: '', placeholder: '2026-11-30' },
			{ displayName: 'Issued After', name: 'issued_after', type: 'string', default: '', placeholder: '2026-11-01' },
			{ displayName: 'Issued Before', name: 'issued_before', type: 'string', default: '', placeholder: '2026-11-30' },
			clioLocator('matter'),
			{ displayName: 'Overdue Only', name: 'overdue_only', type: 'boolean', default: true, description: 'Whether to return only overdue bills' },
			{ displayName: 'Search', name: 'query', type: 'string', default: '' },
			{ displayName: 'State', name: 'state', type: 'options', options: BILL_STATES, default: 'awaiting_payment' },
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
			{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '' },
		],
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(CLIO_DEFAULT_FIELDS.bill), pageSizeOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.state) qs.state = f.state;
	if (f.type) qs.type = f.type;
	if (f.clientId) qs.client_id = locatorId.call(this, 'filters.clientId', i, false);
	if (f.matterId) qs.matter_id = locatorId.call(this, 'filters.matterId', i, false);
	for (const k of ['issued_after', 'issued_before', 'due_after', 'due_before'] as const) if (f[k]) qs[k] = isoDate.call(this, f[k], k, i);
	if (f.overdue_only === true) qs.overdue_only = true;
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	if (f.query) qs.query = f.query;
	return await getAll.call(this, '/bills.json', 'bill', qs, i);
}
