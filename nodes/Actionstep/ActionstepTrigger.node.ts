import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { flattenRecord } from './helpers/jsonapi';
import { actionstepGetMany, actionstepRequest } from './transport';

export const ACTIONSTEP_EVENTS = [
	'ActionCreated',
	'ActionUpdated',
	'BillCreated',
	'BillUpdated',
	'DataCollectionRecordValueCreated',
	'DataCollectionRecordValueUpdated',
	'ParticipantCreated',
	'ParticipantUpdated',
	'TaskCreated',
	'TaskUpdated',
	'TimeEntryCreated',
	'TimeEntryDeleted',
	'TimeEntryUpdated',
];

const RESOURCE_OF: Record<string, string> = {
	Action: 'actions',
	Bill: 'bills',
	DataCollectionRecordValue: 'datacollectionrecordvalues',
	Participant: 'participants',
	Task: 'tasks',
	TimeEntry: 'timeentries',
};

/** The hook URL carries the event name, since Actionstep's callback body is only the resource. */
function targetUrl(base: string, event: string): string {
	return `${base}${base.includes('?') ? '&' : '?'}event=${encodeURIComponent(event)}`;
}

export class ActionstepTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Actionstep Trigger',
		name: 'actionstepTrigger',
		icon: { light: 'file:actionstep.svg', dark: 'file:actionstep.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description: 'Starts the workflow on Actionstep resthook events (matters, time entries, bills, tasks, custom fields)',
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
				description: 'One resthook is created per event on activation and deleted on deactivation',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const ids = (data.hookIds as string[] | undefined) ?? [];
				if (ids.length === 0) return false;
				const base = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				const res = await actionstepGetMany.call(this, 'resthooks', {});
				const live = res.records.filter((h) => ids.includes(String(h.id)));
				const complete = events.every((e) => live.some((h) => h.eventName === e && h.targetUrl === targetUrl(base, e)));
				if (!complete) {
					delete data.hookIds;
					return false;
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const base = this.getNodeWebhookUrl('default') as string;
				const events = this.getNodeParameter('events', []) as string[];
				if (events.length === 0) throw new NodeOperationError(this.getNode(), 'Choose at least one event');
				const ids: string[] = [];
				for (const eventName of events) {
					const res = await actionstepRequest.call(this, 'POST', 'resthooks', { body: { resthooks: { eventName, targetUrl: targetUrl(base, eventName) } } });
					ids.push(String((res.resthooks as IDataObject).id));
				}
				this.getWorkflowStaticData('node').hookIds = ids;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const ids = (data.hookIds as string[] | undefined) ?? [];
				for (const id of ids) {
					try {
						await actionstepRequest.call(this, 'DELETE', `resthooks/${id}`);
					} catch (error) {
						// already gone (e.g. Actionstep removed it after a 401): nothing left to delete
						if (!/\(404\)/.test((error as Error).message)) return false;
					}
				}
				delete data.hookIds;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData() as IDataObject;
		const event = String((this.getQueryData() as IDataObject).event ?? '');
		const prefix = /^(.*?)(Created|Updated|Deleted)$/.exec(event)?.[1] ?? '';
		const resource = RESOURCE_OF[prefix] ?? Object.keys(body).find((k) => k !== 'links' && k !== 'linked' && k !== 'meta') ?? '';
		const raw = body[resource];
		const records = (Array.isArray(raw) ? raw : raw ? [raw] : []) as IDataObject[];
		if (records.length === 0) return { workflowData: [[{ json: { event, body } }]] };
		return {
			workflowData: [records.map((r) => ({ json: { event, resource, ...flattenRecord(resource, r) } }))],
		};
	}
}
