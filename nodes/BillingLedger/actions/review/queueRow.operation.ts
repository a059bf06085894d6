import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { reviewRow } from '../../../../lib/ledger';
import { nowIso } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Stage',
		name: 'stage',
		type: 'options',
		options: [
			{ name: 'UTBMS: Unmapped Code', value: 'utbms', description: "The UTBMS node's Unmapped output" },
			{ name: 'OCG: Flagged or Rejected', value: 'ocg', description: "The OCG Compliance node's Review and Rejected outputs" },
		],
		default: 'ocg',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['review'], operation: ['queueRow'] } }, properties);

/** An entry that must not reach a file → a review-queue row with the reasons and guideline references. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const stage = this.getNodeParameter('stage', i) as 'utbms' | 'ocg';
	return [{ json: { ...reviewRow(this.getInputData()[i].json, stage, nowIso()) } }];
}
