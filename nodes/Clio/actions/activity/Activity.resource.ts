import type { INodeProperties } from 'n8n-workflow';
import { clioOperation } from '../common.descriptions';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { create, del as delete, get, getMany, update };

export const description: INodeProperties[] = [
	...clioOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activity'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a time or expense entry', action: 'Create an activity' },
			{ name: 'Delete', value: 'delete', description: 'Delete a time or expense entry', action: 'Delete an activity' },
			{ name: 'Get', value: 'get', description: 'Get a time or expense entry', action: 'Get an activity' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many time and expense entries', action: 'Get many activities' },
			{ name: 'Update', value: 'update', description: 'Update a time or expense entry', action: 'Update an activity' },
		],
		default: 'getMany',
	}),
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...update.description,
];
