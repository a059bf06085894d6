import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
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
	{
		displayName:
			'Unverified endpoint: Actionstep documents no bill writes (bills.yaml has only GET /bills). This sends a PUT on the bill, which may not exist on your Actionstep.',
		name: 'unverifiedNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Allow Unverified Endpoint',
		name: 'allowUnverified',
		type: 'boolean',
		default: false,
		description: 'Whether to send the undocumented PUT on the bill; off by default',
		hint: 'unverified: not in Actionstep’s published API',
	},
	idField('Bill ID', 'billId'),
	{ displayName: 'Status', name: 'status', type: 'options', options: BILL_STATUSES, default: 'Draft', description: 'E.g. back to Draft after the client rejected the invoice.' },
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['updateStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	if (!(this.getNodeParameter('allowUnverified', i, false) as boolean)) {
		throw new NodeOperationError(this.getNode(), 'Update Status uses an unverified endpoint (PUT /bills/{id} is not in Actionstep’s published API)', {
			itemIndex: i,
			description: 'Turn on "Allow Unverified Endpoint" to send it anyway, or keep the status in a custom field (what the rejection-reconciliation template does).',
		});
	}
	const id = requiredId.call(this, 'billId', 'Bill ID', i);
	const status = this.getNodeParameter('status', i) as string;
	const res = await actionstepRequest.call(this, 'PUT', `bills/${id}`, { body: { bills: { status } }, itemIndex: i });
	return [{ json: flattenRecord('bills', res.bills as IDataObject) }];
}
