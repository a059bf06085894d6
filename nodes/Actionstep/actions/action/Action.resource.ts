import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['action'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get an action', description: 'Get an action (matter)' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many actions' },
			{ name: 'Update', value: 'update', action: 'Update an action' },
		],
		default: 'get',
	},
	...get.description,
	...getMany.description,
	...update.description,
];
