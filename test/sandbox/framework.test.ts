import { rawBody, type VendorName } from '../../sandbox/context';
import type { Sandbox } from '../../sandbox';
import type { VendorModule } from '../../sandbox/vendors';
import { client, sandbox } from './helpers';

/**
 * A tiny vendor module used to exercise the framework alone: client-credentials OAuth, a
 * protected endpoint, an endpoint that echoes the raw body, and one that records to the
 * inspection log.
 */
const probe: VendorModule<{ hits: number }> = {
	name: 'brightflag' as VendorName,
	prefix: '/probe',
	title: 'Probe',
	create(ctx) {
		const oauth = ctx.createOAuth({
			title: 'Probe',
			clients: [{ clientId: 'probe-client', clientSecret: 'probe-secret' }],
			grants: ['client_credentials', 'authorization_code', 'refresh_token'],
			accessTokenTtlSeconds: 3600,
			tokenResponseExtra: () => ({ api_endpoint: `${ctx.vendorUrl()}/api/` }),
		});
		const state = { hits: 0 };
		return {
			state,
			mount(router) {
				router.post('/oauth/token', ...oauth.tokenHandler());
				router.use('/oauth/authorize', oauth.authorizeRouter());
				router.get('/api/ping', oauth.bearer(), (_req, res) => {
					state.hits++;
					res.json({ ok: true, now: ctx.nowIso() });
				});
				router.post('/api/echo', (req, res) => {
					ctx.log.record('echo', { length: rawBody(req)?.length ?? 0 });
					res.type('text/plain').send(rawBody(req)?.toString('utf8') ?? '');
				});
			},
			reset() {
				state.hits = 0;
			},
			errorBody: (status, message) => ({ status, message }),
			describe: (url) => ({ urls: { api: `${url}/probe/api` }, clientId: 'probe-client', clientSecret: 'probe-secret' }),
		};
	},
};

