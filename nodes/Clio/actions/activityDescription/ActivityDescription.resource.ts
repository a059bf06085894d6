import type { INodeProperties } from 'n8n-workflow';
import { clioOperation } from '../common.descriptions';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	...clioOperation({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activityDescription'] } },
		options: [
			{ name: 'Get Many', value: 'getMany', description: 'Get the activity descriptions of the firm with their UTBMS codes', action: 'Get many activity descriptions' },
		],
		default: 'getMany',
	}),
	...getMany.description,
];
