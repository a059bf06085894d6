import type { INodeProperties } from 'n8n-workflow';
import * as queueRow from './queueRow.operation';

export { queueRow };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['review'] } },
		options: [
			{
				name: 'Queue Row',
				value: 'queueRow',
				description: 'Explain an entry that must not reach a file: reasons and guideline references, as a review-queue row',
				action: 'Build a review queue row',
			},
		],
		default: 'queueRow',
	},
	...queueRow.description,
];