describe('sandbox framework', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'fw', modules: [probe as VendorModule<unknown>] });
	});
	afterAll(async () => {
		await sb.close();
	});
	const token = async () => {
		const r = await client(sb.url).post('/probe/oauth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: 'probe-client', client_secret: 'probe-secret' }));
		expect(r.status).toBe(200);
		return r.data as { access_token: string; expires_in: number; api_endpoint: string; refresh_token?: string };
	};

	it('serves one port with a prefix per vendor and an admin overview', async () => {
		const r = await client(sb.url).get('/_admin');
		expect(r.status).toBe(200);
		expect(r.data.seed).toBe('fw');
		expect(r.data.vendors.brightflag.urls.api).toBe(`${sb.url}/probe/api`);
		const unknown = await client(sb.url).get('/nowhere');
		expect(unknown.status).toBe(404);
		const vendor404 = await client(sb.url).get('/probe/api/unknown');
		expect(vendor404.status).toBe(404);
		expect(vendor404.data).toEqual({ status: 404, message: 'No route for GET /probe/api/unknown' });
	});

	it('client_credentials grant issues a bearer token with vendor extras; bad secret is invalid_client', async () => {
		const t = await token();
		expect(t.access_token).toMatch(/^brightflag_at_/);
		expect(t.expires_in).toBe(3600);
		expect(t.refresh_token).toBeUndefined();
		expect(t.api_endpoint).toBe(`${sb.url}/probe/api/`);
		const ok = await client(sb.url, { Authorization: `Bearer ${t.access_token}` }).get('/probe/api/ping');
		expect(ok.status).toBe(200);
		const bad = await client(sb.url).post('/probe/oauth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: 'probe-client', client_secret: 'nope' }));
		expect(bad.status).toBe(401);
		expect(bad.data.error).toBe('invalid_client');
		const basic = await client(sb.url, { Authorization: `Basic ${Buffer.from('probe-client:probe-secret').toString('base64')}` }).post('/probe/oauth/token', new URLSearchParams({ grant_type: 'client_credentials' }));
		expect(basic.status).toBe(200);
		const grant = await client(sb.url).post('/probe/oauth/token', new URLSearchParams({ grant_type: 'password', client_id: 'probe-client', client_secret: 'probe-secret' }));
		expect(grant.status).toBe(400);
		expect(grant.data.error).toBe('unsupported_grant_type');
	});

	it('token expiry follows the sandbox clock; admin can revoke and expire tokens', async () => {
		const t = await token();
		const api = client(sb.url, { Authorization: `Bearer ${t.access_token}` });
		expect((await api.get('/probe/api/ping')).status).toBe(200);
		sb.clock.advance(3601 * 1000);
		const expired = await api.get('/probe/api/ping');
		expect(expired.status).toBe(401);
		expect(expired.data.error_description).toMatch(/expired/);
		const t2 = await token();
		const revoke = await client(sb.url).post('/_admin/tokens/revoke', { vendor: 'brightflag', token: t2.access_token });
		expect(revoke.data).toEqual({ revoked: true });
		const revoked = await client(sb.url, { Authorization: `Bearer ${t2.access_token}` }).get('/probe/api/ping');
		expect(revoked.status).toBe(401);
		expect(revoked.data.error_description).toMatch(/revoked/);
		const issued = await client(sb.url).post('/_admin/tokens', { vendor: 'brightflag', ttlSeconds: 5 });
		expect(issued.status).toBe(201);
		expect(issued.data.expires_in).toBe(5);
	});

	it('the clock moves through the admin API and the Date header follows it', async () => {
		const set = await client(sb.url).post('/_admin/clock', { set: '2027-01-01T00:00:00Z' });
		expect(Date.parse(set.data.now)).toBeGreaterThanOrEqual(Date.parse('2027-01-01T00:00:00Z'));
		const adv = await client(sb.url).post('/_admin/clock', { advanceSeconds: 86400 });
		expect(Date.parse(adv.data.now)).toBeGreaterThanOrEqual(Date.parse('2027-01-02T00:00:00Z'));
		expect(Date.parse(adv.data.now)).toBeLessThan(Date.parse('2027-01-02T00:01:00Z'));
		const t = await token();
		const ping = await client(sb.url, { Authorization: `Bearer ${t.access_token}` }).get('/probe/api/ping');
		expect(ping.data.now.slice(0, 10)).toBe('2027-01-02');
		expect(new Date(ping.headers.date as string).toISOString().slice(0, 10)).toBe('2027-01-02');
		expect((await client(sb.url).post('/_admin/clock', { set: 'not a date' })).status).toBe(400);
	});

	it('keeps the raw body and records to the inspection log', async () => {
		const text = '{"a":  1,\n "b":[2]}';
		const r = await client(sb.url, { 'content-type': 'application/json' }).post('/probe/api/echo', text, { transformRequest: (d) => d, transformResponse: (d) => d });
		expect(r.data).toBe(text);
		const log = await client(sb.url).get('/_admin/brightflag/received', { params: { kind: 'echo' } });
		expect(log.data.data).toEqual([expect.objectContaining({ kind: 'echo', vendor: 'brightflag', length: text.length })]);
		await client(sb.url).delete('/_admin/brightflag/received');
		expect((await client(sb.url).get('/_admin/brightflag/received')).data.data).toEqual([]);
	});

	it('authorization code: consent page, redirect with code and state, refresh grant, deny', async () => {
		const http = client(sb.url);
		const q = { client_id: 'probe-client', response_type: 'code', redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback', state: 's-1' };
		const page = await http.get('/probe/oauth/authorize', { params: q });
		expect(page.status).toBe(200);
		expect(page.data).toContain('id="allow"');
		const qs = new URLSearchParams(q).toString();
		const allow = await http.post(`/probe/oauth/authorize?${qs}`, 'decision=allow', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(allow.status).toBe(302);
		const loc = new URL(allow.headers.location as string);
		expect(loc.origin + loc.pathname).toBe(q.redirect_uri);
		expect(loc.searchParams.get('state')).toBe('s-1');
		const code = loc.searchParams.get('code') as string;
		const form = { grant_type: 'authorization_code', code, redirect_uri: q.redirect_uri, client_id: 'probe-client', client_secret: 'probe-secret' };
		const t = await http.post('/probe/oauth/token', new URLSearchParams(form));
		expect(t.status).toBe(200);
		expect(t.data.refresh_token).toBeDefined();
		const again = await http.post('/probe/oauth/token', new URLSearchParams(form));
		expect(again.data.error).toBe('invalid_grant');
		const refreshed = await http.post('/probe/oauth/token', new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.data.refresh_token, client_id: 'probe-client', client_secret: 'probe-secret' }));
		expect(refreshed.status).toBe(200);
		expect(refreshed.data.access_token).not.toBe(t.data.access_token);
		expect((await client(sb.url, { Authorization: `Bearer ${refreshed.data.access_token}` }).get('/probe/api/ping')).status).toBe(200);
		const deny = await http.post(`/probe/oauth/authorize?${qs}`, 'decision=deny', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(new URL(deny.headers.location as string).searchParams.get('error')).toBe('access_denied');
		const badClient = await http.get('/probe/oauth/authorize', { params: { ...q, client_id: 'nobody' } });
		expect(badClient.status).toBe(400);
	});
});

describe('sandbox fault injection', () => {
	let sb: Sandbox;
	let bearer: Record<string, string>;
	beforeEach(async () => {
		sb = await sandbox({ seed: 'faults', modules: [probe as VendorModule<unknown>] });
		const t = sb.issueToken('brightflag' as VendorName);
		bearer = { Authorization: `Bearer ${t.access_token}` };
	});
	afterEach(async () => {
		await sb.close();
	});

	it('a script gives exact outcomes in order: 503, 429 with Retry-After, malformed body, dropped connection, then ok', async () => {
		sb.setFaults('brightflag' as VendorName, { script: [503, 429, 'malformed', 'drop', 'ok'], retryAfterSeconds: 7 });
		const api = client(sb.url, bearer);
		const r1 = await api.get('/probe/api/ping');
		expect(r1.status).toBe(503);
		expect(r1.data).toEqual({ status: 503, message: 'Injected fault 503' });
		const r2 = await api.get('/probe/api/ping');
		expect(r2.status).toBe(429);
		expect(r2.headers['retry-after']).toBe('7');
		const r3 = await api.get('/probe/api/ping', { responseType: 'text', transformResponse: (d) => d });
		expect(r3.status).toBe(200);
		expect(() => JSON.parse(r3.data as string)).toThrow();
		await expect(api.get('/probe/api/ping')).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await api.get('/probe/api/ping')).data.ok).toBe(true);
		// OAuth paths are exempt unless includeOAuth
		sb.setFaults('brightflag' as VendorName, { errorRate: 1 });
		const tok = await client(sb.url).post('/probe/oauth/token', new URLSearchParams({ grant_type: 'client_credentials', client_id: 'probe-client', client_secret: 'probe-secret' }));
		expect(tok.status).toBe(200);
	});

	it('random faults are deterministic under a seed: two sandboxes give the same sequence', async () => {
		const run = async (s: Sandbox) => {
			s.setFaults('brightflag' as VendorName, { errorRate: 0.3, rateLimitBurstRate: 0.1, rateLimitBurstLength: 2, retryAfterFormat: 'http-date' });
			const api = client(s.url, { Authorization: `Bearer ${s.issueToken('brightflag' as VendorName).access_token}` });
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await api.get('/probe/api/ping')).status);
			return statuses;
		};
		const other = await sandbox({ seed: 'faults', modules: [probe as VendorModule<unknown>] });
		try {
			const a = await run(sb);
			const b = await run(other);
			expect(a).toEqual(b);
			expect(a.filter((s) => s >= 500).length).toBeGreaterThan(3);
			expect(a.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
			expect(a.filter((s) => s === 200).length).toBeGreaterThan(15);
			const faults = await client(sb.url).get('/_admin/faults');
			expect(faults.data.brightflag.stats.requests).toBe(40);
		} finally {
			await other.close();
		}
		const differentSeed = await sandbox({ seed: 'faults-2', modules: [probe as VendorModule<unknown>] });
		try {
			expect(await run(differentSeed)).not.toEqual(await run(sb));
		} finally {
			await differentSeed.close();
		}
	});

	it('429 bursts carry Retry-After as an HTTP date when asked', async () => {
		sb.setFaults('brightflag' as VendorName, { rateLimitBurstRate: 1, rateLimitBurstLength: 3, retryAfterSeconds: 30, retryAfterFormat: 'http-date' });
		const r = await client(sb.url, bearer).get('/probe/api/ping');
		expect(r.status).toBe(429);
		const when = Date.parse(r.headers['retry-after'] as string);
		expect(when - sb.clock.nowMs()).toBeGreaterThan(28_000);
		expect(when - sb.clock.nowMs()).toBeLessThan(31_000);
	});

	it('latency, expired and revoked tokens; set through POST /_admin/faults with validation', async () => {
		const admin = client(sb.url);
		expect((await admin.post('/_admin/faults', { vendor: 'brightflag', faults: { errorRate: 2 } })).status).toBe(400);
		expect((await admin.post('/_admin/faults', { vendor: 'brightflag', faults: { nonsense: true } })).status).toBe(400);
		expect((await admin.post('/_admin/faults', { vendor: 'nobody', faults: {} })).status).toBe(400);
		expect((await admin.post('/_admin/faults', { vendor: 'brightflag', faults: { latencyMs: 150 } })).status).toBe(200);
		const t0 = Date.now();
		expect((await client(sb.url, bearer).get('/probe/api/ping')).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		await admin.post('/_admin/faults', { brightflag: { expiredTokens: true } });
		const exp = await client(sb.url, bearer).get('/probe/api/ping');
		expect(exp.status).toBe(401);
		expect(exp.data.error_description).toMatch(/expired/);
		await admin.post('/_admin/faults', { brightflag: { revokedTokens: true } });
		expect((await client(sb.url, bearer).get('/probe/api/ping')).data.error_description).toMatch(/revoked/);
		await admin.delete('/_admin/faults');
		expect((await client(sb.url, bearer).get('/probe/api/ping')).status).toBe(200);
	});

	it('faults can be set at start; unknown vendors are refused', async () => {
		const s = await sandbox({ seed: 'x', modules: [probe as VendorModule<unknown>], faults: { brightflag: { script: [502] } } });
		try {
			const r = await client(s.url, { Authorization: `Bearer ${s.issueToken('brightflag' as VendorName).access_token}` }).get('/probe/api/ping');
			expect(r.status).toBe(502);
		} finally {
			await s.close();
		}
		await expect(sandbox({ modules: [probe as VendorModule<unknown>], faults: { clio: { errorRate: 0.1 } } })).rejects.toThrow(/unknown vendor "clio"/);
	});

	it('faults can be limited to some paths', async () => {
		sb.setFaults('brightflag' as VendorName, { errorRate: 1, paths: ['^/api/echo$'] });
		const api = client(sb.url, bearer);
		expect((await api.get('/probe/api/ping')).status).toBe(200);
		expect((await api.post('/probe/api/echo', 'x', { headers: { 'content-type': 'text/plain' } })).status).toBeGreaterThanOrEqual(500);
		expect(() => sb.setFaults('brightflag' as VendorName, { paths: ['('] })).toThrow(/not a regular expression/);
	});

	it('reset restores state, clears tokens and faults', async () => {
		const api = client(sb.url, bearer);
		await api.get('/probe/api/ping');
		expect((sb.state as Record<string, { hits: number }>).brightflag.hits).toBe(1);
		sb.setFaults('brightflag' as VendorName, { errorRate: 1 });
		expect((await client(sb.url).post('/_admin/reset')).status).toBe(200);
		expect((sb.state as Record<string, { hits: number }>).brightflag.hits).toBe(0);
		expect((await api.get('/probe/api/ping')).status).toBe(401);
	});
});
