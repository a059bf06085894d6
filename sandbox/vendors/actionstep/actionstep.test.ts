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
/** a request that breaks the contract ON PURPOSE: to test the simulator's own answer (expecting) or the contract's 400 (refused) */
const refused = (params?: Record<string, unknown>): AxiosRequestConfig => ({ ...auth(params), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-refusal' } });
const expecting = (params?: Record<string, unknown>): AxiosRequestConfig => ({ ...auth(params), headers: { ...auth().headers, 'X-Sandbox-Contract': 'expect-violation' } });

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
		const noScope = await axios.get(authorize, { params: q, headers: { 'X-Sandbox-Contract': 'expect-violation' }, validateStatus: () => true });
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
		expect((await axios.get(`${rest}timeentries`, expecting({ pageSize: 201 }))).status).toBe(400);
		const sparse = await axios.get(`${rest}actions`, auth({ 'fields[actions]': 'name', pageSize: 1 }));
		// pageSize 1: one record, so an object
		expect(Object.keys(sparse.data.actions).sort()).toEqual(['id', 'links', 'name']);
	});

	it('gets several records at once, filters with the documented operators and uses "--" composite ids', async () => {
		const ids = [...as().data.timeentries.keys()].slice(0, 3);
		const multi = await axios.get(`${rest}timeentries/${ids.join(',')}`, auth());
		expect(multi.data.timeentries.map((t: { id: number }) => String(t.id))).toEqual(ids);
		// one record: an object, not an array (a collection GET too)
		const one = await axios.get(`${rest}timeentries/${ids[0]}`, auth());
		expect(Array.isArray(one.data.timeentries)).toBe(false);
		expect(String(one.data.timeentries.id)).toBe(ids[0]);
		const oneOfList = await axios.get(`${rest}timeentries`, auth({ id_eq: ids[0] }));
		expect(oneOfList.data.timeentries).toMatchObject({ id: Number(ids[0]) });
		// nothing matches: 204 without a body
		const none = await axios.get(`${rest}timeentries`, auth({ id_eq: '999999999' }));
		expect(none.status).toBe(204);
		expect(none.data).toBe('');
		const action = [...as().data.actions.values()][0];
		const eq = await axios.get(`${rest}timeentries`, auth({ action_eq: action.id, pageSize: 200 }));
		expect(eq.data.timeentries.every((t: { links: { action: string } }) => t.links.action === String(action.id))).toBe(true);
		// link ids are strings, booleans "T"/"F"
		expect(eq.data.timeentries.every((t: { links: { owner: unknown }; isBillable: string }) => typeof t.links.owner === 'string' && ['T', 'F'].includes(t.isBillable))).toBe(true);
		const nteq = await axios.get(`${rest}actions`, auth({ status_nteq: 'Active', pageSize: 200 }));
		expect([nteq.data.actions].flat().every((a: { status: string }) => a.status !== 'Active')).toBe(true);
		// `*` is the like/ilike wildcard; `%` is refused by the contract (facts.md §3)
		const word = String(action.name).split(' ')[0];
		const ilike = await axios.get(`${rest}actions`, auth({ name_ilike: `*${word.toLowerCase()}*`, pageSize: 200 }));
		expect(ilike.status).toBe(200);
		const names = [ilike.data.actions].flat().map((a: { name: string }) => a.name);
		expect(names).toContain(action.name);
		expect(names.every((n: string) => n.toLowerCase().includes(word.toLowerCase()))).toBe(true);
		const percent = await axios.get(`${rest}actions`, refused({ name_ilike: `%${word}%` }));
		expect(percent.status).toBe(400);
		expect(percent.data.contractViolation.violations[0]).toMatchObject({ rule: 'query.wildcard', source: 'actionstep/facts.md §3' });
		// dates compare as YYYY-MM-DDTHH:MM:SS; a bare date is refused by the contract
		const day = String([...as().data.timeentries.values()][0].timestampDate);
		const onDay = await axios.get(`${rest}timeentries`, auth({ timestampDate_gteq: `${day}T00:00:00`, timestampDate_lteq: `${day}T23:59:59`, pageSize: 200 }));
		expect([onDay.data.timeentries].flat().map((t: { id: number }) => t.id).sort()).toEqual([...as().data.timeentries.values()].filter((t) => t.timestampDate === day).map((t) => t.id).sort());
		expect((await axios.get(`${rest}timeentries`, refused({ timestampDate_gteq: day }))).data.contractViolation.violations[0].rule).toBe('query.date');
		const recordId = 100000 + Number(action.id);
		const values = await axios.get(`${rest}datacollectionrecordvalues`, auth({ action_eq: action.id }));
		expect(values.data.datacollectionrecordvalues.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining([`1--client_matter_id--${recordId}`]));
	});

	it('answers bills as bills.yaml documents them: ourReference/theirReference, a list of matters, no invoiceNumber', async () => {
		const r = await axios.get(`${rest}bills`, auth({ pageSize: 5 }));
		expect(r.status).toBe(200);
		for (const b of r.data.bills) {
			expect(b).not.toHaveProperty('invoiceNumber');
			expect(typeof b.ourReference).toBe('string');
			expect(Array.isArray(b.links.action) && b.links.action.every((x: unknown) => typeof x === 'string')).toBe(true);
		}
		const byNumber = await axios.get(`${rest}bills`, refused({ invoiceNumber_eq: r.data.bills[0].ourReference }));
		expect(byNumber.status).toBe(400);
		expect(byNumber.data.contractViolation).toMatchObject({ vendor: 'actionstep', operation: 'GET /bills', source: 'official', violations: [{ rule: 'query.filter', source: 'actionstep/openapi/bills.yaml' }] });
		const byRef = await axios.get(`${rest}bills`, auth({ ourReference_eq: r.data.bills[0].ourReference }));
		expect(byRef.data.bills).toMatchObject({ id: r.data.bills[0].id });
		// time entries have no billed flag and no bill link
		const billed = await axios.get(`${rest}timeentries`, refused({ isBilled_eq: 'F' }));
		expect(billed.data.contractViolation.violations[0].message).toBe('"isBilled_eq": timeentries has no attribute or relation "isBilled"');
		expect((await axios.get(`${rest}timeentries`, refused({ include: 'bill' }))).data.contractViolation.violations[0].rule).toBe('query.include');
	});

	it('updates actions with PATCH (actions.yaml), other records with PUT; "T"/"F" booleans; the body wrapped in the resource key', async () => {
		const action = [...as().data.actions.values()][0];
		const put = await axios.put(`${rest}actions/${action.id}`, { actions: { name: 'x' } }, expecting());
		expect(put.status).toBe(405);
		const entry = [...as().data.timeentries.values()][0];
		const jsonBool = await axios.put(`${rest}timeentries/${entry.id}`, { timeentries: { isBillable: true } }, expecting());
		expect(jsonBool.status).toBe(422);
		expect(jsonBool.data.errors[0]).toMatchObject({ detail: 'isBillable must be "T" or "F" (got true)', source: { pointer: '/timeentries/isBillable' } });
		const unwrapped = await axios.patch(`${rest}actions/${action.id}`, { name: 'Renamed' }, expecting());
		expect(unwrapped.status).toBe(400);
		const ok = await axios.patch(`${rest}actions/${action.id}`, { actions: { priority: 4, name: 'Renamed' } }, auth());
		expect(ok.status).toBe(200);
		expect(ok.data.actions).toMatchObject({ priority: 4, name: 'Renamed', status: action.status });
		// the contract judges the same requests without the "expected" header
		const judged = await axios.put(`${rest}actions/${action.id}`, { actions: { name: 'x' } }, refused());
		expect(judged.status).toBe(400);
		expect(judged.data.contractViolation.violations[0]).toMatchObject({ rule: 'method', message: 'PUT /actions/{id}: the spec documents only GET, PATCH on this path' });
	});

	it('calls resthooks back for the documented events only; disables a hook whose target answers anything but 200, deletes it on 401', async () => {
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
			expect(hook.data.resthooks).toMatchObject({ eventName: 'TimeEntryUpdated', status: 'Active' });
			const entry = [...as().data.timeentries.values()][0];
			const links = entry.links as Record<string, string>;
			const body = (description: string) => ({ timeentries: { description, timestampDate: entry.timestampDate, actualHours: entry.actualHours, links: { owner: links.owner, createdBy: links.createdBy } } });
			const put = await axios.put(`${rest}timeentries/${entry.id}`, body('Revised narrative'), auth());
			expect(put.status).toBe(200);
			await sb.idle();
			expect(calls).toHaveLength(1);
			expect(calls[0].body.timeentries[0]).toMatchObject({ id: entry.id, description: 'Revised narrative' });
			// the 500 disabled the hook: no retry, no further call
			expect(as().data.resthooks.get(String(hook.data.resthooks.id))!.status).toBe('Disabled');
			answer = 200;
			sb.clock.advance(600_000);
			await axios.put(`${rest}timeentries/${entry.id}`, body('Again'), auth());
			await sb.idle();
			expect(calls).toHaveLength(1);
			const second = await axios.post(`${rest}resthooks`, { resthooks: { eventName: 'TimeEntryUpdated', targetUrl: target } }, auth());
			answer = 401;
			await axios.put(`${rest}timeentries/${entry.id}`, body('Third'), auth());
			await sb.idle();
			expect(calls).toHaveLength(2);
			expect(as().data.resthooks.has(String(second.data.resthooks.id))).toBe(false);
			// no bill events, no time-entry delete: refused by the contract and by the simulator
			for (const eventName of ['BillUpdated', 'TimeEntryDeleted']) {
				expect((await axios.post(`${rest}resthooks`, { resthooks: { eventName, targetUrl: target } }, refused())).data.contractViolation.violations[0].rule).toBe('body.schema');
				expect((await axios.post(`${rest}resthooks`, { resthooks: { eventName, targetUrl: target } }, expecting())).status).toBe(422);
			}
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});
