import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { dateParam } from '../../helpers/utils';
import { resolveLinked, returnAllAndLimit } from '../common.descriptions';
import { BILL_STATUSES } from './updateStatus.operation';

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
			{ displayName: 'Invoice Date From', name: 'dateFrom', type: 'string', default: '', placeholder: '2026-11-01' },
			{ displayName: 'Invoice Date To', name: 'dateTo', type: 'string', default: '', placeholder: '2026-11-30' },
			{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', default: '', description: 'Find a bill by the number the client sees (e.g. from an e-billing rejection)' },
			{ displayName: 'Status', name: 'status', type: 'options', options: BILL_STATUSES, default: 'Open' },
		],
	},
	resolveLinked,
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.actionId) qs.action_eq = String(f.actionId);
	if (f.status) qs.status_eq = f.status;
	if (f.invoiceNumber) qs.invoiceNumber_eq = String(f.invoiceNumber);
	if (f.dateFrom) qs.invoiceDate_gteq = dateParam.call(this, f.dateFrom, 'Invoice Date From', i);
	if (f.dateTo) qs.invoiceDate_lteq = dateParam.call(this, f.dateTo, 'Invoice Date To', i);
	return await listAndFlatten.call(this, i, 'bills', qs);
}
