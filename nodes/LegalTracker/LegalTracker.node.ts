import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as invoice from './actions/invoice/Invoice.resource';
import * as matter from './actions/matter/Matter.resource';
import { router } from './actions/router';

export class LegalTracker implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Legal Tracker',
		name: 'legalTracker',
		icon: { light: 'file:legalTracker.svg', dark: 'file:legalTracker.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Submit LEDES invoices to Thomson Reuters Legal Tracker and read invoices, adjustments and matters',
		defaults: { name: 'Legal Tracker' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'legalTrackerOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Matter', value: 'matter' },
				],
				default: 'invoice',
			},
			...invoice.description,
			...matter.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
