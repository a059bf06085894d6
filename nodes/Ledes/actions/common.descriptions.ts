import type { INodeProperties } from 'n8n-workflow';

/** Where Parse and Validate read the LEDES file from. */
export const sourceProperties = (operation: string): INodeProperties[] => [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A LEDES file in a binary property of the item' },
			{ name: 'Text', value: 'text', description: 'The file content given as text (for example from a previous node)' },
		],
		default: 'binary',
		displayOptions: { show: { operation: [operation] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field holding the LEDES file',
		displayOptions: { show: { operation: [operation], source: ['binary'] } },
	},
	{
		displayName: 'LEDES Text',
		name: 'ledesText',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'LEDES1998B[]…',
		description: 'The content of a LEDES 1998B, 98BI or XML file',
		displayOptions: { show: { operation: [operation], source: ['text'] } },
	},
];

/** Validator settings shared by Parse and Validate. */
export const validationCollection = (operation: string): INodeProperties => ({
	displayName: 'Validation',
	name: 'validation',
	type: 'collection',
	placeholder: 'Add Setting',
	default: {},
	displayOptions: { show: { operation: [operation] } },
	options: [
		{
			displayName: 'Arithmetic Tolerance',
			name: 'tolerance',
			type: 'string',
			default: '0.005',
			description: 'Largest accepted difference between a stated line total or tax and the computed one (half a cent by default)',
		},
		{
			displayName: 'Check UTBMS Codes',
			name: 'checkUtbmsCodes',
			type: 'boolean',
			default: true,
			description: 'Whether task, activity and expense codes must be known UTBMS codes',
		},
		{
			displayName: 'Max Line Description Length',
			name: 'maxLineDescription',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Shorter limit for LINE_ITEM_DESCRIPTION, e.g. 1023 for Brightflag; 0 keeps the LEDES limit (15 KB)',
		},
		{
			displayName: 'Non-ASCII Is an Error',
			name: 'strictAscii',
			type: 'boolean',
			default: false,
			description: 'Whether characters outside ASCII in 1998B/98BI files are errors (by default they are warnings)',
		},
		{
			displayName: 'Timekeeper Classifications',
			name: 'classifications',
			type: 'options',
			options: [
				{ name: 'Revised and Legacy', value: 'both' },
				{ name: 'Revised Only (PARTNR, ASSOC…)', value: 'revised' },
				{ name: 'Legacy Only (PT, AS…)', value: 'legacy' },
			],
			default: 'both',
			description: 'Which timekeeper classification codes are accepted',
		},
	],
});
