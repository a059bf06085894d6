import { createHmac } from 'node:crypto';
import type { AxiosResponse } from 'axios';
import type { Sandbox } from '../../sandbox';
import { client, clioClient, EXPECT_VIOLATION, Receiver, sandbox } from './helpers';

/** Request options of a deliberate spec violation (the simulator still answers). */
const probe = (params?: Record<string, unknown>) => ({ params, headers: EXPECT_VIOLATION });

const ACTIVITY_FIELDS = 'id,type,date,quantity,quantity_in_hours,price,total,note,non_billable,billed,matter{id},user{id},activity_description{id,utbms_task_id,utbms_task_name,utbms_activity_id},bill{id,state}';

describe('Clio simulator: OAuth, versioning, fields', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'clio-conf', size: 400 });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('authorization code through the consent page, then refresh; tokens last 30 days and refresh tokens are reusable', async () => {
		const http = client(sb.url);
		const q = { client_id: 'sandbox-clio-client', response_type: 'code', redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback', state: 'abc' };
		const page = await http.get('/clio/oauth/authorize', { params: q });
		expect(page.data).toContain('<form');
		const allow = await http.post(`/clio/oauth/authorize?${new URLSearchParams(q)}`, 'decision=allow', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		const code = new URL(allow.headers.location as string).searchParams.get('code') as string;
		const tok = await http.post('/clio/oauth/token', new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: q.redirect_uri, client_id: 'sandbox-clio-client', client_secret: 'sandbox-clio-secret' }));
		expect(tok.status).toBe(200);
		expect(tok.data.expires_in).toBe(30 * 24 * 3600);
		const me = await client(`${sb.url}/clio/api/v4`, { Authorization: `Bearer ${tok.data.access_token}` }).get('/users/who_am_i.json', { params: { fields: 'id,name,email' } });
		expect(me.status).toBe(200);
		expect(me.data.data.name).toBe(sb.firm.timekeepers[0].name);
		const refresh = () => http.post('/clio/oauth/token', new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tok.data.refresh_token, client_id: 'sandbox-clio-client', client_secret: 'sandbox-clio-secret' }));
		const r1 = await refresh();
		const r2 = await refresh();
		expect(r1.status).toBe(200);
		expect(r2.status).toBe(200);
		expect(r2.data.refresh_token).toBe(tok.data.refresh_token);
		sb.clock.advance(31 * 24 * 3600 * 1000);
		const old = await client(`${sb.url}/clio/api/v4`, { Authorization: `Bearer ${tok.data.access_token}` }).get('/users/who_am_i.json');
		expect(old.status).toBe(401);
		expect(old.data.error.type).toBe('invalid_token');
		expect((await refresh()).status).toBe(200);
	});

	it('X-API-VERSION: supported versions are echoed, invalid or retired ones get 410', async () => {
		const ok = await clioClient(sb, { 'X-API-VERSION': '4.0.9' }).get('/users/who_am_i.json');
		expect(ok.status).toBe(200);
		expect(ok.headers['x-api-version']).toBe('4.0.9');
		for (const v of ['4.0.3', '3.0.0', 'latest']) {
			const r = await clioClient(sb, { 'X-API-VERSION': v }).get('/users/who_am_i.json');
			expect(r.status).toBe(410);
			expect(r.data.error.message).toContain(v);
		}
	});

	it('without fields only id and etag come back, reads and writes alike', async () => {
		const api = clioClient(sb);
		const list = await api.get('/activities.json', { params: { limit: 3 } });
		expect(list.data.data).toHaveLength(3);
		for (const row of list.data.data) expect(Object.keys(row).sort()).toEqual(['etag', 'id']);
		const created = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-10-01', quantity: 1800, matter: { id: sb.firm.matters[0].id }, note: 'Draft reply brief' } });
		expect(created.status).toBe(201);
		expect(Object.keys(created.data.data).sort()).toEqual(['etag', 'id']);
	});

	it('fields select one level of nesting; deeper or unknown fields are 400', async () => {
		const api = clioClient(sb);
		const r = await api.get('/activities.json', { params: { limit: 1, fields: 'id,date,matter{id,display_number,client_reference},user{name}' } });
		expect(r.status).toBe(200);
		const row = r.data.data[0];
		expect(Object.keys(row).sort()).toEqual(['date', 'id', 'matter', 'user']);
		expect(Object.keys(row.matter).sort()).toEqual(['client_reference', 'display_number', 'id']);
		const nestedDefault = await api.get('/activities.json', { params: { limit: 1, fields: 'id,matter' } });
		expect(Object.keys(nestedDefault.data.data[0].matter).sort()).toEqual(['etag', 'id']);
		expect((await api.get('/activities.json', probe({ fields: 'id,matter{client{id}}' }))).status).toBe(400);
		expect((await api.get('/activities.json', probe({ fields: 'id,nonsense' }))).status).toBe(400);
		expect((await api.get('/activities.json', probe({ fields: 'id,date{x}' }))).status).toBe(400);
		expect((await api.get('/activities.json', { params: { fields: 'id,matter{id' } })).status).toBe(400);
	});

	it('activities: quantity in seconds, price and total, UTBMS codes on the activity description', async () => {
		const api = clioClient(sb);
		const fee = sb.firm.entries.find((e) => e.kind === 'fee' && e.quantity === '1.50') ?? sb.firm.entries.find((e) => e.kind === 'fee');
		if (!fee) throw new Error('seed has no fee');
		const r = await api.get(`/activities/${fee.id}.json`, { params: { fields: ACTIVITY_FIELDS } });
		const a = r.data.data;
		expect(a.type).toBe('TimeEntry');
		expect(a.quantity).toBe(Number(fee.quantity) * 3600);
		expect(a.quantity_in_hours).toBeCloseTo(Number(fee.quantity), 6);
		expect(a.price).toBe(Number(fee.rate));
		expect(a.total).toBe(Number(fee.total));
		expect(a.activity_description.utbms_task_name.startsWith(fee.taskCode as string)).toBe(true);
		const code = await api.get(`/utbms/codes/${a.activity_description.utbms_activity_id}.json`, { params: { fields: 'code,type' } });
		expect(code.data.data).toEqual({ code: fee.activityCode, type: 'UtbmsActivity' });
		const desc = await api.get(`/activity_descriptions/${a.activity_description.id}.json`, { params: { fields: 'name,utbms_task{code},utbms_activity{code}' } });
		expect(desc.data.data.utbms_task.code).toBe(fee.taskCode);
		expect(desc.data.data.utbms_activity.code).toBe(fee.activityCode);
		const exp = sb.firm.entries.find((e) => e.kind === 'expense') as (typeof sb.firm.entries)[number];
		const e = await api.get(`/activities/${exp.id}.json`, { params: { fields: 'type,quantity,price,total,utbms_expense{code}' } });
		expect(e.data.data).toEqual({ type: 'ExpenseEntry', quantity: Number(exp.quantity), price: Number(exp.rate), total: Number(exp.total), utbms_expense: { code: exp.expenseCode } });
	});

	it('contacts carry ledes_client_id, matters client_reference, users the LEDES classification in job_title', async () => {
		const api = clioClient(sb);
		const c = sb.firm.clients[0];
		const contact = await api.get(`/contacts/${c.id}.json`, { params: { fields: 'id,name,type,is_client,ledes_client_id,primary_address{city}' } });
		expect(contact.data.data).toMatchObject({ id: c.id, ledes_client_id: c.ledesClientId, is_client: true, primary_address: { city: c.address.city } });
		const m = sb.firm.matters[0];
		const matter = await api.get(`/matters/${m.id}.json`, { params: { fields: 'display_number,client_reference,status,client{ledes_client_id}' } });
		expect(matter.data.data).toEqual({ display_number: m.displayNumber, client_reference: m.clientMatterId, status: m.status, client: { ledes_client_id: sb.firm.clients.find((x) => x.id === m.clientId)?.ledesClientId } });
		const users = await api.get('/users.json', { params: { fields: 'id,rate,subscription_type,job_title{initials}' } });
		expect(users.data.data).toHaveLength(sb.firm.timekeepers.length);
		expect(users.data.data[0].job_title.initials).toBe(sb.firm.timekeepers[0].classification);
		expect(users.data.data[0].rate).toBe(Number(sb.firm.timekeepers[0].rate));
	});
});

