/** Conformance of the Actionstep simulator (issue 3), over real HTTP with axios. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosRequestConfig } from 'axios';
import { startSandbox, type Sandbox } from '../../index';
import type { ActionstepState } from './state';

let sb: Sandbox;
let rest: string;
let token: string;
const as = () => sb.state.actionstep as ActionstepState;
const JSONAPI = 'application/vnd.api+json';
const auth = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}`, Accept: JSONAPI, 'Content-Type': JSONAPI }, params, validateStatus: () => true });

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'conf-as', size: 500 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
	const t = sb.issueToken('actionstep', { scope: 'all' });
	token = t.access_token;
	rest = `${t.api_endpoint as string}rest/`;
});

describe('Actionstep simulator', () => {
	it('runs the authorization-code flow (scope required) and returns api_endpoint and orgkey with every token', async () => {
		const authorize = `${sb.url}/actionstep/api/oauth/authorize`;
		const q = { response_type: 'code', client_id: 'sandbox-actionstep-client', redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback', state: 's1' };
		const noScope = await axios.get(authorize, { params: q, validateStatus: () => true });
		expect(noScope.status).toBe(400);
		const page = await axios.get(authorize, { params: { ...q, scope: 'actions timeentries' } });
		expect(page.data).toContain('Allow access');
		const allow = await axios.post(authorize, new URLSearchParams({ ...q, scope: 'actions timeentries', decision: 'allow' }), { maxRedirects: 0, validateStatus: () => true });
		expect(allow.status).toBe(302);
		const code = new URL(allow.headers.location as string).searchParams.get('code')!;
		const form = { client_id: 'sandbox-actionstep-client', client_secret: 'sandbox-actionstep-secret', redirect_uri: q.redirect_uri };
		const tok = await axios.post(`${sb.url}/actionstep/api/oauth/token`, new URLSearchParams({ ...form, grant_type: 'authorization_code', code }));
		expect(tok.data).toMatchObject({ api_endpoint: `${sb.url}/actionstep/api/`, orgkey: 'sandboxorg', scope: 'actions timeentries', refresh_token: expect.any(String) });
		const refreshed = await axios.post(`${sb.url}/actionstep/api/oauth/token`, new URLSearchParams({ ...form, grant_type: 'refresh_token', refresh_token: tok.data.refresh_token }));
		expect(refreshed.data.api_endpoint).toBe(`${sb.url}/actionstep/api/`);
		expect(refreshed.data.access_token).not.toBe(tok.data.access_token);
	});

	it('answers application/vnd.api+json with links, linked and meta.paging', async () => {
		const r = await axios.get(`${rest}timeentries`, auth({ pageSize: 50, page: 2, include: 'action,owner', sort: '-timestampDate' }));
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
		expect(r.data.links['timeentries.action']).toEqual({ href: `${rest}actions/{timeentries.action}`, type: 'actions' });
		expect(r.data.timeentries).toHaveLength(50);
		expect(r.data.linked.actions.length).toBeGreaterThan(0);
		expect(r.data.linked.participants.length).toBeGreaterThan(0);
		const paging = r.data.meta.paging.timeentries;
		expect(paging).toMatchObject({ recordCount: as().data.timeentries.size, page: 2, pageSize: 50, pageCount: Math.ceil(as().data.timeentries.size / 50) });
		expect(paging.prevPage).toContain('page=1');
		expect(paging.nextPage).toContain('page=3');
		const dates = r.data.timeentries.map((t: { timestampDate: string }) => t.timestampDate);
		expect([...dates].sort().reverse()).toEqual(dates);
		expect((await axios.get(`${rest}timeentries`, auth({ pageSize: 201 }))).status).toBe(400);
		const sparse = await axios.get(`${rest}actions`, auth({ 'fields[actions]': 'name', pageSize: 1 }));
		expect(Object.keys(sparse.data.actions[0]).sort()).toEqual(['id', 'links', 'name']);
	});

	it('gets several records at once, filters with _eq/_nteq and uses "--" composite ids', async () => {
		const ids = [...as().data.timeentries.keys()].slice(0, 3);
		const multi = await axios.get(`${rest}timeentries/${ids.join(',')}`, auth());
		expect(multi.data.timeentries.map((t: { id: number }) => String(t.id))).toEqual(ids);
		const action = [...as().data.actions.values()][0];
		const eq = await axios.get(`${rest}timeentries`, auth({ action_eq: action.id, pageSize: 200 }));
		expect(eq.data.timeentries.every((t: { links: { action: string } }) => t.links.action === String(action.id))).toBe(true);
		const nteq = await axios.get(`${rest}actions`, auth({ status_nteq: 'Active', pageSize: 200 }));
		expect(nteq.data.actions.every((a: { status: string }) => a.status !== 'Active')).toBe(true);
		const values = await axios.get(`${rest}datacollectionrecordvalues`, auth({ action_eq: action.id }));
		expect(values.data.datacollectionrecordvalues.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([`${100000 + Number(action.id)}--client_matter_id`]));
	});

	it('updates with PUT (never PATCH), with "T"/"F" booleans and the body wrapped in the resource key', async () => {
		const action = [...as().data.actions.values()][0];
		const patch = await axios.patch(`${rest}actions/${action.id}`, { actions: { name: 'x' } }, auth());
		expect(patch.status).toBe(405);
		const jsonBool = await axios.put(`${rest}actions/${action.id}`, { actions: { isFavorite: true } }, auth());
		expect(jsonBool.status).toBe(422);
		expect(jsonBool.data.errors[0]).toMatchObject({ detail: 'isFavorite must be "T" or "F" (got true)', source: { pointer: '/actions/isFavorite' } });
		const unwrapped = await axios.put(`${rest}actions/${action.id}`, { isFavorite: 'T' }, auth());
		expect(unwrapped.status).toBe(400);
		const ok = await axios.put(`${rest}actions/${action.id}`, { actions: { isFavorite: 'T', name: 'Renamed' } }, auth());
		expect(ok.status).toBe(200);
		expect(ok.data.actions).toMatchObject({ isFavorite: 'T', name: 'Renamed', status: action.status });
	});

	it('calls resthooks back on changes, retries failures and deletes a hook whose target answers 401', async () => {
		const calls: Array<{ url: string; body: any }> = [];
		let answer = 500;
		const server: Server = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				calls.push({ url: req.url ?? '', body: JSON.parse(body) });
				res.writeHead(answer).end();
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
		const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
		try {
			const hook = await axios.post(`${rest}resthooks`, { resthooks: { eventName: 'TimeEntryUpdated', targetUrl: target } }, auth());
			expect(hook.status).toBe(201);
			const entry = [...as().data.timeentries.values()].find((t) => t.isBilled === 'F')!;
			const put = await axios.put(`${rest}timeentries/${entry.id}`, { timeentries: { description: 'Revised narrative' } }, auth());
			expect(put.status).toBe(200);
			await sb.idle();
			expect(calls).toHaveLength(1);
			expect(calls[0].body.timeentries).toMatchObject({ id: entry.id, description: 'Revised narrative' });
			answer = 200;
			sb.clock.advance(11_000);
			await sb.idle();
			expect(calls).toHaveLength(2);
			answer = 401;
			await axios.put(`${rest}timeentries/${entry.id}`, { timeentries: { description: 'Again' } }, auth());
			await sb.idle();
			expect(calls).toHaveLength(3);
			expect(as().data.resthooks.size).toBe(0);
			const bad = await axios.post(`${rest}resthooks`, { resthooks: { eventName: 'SomethingHappened', targetUrl: target } }, auth());
			expect(bad.status).toBe(422);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});
