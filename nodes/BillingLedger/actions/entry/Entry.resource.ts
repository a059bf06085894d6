import type { INodeProperties } from 'n8n-workflow';
import * as route from './route.operation';

export { route };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entry'] } },
		options: [
			{
				name: 'Route to Client Platform',
				value: 'route',
				description: "Give each billable entry its client's platform and guidelines, and mark an entry kept in two systems as a duplicate",
				action: 'Route entries to client platforms',
			},
		],
		default: 'route',
	},
	...route.description,
];