describe('Clio simulator: paging and filters', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'clio-paging', size: 10_500, clioRateLimitPerMinute: 1000 });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('cursor paging walks past 10,000 records in id order with meta.paging.next', async () => {
		const api = clioClient(sb);
		let next: string | undefined = `${sb.url}/clio/api/v4/activities.json?fields=id&limit=200`;
		const ids: number[] = [];
		let pages = 0;
		while (next) {
			const r: AxiosResponse = await api.get(next);
			expect(r.status).toBe(200);
			for (const row of r.data.data) ids.push(row.id);
			next = r.data.meta.paging.next;
			if (next) expect(new URL(next).searchParams.get('page_token')).toBeTruthy();
			pages++;
		}
		expect(ids).toHaveLength(10_500);
		expect(pages).toBe(Math.ceil(10_500 / 200));
		expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
	});

	it('limit above 200 is 400; offset paging stops at 10,000 with 422; a page token from other filters is refused', async () => {
		const api = clioClient(sb);
		expect((await api.get('/activities.json', { params: { limit: 201 } })).status).toBe(400);
		expect((await api.get('/activities.json', { params: { limit: 0 } })).status).toBe(400);
		// `offset` is not in Clio's OpenAPI (cursor paging is): probes of the simulator's 10,000 cap
		const near = await api.get('/activities.json', probe({ offset: 9800, limit: 200, fields: 'id' }));
		expect(near.status).toBe(200);
		expect(near.data.data).toHaveLength(200);
		const nextUrl = new URL(near.data.meta.paging.next);
		expect(nextUrl.searchParams.get('offset')).toBe('10000');
		const over = await api.get(near.data.meta.paging.next, probe());
		expect(over.status).toBe(422);
		expect(over.data.error.message).toMatch(/10000/);
		const first = await api.get('/activities.json', { params: { limit: 5, type: 'TimeEntry' } });
		const token = new URL(first.data.meta.paging.next).searchParams.get('page_token');
		expect((await api.get('/activities.json', { params: { limit: 5, type: 'ExpenseEntry', page_token: token } })).status).toBe(400);
		const desc = await api.get('/activities.json', { params: { order: 'id(desc)', limit: 3, fields: 'id' } });
		expect(desc.data.data.map((r: { id: number }) => r.id)).toEqual([...sb.firm.entries].slice(-3).reverse().map((e) => e.id));
	});

	it('documented activity filters select the same entries as the seed says', async () => {
		const api = clioClient(sb);
		const collect = async (params: Record<string, string | number>) => {
			const ids: number[] = [];
			let next: string | undefined;
			let r = await api.get('/activities.json', { params: { fields: 'id', limit: 200, ...params } });
			for (;;) {
				expect(r.status).toBe(200);
				ids.push(...r.data.data.map((x: { id: number }) => x.id));
				next = r.data.meta.paging.next;
				if (!next) break;
				r = await api.get(next);
			}
			return ids.sort((a, b) => a - b);
		};
		const entries = sb.firm.entries;
		const expectIds = (pred: (e: (typeof entries)[number]) => boolean) => entries.filter(pred).map((e) => e.id);
		const matter = entries[0].matterId;
		const user = entries[0].timekeeperId;
		expect(await collect({ status: 'unbilled' })).toEqual(expectIds((e) => e.status === 'unbilled'));
		expect(await collect({ status: 'billed' })).toEqual(expectIds((e) => e.status === 'billed'));
		expect(await collect({ status: 'draft' })).toEqual(expectIds((e) => e.status === 'draft'));
		expect(await collect({ status: 'non_billable' })).toEqual(expectIds((e) => !e.billable));
		expect(await collect({ status: 'billable' })).toEqual(expectIds((e) => e.billable));
		expect(await collect({ status: 'written_off' })).toEqual(expectIds((e) => e.status === 'written_off'));
		expect(await collect({ type: 'ExpenseEntry' })).toEqual(expectIds((e) => e.kind === 'expense'));
		expect(await collect({ matter_id: matter, user_id: user })).toEqual(expectIds((e) => e.matterId === matter && e.timekeeperId === user));
		expect(await collect({ start_date: '2026-09-01', end_date: '2026-09-30' })).toEqual(expectIds((e) => e.date >= '2026-09-01' && e.date <= '2026-09-30'));
		expect(await collect({ query: 'privilege log' })).toEqual(expectIds((e) => e.narrative.toLowerCase().includes('privilege log')));
		const since = '2026-10-20T00:00:00Z';
		expect(await collect({ updated_since: since })).toEqual(expectIds((e) => Date.parse(e.updatedAt) > Date.parse(since)));
		expect(await collect({ created_since: since })).toEqual(expectIds((e) => Date.parse(e.createdAt) > Date.parse(since)));
		expect((await api.get('/activities.json', probe({ status: 'approved' }))).status).toBe(400);
		expect((await api.get('/activities.json', { params: { start_date: 'yesterday' } })).status).toBe(400);
		const r = await api.get('/activities.json', { params: { status: 'unbilled', limit: 1 } });
		expect(r.data.meta.records).toBe(expectIds((e) => e.status === 'unbilled').length);
	});
});

