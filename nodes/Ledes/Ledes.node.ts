import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as build from './actions/ledes/build.operation';
import * as parse from './actions/ledes/parse.operation';
import * as validate from './actions/ledes/validate.operation';
import { router } from './actions/router';

export class Ledes implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LEDES',
		name: 'ledes',
		icon: { light: 'file:ledes.svg', dark: 'file:ledes.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Build, parse and validate LEDES 1998B, 98BI and XML 2.1 e-billing files',
		defaults: { name: 'LEDES' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Validate routes valid and invalid files to two outputs; Build and Parse have one.
		outputs: `={{ $parameter.operation === "validate" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Invalid" }] : ["${NodeConnectionTypes.Main}"] }}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Build',
						value: 'build',
						description: 'Turn billing entries into LEDES files (one per invoice or one per run)',
						action: 'Build a LEDES file',
					},
					{
						name: 'Parse',
						value: 'parse',
						description: 'Read a LEDES file into one item per line item or per invoice',
						action: 'Parse a LEDES file',
					},
					{
						name: 'Validate',
						value: 'validate',
						description: 'Check a LEDES file and report every error; valid and invalid files go to separate outputs',
						action: 'Validate a LEDES file',
					},
				],
				default: 'build',
			},
			...build.description,
			...parse.description,
			...validate.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
