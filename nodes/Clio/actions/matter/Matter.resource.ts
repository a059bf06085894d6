import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, get, getAll, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['matter'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a matter', action: 'Create a matter' },
			{ name: 'Get', value: 'get', description: 'Get a matter', action: 'Get a matter' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many matters', action: 'Get many matters' },
			{ name: 'Update', value: 'update', description: 'Update a matter', action: 'Update a matter' },
		],
		default: 'getAll',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
];