describe('Clio simulator: rate limiting', () => {
	let sb: Sandbox;
	afterEach(async () => {
		await sb.close();
	});

	it('per token: X-RateLimit-* headers, 429 with Retry-After seconds, window resets on the sandbox clock', async () => {
		sb = await sandbox({ seed: 'rl', size: 20, clioRateLimitPerMinute: 3 });
		const api = clioClient(sb);
		const other = clioClient(sb);
		const seen: string[] = [];
		for (let i = 0; i < 3; i++) {
			const r = await api.get('/users/who_am_i.json');
			expect(r.status).toBe(200);
			expect(r.headers['x-ratelimit-limit']).toBe('3');
			seen.push(r.headers['x-ratelimit-remaining'] as string);
		}
		expect(seen).toEqual(['2', '1', '0']);
		const limited = await api.get('/users/who_am_i.json');
		expect(limited.status).toBe(429);
		const retry = Number(limited.headers['retry-after']);
		expect(retry).toBeGreaterThan(0);
		expect(retry).toBeLessThanOrEqual(60);
		expect(Number(limited.headers['x-ratelimit-reset'])).toBeGreaterThan(sb.clock.nowMs() / 1000);
		expect(limited.data.error.type).toBe('RateLimited');
		expect((await other.get('/users/who_am_i.json')).status).toBe(200);
		sb.clock.advance(61_000);
		expect((await api.get('/users/who_am_i.json')).status).toBe(200);
	});

	it('Retry-After as an HTTP date when configured; the limit can change at run time', async () => {
		sb = await sandbox({ seed: 'rl2', size: 20, clioRateLimitPerMinute: 1, clioRetryAfterFormat: 'http-date' });
		const api = clioClient(sb);
		expect((await api.get('/users/who_am_i.json')).status).toBe(200);
		const limited = await api.get('/users/who_am_i.json');
		expect(limited.status).toBe(429);
		const when = Date.parse(limited.headers['retry-after'] as string);
		expect(Number.isFinite(when)).toBe(true);
		expect(when).toBeGreaterThan(sb.clock.nowMs());
		const set = await client(sb.url).post('/_admin/clio/rate-limit', { perMinute: 5, retryAfterFormat: 'seconds' });
		expect(set.data).toEqual({ perWindow: 5, windowSeconds: 60, retryAfterFormat: 'seconds' });
		expect((await api.get('/users/who_am_i.json')).headers['x-ratelimit-limit']).toBe('5');
	});
});

