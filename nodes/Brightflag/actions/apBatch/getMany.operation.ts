import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { brightflagApiRequest, listOf } from '../../transport';
import { toIsoInstant } from '../../../shared/time';

const properties: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'start',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Start of the window (read as UTC when no zone is given)',
	},
	{
		displayName: 'Created Before',
		name: 'end',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'End of the window (read as UTC when no zone is given)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['apBatch'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const start = toIsoInstant(this.getNodeParameter('start', i));
	const end = toIsoInstant(this.getNodeParameter('end', i));
	if (!start || !end) throw new NodeOperationError(this.getNode(), '"Created After" and "Created Before" must both be dates', { itemIndex: i });
	const startMs = Date.parse(start);
	const endMs = Date.parse(end);
	if (startMs > endMs) throw new NodeOperationError(this.getNode(), `"Created After" (${start}) is later than "Created Before" (${end})`, { itemIndex: i });
	const body = await brightflagApiRequest.call(this, 'GET', `/api/ap-batch/v1/${startMs}/${endMs}`, { itemIndex: i });
	return listOf(body).map((json) => ({ json }));
}
