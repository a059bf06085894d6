import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { RejectionReason } from '../../lib/reconcile/types';
import { loadRejectionMap, planFor, rejectionMapOptions } from '../shared/rejectionMap';
import { pollStatusChanges } from '../shared/statusTrigger';
import { legalTrackerPaged } from './transport';

/** A Legal Tracker invoice's rejection and line adjustments in the rejection map's shape. */
export function legalTrackerReasons(invoice: IDataObject): RejectionReason[] {
	const out: RejectionReason[] = [];
	const base = {
		platform: 'legalTracker',
		...(invoice.id !== undefined ? { invoiceId: String(invoice.id) } : {}),
		...(invoice.invoiceNumber !== undefined ? { invoiceNumber: String(invoice.invoiceNumber) } : {}),
	};
	const status = String(invoice.status ?? '').toLowerCase();
	if ((status === 'rejected' || status === 'disputed') && (invoice.statusReason || invoice.statusReasonCode)) {
		out.push({
			...base,
			kind: 'rejection',
			...(invoice.statusReasonCode ? { code: String(invoice.statusReasonCode) } : {}),
			...(invoice.statusReason ? { reason: String(invoice.statusReason) } : {}),
			...(invoice.statusComment ? { comment: String(invoice.statusComment) } : {}),
		});
	}
	for (const a of (invoice.adjustments as IDataObject[] | undefined) ?? []) {
		out.push({
			...base,
			kind: 'adjustment',
			...(a.reasonCode ? { code: String(a.reasonCode) } : {}),
			...(a.reason ? { reason: String(a.reason) } : {}),
			...(a.comment ? { comment: String(a.comment) } : {}),
			// a string in Legal Tracker's adjustments (facts.md:63): a number here when it is one
			...(a.lineItemNumber !== undefined && a.lineItemNumber !== null && a.lineItemNumber !== '' ? { lineItemNumber: /^\d+$/.test(String(a.lineItemNumber)) ? Number(a.lineItemNumber) : String(a.lineItemNumber) } : {}),
			...(a.amount !== undefined && a.amount !== null ? { amount: String(a.amount) } : {}),
		});
	}
	return out;
}

export class LegalTrackerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Legal Tracker Trigger',
		name: 'legalTrackerTrigger',
		icon: { light: 'file:legalTracker.svg', dark: 'file:legalTracker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Invoice status changed',
		description: 'Starts the workflow when a Legal Tracker invoice is approved, rejected or disputed, with adjustments and reasons',
		defaults: { name: 'Legal Tracker Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'legalTrackerOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{ name: 'Approved', value: 'approved' },
					{ name: 'Disputed', value: 'disputed' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Rejected', value: 'rejected' },
				],
				default: ['approved', 'rejected', 'disputed'],
				description: 'Emit invoices whose status changed to one of these',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description: 'On the first poll, emit changes since this time (UTC unless a zone is given). Empty: start from activation.',
					},
					...rejectionMapOptions,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const wanted = (this.getNodeParameter('statuses', []) as string[]).map((s) => s.toLowerCase());
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const fetchChanges = async (since: string) =>
			(await legalTrackerPaged.call(this, '/invoices', { $filter: `statusDate ge ${since}`, $orderby: 'statusDate asc', $expand: 'adjustments' }, { pageSize: 200 })).map((inv) => {
				const at = inv.statusDate as string | undefined;
				if (!at) throw new NodeOperationError(this.getNode(), `Legal Tracker invoice ${String(inv.id)} has no statusDate`);
				return { record: inv, at, key: `${String(inv.id)}:${String(inv.status)}:${at}` };
			});
		const matches = (c: { record: IDataObject }) => wanted.length === 0 || wanted.includes(String(c.record.status).toLowerCase());
		// the cursor moves only past what is delivered: committed once the items are built
		const polled = await pollStatusChanges.call(this, { startFrom: options.startFrom, fetch: fetchChanges, matches });
		if (!polled) return null;
		const { selected, commit } = polled;
		const map = options.planActions ? loadRejectionMap.call(this, options.rejectionMap) : undefined;
		const out = selected.map((c) => {
			const reasons = legalTrackerReasons(c.record);
			return { json: { ...c.record, reasons: reasons as unknown as IDataObject[], ...(map ? { plan: planFor(map, reasons) } : {}) } };
		});
		commit();
		return [out];
	}
}
