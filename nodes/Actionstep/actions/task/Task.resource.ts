import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as getMany from './getMany.operation';

export { create, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a task', description: 'Create a task on an action, assigned to a participant' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many tasks' },
		],
		default: 'create',
	},
	...create.description,
	...getMany.description,
];
