import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { flattenRecord } from './helpers/jsonapi';
import { actionstepGet, actionstepGetMany, actionstepRequest } from './transport';

/**
 * The REST hook events Actionstep accepts (https://docs.actionstep.com/webhooks; the 21 names of
 * shared/vendor-specs/actionstep/resthook-events.json) and the resource each is about. There are no
 * bill events and no deletes of matters, time entries or tasks: find those by polling.
 */
export const ACTIONSTEP_EVENT_RESOURCES: Record<string, string> = {
	ActionCreated: 'actions',
	ActionUpdated: 'actions',
	ActionDocumentCreated: 'actiondocuments',
	ActionDocumentUpdated: 'actiondocuments',
	ActionDocumentDeleted: 'actiondocuments',
	ActionParticipantAdded: 'actionparticipants',
	ActionParticipantDeleted: 'actionparticipants',
	DataCollectionRecordUpdated: 'datacollectionrecords',
	DataCollectionRecordDeleted: 'datacollectionrecords',
	DataCollectionRecordValueUpdated: 'datacollectionrecordvalues',
	DisbursementCreated: 'disbursements',
	DisbursementUpdated: 'disbursements',
	FileNoteCreated: 'filenotes',
	FileNoteUpdated: 'filenotes',
	ParticipantCreated: 'participants',
	ParticipantUpdated: 'participants',
	StepChanged: 'actions',
	TaskCreated: 'tasks',
	TaskUpdated: 'tasks',
	TimeEntryCreated: 'timeentries',
	TimeEntryUpdated: 'timeentries',
};
export const ACTIONSTEP_EVENTS = Object.keys(ACTIONSTEP_EVENT_RESOURCES);

/** Events whose record cannot be read back (deleted, or a resource with no documented GET). */
const POINTER_ONLY = /Deleted$|^ActionDocument/;

interface StoredHook {
	id: string;
	event: string;
	/** random, in the callback URL: Actionstep documents no signature, so the URL is the secret */
	secret: string;
}

/** The callback URL of one hook: the n8n webhook URL + its own secret. */
function targetUrl(base: string, secret: string): string {
	return `${base}${base.includes('?') ? '&' : '?'}hook=${secret}`;
}

/** Constant-time: equal lengths through a digest, then timingSafeEqual. */
function sameSecret(given: string, stored: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(stored, 'utf8').digest();
	return timingSafeEqual(a, b) && given.length === stored.length;
}

/** Record ids named by a callback body: version A `{data:{id}}`, version B `{<resource>: record | [records]}` (facts.md §6). */
function idsOf(body: IDataObject, resource: string): string[] {
	const ids: string[] = [];
	const data = body.data as IDataObject | IDataObject[] | undefined;
	for (const d of Array.isArray(data) ? data : data ? [data] : []) if (d && d.id !== undefined && d.id !== null) ids.push(String(d.id));
	const raw = body[resource] as IDataObject | IDataObject[] | undefined;
	for (const r of Array.isArray(raw) ? raw : raw ? [raw] : []) if (r && r.id !== undefined && r.id !== null) ids.push(String(r.id));
	return [...new Set(ids)].filter((id) => /^[\w-]{1,100}$/.test(id)).slice(0, 200);
}

function storedHooks(data: IDataObject): StoredHook[] {
	return Array.isArray(data.hooks) ? (data.hooks as unknown as StoredHook[]) : [];
}

