import type { INodeProperties } from 'n8n-workflow';
import * as facts from './facts.operation';
import * as plan from './plan.operation';
import * as record from './record.operation';

export { facts, plan, record };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{
				name: 'Plan Invoices',
				value: 'plan',
				description: 'Give each entry its invoice number from the ledger: leave out what was submitted, keep the number of an unknown or pending invoice, put late entries on a supplemental invoice',
				action: 'Plan invoices from the ledger',
			},
			{
				name: 'Invoice Facts',
				value: 'facts',
				description: 'Read the number, entry IDs, client, matter, total and lines of each built LEDES file',
				action: 'Read invoice facts',
			},
			{
				name: 'Record Outcome',
				value: 'record',
				description: "Turn a platform's answer (or a skip) into the ledger row confirming the submission",
				action: 'Record a submission outcome',
			},
		],
		default: 'plan',
	},
	...plan.description,
	...facts.description,
	...record.description,
];
