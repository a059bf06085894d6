/**
 * Shared setup of the Clio tests: a sandbox, credentials pointing at it (custom base URL), and
 * shortcuts to run the Clio node / trigger through n8n's real execution engine.
 */
import axios, { type AxiosInstance } from 'axios';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { ClioOAuth2Api } from '../../credentials/ClioOAuth2Api.credentials';
import { Clio } from '../../nodes/Clio/Clio.node';
import { ClioTrigger } from '../../nodes/Clio/ClioTrigger.node';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { pollOnce, runNode, type RunResult } from '../helpers/n8n';

export const CLIO_TYPE = 'n8n-nodes-legal-billing.clio';
export const CLIO_TRIGGER_TYPE = 'n8n-nodes-legal-billing.clioTrigger';

export async function clioSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return await startSandbox({ port: 0, seed: 'clio-tests', vendors: ['clio'], ...options });
}

/** Someone working in Clio: an API client with a fresh sandbox token on every request (the sandbox clock may move by weeks). */
export function clioUserApi(sb: Sandbox): AxiosInstance {
	const api = axios.create({ baseURL: `${sb.url}/clio/api/v4` });
	api.interceptors.request.use((config) => {
		config.headers.set('Authorization', `Bearer ${sb.issueToken('clio').access_token}`);
		return config;
	});
	return api;
}

export function clioCredentials(sb: Sandbox, token = sb.issueToken('clio')): ICredentialDataDecryptedObject {
	return {
		region: 'custom',
		customBaseUrl: `${sb.url}/clio`,
		apiVersion: '4.0.9',
		grantType: 'authorizationCode',
		authUrl: `${sb.url}/clio/oauth/authorize`,
		accessTokenUrl: `${sb.url}/clio/oauth/token`,
		clientId: 'sandbox-clio-client',
		clientSecret: 'sandbox-clio-secret',
		scope: '',
		authQueryParameters: '',
		authentication: 'body',
		oauthTokenData: token as unknown as IDataObject,
	};
}

export async function runClio(
	sb: Sandbox,
	parameters: INodeParameters,
	opts: { items?: IDataObject[]; continueOnFail?: boolean; credentials?: ICredentialDataDecryptedObject; typeVersion?: number } = {},
): Promise<RunResult> {
	return await runNode({
		typeVersion: opts.typeVersion,
		nodeTypes: { [CLIO_TYPE]: new Clio() },
		type: CLIO_TYPE,
		parameters,
		items: opts.items?.map((json) => ({ json })),
		continueOnFail: opts.continueOnFail,
		credentials: { clioOAuth2Api: opts.credentials ?? clioCredentials(sb) },
		credentialTypes: [new ClioOAuth2Api()],
	});
}

/** Runs the node and fails the test with the node's own error when it threw. */
export async function clioJson(sb: Sandbox, parameters: INodeParameters, opts: Parameters<typeof runClio>[2] = {}): Promise<IDataObject[]> {
	const r = await runClio(sb, parameters, opts);
	if (r.error) throw new Error(`node failed: ${r.error.message} ${r.error.description ?? ''}`);
	return r.outputs[0].map((i) => i.json);
}

export async function pollClio(sb: Sandbox, parameters: INodeParameters, staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger', credentials?: ICredentialDataDecryptedObject) {
	return await pollOnce({
		nodeTypes: { [CLIO_TRIGGER_TYPE]: new ClioTrigger() },
		type: CLIO_TRIGGER_TYPE,
		parameters,
		staticData,
		mode,
		credentials: { clioOAuth2Api: credentials ?? clioCredentials(sb) },
		credentialTypes: [new ClioOAuth2Api()],
	});
}

/** Resolves a credential's hidden URL expression the way n8n does, against the credential's own fields ($self). */
export function resolveCredentialExpression(template: string, self: IDataObject): string {
	return template.slice(1).replace(/\{\{([\s\S]+?)\}\}/g, (_m, js: string) => String(new Function('$self', `return (${js});`)(self)));
}
