/** The triggers' optional "plan actions with a rejection map" step (shared by the Brightflag and Legal Tracker triggers). */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { defaultRejectionMap, parseRejectionMap, planReconciliation, RejectionMapError, type RejectionMap, type RejectionReason } from '../../lib/reconcile';

export const rejectionMapOptions: INodeProperties[] = [
	{
		displayName: 'Plan Actions With Rejection Map',
		name: 'planActions',
		type: 'boolean',
		default: false,
		description: 'Whether to add "plan": the practice-management actions (set status, write custom field, create task, notify) the rejection map gives for the reasons',
	},
	{
		displayName: 'Rejection Map (JSON)',
		name: 'rejectionMap',
		type: 'json',
		default: '',
		description: 'A rejection map (see docs/rejection-map.md in the package documentation); empty: the built-in table for the common reason codes',
	},
];

export function loadRejectionMap(this: IPollFunctions, json: unknown): RejectionMap {
	if (json === undefined || json === null || (typeof json === 'string' && json.trim() === '')) return defaultRejectionMap();
	let map: RejectionMap | undefined;
	let problem: RejectionMapError | Error | undefined;
	try {
		map = parseRejectionMap(json);
	} catch (e) {
		problem = e as Error;
	}
	if (!map) {
		throw new NodeOperationError(this.getNode(), `Rejection Map: ${problem?.message ?? 'invalid'}`, {
			description: problem instanceof RejectionMapError ? problem.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('\n') : undefined,
		});
	}
	return map;
}

export function planFor(map: RejectionMap, reasons: RejectionReason[]): IDataObject {
	const plan = planReconciliation(map, reasons);
	return { actions: plan.actions as unknown as IDataObject[], resolved: plan.resolved.map((r) => ({ ruleId: r.ruleId, code: r.reason.code ?? null, lineItemNumber: r.reason.lineItemNumber ?? null })) };
}
