import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { dateFilterValue, dateParam } from '../../helpers/utils';
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
			{
				displayName: 'Our Reference (Invoice Number)',
				name: 'ourReference',
				type: 'string',
				default: '',
				description: 'The firm’s invoice number (bills.yaml: ourReference; Actionstep bills have no invoiceNumber field), e.g. from an e-billing rejection',
			},
			{ displayName: 'Status', name: 'status', type: 'options', options: BILL_STATUSES, default: 'Open' },
			{ displayName: 'Their Reference', name: 'theirReference', type: 'string', default: '', description: 'The client’s reference for the bill (bills.yaml: theirReference)' },
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
	if (f.ourReference) qs.ourReference_eq = String(f.ourReference);
	if (f.theirReference) qs.theirReference_eq = String(f.theirReference);
	if (f.dateFrom) qs.invoiceDate_gteq = dateFilterValue(dateParam.call(this, f.dateFrom, 'Invoice Date From', i), 'from');
	if (f.dateTo) qs.invoiceDate_lteq = dateFilterValue(dateParam.call(this, f.dateTo, 'Invoice Date To', i), 'to');
	return await listAndFlatten.call(this, i, 'bills', qs);
}
