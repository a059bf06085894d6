import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { idField } from '../common.descriptions';

export const BILL_STATUSES = [
	{ name: 'Closed', value: 'Closed' },
	{ name: 'Deleted', value: 'Deleted' },
	{ name: 'Draft', value: 'Draft' },
	{ name: 'Open', value: 'Open' },
];

const properties: INodeProperties[] = [
	idField('Bill ID', 'billId'),
	{ displayName: 'Status', name: 'status', type: 'options', options: BILL_STATUSES, default: 'Draft', description: 'E.g. back to Draft after the client rejected the invoice.' },
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['updateStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'billId', 'Bill ID', i);
	const status = this.getNodeParameter('status', i) as string;
	const res = await actionstepRequest.call(this, 'PUT', `bills/${id}`, { body: { bills: { status } }, itemIndex: i });
	return [{ json: flattenRecord('bills', res.bills as IDataObject) }];
}
