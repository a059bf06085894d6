import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { hubRouter, parseClientRules } from '../../../../lib/ledger';

const properties: INodeProperties[] = [
	{
		displayName: 'Client Rules',
		name: 'clients',
		type: 'json',
		default: '{\n  "*": { "platform": "none", "guidelines": "corporate" }\n}',
		required: true,
		description: 'Per LEDES client ID (* for every other client): platform (legalTracker, brightflag, none) and guidelines (the rule set)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['entry'], operation: ['route'] } }, properties);

const routers = new WeakMap<IExecuteFunctions, ReturnType<typeof hubRouter>>();

/** One canonical entry → the same entry with `hub: { platform, guidelines, source, duplicateOf }`; a non-billable entry is left out. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	let route = routers.get(this);
	if (!route) {
		try {
			route = hubRouter(parseClientRules(this.getNodeParameter('clients', 0)));
		} catch (e) {
			throw new NodeOperationError(this.getNode(), `"Client Rules": ${(e as Error).message}`, { itemIndex: i });
		}
		routers.set(this, route);
	}
	const entry = this.getInputData()[i].json;
	const hub = route(entry);
	return hub ? [{ json: { ...entry, hub: { ...hub } } }] : [];
}
