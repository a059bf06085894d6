import axios from 'axios';
import { ActionstepOAuth2Api } from '../../credentials/ActionstepOAuth2Api.credentials';
import { BrightflagOAuth2Api } from '../../credentials/BrightflagOAuth2Api.credentials';
import { LegalTrackerOAuth2Api } from '../../credentials/LegalTrackerOAuth2Api.credentials';
import { startSandbox, type Sandbox } from '../../sandbox';
import { LT_COMPANY_ID } from '../../sandbox/vendors/legaltracker';
import { evaluateCredentialExpression as ev } from './support';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-creds', size: 100 });
});
afterAll(async () => {
	await sb.close();
});

const prop = (c: { properties: Array<{ name: string; default: unknown }> }, name: string) => String(c.properties.find((p) => p.name === name)!.default);

describe('Brightflag credential', () => {
	const c = new BrightflagOAuth2Api();
	it('is OAuth2 client credentials with region, environment and custom URL', () => {
		expect(c.extends).toEqual(['oAuth2Api']);
		expect(prop(c, 'grantType')).toBe('clientCredentials');
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ region: 'us', environment: 'production' }, 'https://app.brightflag.com'],
			[{ region: 'eu', environment: 'production' }, 'https://enterprise.brightflag.com'],
			[{ region: 'au', environment: 'production' }, 'https://aus.brightflag.com'],
			[{ region: 'us', environment: 'test' }, 'https://app-test.brightflag.com'],
			[{ region: 'eu', environment: 'test' }, 'https://enterprise-test.brightflag.com'],
			[{ region: 'au', environment: 'test' }, 'https://aus-test.brightflag.com'],
			[{ region: 'custom', customBaseUrl: `${sb.url}/brightflag/` }, `${sb.url}/brightflag`],
		];
		for (const [self, base] of cases) {
			expect(ev(prop(c, 'accessTokenUrl'), self)).toBe(`${base}/oauth/token`);
			expect(ev(String(c.test.request.baseURL), self)).toBe(base);
		}
	});
	it('its test request succeeds against the sandbox with a client-credentials token', async () => {
		const self = { region: 'custom', customBaseUrl: `${sb.url}/brightflag` };
		const token = await axios.post(ev(prop(c, 'accessTokenUrl'), self), new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-brightflag-client', client_secret: 'sandbox-brightflag-secret' }));
		const r = await axios.get(`${ev(String(c.test.request.baseURL), self)}${c.test.request.url}`, { params: c.test.request.qs, headers: { Authorization: `Bearer ${token.data.access_token}` } });
		expect(r.status).toBe(200);
		expect(r.data.invoiceSummaries).toHaveLength(1);
	});
});

