import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { advanceChangeCursor, type ChangeCursorState } from '../../lib/reconcile/cursor';
import type { RejectionReason } from '../../lib/reconcile/types';
import { toIsoInstant } from '../shared/time';
import { loadRejectionMap, planFor, rejectionMapOptions } from '../shared/rejectionMap';
import { brightflagApiRequest, brightflagPaged } from './transport';

/** Reasons of a Brightflag invoice detail in the rejection map's shape. */
export function brightflagReasons(detail: IDataObject): RejectionReason[] {
	const out: RejectionReason[] = [];
	const invoiceNumber = detail.invoiceNumber === undefined ? undefined : String(detail.invoiceNumber);
	const invoiceId = detail.invoiceID === undefined ? undefined : String(detail.invoiceID);
	for (const r of (detail.rejectionReasons as IDataObject[] | undefined) ?? []) {
		out.push({
			platform: 'brightflag',
			kind: 'rejection',
			code: r.code === undefined ? undefined : String(r.code),
			reason: r.message === undefined ? (r.reason === undefined ? undefined : String(r.reason)) : String(r.message),
			...(r.comment ? { comment: String(r.comment) } : {}),
			...(invoiceId ? { invoiceId } : {}),
			...(invoiceNumber ? { invoiceNumber } : {}),
			...(r.lineItemNumber !== undefined && r.lineItemNumber !== null ? { lineItemNumber: r.lineItemNumber as number } : {}),
			...(r.amount !== undefined && r.amount !== null ? { amount: String(r.amount) } : {}),
		});
	}
	return out;
}

export class BrightflagTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Brightflag Trigger',
		name: 'brightflagTrigger',
		icon: { light: 'file:brightflag.svg', dark: 'file:brightflag.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Invoice status changed',
		description: 'Starts the workflow when a Brightflag invoice changes status (e.g. approved, rejected), with its rejection reasons',
		defaults: { name: 'Brightflag Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brightflagOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'string',
				default: '',
				placeholder: 'REJECTED, APPROVED',
				description:
					"Only emit invoices that changed to one of these statuses (comma-separated; statuses are configured per Brightflag customer). Empty: every status change.",
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
					{
						displayName: 'Include Line Items',
						name: 'includeLineItems',
						type: 'boolean',
						default: false,
						description: 'Whether to include the invoice line items with their flags',
					},
					...rejectionMapOptions,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const data = this.getWorkflowStaticData('node');
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const wanted = String(this.getNodeParameter('statuses', '') ?? '')
			.split(',')
			.map((s) => s.trim().toUpperCase())
			.filter(Boolean);
		let state = data.cursor as ChangeCursorState | undefined;
		const manual = this.getMode() === 'manual';
		if (!state) {
			const start = toIsoInstant(options.startFrom);
			if (start) state = { since: start, seenAtSince: [] };
			else if (manual) state = { since: new Date(Date.now() - 30 * 86_400_000).toISOString(), seenAtSince: [] };
			else {
				data.cursor = { since: new Date().toISOString(), seenAtSince: [] } satisfies ChangeCursorState;
				return null;
			}
		}
		const fetchChanges = async (since: string) =>
			(await brightflagPaged.call(this, '/api/v1/invoice-summary', { invoiceStatusChangeStartDate: since, includePreviousDrafts: 'false' }, {})).map((s) => {
				const at = (s.invoiceStatusChangeDate ?? s.statusChangeDate ?? s.lastStatusChangeDate) as string | undefined;
				if (!at) {
					throw new NodeOperationError(this.getNode(), `Brightflag invoice ${String(s.invoiceID)} has no status-change date`, {
						description: 'The trigger needs invoiceStatusChangeDate on each invoice summary to poll without gaps.',
					});
				}
				return { record: s, at, key: `${String(s.invoiceID)}:${String(s.invoiceStatus)}:${at}` };
			});
		const matches = (c: { record: IDataObject }) => wanted.length === 0 || wanted.includes(String(c.record.invoiceStatus).toUpperCase());
		// the cursor moves only past what is delivered: committed once every item is built (a failed
		// detail read leaves it where it was, so the next poll sees the same changes)
		const { emit, state: next } = advanceChangeCursor(state, await fetchChanges(state.since));
		let selected = emit.filter(matches);
		if (manual) {
			// "Fetch test event": the latest matching changes, or else the latest one of the past year
			if (selected.length === 0) selected = (await fetchChanges(new Date(Date.now() - 365 * 86_400_000).toISOString())).filter(matches).slice(-1);
			selected = selected.slice(-10);
		}
		if (selected.length === 0) {
			data.cursor = next;
			return null;
		}
		const map = options.planActions ? loadRejectionMap.call(this, options.rejectionMap) : undefined;
		const out: INodeExecutionData[] = [];
		for (const c of selected) {
			const detail = await brightflagApiRequest.call(this, 'GET', `/api/v1/invoice/${encodeURIComponent(String(c.record.invoiceID))}`);
			const { lineItems, ...rest } = detail;
			const json: IDataObject = {
				...c.record,
				...rest,
				invoiceStatusChangeDate: c.at,
				rejectionReasons: (detail.rejectionReasons as IDataObject[] | undefined) ?? [],
				reasons: brightflagReasons(detail) as unknown as IDataObject[],
			};
			if (options.includeLineItems) json.lineItems = lineItems as IDataObject[];
			if (map) json.plan = planFor(map, brightflagReasons(detail));
			out.push({ json });
		}
		data.cursor = next;
		return [out];
	}
}
