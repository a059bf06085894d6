import type { INodeProperties } from 'n8n-workflow';

export { returnAllAndLimit } from '../../shared/descriptions';

export const resolveLinked: INodeProperties = {
	displayName: 'Resolve Linked Records',
	name: 'resolveLinked',
	type: 'boolean',
	default: false,
	description: 'Whether to include the linked records (matter, participants, …) in each item instead of only their IDs',
};

/** A task's status (tasks.yaml also has Hidden and Deleted, which the node does not set or filter on). */
export const taskStatus: INodeProperties = {
	displayName: 'Status',
	name: 'status',
	type: 'options',
	options: [
		{ name: 'Complete', value: 'Complete' },
		{ name: 'Incomplete', value: 'Incomplete' },
	],
	default: 'Incomplete',
};

export function idField(displayName: string, name: string, description?: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', ...(description ? { description } : {}) };
}
