import type { INodeProperties } from 'n8n-workflow';
import * as summarize from './summarize.operation';

export { summarize };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['run'] } },
		options: [
			{
				name: 'Summarize Run',
				value: 'summarize',
				description: 'Count what the run did and log it: status (empty, success, partial, failed) and a message naming the failures',
				action: 'Summarize a run',
			},
		],
		default: 'summarize',
	},
	...summarize.description,
];
