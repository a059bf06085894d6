import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as resolve from './actions/rejection/resolve.operation';
import { router } from './actions/router';

/**
 * Resolves rejected and adjusted e-billing invoices (lib/resolve, docs/resolver.md): corrects what
 * needs no judgement, prepares the corrected LEDES file, and says who must look at the rest.
 */
export class RejectionResolver implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Rejection Resolver',
		name: 'rejectionResolver',
		icon: { light: 'file:resolver.svg', dark: 'file:resolver.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Classify Legal Tracker and Brightflag rejections and line adjustments, correct the mechanical ones into a new LEDES invoice, route the rest to a person',
		defaults: { name: 'Rejection Resolver' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Rejection', value: 'rejection' }],
				default: 'rejection',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['rejection'] } },
				options: [
					{
						name: 'Resolve',
						value: 'resolve',
						description: 'Classify the reasons; fix rate, code, arithmetic, expense and date errors; prepare the corrected invoice or route it to a person',
						action: 'Resolve a rejected or adjusted invoice',
					},
				],
				default: 'resolve',
			},
			...resolve.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
