import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { legalTrackerRequest } from '../../transport';

export const expandOption: INodeProperties = {
	displayName: 'Expand',
	name: 'expand',
	type: 'multiOptions',
	options: [
		{ name: 'Adjustments', value: 'adjustments' },
		{ name: 'Attachments', value: 'attachments' },
		{ name: 'Invoice File Info', value: 'invoiceFileInfo' },
		{ name: 'Taxes', value: 'taxes' },
	],
	default: ['adjustments'],
	description: 'Related records to include ($expand)',
};

const properties: INodeProperties[] = [
	{ displayName: 'Invoice ID', name: 'invoiceId', type: 'string', required: true, default: '' },
	expandOption,
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = String(this.getNodeParameter('invoiceId', i) ?? '').trim();
	if (!id) throw new NodeOperationError(this.getNode(), 'Invoice ID is empty', { itemIndex: i });
	const expand = this.getNodeParameter('expand', i, []) as string[];
	const invoice = await legalTrackerRequest.call(this, 'GET', 'billing', `/invoices/${encodeURIComponent(id)}`, {
		qs: expand.length ? { $expand: expand.join(',') } : {},
		itemIndex: i,
	});
	return [{ json: invoice }];
}
