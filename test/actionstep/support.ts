/** Actionstep test support: sandbox credentials (token from the sandbox, api_endpoint in the token data) and a resthook receiver. */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { HookContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { ActionstepOAuth2Api } from '../../credentials/ActionstepOAuth2Api.credentials';
import { ActionstepTrigger } from '../../nodes/Actionstep/ActionstepTrigger.node';
import type { Sandbox } from '../../sandbox';
import { singleNodeWorkflow } from '../helpers/n8n';

export const TRIGGER_TYPE = 'n8n-nodes-legal-billing.actionstepTrigger';

export function actionstepCredentials(sb: Sandbox, tokenData?: IDataObject) {
	return {
		environment: 'custom',
		customOAuthBaseUrl: `${sb.url}/actionstep`,
		apiEndpointOverride: '',
		grantType: 'authorizationCode',
		authUrl: `${sb.url}/actionstep/api/oauth/authorize`,
		accessTokenUrl: `${sb.url}/actionstep/api/oauth/token`,
		clientId: 'sandbox-actionstep-client',
		clientSecret: 'sandbox-actionstep-secret',
		scope: 'actions timeentries',
		authentication: 'body',
		oauthTokenData: tokenData ?? (sb.issueToken('actionstep', { scope: 'actions timeentries' }) as unknown as IDataObject),
	};
}

/**
 * Stands in for n8n's webhook server: the Actionstep simulator calls this HTTP endpoint, each call
 * is handed to the trigger's webhook() in n8n-core's WebhookContext; activation/deactivation run in
 * n8n-core's HookContext.
 */
export class ResthookReceiver {
	readonly trigger = new ActionstepTrigger();
	readonly env: ReturnType<typeof singleNodeWorkflow>;
	readonly items: INodeExecutionData[][] = [];
	/** the HTTP status of every callback answered */
	readonly answers: number[] = [];
	private server?: Server;

	constructor(sb: Sandbox, events: string[]) {
		this.env = singleNodeWorkflow({
			nodeTypes: { [TRIGGER_TYPE]: this.trigger },
			type: TRIGGER_TYPE,
			parameters: { events },
			credentials: { actionstepOAuth2Api: actionstepCredentials(sb) },
			credentialTypes: [new ActionstepOAuth2Api()],
		});
	}

	private webhookData(): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.env.node.name,
			path: 'webhook',
			webhookDescription: this.trigger.description.webhooks![0],
			workflowId: this.env.workflow.id,
			workflowExecuteAdditionalData: this.env.additionalData,
		} as IWebhookData;
	}

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const url = new URL(req.url ?? '/', 'http://x');
				const text = Buffer.concat(chunks).toString('utf8');
				let body: unknown = {};
				try {
					body = JSON.parse(text || '{}');
				} catch {
					body = text;
				}
				const httpRequest = { body, query: Object.fromEntries(url.searchParams), headers: req.headers };
				// the bits of express's response the trigger uses
				const httpResponse = {
					status(code: number) {
						res.statusCode = code;
						return httpResponse;
					},
					json(value: unknown) {
						res.setHeader('Content-Type', 'application/json');
						res.end(JSON.stringify(value));
						return httpResponse;
					},
					end: () => res.end(),
				};
				const additionalData = { ...this.env.additionalData, httpRequest, httpResponse } as unknown as IWorkflowExecuteAdditionalData;
				const ctx = new WebhookContext(this.env.workflow, this.env.node, additionalData, 'webhook', this.webhookData(), [], null);
				this.trigger.webhook
					.call(ctx)
					.then((out) => {
						this.answers.push(out.noWebhookResponse ? res.statusCode : 200);
						if (out.noWebhookResponse) return;
						this.items.push(out.workflowData?.[0] ?? []);
						res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
					})
					.catch((e: Error) => res.writeHead(500).end(e.message));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
		this.env.additionalData.webhookBaseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
	}

	hook(): HookContext {
		return new HookContext(this.env.workflow, this.env.node, this.env.additionalData, 'trigger', 'activate', this.webhookData());
	}

	get staticData(): IDataObject {
		return this.env.workflow.getStaticData('node', this.env.node) as IDataObject;
	}

	/** The receiver's own URL (the n8n webhook URL stand-in). */
	get url(): string {
		return String(this.env.additionalData.webhookBaseUrl);
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}
