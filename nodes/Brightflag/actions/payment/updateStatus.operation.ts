import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { readDate, readDecimal } from '../../../shared/params';
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
		// InvoicePaymentStatus (vendor-specs/brightflag/facts.md:68-70): amounts are strings, dates YYYY/MM/DD
		options: [
			{ displayName: 'Invoice Date', name: 'invoiceDate', type: 'string', default: '', placeholder: '2026/11/01', description: 'Sent as YYYY/MM/DD (YYYY-MM-DD is converted)' },
			{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', default: '' },
			{ displayName: 'Payment Amount', name: 'paymentAmount', type: 'string', default: '', description: 'Decimal amount, e.g. 1250.00 (sent as a string, as Brightflag expects)' },
			{ displayName: 'Payment Comment', name: 'paymentComment', type: 'string', default: '' },
			{ displayName: 'Payment Date', name: 'paymentDate', type: 'string', default: '', placeholder: '2026/11/27', description: 'Sent as YYYY/MM/DD, as Brightflag expects (YYYY-MM-DD is converted)' },
			{ displayName: 'Payment Reference', name: 'paymentRef', type: 'string', default: '', description: 'The AP system\'s payment reference (paymentRef)' },
			{ displayName: 'Posted Amount', name: 'postedAmount', type: 'string', default: '', description: 'Decimal amount (string)' },
			{ displayName: 'Posted Currency', name: 'postedCurrency', type: 'string', default: '', placeholder: 'USD' },
			{ displayName: 'Posted Date', name: 'postedDate', type: 'string', default: '', placeholder: '2026/11/27', description: 'Sent as YYYY/MM/DD (YYYY-MM-DD is converted)' },
			{ displayName: 'Posted FX Rate', name: 'postedFXRate', type: 'string', default: '', description: 'Decimal (string)' },
			{ displayName: 'Vendor Office ID', name: 'vendorOfficeId', type: 'string', default: '' },
			{ displayName: 'Vendor Reference', name: 'vendorRef', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['updateStatus'] } }, properties);

const AMOUNTS = ['paymentAmount', 'postedAmount', 'postedFXRate'];
const DATES = ['paymentDate', 'postedDate', 'invoiceDate'];
const TEXTS = ['invoiceNumber', 'vendorRef', 'paymentRef', 'paymentComment', 'postedCurrency', 'vendorOfficeId'];

/** Brightflag writes dates YYYY/MM/DD; YYYY-MM-DD (or a date-time) is read too, by the shared reader. */
function brightflagDate(this: IExecuteFunctions, value: unknown, label: string, i: number): string {
	const text = String(value ?? '').trim().replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
	return readDate.call(this, text, label, i, 'YYYY/MM/DD').replace(/-/g, '/');
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const invoiceId = String(this.getNodeParameter('invoiceId', i) ?? '').trim();
	if (!invoiceId) throw new NodeOperationError(this.getNode(), 'Invoice ID is empty', { itemIndex: i });
	const paymentStatus = this.getNodeParameter('paymentStatus', i) as string;
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const body: IDataObject = { invoiceID: invoiceId, paymentStatus };
	for (const k of AMOUNTS) {
		if (extra[k] === undefined || extra[k] === '') continue;
		const amount = readDecimal.call(this, extra[k], `"${k}"`, i);
		body[k] = k === 'postedFXRate' ? amount.toString() : amount.toFixed(2);
	}
	for (const k of DATES) {
		if (!extra[k]) continue;
		body[k] = brightflagDate.call(this, extra[k], `"${k}"`, i);
	}
	for (const k of TEXTS) if (extra[k] !== undefined && extra[k] !== '') body[k] = String(extra[k]);
	const res = await brightflagApiRequest.call(this, 'POST', '/api/v1/invoicePayment/invoice-payment-status', { body, itemIndex: i, creates: true }); // not idempotent (facts.md:71): retried only on 429
	return [{ json: { ...body, ...(res && typeof res === 'object' ? res : {}) } }];
}
