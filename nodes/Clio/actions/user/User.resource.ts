import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as whoAmI from './whoAmI.operation';

export { get, getAll, whoAmI };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a user', action: 'Get a user' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many users', action: 'Get many users' },
			{ name: 'Get Current', value: 'whoAmI', description: 'Get the user the credential belongs to', action: 'Get the current user' },
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
	...whoAmI.description,
];
