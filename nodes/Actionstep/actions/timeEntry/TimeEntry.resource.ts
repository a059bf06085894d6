import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, get, getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['timeEntry'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a time entry' },
			{ name: 'Get', value: 'get', action: 'Get a time entry' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many time entries' },
			{ name: 'Update', value: 'update', action: 'Update a time entry' },
		],
		default: 'getMany',
	},
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
];
