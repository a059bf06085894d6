import type { INodeProperties } from 'n8n-workflow';
import { clioOperation } from '../common.descriptions';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as whoAmI from './whoAmI.operation';

export { get, getMany, whoAmI };

export const description: INodeProperties[] = [
	...clioOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a user', action: 'Get a user' },
			{ name: 'Get Many', value: 'getMany', description: 'Get many users', action: 'Get many users' },
			{ name: 'Get Current', value: 'whoAmI', description: 'Get the user the credential belongs to', action: 'Get the current user' },
		],
		default: 'getMany',
	}),
	...get.description,
	...getMany.description,
	...whoAmI.description,
];
