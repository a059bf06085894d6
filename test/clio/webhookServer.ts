/**
 * Plays n8n's webhook server for the Clio Trigger tests: a real HTTP endpoint whose requests are
 * handed to the node's webhook() in n8n-core's WebhookContext (raw body kept as n8n does), and
 * n8n-core's HookContext for checkExists/create/delete. Activation order is n8n's: checkExists,
 * then create when it answers false.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeParameters, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { ClioOAuth2Api } from '../../credentials/ClioOAuth2Api.credentials';
import { ClioTrigger } from '../../nodes/Clio/ClioTrigger.node';
import type { Sandbox } from '../../sandbox';
import { singleNodeWorkflow } from '../helpers/n8n';
import { CLIO_TRIGGER_TYPE, clioCredentials } from './helpers';

export interface Received {
	status: number;
	items: INodeExecutionData[];
}

export class TriggerHost {
	server!: Server;
	url!: string;
	/** every request the node answered, in order */
	received: Received[] = [];
	/** n8n registers a webhook route only after the node's create() returned: until then, 404 */
	registered = true;
	readonly trigger = new ClioTrigger();
	readonly env: ReturnType<typeof singleNodeWorkflow>;

	constructor(
		readonly sb: Sandbox,
		parameters: INodeParameters,
	) {
		this.env = singleNodeWorkflow({
			nodeTypes: { [CLIO_TRIGGER_TYPE]: this.trigger },
			type: CLIO_TRIGGER_TYPE,
			parameters,
			credentials: { clioOAuth2Api: clioCredentials(sb) },
			credentialTypes: [new ClioOAuth2Api()],
		});
	}

	get staticData(): IDataObject {
		return this.env.workflow.getStaticData('node', this.env.node) as IDataObject;
	}

	async start(): Promise<void> {
		const app = express();
		app.use(express.raw({ type: '*/*', limit: '5mb' }));
		app.post('/webhook/*path', async (req, res) => {
			if (!this.registered) {
				res.status(404).json({ message: 'The requested webhook is not registered.' });
				this.received.push({ status: 404, items: [] });
				return;
			}
			const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
			(req as unknown as { rawBody: Buffer }).rawBody = raw;
			try {
				req.body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
			} catch {
				req.body = {};
			}
			const additionalData = { ...this.env.additionalData, httpRequest: req, httpResponse: res } as IWorkflowExecuteAdditionalData;
			const ctx = new WebhookContext(this.env.workflow, this.env.node, additionalData, 'webhook', this.webhookData(), [], null);
			try {
				const out = await this.trigger.webhook.call(ctx);
				const items = out.workflowData?.[0] ?? [];
				if (!out.noWebhookResponse) res.status(200).json({ message: 'Workflow was started' });
				this.received.push({ status: res.statusCode, items });
			} catch (error) {
				res.status(500).json({ error: (error as Error).message });
				this.received.push({ status: 500, items: [] });
			}
		});
		this.server = await new Promise<Server>((resolve) => {
			const s = app.listen(0, '127.0.0.1', () => resolve(s));
		});
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		this.env.additionalData.webhookBaseUrl = `${this.url}/webhook`;
	}

	webhookData(): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.env.node.name,
			path: 'webhook',
			webhookDescription: this.trigger.description.webhooks![0],
			workflowId: this.env.workflow.id,
			workflowExecuteAdditionalData: this.env.additionalData,
		} as IWebhookData;
	}

	hook(activation: 'activate' | 'init' = 'activate') {
		return new HookContext(this.env.workflow, this.env.node, this.env.additionalData, 'trigger', activation, this.webhookData());
	}

	/** n8n's activation: checkExists, then create when it does not exist. */
	async activate(activation: 'activate' | 'init' = 'activate'): Promise<boolean> {
		const m = this.trigger.webhookMethods.default;
		const ctx = this.hook(activation);
		if (await m.checkExists.call(ctx)) return false;
		this.registered = false;
		try {
			await m.create.call(ctx);
		} finally {
			this.registered = true;
		}
		return true;
	}

	async deactivate(): Promise<boolean> {
		return await this.trigger.webhookMethods.default.delete.call(this.hook());
	}

	/** The schedule tick n8n runs for the node (webhook mode: expiry watch only). */
	async tick() {
		const ctx = new PollContext(this.env.workflow, this.env.node, this.env.additionalData, 'trigger', 'activate');
		return await this.trigger.poll.call(ctx);
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
