import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as apBatch from './actions/apBatch/ApBatch.resource';
import * as invoice from './actions/invoice/Invoice.resource';
import * as payment from './actions/payment/Payment.resource';
import { router } from './actions/router';

export class Brightflag implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Brightflag',
		name: 'brightflag',
		icon: { light: 'file:brightflag.svg', dark: 'file:brightflag.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read invoices, AP batches and flags from Brightflag, submit LEDES files and update payment status',
		defaults: { name: 'Brightflag' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brightflagOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'AP Batch', value: 'apBatch' },
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Payment', value: 'payment' },
				],
				default: 'invoice',
			},
			...invoice.description,
			...apBatch.description,
			...payment.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
