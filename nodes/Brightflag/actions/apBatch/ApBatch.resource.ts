import type { INodeProperties } from 'n8n-workflow';
import * as getInvoices from './getInvoices.operation';
import * as getMany from './getMany.operation';

export { getInvoices, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apBatch'] } },
		options: [
			{ name: 'Get Many', value: 'getMany', action: 'Get many AP batches', description: 'List accounts-payable batches created in a time window' },
			{ name: 'Get Invoices', value: 'getInvoices', action: 'Get the invoices of an AP batch' },
		],
		default: 'getMany',
	},
	...getMany.description,
	...getInvoices.description,
];
