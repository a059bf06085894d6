import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, includeAll } from '../../helpers/jsonapi';
import { dateFilterValue, dateParam } from '../../helpers/utils';
import { actionstepGetMany } from '../../transport';
import { resolveLinked, returnAllAndLimit } from '../common.descriptions';
import { canonicalOptions, outputOption, toCanonical } from './shared';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Action ID', name: 'actionId', type: 'string', default: '' },
			{
				displayName: 'Billable Only',
				name: 'billableOnly',
				type: 'boolean',
				default: true,
				description:
					'Whether to return only billable entries (isBillable = T). Actionstep’s API has no billed/unbilled flag or bill link on time entries: keep track of what was billed yourself (the templates’ ledger does).',
			},
			{ displayName: 'Date From', name: 'dateFrom', type: 'string', default: '', placeholder: '2026-11-01', description: 'First work date (inclusive)' },
			{ displayName: 'Date To', name: 'dateTo', type: 'string', default: '', placeholder: '2026-11-30', description: 'Last work date (inclusive)' },
			{ displayName: 'Owner (Participant ID)', name: 'ownerId', type: 'string', default: '' },
		],
	},
	outputOption,
	canonicalOptions,
	{ ...resolveLinked, displayOptions: { show: { output: ['record'] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['timeEntry'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const output = this.getNodeParameter('output', i, 'record') as string;
	const resolve = output === 'canonical' || (this.getNodeParameter('resolveLinked', i, false) as boolean);
	const qs: IDataObject = { sort: 'timestampDate,id' };
	if (f.actionId) qs.action_eq = String(f.actionId);
	if (f.ownerId) qs.owner_eq = String(f.ownerId);
	if (f.dateFrom) qs.timestampDate_gteq = dateFilterValue(dateParam.call(this, f.dateFrom, 'Date From', i), 'from');
	if (f.dateTo) qs.timestampDate_lteq = dateFilterValue(dateParam.call(this, f.dateTo, 'Date To', i), 'to');
	if (f.billableOnly === true) qs.isBillable_eq = 'T';
	if (resolve) qs.include = includeAll('timeentries');
	const res = await actionstepGetMany.call(this, 'timeentries', qs, { limit, itemIndex: i });
	if (output === 'canonical') return (await toCanonical.call(this, res, this.getNodeParameter('canonicalOptions', i, {}) as IDataObject, i)).map((json) => ({ json }));
	return res.records.map((r) => ({ json: flattenRecord('timeentries', r, { linked: res.linked, links: res.links, resolve }) }));
}