describe('Clio simulator: writes and bills', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'clio-writes', size: 300 });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('activity create / update / delete with validation', async () => {
		const api = clioClient(sb);
		const matter = sb.firm.matters[0];
		expect((await api.post('/activities.json', { data: { date: '2026-10-01' } }, probe())).status).toBe(422);
		expect((await api.post('/activities.json', { data: { type: 'TimeEntry' } }, probe())).status).toBe(422);
		expect((await api.post('/activities.json', { nope: 1 }, probe())).status).toBe(400);
		// GET /utbms/codes.json documents no `query`: list the codes of a type and pick the code here
		const code = async (type: string, wanted: string) => {
			const r = await api.get('/utbms/codes.json', { params: { type, fields: 'id,code', limit: 200 } });
			expect(r.status).toBe(200);
			return (r.data.data as Array<{ id: number; code: string }>).find((c) => c.code === wanted) as { id: number; code: string };
		};
		const task = await code('UtbmsTask', 'L310');
		const act = await code('UtbmsActivity', 'A103');
		const created = await api.post(
			'/activities.json',
			{ data: { type: 'TimeEntry', date: '2026-10-15', quantity: 5400, price: 400, note: 'Draft responses to interrogatories', matter: { id: matter.id }, activity_description: { utbms_task_id: task.id, utbms_activity_id: act.id } } },
			{ params: { fields: ACTIVITY_FIELDS } },
		);
		expect(created.status).toBe(201);
		expect(created.data.data).toMatchObject({ quantity: 5400, quantity_in_hours: 1.5, price: 400, total: 600, matter: { id: matter.id }, activity_description: { utbms_task_id: task.id, utbms_activity_id: act.id } });
		expect(created.data.data.activity_description.utbms_task_name).toMatch(/^L310 /);
		const id = created.data.data.id;
		const etag = (await api.get(`/activities/${id}.json`, { params: { fields: 'etag' } })).data.data.etag;
		expect((await api.patch(`/activities/${id}.json`, { data: { quantity: 3600 } }, { headers: { 'IF-MATCH': '"stale"' } })).status).toBe(412);
		const updated = await api.patch(`/activities/${id}.json`, { data: { quantity: 3600 } }, { params: { fields: 'quantity,total,etag' }, headers: { 'IF-MATCH': etag } });
		expect(updated.status).toBe(200);
		expect(updated.data.data.quantity).toBe(3600);
		expect(updated.data.data.total).toBe(400);
		expect(updated.data.data.etag).not.toBe(etag);
		expect((await api.delete(`/activities/${id}.json`)).status).toBe(204);
		expect((await api.get(`/activities/${id}.json`)).status).toBe(404);
		const billed = sb.firm.entries.find((e) => e.status === 'billed') as (typeof sb.firm.entries)[number];
		expect((await api.patch(`/activities/${billed.id}.json`, { data: { note: 'x' } })).status).toBe(422);
	});

	it('matters and contacts: create and update; bills by state with allowed transitions', async () => {
		const api = clioClient(sb);
		const contact = await api.post('/contacts.json', { data: { type: 'Company', name: 'Blue Harbor Shipping Inc.', ledes_client_id: 'BLUEH01' } }, { params: { fields: 'id,name,ledes_client_id' } });
		expect(contact.status).toBe(201);
		expect(contact.data.data.ledes_client_id).toBe('BLUEH01');
		const matter = await api.post('/matters.json', { data: { client: { id: contact.data.data.id }, description: 'Charter party dispute', client_reference: 'BH-2026-0001' } }, { params: { fields: 'id,display_number,status,client_reference' } });
		expect(matter.status).toBe(201);
		expect(matter.data.data).toMatchObject({ status: 'Open', client_reference: 'BH-2026-0001' });
		const closed = await api.patch(`/matters/${matter.data.data.id}.json`, { data: { status: 'closed' } }, { params: { fields: 'status,close_date' } });
		expect(closed.data.data.status).toBe('Closed');
		expect(closed.data.data.close_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		const open = await api.get('/matters.json', { params: { status: 'open', fields: 'id,status' } });
		expect(open.data.data.every((m: { status: string }) => m.status === 'Open')).toBe(true);

		const drafts = await api.get('/bills.json', { params: { state: 'draft', fields: 'id,state,total,available_state_transitions' } });
		expect(drafts.data.data.length).toBeGreaterThan(0);
		const bill = drafts.data.data[0];
		expect(bill.available_state_transitions).toContain('awaiting_payment');
		expect((await api.patch(`/bills/${bill.id}.json`, { data: { state: 'paid' } })).status).toBe(422);
		const approve = await api.patch(`/bills/${bill.id}.json`, { data: { state: 'awaiting_payment' } }, { params: { fields: 'state' } });
		expect(approve.data.data.state).toBe('awaiting_payment');
		const paid = await api.patch(`/bills/${bill.id}.json`, { data: { state: 'paid' } }, { params: { fields: 'state,balance,paid,total' } });
		expect(paid.data.data).toMatchObject({ state: 'paid', balance: 0, paid: bill.total });
		// its activities now read as billed
		const acts = await api.get('/activities.json', { params: { status: 'billed', fields: 'id,bill{id}', limit: 200 } });
		expect(acts.data.meta.records).toBeGreaterThan(0);
	});
});

