import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as submit from './submit.operation';

export { get, getMany, submit };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{ name: 'Get (Unverified Endpoint)', value: 'get', action: 'Get an invoice with line items and flags', description: 'Unverified: get an invoice with its line items, flags and rejection reasons from an endpoint no public source documents' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many invoices', description: 'List invoice summaries (documented) by status and status-change window' },
			{ name: 'Submit (Unverified Endpoint)', value: 'submit', action: 'Submit a LEDES invoice', description: 'Unverified: send a LEDES file to a configurable submission endpoint (Brightflag publishes none)' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...submit.description,
];
