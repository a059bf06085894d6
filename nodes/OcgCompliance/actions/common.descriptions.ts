import type { INodeProperties } from 'n8n-workflow';

/** Where the rule set comes from: shared by both operations. */
export const ruleSetSource: INodeProperties[] = [
	{
		displayName: 'Rule Set Source',
		name: 'ruleSetSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Example Rule Set', value: 'example', description: 'One of the rule sets shipped with the pack' },
			{ name: 'JSON Parameter', value: 'json', description: 'A rule set typed or pasted into this node' },
			{ name: 'Binary File', value: 'binary', description: 'A JSON or YAML file in a binary property of each item' },
			{ name: 'Input Field', value: 'field', description: 'A field of each item holding the rule set (object, JSON or YAML text)' },
		],
		default: 'example',
	},
	{
		displayName: 'Example Rule Set',
		name: 'exampleRuleSet',
		type: 'options',
		options: [
			{ name: 'Insurer: Litigation Management Guidelines', value: 'insurer' },
			{ name: 'Corporate Client: Outside Counsel Guidelines', value: 'corporate' },
		],
		default: 'insurer',
		displayOptions: { show: { ruleSetSource: ['example'] } },
	},
	{
		displayName: 'Rule Set (JSON)',
		name: 'ruleSetJson',
		type: 'json',
		default: '{\n  "id": "my-client-ocg",\n  "version": "1",\n  "currency": "USD",\n  "rules": [\n    { "id": "R1", "type": "maxDailyHours", "ref": "OCG §4.2", "action": "flag", "params": { "maxHours": 10 } }\n  ]\n}',
		description: 'The rule set: ID, version, optional scope and effective dates, and rules (ID, type, guideline reference, action, params, message)',
		typeOptions: { rows: 12 },
		displayOptions: { show: { ruleSetSource: ['json'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the binary property holding the rule-set file (JSON or YAML)',
		displayOptions: { show: { ruleSetSource: ['binary'] } },
	},
	{
		displayName: 'Rule Set Field',
		name: 'ruleSetField',
		type: 'string',
		default: 'ruleSet',
		required: true,
		placeholder: 'e.g. client.ocgRuleSet',
		description: 'Dot path of the field holding the rule set',
		displayOptions: { show: { ruleSetSource: ['field'] } },
	},
];
