import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ruleSetSource } from './actions/common.descriptions';
import * as check from './actions/ocg/check.operation';
import * as validateRuleSet from './actions/ocg/validateRuleSet.operation';
import { router } from './actions/router';

export class OcgCompliance implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OCG Compliance',
		name: 'ocgCompliance',
		icon: { light: 'file:ocg.svg', dark: 'file:ocg.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "check" ? "Check Entries" : "Validate Rule Set"}}',
		description:
			"Check billing entries against a client's Outside Counsel Guidelines before they are submitted: rates, hours, increments, block billing, vague narratives, expenses, staffing, budgets",
		defaults: { name: 'OCG Compliance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Check Entries: Compliant / Needs Review / Rejected. Validate Rule Set: Valid / Invalid.
		outputs: `={{ $parameter.operation === "validateRuleSet" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Invalid" }] : [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Compliant" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Needs Review" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected" }] }}`,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Check Entries',
						value: 'check',
						description: 'Check all input entries as one batch; route them to Compliant, Needs Review or Rejected',
						action: 'Check entries against billing guidelines',
					},
					{
						name: 'Validate Rule Set',
						value: 'validateRuleSet',
						description: 'Check a rule set and list every mistake with its path',
						action: 'Validate an OCG rule set',
					},
				],
				default: 'check',
			},
			...ruleSetSource,
			...check.description,
			...validateRuleSet.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
