import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { Decimal } from '../../../../lib/money/decimal';
import { brightflagApiRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		required: true,
		default: '',
	},
	{
		displayName: 'Payment Status',
		name: 'paymentStatus',
		type: 'options',
		options: [
			{ name: 'Paid', value: 'PAID' },
			{ name: 'Partially Paid', value: 'PARTIALLY PAID' },
			{ name: 'Posted', value: 'POSTED' },
			{ name: 'Void', value: 'VOID' },
		],
		default: 'PAID',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Amount Paid', name: 'amountPaid', type: 'string', default: '', description: 'Decimal amount, e.g. 1250.00' },
			{ displayName: 'Payment Date', name: 'paymentDate', type: 'string', default: '', placeholder: '2026-11-27', description: 'ISO date (YYYY-MM-DD)' },
			{ displayName: 'Payment Reference', name: 'paymentReference', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['updateStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const invoiceId = String(this.getNodeParameter('invoiceId', i) ?? '').trim();
	if (!invoiceId) throw new NodeOperationError(this.getNode(), 'Invoice ID is empty', { itemIndex: i });
	const paymentStatus = this.getNodeParameter('paymentStatus', i) as string;
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { invoiceID: invoiceId, paymentStatus };
	if (extra.amountPaid !== undefined && extra.amountPaid !== '') {
		const amount = Decimal.tryFrom(String(extra.amountPaid).trim());
		if (!amount) throw new NodeOperationError(this.getNode(), `"Amount Paid" must be a decimal number, got "${String(extra.amountPaid)}"`, { itemIndex: i });
		body.amountPaid = amount.toFixed(2);
	}
	if (extra.paymentDate) {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(String(extra.paymentDate))) {
			throw new NodeOperationError(this.getNode(), `"Payment Date" must be YYYY-MM-DD, got "${String(extra.paymentDate)}"`, { itemIndex: i });
		}
		body.paymentDate = extra.paymentDate;
	}
	if (extra.paymentReference) body.paymentReference = extra.paymentReference;
	const res = await brightflagApiRequest.call(this, 'POST', '/api/v1/invoicePayment/invoice-payment-status', { body, itemIndex: i });
	return [{ json: { ...body, ...(res && typeof res === 'object' ? res : {}) } }];
}
