import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { brightflagApiRequest } from '../../transport';
import { assertUnverifiedAllowed, unverifiedEndpointOption } from '../unverified';

const properties: INodeProperties[] = [
	unverifiedEndpointOption('GET /api/v1/invoice/{id} (a single invoice with line items, flags and rejection reasons)'),
	{
		displayName: 'Invoice ID',
		name: 'invoiceId',
		type: 'string',
		required: true,
		default: '',
		description: 'Brightflag invoiceID (from Invoice → Get Many or the trigger)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	assertUnverifiedAllowed.call(this, i, 'Invoice → Get', 'GET /api/v1/invoice/{id}');
	const invoiceId = String(this.getNodeParameter('invoiceId', i) ?? '').trim();
	if (!invoiceId) throw new NodeOperationError(this.getNode(), 'Invoice ID is empty', { itemIndex: i, description: 'Set "Invoice ID" to a Brightflag invoiceID.' });
	const detail = await brightflagApiRequest.call(this, 'GET', `/api/v1/invoice/${encodeURIComponent(invoiceId)}`, { itemIndex: i });
	return [{ json: detail }];
}