describe('Clio simulator: webhooks', () => {
	let sb: Sandbox;
	let rx: Receiver;
	beforeEach(async () => {
		sb = await sandbox({ seed: 'clio-hooks', size: 100, clock: { frozen: true, start: '2026-11-02T09:00:00Z' } });
		rx = await new Receiver().start();
	});
	afterEach(async () => {
		await sb.close();
		await rx.stop();
	});
	const create = (api: ReturnType<typeof clioClient>, data: Record<string, unknown>, violatesSpec = false) =>
		api.post(
			'/webhooks.json',
			{ data: { url: rx.url, model: 'activity', fields: 'id,note,quantity', ...data } },
			{ params: { fields: 'id,status,expires_at,shared_secret,events' }, ...(violatesSpec ? { headers: EXPECT_VIOLATION } : {}) },
		);

	it('create: expires_at defaults to 3 days, at most 31; handshake with X-Hook-Secret enables it', async () => {
		const api = clioClient(sb);
		const r = await create(api, {});
		expect(r.status).toBe(201);
		expect(r.data.data.status).toBe('pending');
		expect(Date.parse(r.data.data.expires_at) - sb.clock.nowMs()).toBe(3 * 24 * 3600 * 1000);
		expect(r.data.data.events).toEqual(['created', 'updated', 'deleted']);
		await sb.idle();
		expect(rx.requests[0].headers['x-hook-secret']).toBe(r.data.data.shared_secret);
		const after = await api.get(`/webhooks/${r.data.data.id}.json`, { params: { fields: 'status' } });
		expect(after.data.data.status).toBe('enabled');
		const tooLong = await create(api, { expires_at: new Date(sb.clock.nowMs() + 32 * 24 * 3600 * 1000).toISOString() });
		expect(tooLong.status).toBe(422);
		const max = await create(api, { expires_at: new Date(sb.clock.nowMs() + 31 * 24 * 3600 * 1000).toISOString() });
		expect(max.status).toBe(201);
		expect((await create(api, { fields: undefined }, true)).status).toBe(422); // `fields` is required by the spec
		expect((await create(api, { url: 'http://example.com/hook' })).status).toBe(422);
		expect((await create(api, { model: 'invoice' }, true)).status).toBe(422); // not one of the spec's models
		expect((await create(api, { fields: 'id,matter{client{id}}' })).status).toBe(400);
	});

	it('deliveries on create/update/delete are signed with hex HMAC-SHA256 of the raw body', async () => {
		const api = clioClient(sb);
		const hook = (await create(api, {})).data.data;
		await sb.idle();
		const made = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-11-01', quantity: 720, note: 'Call with client', matter: { id: sb.firm.matters[0].id } } });
		const id = made.data.data.id;
		await api.patch(`/activities/${id}.json`, { data: { note: 'Call with client re settlement' } });
		await api.delete(`/activities/${id}.json`);
		await sb.idle();
		const deliveries = rx.deliveries();
		expect(deliveries.map((d) => JSON.parse(d.body).meta.event)).toEqual(['created', 'updated', 'deleted']);
		for (const d of deliveries) {
			const expected = createHmac('sha256', hook.shared_secret).update(d.body).digest('hex');
			expect(d.headers['x-hook-signature']).toBe(expected);
			const payload = JSON.parse(d.body);
			expect(payload.meta.webhook_id).toBe(hook.id);
			expect(Object.keys(payload.data).sort()).toEqual(['id', 'note', 'quantity']);
			expect(payload.data.id).toBe(id);
		}
		expect(JSON.parse(deliveries[1].body).data.note).toBe('Call with client re settlement');
		// a hook for another model or event gets nothing
		await api.patch(`/matters/${sb.firm.matters[0].id}.json`, { data: { description: 'Renamed' } });
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(3);
	});

	it('failed deliveries are retried with backoff on the sandbox clock; 410 suspends the hook', async () => {
		const api = clioClient(sb);
		await create(api, { events: ['updated'] });
		await sb.idle();
		let fail = 2;
		rx.respond = () => (fail-- > 0 ? { status: 500 } : { status: 200 });
		const entry = sb.firm.entries.find((e) => e.status === 'unbilled') as (typeof sb.firm.entries)[number];
		await api.patch(`/activities/${entry.id}.json`, { data: { note: 'Revised narrative' } });
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(1);
		sb.clock.advance(119_000);
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(1);
		sb.clock.advance(1_000);
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(2);
		sb.clock.advance(240_000);
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(3);
		const log = (await client(sb.url).get('/_admin/clio/received', { params: { kind: 'webhook-delivery' } })).data.data;
		expect(log.map((l: { status: number; attempt: number }) => [l.status, l.attempt])).toEqual([
			[500, 1],
			[500, 2],
			[200, 3],
		]);
		expect(new Set(rx.deliveries().map((d) => d.body)).size).toBe(1);
		rx.respond = () => ({ status: 410 });
		await api.patch(`/activities/${entry.id}.json`, { data: { note: 'Again' } });
		await sb.idle();
		const hooks = await api.get('/webhooks.json', { params: { fields: 'id,status' } });
		expect(hooks.data.data[0].status).toBe('suspended');
	});

	it('injected delivery failures are retried too (webhookFailureRate)', async () => {
		const api = clioClient(sb);
		await create(api, { events: ['updated'] });
		await sb.idle();
		sb.setFaults('clio', { webhookFailureRate: 1 });
		const entry = sb.firm.entries.find((e) => e.status === 'unbilled') as (typeof sb.firm.entries)[number];
		await api.patch(`/activities/${entry.id}.json`, { data: { note: 'x' } });
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(0);
		sb.setFaults('clio', {});
		sb.clock.advance(120_000);
		await sb.idle();
		expect(rx.deliveries()).toHaveLength(1);
	});

	it('a handshake that is not echoed leaves the hook pending; activate with the secret enables it', async () => {
		rx.respond = () => ({ status: 200 });
		const api = clioClient(sb);
		const hook = (await create(api, {})).data.data;
		await sb.idle();
		expect((await api.get(`/webhooks/${hook.id}.json`, { params: { fields: 'status' } })).data.data.status).toBe('pending');
		expect((await api.put(`/webhooks/${hook.id}/activate`, undefined, { headers: { 'X-Hook-Secret': 'wrong' } })).status).toBe(422);
		// only the documented path and method (clio-openapi.json: PUT /api/v4/webhooks/:webhook_id/activate)
		expect((await api.put(`/webhooks/${hook.id}/activate.json`, undefined, { headers: { 'X-Hook-Secret': hook.shared_secret, ...EXPECT_VIOLATION } })).status).toBe(404);
		expect((await api.post(`/webhooks/${hook.id}/activate`, undefined, { headers: { 'X-Hook-Secret': hook.shared_secret, ...EXPECT_VIOLATION } })).status).toBe(404);
		const ok = await api.put(`/webhooks/${hook.id}/activate`, undefined, { headers: { 'X-Hook-Secret': hook.shared_secret }, params: { fields: 'status' } });
		expect(ok.data.data.status).toBe('enabled');
	});

	it('expires by the sandbox clock unless PATCHed; DELETE removes it', async () => {
		const api = clioClient(sb);
		const a = (await create(api, {})).data.data;
		const b = (await create(api, {})).data.data;
		await sb.idle();
		const extended = await api.patch(`/webhooks/${a.id}.json`, { data: { expires_at: new Date(sb.clock.nowMs() + 31 * 24 * 3600 * 1000).toISOString() } }, { params: { fields: 'expires_at' } });
		expect(extended.status).toBe(200);
		expect((await api.patch(`/webhooks/${a.id}.json`, { data: { expires_at: new Date(sb.clock.nowMs() + 40 * 24 * 3600 * 1000).toISOString() } })).status).toBe(422);
		sb.clock.advance(3 * 24 * 3600 * 1000 + 1000);
		expect((await api.get(`/webhooks/${b.id}.json`)).status).toBe(404);
		expect((await api.get(`/webhooks/${a.id}.json`)).status).toBe(200);
		const entry = sb.firm.entries.find((e) => e.status === 'unbilled') as (typeof sb.firm.entries)[number];
		await api.patch(`/activities/${entry.id}.json`, { data: { note: 'after expiry of b' } });
		await sb.idle();
		expect(rx.deliveries().map((d) => JSON.parse(d.body).meta.webhook_id)).toEqual([a.id]);
		expect((await api.delete(`/webhooks/${a.id}.json`)).status).toBe(204);
		expect((await api.get('/webhooks.json')).data.data).toEqual([]);
	});
});

