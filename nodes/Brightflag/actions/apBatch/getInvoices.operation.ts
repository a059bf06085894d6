import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { brightflagApiRequest, listOf } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Batch ID',
		name: 'batchId',
		type: 'string',
		required: true,
		default: '',
		description: 'AP batch ID (from AP Batch → Get Many)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['apBatch'], operation: ['getInvoices'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const batchId = String(this.getNodeParameter('batchId', i) ?? '').trim();
	if (!batchId) throw new NodeOperationError(this.getNode(), 'Batch ID is empty', { itemIndex: i });
	const body = await brightflagApiRequest.call(this, 'GET', `/api/ap-batch/v1/batch/${encodeURIComponent(batchId)}/invoices`, { itemIndex: i });
	return listOf(body).map((json) => ({ json: { batchID: batchId, ...json } }));
}
