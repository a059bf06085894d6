import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { brightflagApiRequest, listOf } from '../../transport';
import { toIsoInstant } from '../../../shared/time';

const properties: INodeProperties[] = [
	{
		displayName: 'All Batches',
		name: 'allBatches',
		type: 'boolean',
		default: false,
		description: 'Whether to list every AP batch (getAPBatches) instead of those created in a window (getAPBatchesByDateRange)',
	},
	{
		displayName: 'Created After',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the window (read as UTC when no zone is given)',
		displayOptions: { show: { allBatches: [false] } },
	},
	{
		displayName: 'Created Before',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'End of the window (read as UTC when no zone is given)',
		displayOptions: { show: { allBatches: [false] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['apBatch'], operation: ['getMany'] } }, properties);

/** AP batches (`Batch {batchID, batchCreated, customerBatchID}`): vendor-specs/brightflag/facts.md:41-42, 59. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	if (this.getNodeParameter('allBatches', i, false) === true) {
		return listOf(await brightflagApiRequest.call(this, 'GET', '/api/ap-batch/v1', { itemIndex: i })).map((json) => ({ json }));
	}
	const start = toIsoInstant(this.getNodeParameter('start', i));
	const end = toIsoInstant(this.getNodeParameter('end', i));
	if (!start || !end) throw new NodeOperationError(this.getNode(), '"Created After" and "Created Before" must both be dates', { itemIndex: i });
	const startMs = Date.parse(start);
	const endMs = Date.parse(end);
	if (startMs > endMs) throw new NodeOperationError(this.getNode(), `"Created After" (${start}) is later than "Created Before" (${end})`, { itemIndex: i });
	const body = await brightflagApiRequest.call(this, 'GET', `/api/ap-batch/v1/${startMs}/${endMs}`, { itemIndex: i });
	return listOf(body).map((json) => ({ json }));
}
