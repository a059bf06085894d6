import type { INodeProperties } from 'n8n-workflow';
import { clioOperation } from '../common.descriptions';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, get, getMany, update };

export const description: INodeProperties[] = [
	...clioOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['matter'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a matter', action: 'Create a matter' },
			{ name: 'Get', value: 'get', description: 'Get a matter', action: 'Get a matter' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many matters', action: 'Get many matters' },
			{ name: 'Update', value: 'update', description: 'Update a matter', action: 'Update a matter' },
		],
		default: 'getMany',
	}),
	...create.description,
	...get.description,
	...getMany.description,
	...update.description,
];
