import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as set from './set.operation';

export { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customField'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a custom field value', description: 'Read a data collection field of an action' },
			{ name: 'Set', value: 'set', action: 'Set a custom field value', description: 'Write a data collection field of an action (e.g. a rejection reason)' },
		],
		default: 'set',
	},
	...get.description,
	...set.description,
];
