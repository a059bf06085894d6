import type { INodeProperties } from 'n8n-workflow';

/** Canonical BillingEntry items, or any item shape read through field paths. */
export const inputShape = (operation: string): INodeProperties => ({
	displayName: 'Input Shape',
	name: 'inputShape',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Canonical Billing Entry',
			value: 'canonical',
			description: 'Items from the Clio or Actionstep nodes (kind, client, firmCodes, codes, narrative)',
		},
		{
			name: 'Custom Fields',
			value: 'fields',
			description: 'Any item shape: name the fields to read and write',
		},
	],
	default: 'canonical',
	displayOptions: { show: { operation: [operation] } },
});

/** A text field-path parameter shown for the custom shape of one operation. */
export const fieldPath = (
	operation: string,
	displayName: string,
	name: string,
	def: string,
	description: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: def,
	placeholder: def === '' ? 'e.g. phase' : `e.g. ${def}`,
	description,
	displayOptions: { show: { operation: [operation], inputShape: ['fields'] } },
});

export const additionalCodeSets: INodeProperties = {
	displayName: 'Additional Code Sets',
	name: 'additionalCodeSets',
	type: 'json',
	default: '[]',
	description:
		'JSON array of code sets to add to the shipped ones, or to replace the shipped set of the same identifier (e.g. a complete bankruptcy table). Each set has an identifier, a name, a kind (task, activity or expense) and its codes; see docs/nodes/utbms.md of the package documentation.',
};

export const taskSets = (operation: string): INodeProperties => ({
	displayName: 'Task Code Sets Names or IDs',
	name: 'taskSets',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getTaskSets' },
	default: [],
	description:
		'The task code sets the client accepts; empty accepts any. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	displayOptions: { show: { operation: [operation] } },
});
