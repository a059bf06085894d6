/**
 * The Clio Trigger's polling mode (and, in webhook mode, the schedule tick that keeps the
 * subscription alive): changes since the shared poll cursor (nodes/shared/pollCursor.ts).
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';
import { advancePollCursor, changeStamp, pollFrom } from '../../shared/pollCursor';
import { clioApiRequestAllItems, clioApiRequestFull } from '../transport';
import { defaultFields, isoSeconds, option, outputRecords } from './records';
import { renewWebhookIfDue } from './webhook';

const ORDERABLE_BY_UPDATED_AT = new Set(['activity', 'matter']);

export const POLL_RESOURCES: Record<string, string> = {
	activity: '/activities.json',
	bill: '/bills.json',
	contact: '/contacts.json',
	matter: '/matters.json',
};

interface PollStatic extends IDataObject {
	resource?: string;
	cursor?: string;
	/** id → "updated_at|etag" of records at or after cursor − overlap, already emitted */
	seen?: Record<string, string>;
}

/** One poll: the changes since the cursor, each once (null when there are none). */
export async function pollChanges(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const mode = this.getNodeParameter('mode') as string;
	if (mode !== 'polling') {
		// Webhook mode: the schedule only keeps the webhook from lapsing during quiet periods.
		try {
			await renewWebhookIfDue.call(this);
		} catch (error) {
			this.logger.warn(`Clio Trigger: webhook renewal check failed: ${(error as Error).message}`);
		}
		return null;
	}
	const resource = this.getNodeParameter('resource') as string;
	const endpoint = POLL_RESOURCES[resource];
	if (!endpoint) throw new NodeOperationError(this.getNode(), `Polling is not available for "${resource}"`);
	const fields = ensureFields(String(option(this, 'fields', '')).replace(/\s+/g, '') || defaultFields(resource));
	const sd = this.getWorkflowStaticData('node') as PollStatic;
	if (sd.resource !== resource) {
		delete sd.cursor;
		delete sd.seen;
		sd.resource = resource;
	}

	// Clio documents order=updated_at for activities and matters only; elsewhere the newest record by id.
	const byUpdate = ORDERABLE_BY_UPDATED_AT.has(resource);
	const latest = async (): Promise<{ record?: IDataObject; serverNow?: string }> => {
		const res = await clioApiRequestFull.call(this, 'GET', endpoint, { qs: { fields, order: byUpdate ? 'updated_at(desc)' : 'id(desc)', limit: 1 } });
		const body = res.body as IDataObject;
		const record = (Array.isArray(body.data) ? (body.data as IDataObject[]) : [])[0];
		const date = Date.parse(res.headers.date ?? '');
		return { record, serverNow: Number.isFinite(date) ? isoSeconds(date) : undefined };
	};

	if (this.getMode() === 'manual') {
		const { record: r } = await latest();
		return r ? [this.helpers.returnJsonArray(await outputRecords.call(this, resource, [r]))] : null;
	}

	const overlapMs = Number(option(this, 'overlapSeconds', 60)) * 1000;
	if (!sd.cursor) {
		// First poll after activation: start from the newest change Clio has (Clio's clock, not ours),
		// and count everything inside the overlap window before it as already seen.
		const { record, serverNow } = await latest();
		// without an updated_at order, the baseline is Clio's own "now" (its Date header)
		const r = byUpdate ? record : undefined;
		sd.cursor = (r?.updated_at as string) ?? (byUpdate ? undefined : serverNow) ?? '1970-01-01T00:00:00Z';
		const seen: Record<string, string> = {};
		if (r || !byUpdate) {
			const from = pollFrom(sd.cursor, overlapMs);
			for (const x of await clioApiRequestAllItems.call(this, endpoint, { fields: 'id,etag,updated_at', updated_since: from })) seen[String(x.id)] = stamp(x);
			if (r) seen[String(r.id)] = stamp(r);
		}
		sd.seen = seen;
		return null;
	}

	const records = await clioApiRequestAllItems.call(this, endpoint, { fields, updated_since: pollFrom(sd.cursor, overlapMs) });
	// nothing in static data changes until the items are built: a failed read or output leaves the
	// cursor where it was, so the next poll reads the same changes again (the cursor only moves
	// past what was delivered). Same-second changes in id order.
	const changes = [...records]
		.sort((a, b) => Number(a.id) - Number(b.id))
		.map((r) => ({ record: r, id: String(r.id), at: String(r.updated_at), version: String(r.etag ?? '') }));
	const { emit, state } = advancePollCursor({ since: sd.cursor, seen: sd.seen ?? {} }, changes, overlapMs);
	const out = emit.length ? await outputRecords.call(this, resource, emit.map((c) => c.record)) : [];
	sd.seen = state.seen;
	sd.cursor = state.since;
	return out.length ? [this.helpers.returnJsonArray(out)] : null;
}

/** The poller needs id, etag and updated_at whatever fields the user chose. */
function ensureFields(fields: string): string {
	const top = new Set(fields.replace(/\{[^}]*\}/g, '').split(',').filter(Boolean));
	const add = ['id', 'etag', 'updated_at'].filter((f) => !top.has(f));
	return add.length ? `${add.join(',')},${fields}` : fields;
}

function stamp(r: IDataObject): string {
	return changeStamp(String(r.updated_at), String(r.etag ?? ''));
}