describe('Clio simulator: ids[] filter', () => {
	it('selects exactly the listed ids, also for long lists', async () => {
		const sb = await sandbox({ seed: 'ids', size: 100 });
		try {
			const api = clioClient(sb);
			const wanted = sb.firm.entries.filter((_, i) => i % 3 === 0).map((e) => e.id);
			const qs = wanted.map((id) => `ids[]=${id}`).join('&');
			const r = await api.get(`/activities.json?fields=id&${qs}`);
			expect(r.status).toBe(200);
			expect(r.data.data.map((x: { id: number }) => x.id)).toEqual(wanted);
			expect((await api.get('/activities.json?ids[]=abc', probe())).status).toBe(400);
		} finally {
			await sb.close();
		}
	});
});

describe('Clio simulator: search lag (opt-in)', () => {
	it('query= does not see records written in the last searchLagSeconds; filters do', async () => {
		const sb = await sandbox({ seed: 'lag', size: 50, clock: { frozen: true, start: '2026-11-27T10:00:00Z' }, vendorOptions: { clio: { searchLagSeconds: 30 } } });
		try {
			const api = clioClient(sb);
			const made = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-11-27', quantity: 600, note: 'Zebra-unique narrative', matter: { id: sb.firm.matters[0].id } } });
			const id = made.data.data.id;
			const search = async () => (await api.get('/activities.json', { params: { query: 'zebra-unique', fields: 'id' } })).data.data.map((r: { id: number }) => r.id);
			expect(await search()).toEqual([]);
			expect((await api.get('/activities.json', { params: { updated_since: '2026-11-27T09:59:00Z', fields: 'id' } })).data.data.map((r: { id: number }) => r.id)).toEqual([id]);
			sb.clock.advance(31_000);
			expect(await search()).toEqual([id]);
		} finally {
			await sb.close();
		}
	});
});
