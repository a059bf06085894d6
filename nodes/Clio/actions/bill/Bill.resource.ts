import type { INodeProperties } from 'n8n-workflow';
import { clioOperation } from '../common.descriptions';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export { get, getMany, update };

export const description: INodeProperties[] = [
	...clioOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['bill'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a bill', action: 'Get a bill' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many bills, e.g. by state', action: 'Get many bills' },
			{ name: 'Update', value: 'update', description: 'Change the state or details of a bill', action: 'Update a bill' },
		],
		default: 'getMany',
	}),
	...get.description,
	...getMany.description,
	...update.description,
];
