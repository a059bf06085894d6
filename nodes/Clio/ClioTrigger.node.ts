import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { clioTriggerProperties } from './trigger/description';
import { pollChanges } from './trigger/poller';
import { receiveDelivery, webhookMethods } from './trigger/webhook';

export {
	CLIO_WEBHOOK_MAX_LIFETIME_MS,
	LIFETIME_MARGIN_MS,
	REPLAY_MAX_ENTRIES,
	REPLAY_WINDOW_MS,
	clioNowEstimate,
	isReplay,
	rememberDelivery,
	renewWebhookIfDue,
	validClioSignature,
	type RenewOptions,
} from './trigger/webhook';

/**
 * Clio Trigger: description (trigger/description.ts), webhook lifecycle and deliveries
 * (trigger/webhook.ts), poller (trigger/poller.ts), what both emit (trigger/records.ts).
 */
export class ClioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clio Trigger',
		name: 'clioTrigger',
		icon: { light: 'file:clio.svg', dark: 'file:clio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "polling" ? "poll " + $parameter["resource"] : $parameter["model"] + ": " + $parameter["events"].join(", ")}}',
		description: 'Starts the workflow when records change in Clio Manage (signed webhooks kept alive, or polling)',
		defaults: { name: 'Clio Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clioOAuth2Api', required: true }],
		// Both modes live in one node: webhooks are only subscribed in webhook mode, polls only read in polling mode
		// (in webhook mode the poll tick is used to keep the subscription from lapsing, without HTTP unless due).
		polling: true,
		webhooks: [
			{
				name: 'default',
				// No method in polling mode: n8n then registers no webhook at all (nothing to listen to, and a
				// manual test run polls instead of waiting for a delivery).
				httpMethod: '={{$parameter["mode"] === "polling" ? "" : "POST"}}',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{$parameter["mode"] === "polling"}}',
				ndvHideMethod: true,
			},
		],
		properties: clioTriggerProperties,
	};

	webhookMethods = webhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChanges.call(this);
	}
}
