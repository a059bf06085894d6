import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { ruleSetSource } from './actions/common.descriptions';
import * as budgetWatch from './actions/ocg/budgetWatch.operation';
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
		subtitle: '={{$parameter["operation"] === "check" ? "Check Entries" : $parameter["operation"] === "budgetWatch" ? "Budget Watch" : "Validate Rule Set"}}',
		description:
			"Check billing entries against a client's Outside Counsel Guidelines before they are submitted: rates, hours, increments, block billing, vague narratives, expenses, staffing, budgets",
		defaults: { name: 'OCG Compliance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Check Entries: Compliant / Needs Review / Rejected. Validate Rule Set: Valid / Invalid.
		// Budget Watch: Burn / Alerts.
		outputs: `={{ $parameter.operation === "budgetWatch" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Burn" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Alerts" }] : $parameter.operation === "validateRuleSet" ? [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Valid" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Invalid" }] : [{ "type": "${NodeConnectionTypes.Main}", "displayName": "Compliant" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Needs Review" }, { "type": "${NodeConnectionTypes.Main}", "displayName": "Rejected" }] }}`,
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
					{
						name: 'Budget Watch',
						value: 'budgetWatch',
						description: 'Burn per matter and UTBMS phase from warehouse rows, alerts at budget thresholds (each once), month-end forecast',
						action: 'Watch matter budgets',
					},
				],
				default: 'check',
			},
			...ruleSetSource.map((p) => ({ ...p, displayOptions: { ...p.displayOptions, hide: { operation: ['budgetWatch'] } } })),
			...check.description,
			...validateRuleSet.description,
			...budgetWatch.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
