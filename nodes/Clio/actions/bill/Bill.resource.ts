import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bill'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a bill', action: 'Get a bill' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many bills, e.g. by state', action: 'Get many bills' },
			{ name: 'Update', value: 'update', description: 'Change the state or details of a bill', action: 'Update a bill' },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...update.description,
];
