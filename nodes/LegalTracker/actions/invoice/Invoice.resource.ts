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
			{ name: 'Get', value: 'get', action: 'Get an invoice', description: 'Get an invoice, with adjustments on request' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many invoices', description: 'List invoices with an OData filter' },
			{ name: 'Submit', value: 'submit', action: 'Submit a LEDES invoice', description: 'Upload a LEDES file through eFiles and post the invoice (the eFiles upload-link call is unverified: its path and shape are inferred, not in the published spec that was read)' },
		],
		default: 'submit',
	},
	...submit.description,
	...get.description,
	...getMany.description,
];
