import type { INodeProperties } from 'n8n-workflow';
import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activityDescription'] } },
		options: [
			{ name: 'Get Many', value: 'getAll', description: 'Get the activity descriptions of the firm with their UTBMS codes', action: 'Get many activity descriptions' },
		],
		default: 'getAll',
	},
	...getAll.description,
];