describe('Legal Tracker credential', () => {
	const c = new LegalTrackerOAuth2Api();
	it('is OAuth2 client credentials with Company-ID, regional hosts and custom URL', () => {
		expect(prop(c, 'grantType')).toBe('clientCredentials');
		// the official spec's servers (vendor-specs/legaltracker/facts.md:28): AU is .com.au
		for (const host of ['com', 'com.au', 'co.uk', 'ca', 'de']) {
			expect(ev(String(c.test.request.baseURL), { host })).toBe(`https://api.thomsonreuters.${host}/legal-tracker/billing-api/v1`);
		}
		expect(c.properties.find((p) => p.name === 'host')!.options!.map((o) => (o as { value: string }).value)).not.toContain('au');
		// the token URL is a field: default TR's identity service (candidate B, facts.md:40, 42), alternatives named
		const tokenUrl = c.properties.find((p) => p.name === 'tokenUrl')!;
		expect(tokenUrl.default).toBe('https://auth.thomsonreuters.com/oauth/token');
		expect(tokenUrl.description).toContain('/onepass/oauth2/token');
		expect(tokenUrl.description).toContain('https://api.thomsonreuters.com/auth/oauth2/token');
		const defaults = Object.fromEntries(c.properties.map((p) => [p.name, p.default]));
		expect(ev(prop(c, 'accessTokenUrl'), { ...defaults, host: 'com.au' })).toBe('https://auth.thomsonreuters.com/oauth/token');
		expect(ev(prop(c, 'accessTokenUrl'), { ...defaults, host: 'co.uk', tokenUrl: 'https://api.thomsonreuters.co.uk/onepass/oauth2/token' })).toBe('https://api.thomsonreuters.co.uk/onepass/oauth2/token');
		expect(ev(prop(c, 'accessTokenUrl'), { host: 'custom', customBaseUrl: `${sb.url}/legaltracker` })).toBe(`${sb.url}/legaltracker/oauth/token`);
		expect(ev(prop(c, 'additionalBodyProperties'), { ...defaults, host: 'com' })).toBe('{"audience":"506f6a92-4fd1-43c1-bf18-4e3735ea55aa"}');
		expect(ev(prop(c, 'additionalBodyProperties'), { ...defaults, host: 'com', audience: '' })).toBe('{}');
		expect(ev(prop(c, 'authentication'), { ...defaults, host: 'com' })).toBe('header');
		expect(ev(prop(c, 'authentication'), { ...defaults, host: 'custom' })).toBe('body');
		expect(c.properties.find((p) => p.name === 'companyId')!.required).toBe(true);
	});
	it('its test request (matters with $select and the Company-ID header) succeeds against the sandbox', async () => {
		const self = { host: 'custom', customBaseUrl: `${sb.url}/legaltracker`, companyId: LT_COMPANY_ID };
		const token = sb.issueToken('legaltracker').access_token;
		const headers = Object.fromEntries(Object.entries(c.test.request.headers as Record<string, string>).map(([k, v]) => [k, ev(v, self)]));
		const r = await axios.get(`${ev(String(c.test.request.baseURL), self)}${c.test.request.url}`, { params: c.test.request.qs, headers: { ...headers, Authorization: `Bearer ${token}` } });
		expect(r.status).toBe(200);
		expect(Object.keys(r.data.value[0])).toEqual(['id']);
	});
});

describe('Actionstep credential', () => {
	const c = new ActionstepOAuth2Api();
	it('is OAuth2 authorization code with scopes, production/staging/custom URLs', () => {
		expect(prop(c, 'grantType')).toBe('authorizationCode');
		expect(prop(c, 'scope')).toContain('timeentries');
		expect(ev(prop(c, 'authUrl'), { environment: 'production' })).toBe('https://go.actionstep.com/api/oauth/authorize');
		expect(ev(prop(c, 'accessTokenUrl'), { environment: 'production' })).toBe('https://api.actionstep.com/api/oauth/token');
		expect(ev(prop(c, 'authUrl'), { environment: 'staging' })).toBe('https://go.actionstepstaging.com/api/oauth/authorize');
		expect(ev(prop(c, 'accessTokenUrl'), { environment: 'staging' })).toBe('https://api.actionstepstaging.com/api/oauth/token');
		expect(ev(prop(c, 'accessTokenUrl'), { environment: 'custom', customOAuthBaseUrl: `${sb.url}/actionstep/` })).toBe(`${sb.url}/actionstep/api/oauth/token`);
	});
	it('takes the API base from the token response (api_endpoint) unless overridden; its test request succeeds', async () => {
		const token = sb.issueToken('actionstep', { scope: 'participants' });
		const base = ev(String(c.test.request.baseURL), { oauthTokenData: token, apiEndpointOverride: '' });
		expect(base).toBe(`${sb.url}/actionstep/api/`);
		expect(ev(String(c.test.request.baseURL), { oauthTokenData: token, apiEndpointOverride: 'https://x.example/api' })).toBe('https://x.example/api/');
		const r = await axios.get(`${base}${c.test.request.url}`, { params: c.test.request.qs, headers: { ...(c.test.request.headers as Record<string, string>), Authorization: `Bearer ${token.access_token}` } });
		expect(r.headers['content-type']).toMatch(/application\/vnd\.api\+json/);
		// one record: Actionstep answers an object, not an array (facts §2)
		expect([r.data.participants].flat()).toHaveLength(1);
	});
});
