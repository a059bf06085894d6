import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as entry from './actions/entry/Entry.resource';
import * as invoice from './actions/invoice/Invoice.resource';
import * as review from './actions/review/Review.resource';
import { router } from './actions/router';
import * as run from './actions/run/Run.resource';

/**
 * The submissions ledger of the billing templates, as node operations instead of Code nodes: what
 * to invoice (never twice, late entries on a supplement), the facts of each invoice, the ledger row
 * of each submission, the review queue row of each entry held back, and the run summary, and the hub's routing of entries to each client's platform. No HTTP:
 * the rows are written by n8n's Data Table nodes. The logic lives in lib/ledger.
 */
export class BillingLedger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Billing Ledger',
		name: 'billingLedger',
		icon: { light: 'file:billingLedger.svg', dark: 'file:billingLedger.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Plan invoices from the submissions ledger, record submission outcomes, queue entries for review and summarize billing runs',
		defaults: { name: 'Billing Ledger' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Entry', value: 'entry' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Review', value: 'review' },
					{ name: 'Run', value: 'run' },
				],
				default: 'invoice',
			},
			...entry.description,
			...invoice.description,
			...review.description,
			...run.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
