import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { outcomeRow, skippedRow, type PlatformAnswer } from '../../../../lib/ledger';
import { nowIso, objectParameter } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: [
			{ name: 'Legal Tracker', value: 'legalTracker' },
			{ name: 'Brightflag', value: 'brightflag' },
		],
		default: 'legalTracker',
	},
	{
		displayName: 'Outcome',
		name: 'outcome',
		type: 'options',
		options: [
			{
				name: "From the Platform's Answer",
				value: 'answer',
				description: "The input item is the platform node's answer (either output): submitted, failed or unknown",
			},
			{ name: 'Skipped', value: 'skipped', description: 'Not sent: the platform does not know the matter' },
		],
		default: 'answer',
	},
	{
		displayName: 'Invoice',
		name: 'invoice',
		type: 'json',
		default: '={{ $json }}',
		description: 'The invoice\'s facts (Record: Invoice Facts), e.g. {{ $(\'Match Legal Tracker matter\').item.JSON }}',
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		displayOptions: { show: { outcome: ['skipped'] } },
		description: 'Why it was not sent (kept in the ledger row\'s error column)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['record'] } }, properties);

/** One submission's outcome → the ledger row confirming it (lib/ledger/outcome.ts). */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const facts = objectParameter(this, 'invoice', i, 'Invoice');
	const platform = String(this.getNodeParameter('platform', i));
	const row =
		this.getNodeParameter('outcome', i) === 'skipped'
			? skippedRow(facts, platform, String(this.getNodeParameter('reason', i, '')), nowIso())
			: outcomeRow(facts, this.getInputData()[i].json as PlatformAnswer, platform, nowIso());
	return [{ json: { ...row } }];
}
