import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as updateStatus from './updateStatus.operation';

export { get, getMany, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bill'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a bill' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many bills' },
			{ name: 'Update Status (Unverified)', value: 'updateStatus', action: 'Update a bill status', description: 'Unverified: a PUT on the bill is not in Actionstep’s published API; off unless allowed' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...updateStatus.description,
];
