/**
 * The credential's authorization-code flow end to end, the way n8n runs it: n8n's own OAuth2
 * client (@n8n/client-oauth2) with the credential's computed authorize/token URLs and body
 * authentication, the sandbox's consent page, then the node using the token it got.
 */
import axios from 'axios';
import { ClientOAuth2 } from '@n8n/client-oauth2';
import type { IDataObject } from 'n8n-workflow';
import { ClioOAuth2Api } from '../../credentials/ClioOAuth2Api.credentials';
import type { Sandbox } from '../../sandbox';
import { clioCredentials, clioJson, clioSandbox, resolveCredentialExpression as resolve } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await clioSandbox({ size: 20 });
});
afterAll(async () => {
	await sb.close();
});


it('authorizes with the region-computed URLs and the node works with the token', async () => {
	const cred = new ClioOAuth2Api();
	const prop = (n: string) => String(cred.properties.find((p) => p.name === n)!.default);
	const self = { region: 'custom', customBaseUrl: `${sb.url}/clio` };
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';
	const client = new ClientOAuth2({
		clientId: 'sandbox-clio-client',
		clientSecret: 'sandbox-clio-secret',
		authorizationUri: resolve(prop('authUrl'), self),
		accessTokenUri: resolve(prop('accessTokenUrl'), self),
		authentication: prop('authentication') as 'body',
		redirectUri,
		scopes: [],
		state: 'n8n-state-1',
	});
	const authorizeUrl = client.code.getUri();
	expect(authorizeUrl.startsWith(`${sb.url}/clio/oauth/authorize?`)).toBe(true);
	// the consent page, then "Allow access"
	const page = await axios.get(authorizeUrl);
	expect(page.data).toContain('Allow access');
	const q = Object.fromEntries(new URL(authorizeUrl).searchParams);
	const decision = await axios.post(authorizeUrl, new URLSearchParams({ ...q, decision: 'allow' }).toString(), {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		maxRedirects: 0,
		validateStatus: (s) => s === 302,
	});
	const callback = String(decision.headers.location);
	expect(callback.startsWith(redirectUri)).toBe(true);
	expect(new URL(callback).searchParams.get('state')).toBe('n8n-state-1');
	const token = await client.code.getToken(callback);
	expect(token.data.access_token).toBeTruthy();
	expect(token.data.refresh_token).toBeTruthy();

	const me = await clioJson(sb, { resource: 'user', operation: 'whoAmI', options: {} }, { credentials: { ...clioCredentials(sb), oauthTokenData: token.data as IDataObject } });
	expect(me[0].id).toBe(sb.state.clio.users.all()[0].id);
});