export class ActionstepTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Actionstep Trigger',
		name: 'actionstepTrigger',
		icon: { light: 'file:actionstep.svg', dark: 'file:actionstep.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on Actionstep REST hook events (matters, time entries, tasks, custom fields, participants, file notes…)',
		defaults: { name: 'Actionstep Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'actionstepOAuth2Api', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: ACTIONSTEP_EVENTS.map((e) => ({ name: e.replace(/([a-z])([A-Z])/g, '$1 $2'), value: e })),
				default: ['TimeEntryCreated'],
				description:
					'One REST hook per event, created on activation and deleted on deactivation. Actionstep has no bill events and no time-entry, task or matter delete events: poll for those.',
			},
		],
	};

	webhookMethods = {
		default: {
			/** Every subscribed event has a live, Active hook with our URL; a Disabled or missing one is re-created. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const hooks = storedHooks(data);
				if (hooks.length === 0) return false;
				const base = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				const res = await actionstepGetMany.call(this, 'resthooks', {});
				const live = new Map(res.records.map((h) => [String(h.id), h]));
				const healthy = (h: StoredHook) => {
					const l = live.get(h.id);
					// Actionstep disables a hook after any non-200 answer (facts.md §6): such a hook is dead
					return !!l && l.eventName === h.event && l.targetUrl === targetUrl(base, h.secret) && (l.status === undefined || l.status === 'Active');
				};
				const complete = events.length === hooks.length && events.every((e) => hooks.some((h) => h.event === e && healthy(h)));
				if (complete) return true;
				// clear out what is left of the old set (Disabled hooks still count against the org) before re-creating
				for (const h of hooks) {
					if (!live.has(h.id)) continue;
					try {
						await actionstepRequest.call(this, 'DELETE', `resthooks/${h.id}`);
					} catch (error) {
						// best effort: a hook that cannot be deleted now is harmless (its secret is forgotten)
						this.logger.warn(`Actionstep Trigger: could not delete old resthook ${h.id}: ${(error as Error).message}`);
					}
				}
				delete data.hooks;
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const base = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				if (events.length === 0) throw new NodeOperationError(this.getNode(), 'Choose at least one event');
				const unknown = events.filter((e) => !ACTIONSTEP_EVENT_RESOURCES[e]);
				if (unknown.length) throw new NodeOperationError(this.getNode(), `Actionstep has no REST hook event ${unknown.join(', ')}`, { description: `Events: ${ACTIONSTEP_EVENTS.join(', ')}` });
				const hooks: StoredHook[] = [];
				const data = this.getWorkflowStaticData('node');
				for (const event of events) {
					const secret = randomBytes(24).toString('hex');
					const res = await actionstepRequest.call(this, 'POST', 'resthooks', { body: { resthooks: { eventName: event, targetUrl: targetUrl(base, secret) } } });
					hooks.push({ id: String((res.resthooks as IDataObject).id), event, secret });
					data.hooks = hooks as unknown as IDataObject[];
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				for (const h of storedHooks(data)) {
					try {
						await actionstepRequest.call(this, 'DELETE', `resthooks/${h.id}`);
					} catch (error) {
						// already gone (e.g. Actionstep removed it after a 401): nothing left to delete
						if (!/\(404\)/.test((error as Error).message)) return false;
					}
				}
				delete data.hooks;
				return true;
			},
		},
	};

	/**
	 * A callback is accepted only with the secret of one of our hooks, for an event still subscribed.
	 * The body is only a pointer: each record is read again through the API, so a forged or stale
	 * body cannot inject data. Refusals answer 403 (never 401: Actionstep deletes a hook on 401).
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const query = this.getQueryData() as IDataObject;
		const given = typeof query.hook === 'string' ? query.hook : '';
		const hooks = storedHooks(this.getWorkflowStaticData('node'));
		let hook: StoredHook | undefined;
		for (const h of hooks) if (given && sameSecret(given, h.secret)) hook = h;
		const events = this.getNodeParameter('events', []) as string[];
		if (!hook) {
			res.status(403).json({ error: 'unknown hook' });
			return { noWebhookResponse: true };
		}
		if (!events.includes(hook.event)) {
			res.status(403).json({ error: `event ${hook.event} is not subscribed` });
			return { noWebhookResponse: true };
		}
		const event = hook.event;
		const resource = ACTIONSTEP_EVENT_RESOURCES[event];
		const body = (this.getBodyData() ?? {}) as IDataObject;
		const ids = idsOf(body, resource);
		if (ids.length === 0) {
			// Actionstep disables a hook that answers anything but 200: acknowledge, start nothing
			res.status(200).json({ ignored: 'no record id in the body' });
			return { noWebhookResponse: true };
		}
		if (POINTER_ONLY.test(event)) {
			return { workflowData: [ids.map((id) => ({ json: { event, resource, id, verified: false } }))] };
		}
		let records: IDataObject[];
		try {
			records = (await actionstepGet.call(this, resource, ids.join(','), {})).records;
		} catch (error) {
			if (/\(404\)/.test((error as Error).message)) {
				res.status(200).json({ ignored: `${resource} ${ids.join(',')} not found` });
				return { noWebhookResponse: true };
			}
			// the record could not be read now: pass the pointer on rather than lose the event
			return { workflowData: [ids.map((id) => ({ json: { event, resource, id, verified: false, error: (error as Error).message } }))] };
		}
		if (records.length === 0) {
			res.status(200).json({ ignored: 'no record' });
			return { noWebhookResponse: true };
		}
		return { workflowData: [records.map((r) => ({ json: { event, resource, verified: true, ...flattenRecord(resource, r) } }))] };
	}
}
