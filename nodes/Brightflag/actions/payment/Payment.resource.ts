import type { INodeProperties } from 'n8n-workflow';
import * as updateStatus from './updateStatus.operation';

export { updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [{ name: 'Update Status', value: 'updateStatus', action: 'Update an invoice payment status' }],
		default: 'updateStatus',
	},
	...updateStatus.description,
];
