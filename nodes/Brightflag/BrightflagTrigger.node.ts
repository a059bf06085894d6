import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { RejectionReason } from '../../lib/reconcile/types';
import { pollStatusChanges } from '../shared/statusTrigger';
import { loadRejectionMap, planFor, rejectionMapOptions } from '../shared/rejectionMap';
import { brightflagApiRequest, brightflagPaged, listOf } from './transport';

/** The reason code the trigger gives a rejection it knows only by its status (documented API). */
export const STATUS_ONLY_REJECTION = 'INVOICE_REJECTED';

/**
 * The rejection of an invoice known only from its summary (the documented API gives the status,
 * not the reviewer's reasons): one reason that names the status.
 */
export function statusOnlyReason(summary: IDataObject): RejectionReason {
	return {
		platform: 'brightflag',
		kind: 'rejection',
		code: STATUS_ONLY_REJECTION,
		reason: `status ${String(summary.invoiceStatus)}; the reviewer's reasons are in Brightflag`,
		...(summary.invoiceID !== undefined ? { invoiceId: String(summary.invoiceID) } : {}),
		...(summary.invoiceNumber !== undefined ? { invoiceNumber: String(summary.invoiceNumber) } : {}),
	};
}

/** Reasons of a Brightflag invoice detail (unverified endpoint) in the rejection map's shape. */
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
		description: 'Starts the workflow when a Brightflag invoice changes status (e.g. approved, rejected), from the documented invoice summaries',
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
						displayName: 'Include AP Batch',
						name: 'includeApBatch',
						type: 'boolean',
						default: false,
						description:
							'Whether to add apBatchID, apBatchCreated and customerBatchID when the invoice is in an AP batch created since its status change (the approved-for-payment evidence: AP batches and their invoice IDs)',
					},
					{
						displayName: 'Include Line Items',
						name: 'includeLineItems',
						type: 'boolean',
						default: false,
						hint: 'Unverified: needs "Read Reasons From Invoice Detail (Unverified Endpoint)"; ignored without it',
						description: 'Whether to include the invoice line items with their flags',
					},
					{
						displayName: 'Read Reasons From Invoice Detail (Unverified Endpoint)',
						name: 'useUnverifiedDetail',
						type: 'boolean',
						default: false,
						hint: 'Unverified: GET /api/v1/invoice/{id} is in no public Brightflag source (docs/vendor-fidelity.md). Off: rejections carry their status only.',
						description: "Whether to read each invoice's rejection reasons and line flags from the single-invoice endpoint",
					},
					{
						displayName: 'Rejected Statuses',
						name: 'rejectedStatuses',
						type: 'string',
						default: 'REJECTED, DECLINED',
						description:
							'Statuses that mean "rejected" for your Brightflag customers (comma-separated; configured per customer). An invoice that changes to one of them gets a rejection reason naming its status.',
					},
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
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const wanted = String(this.getNodeParameter('statuses', '') ?? '')
			.split(',')
			.map((s) => s.trim().toUpperCase())
			.filter(Boolean);
		const fetchChanges = async (since: string) =>
			(await brightflagPaged.call(this, '/api/v1/invoice-summary', { invoiceStatusChangeStartDate: since, includePreviousDrafts: 'false' }, {})).map((s) => {
				const at = s.invoiceStatusChangeTimestamp as string | undefined;
				if (!at) {
					throw new NodeOperationError(this.getNode(), `Brightflag invoice ${String(s.invoiceID)} has no status-change timestamp`, {
						description: 'The trigger needs invoiceStatusChangeTimestamp on each invoice summary to poll without gaps.',
					});
				}
				return { record: s, at, key: `${String(s.invoiceID)}:${String(s.invoiceStatus)}:${at}` };
			});
		const matches = (c: { record: IDataObject }) => wanted.length === 0 || wanted.includes(String(c.record.invoiceStatus).toUpperCase());
		// the cursor moves only past what is delivered: committed once every item is built (a failed
		// detail or AP-batch read leaves it where it was, so the next poll sees the same changes)
		const polled = await pollStatusChanges.call(this, { startFrom: options.startFrom, fetch: fetchChanges, matches });
		if (!polled) return null;
		const { selected, commit } = polled;
		const map = options.planActions ? loadRejectionMap.call(this, options.rejectionMap) : undefined;
		const rejectedStatuses = String(options.rejectedStatuses ?? 'REJECTED, DECLINED')
			.split(',')
			.map((x) => x.trim().toUpperCase())
			.filter(Boolean);
		const batches = options.includeApBatch ? await apBatchesOf.call(this, selected.map((c) => c.at)) : undefined;
		const out: INodeExecutionData[] = [];
		for (const c of selected) {
			let json: IDataObject;
			let reasons: RejectionReason[];
			if (options.useUnverifiedDetail) {
				const detail = await brightflagApiRequest.call(this, 'GET', `/api/v1/invoice/${encodeURIComponent(String(c.record.invoiceID))}`);
				const { lineItems, ...rest } = detail;
				reasons = brightflagReasons(detail);
				json = { ...c.record, ...rest, rejectionReasons: (detail.rejectionReasons as IDataObject[] | undefined) ?? [] };
				if (options.includeLineItems) json.lineItems = lineItems as IDataObject[];
			} else {
				reasons = rejectedStatuses.includes(String(c.record.invoiceStatus).toUpperCase()) ? [statusOnlyReason(c.record)] : [];
				json = { ...c.record };
			}
			json.invoiceStatusChangeTimestamp = c.at;
			json.reasons = reasons as unknown as IDataObject[];
			const batch = batches?.get(String(c.record.invoiceID));
			if (batches) Object.assign(json, { apBatchID: batch?.batchID ?? null, apBatchCreated: batch?.batchCreated ?? null, customerBatchID: batch?.customerBatchID ?? null });
			if (map) json.plan = planFor(map, reasons);
			out.push({ json });
		}
		commit();
		return [out];
	}
}

/**
 * invoiceID → the AP batch holding it, among the batches created from the earliest change to now
 * (getAPBatchesByDateRange, then getBatchInvoices per batch: vendor-specs/brightflag/facts.md:42-43).
 */
async function apBatchesOf(this: IPollFunctions, changes: string[]): Promise<Map<string, IDataObject>> {
	const from = Math.min(...changes.map((c) => Date.parse(c)).filter(Number.isFinite));
	const byInvoice = new Map<string, IDataObject>();
	if (!Number.isFinite(from)) return byInvoice;
	const list = listOf(await brightflagApiRequest.call(this, 'GET', `/api/ap-batch/v1/${from}/${Math.max(Date.now(), from) + 366 * 86_400_000}`));
	for (const b of list) {
		const dto = await brightflagApiRequest.call(this, 'GET', `/api/ap-batch/v1/batch/${encodeURIComponent(String(b.batchID))}/invoices`);
		for (const inv of listOf(dto)) if (inv.invoiceID !== undefined) byInvoice.set(String(inv.invoiceID), b);
	}
	return byInvoice;
}
