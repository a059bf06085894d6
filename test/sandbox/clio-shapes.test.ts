import type { AxiosResponse } from 'axios';
import type { Sandbox } from '../../sandbox';
import { createModels } from '../../sandbox/vendors/clio/models';
import { allFieldsParam } from '../../sandbox/vendors/clio/fields';
import { ClioSpec } from './clio-openapi';
import { clioClient, EXPECT_VIOLATION, Receiver, sandbox } from './helpers';

/**
 * Every response the Clio sandbox gives, checked against Clio's OpenAPI document: each endpoint
 * is called with ALL the fields the sandbox knows (every nested object expanded), plus the error
 * answers. A field the sandbox invents, a wrong type or a wrong envelope fails here.
 */
describe('Clio sandbox responses match Clio OpenAPI', () => {
	let sb: Sandbox;
	let spec: ClioSpec;
	let rx: Receiver;
	const checked: string[] = [];
	let all: Record<string, string>;

	beforeAll(async () => {
		spec = new ClioSpec();
		sb = await sandbox({ seed: 'shapes', size: 300, clioRateLimitPerMinute: 10_000 });
		rx = await new Receiver().start();
		const models = createModels(sb.state.clio, 'UTC');
		all = Object.fromEntries(Object.entries(models).map(([k, m]) => [k, allFieldsParam(m)]));
	});
	afterAll(async () => {
		await sb.close();
		await rx.stop();
	});

	const expectShape = (path: string, method: string, r: AxiosResponse) => {
		const ref = spec.responseSchemaRef(path, method, r.status);
		if (r.status === 204) {
			expect(spec.statuses(path, method)).toContain(204);
			expect(r.data === '' || r.data === undefined).toBe(true);
			checked.push(`${method} ${path} 204`);
			return;
		}
		// error answers the spec does not list for this operation are still in Clio's Error shape
		const schema = ref ?? (r.status >= 400 ? '#/components/schemas/Error' : undefined);
		if (!schema) throw new Error(`${method} ${path}: the spec documents no ${r.status} answer`);
		const errors = spec.validate(schema, r.data);
		if (errors.length) throw new Error(`${method} ${path} ${r.status} does not match ${schema}:\n${errors.slice(0, 15).join('\n')}`);
		if (Array.isArray(r.data?.data)) {
			// the list envelope's meta (not in the schema): paging URLs and a record count
			expect(typeof r.data.meta.records).toBe('number');
			for (const k of Object.keys(r.data.meta.paging)) expect(['next', 'previous']).toContain(k);
		}
		checked.push(`${method} ${path} ${r.status}`);
	};

	it('reads: every list and show endpoint with every field', async () => {
		const api = clioClient(sb);
		const get = async (template: string, url: string, fields: string, params: Record<string, unknown> = {}) => {
			const r = await api.get(url, { params: { fields, ...params } });
			expect(r.status).toBe(200);
			expectShape(template, 'get', r);
			return r;
		};
		const f = sb.firm;
		await get('/users/who_am_i.json', '/users/who_am_i.json', all.user);
		await get('/users.json', '/users.json', all.user);
		await get('/users/{id}.json', `/users/${f.timekeepers[1].id}.json`, all.user);
		await get('/contacts.json', '/contacts.json', all.contact);
		await get('/contacts/{id}.json', `/contacts/${f.clients[0].id}.json`, all.contact);
		await get('/matters.json', '/matters.json', all.matter);
		await get('/matters/{id}.json', `/matters/${f.matters.find((m) => m.closeDate)?.id ?? f.matters[0].id}.json`, all.matter);
		await get('/activity_descriptions.json', '/activity_descriptions.json', all.activityDescription);
		await get('/activity_descriptions/{id}.json', `/activity_descriptions/${f.activityCodes[0].id}.json`, all.activityDescription);
		await get('/utbms/codes.json', '/utbms/codes.json', all.utbmsCode);
		await get('/utbms/codes/{id}.json', `/utbms/codes/${f.utbmsCodes[0].id}.json`, all.utbmsCode);
		await get('/utbms/sets.json', '/utbms/sets.json', all.utbmsSet);
		// activities: time, expense, billed, unbilled, written off — all in one page of 200 and singly
		await get('/activities.json', '/activities.json', all.activity, { limit: 200 });
		for (const e of [f.entries.find((x) => x.kind === 'expense'), f.entries.find((x) => x.status === 'billed'), f.entries.find((x) => x.status === 'unbilled'), f.entries.find((x) => x.status === 'draft')]) {
			if (e) await get('/activities/{id}.json', `/activities/${e.id}.json`, all.activity);
		}
		await get('/bills.json', '/bills.json', all.bill);
		await get('/bills/{id}.json', `/bills/${f.bills[0].id}.json`, all.bill);
		// the default (id + etag) rendering too
		expectShape('/activities.json', 'get', await api.get('/activities.json', { params: { limit: 5 } }));
	});

	it('writes: create, update and delete answers', async () => {
		const api = clioClient(sb);
		const f = sb.firm;
		const post = async (template: string, data: unknown, fields: string) => {
			const r = await api.post(template, { data }, { params: { fields } });
			expect(r.status).toBe(201);
			expectShape(template, 'post', r);
			return r.data.data;
		};
		const patch = async (template: string, url: string, data: unknown, fields: string) => {
			const r = await api.patch(url, { data }, { params: { fields } });
			expect(r.status).toBe(200);
			expectShape(template, 'patch', r);
			return r.data.data;
		};
		const del = async (template: string, url: string) => {
			const r = await api.delete(url);
			expect(r.status).toBe(204);
			expectShape(template, 'delete', r);
		};
		const contact = await post('/contacts.json', { type: 'Person', name: 'Ada Byron', first_name: 'Ada', last_name: 'Byron', email_addresses: [{ address: 'ada@example.com', name: 'Work', default_email: true }] }, all.contact);
		await patch('/contacts/{id}.json', `/contacts/${contact.id}.json`, { ledes_client_id: 'BYRON01' }, all.contact);
		const matter = await post('/matters.json', { client: { id: contact.id }, description: 'Estate matter' }, all.matter);
		await patch('/matters/{id}.json', `/matters/${matter.id}.json`, { status: 'pending' }, all.matter);
		const activity = await post('/activities.json', { type: 'ExpenseEntry', date: '2026-10-03', quantity: 120, price: 0.1, note: 'Copies', matter: { id: matter.id }, utbms_expense: { id: f.utbmsCodes.find((c) => c.code === 'E101')?.id } }, all.activity);
		await patch('/activities/{id}.json', `/activities/${activity.id}.json`, { quantity: 150 }, all.activity);
		await del('/activities/{id}.json', `/activities/${activity.id}.json`);
		await del('/matters/{id}.json', `/matters/${matter.id}.json`);
		await del('/contacts/{id}.json', `/contacts/${contact.id}.json`);
		const bill = f.bills.find((b) => b.state === 'draft') as (typeof f.bills)[number];
		await patch('/bills/{id}.json', `/bills/${bill.id}.json`, { state: 'awaiting_approval', memo: 'Ready for review' }, all.bill);
		await del('/bills/{id}.json', `/bills/${bill.id}.json`);
		const hook = await post('/webhooks.json', { url: rx.url, model: 'activity', fields: 'id,etag,updated_at', events: ['created', 'updated'] }, all.webhook);
		await sb.idle();
		const r = await api.get('/webhooks.json', { params: { fields: all.webhook } });
		expectShape('/webhooks.json', 'get', r);
		expectShape('/webhooks/{id}.json', 'get', await api.get(`/webhooks/${hook.id}.json`, { params: { fields: all.webhook } }));
		await patch('/webhooks/{id}.json', `/webhooks/${hook.id}.json`, { expires_at: new Date(sb.clock.nowMs() + 10 * 24 * 3600e3).toISOString() }, all.webhook);
		await del('/webhooks/{id}.json', `/webhooks/${hook.id}.json`);
	});

	it('errors: 400, 401, 404, 410, 422 and 429 answers are in Clio\'s Error shape', async () => {
		const api = clioClient(sb);
		const expectError = (template: string, method: string, r: AxiosResponse, status: number) => {
			expect(r.status).toBe(status);
			expectShape(template, method, r);
		};
		// deliberate spec violations (the simulator's own answers): sent with X-Sandbox-Contract: expect-violation
		const probe = { headers: EXPECT_VIOLATION };
		expectError('/activities.json', 'get', await api.get('/activities.json', { params: { fields: 'matter{client{id}}' }, ...probe }), 400);
		expectError('/activities.json', 'get', await clioClient(sb, { Authorization: 'Bearer nope' }).get('/activities.json'), 401);
		expectError('/activities/{id}.json', 'get', await api.get('/activities/1.json'), 404);
		expectError('/activities.json', 'get', await clioClient(sb, { 'X-API-VERSION': '2.0.0' }).get('/activities.json'), 410);
		expectError('/activities.json', 'post', await api.post('/activities.json', { data: { date: '2026-01-01' } }, probe), 422);
		expectError('/activities.json', 'get', await api.get('/activities.json', { params: { offset: 10_000 }, ...probe }), 422);
		expectError('/webhooks.json', 'post', await api.post('/webhooks.json', { data: { url: rx.url, model: 'activity', fields: 'id', expires_at: '2099-01-01T00:00:00Z' } }), 422);
		sb.context.faults('clio').set({ script: [429] });
		expectError('/activities.json', 'get', await api.get('/activities.json'), 429);
		sb.context.faults('clio').set({});
	});

	it('the check itself rejects invented fields, wrong types and wrong enums', () => {
		expect(spec.validate('Activity_Show', { data: { id: 1, etag: '"x"' } })).toEqual([]);
		expect(spec.validate('Activity_Show', { data: { id: 1, hours: 2 } }).join()).toMatch(/additional properties: hours/);
		expect(spec.validate('Activity_Show', { data: { id: '1' } }).length).toBeGreaterThan(0);
		expect(spec.validate('Activity_Show', { data: { type: 'Timesheet' } }).length).toBeGreaterThan(0);
		expect(spec.validate('Activity_Show', { data: { matter: { id: 1, client: { id: 2 } } } }).join()).toMatch(/additional properties: client/);
	});

	afterAll(() => {
		// the list of what was checked, for the record
		expect(checked.length).toBeGreaterThan(30);
	});
});
