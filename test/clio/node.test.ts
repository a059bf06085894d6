/**
 * Every Clio node operation against the sandbox over real HTTP, run by n8n's WorkflowExecute.
 * Expectations come from the sandbox's own state (the "vendor"), not from the node.
 */
import axios from 'axios';
import { LoadOptionsContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';
import { Clio } from '../../nodes/Clio/Clio.node';
import { clioApiBaseUrl } from '../../nodes/Clio/transport';
import { ClioOAuth2Api } from '../../credentials/ClioOAuth2Api.credentials';
import type { Sandbox } from '../../sandbox';
import { RateLimiter } from '../../sandbox/vendors/clio/api/rate-limit';
import { singleNodeWorkflow } from '../helpers/n8n';
import { CLIO_TYPE, clioCredentials, clioJson, clioSandbox, resolveCredentialExpression, runClio } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
	sb = await clioSandbox({ size: 300, clioRateLimitPerMinute: 1000 });
});
afterAll(async () => {
	await sb.close();
});
const clio = () => sb.state.clio;

describe('credential and transport', () => {
	it('computes the API base URL per region and for a custom base URL', () => {
		expect(clioApiBaseUrl({ region: 'us' })).toBe('https://app.clio.com/api/v4');
		expect(clioApiBaseUrl({ region: 'eu' })).toBe('https://eu.app.clio.com/api/v4');
		expect(clioApiBaseUrl({ region: 'ca' })).toBe('https://ca.app.clio.com/api/v4');
		expect(clioApiBaseUrl({ region: 'au' })).toBe('https://au.app.clio.com/api/v4');
		expect(clioApiBaseUrl({ region: 'custom', customBaseUrl: 'http://localhost:9/clio/' })).toBe('http://localhost:9/clio/api/v4');
		expect(() => clioApiBaseUrl({ region: 'custom', customBaseUrl: 'localhost' })).toThrow(/Custom Base URL/);
	});

	it('declares region-following OAuth URLs and a who_am_i test', () => {
		const c = new ClioOAuth2Api();
		const prop = (n: string) => c.properties.find((p) => p.name === n)!;
		expect(c.extends).toEqual(['oAuth2Api']);
		expect(String(prop('authUrl').default)).toMatch(/\/oauth\/authorize$/);
		expect(String(prop('accessTokenUrl').default)).toMatch(/\/oauth\/token$/);
		for (const host of ['app.clio.com', 'eu.app.clio.com', 'ca.app.clio.com', 'au.app.clio.com']) expect(String(prop('authUrl').default)).toContain(host);
		expect(prop('grantType').default).toBe('authorizationCode');
		expect(c.test.request.url).toBe('/users/who_am_i.json');
		// the hidden URLs are n8n expressions over the credential's own fields ($self): evaluate them
		const evaluate = resolveCredentialExpression;
		const cases: Array<[IDataObject, string]> = [
			[{ region: 'us' }, 'https://app.clio.com'],
			[{ region: 'eu' }, 'https://eu.app.clio.com'],
			[{ region: 'ca' }, 'https://ca.app.clio.com'],
			[{ region: 'au' }, 'https://au.app.clio.com'],
			[{ region: 'custom', customBaseUrl: `${sb.url}/clio/` }, `${sb.url}/clio`],
		];
		for (const [self, host] of cases) {
			expect(evaluate(String(prop('authUrl').default), self)).toBe(`${host}/oauth/authorize`);
			expect(evaluate(String(prop('accessTokenUrl').default), self)).toBe(`${host}/oauth/token`);
			expect(evaluate(String(c.test.request.baseURL), self)).toBe(`${host}/api/v4`);
		}
	});

	it('the credential test (who_am_i at the computed base URL) answers with the connected user', async () => {
		const c = new ClioOAuth2Api();
		const token = sb.issueToken('clio').access_token;
		const base = `${sb.url}/clio/api/v4`;
		const r = await axios.get(`${base}${c.test.request.url}`, {
			params: c.test.request.qs,
			headers: { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' },
		});
		expect(r.status).toBe(200);
		expect((r.data as { data: IDataObject }).data).toEqual(expect.objectContaining({ id: clio().users.all()[0].id, name: expect.any(String) }));
	});

	it('pins X-API-VERSION: an unsupported version is refused by Clio and reported with the request', async () => {
		const r = await runClio(sb, { resource: 'user', operation: 'whoAmI' }, { credentials: { ...clioCredentials(sb), apiVersion: '3.9.9' } });
		expect(r.error?.message).toMatch(/Clio request failed \(410\)/);
		expect(r.error?.description).toMatch(/GET .*\/clio\/api\/v4\/users\/who_am_i\.json/);
	});

	it('refreshes an expired access token through n8n (token refresh is n8n\'s)', async () => {
		const token = sb.issueToken('clio', { ttlSeconds: 60 });
		sb.clock.advance(120_000);
		try {
			const r = await runClio(sb, { resource: 'user', operation: 'whoAmI' }, { credentials: clioCredentials(sb, token) });
			expect(r.error).toBeUndefined();
			expect(r.outputs[0][0].json.id).toBe(clio().users.all()[0].id);
			const saved = r.credentials.clioOAuth2Api.oauthTokenData as IDataObject;
			expect(saved.access_token).not.toBe(token.access_token);
		} finally {
			sb.clock.advance(-120_000);
		}
	});
});

describe('operation values (issue 17)', () => {
	it('version 2 names Get Many "getMany" like every node of the pack; a saved version-1 workflow with "getAll" runs unchanged', async () => {
		const node = new Clio();
		expect(node.description.defaultVersion).toBe(2);
		const opsOf = (version: number) =>
			node.description.properties
				.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('matter'))
				.filter((p) => JSON.stringify(p.displayOptions?.show?.['@version']) === JSON.stringify(version === 1 ? [1] : [{ _cnd: { gte: 2 } }]))
				.flatMap((p) => (p.options ?? []).map((o) => (o as { value: string }).value));
		expect(opsOf(2)).toContain('getMany');
		expect(opsOf(2)).not.toContain('getAll');
		expect(opsOf(1)).toContain('getAll');
		const params = { resource: 'activity', returnAll: true, filters: { type: 'ExpenseEntry' }, options: { resolveUtbms: false } };
		const old = await runClio(sb, { ...params, operation: 'getAll' }, { typeVersion: 1 });
		const now = await runClio(sb, { ...params, operation: 'getMany' }, { typeVersion: 2 });
		expect(old.error).toBeUndefined();
		expect(now.error).toBeUndefined();
		const expenses = clio().activities.all().filter((a) => a.type === 'ExpenseEntry').length;
		expect(expenses).toBeGreaterThan(0);
		// the old workflow's filters are still read (its parameters are shown for "getAll" too)
		expect(old.outputs[0].map((i) => i.json.type)).toEqual(Array(expenses).fill('ExpenseEntry'));
		expect(old.outputs[0].map((i) => i.json)).toEqual(now.outputs[0].map((i) => i.json));
	});
});

describe('Activity', () => {
	it('Get Many sends the full default field set and converts seconds to hours, money to exact strings, UTBMS codes surfaced', async () => {
		const out = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: false, limit: 40, filters: { type: 'TimeEntry' }, options: {} });
		expect(out).toHaveLength(40);
		for (const a of out) {
			const src = clio().activities.get(a.id as number)!;
			expect(a.type).toBe('TimeEntry');
			expect(a.quantity).toBe(Number(src.quantity));
			expect(a.hours).toBe(String(Number(src.quantity) / 3600));
			expect(typeof a.price).toBe('string');
			expect(a.price).toBe(src.price.replace(/\.0+$/, ''));
			expect(a.matter).toEqual(expect.objectContaining({ id: src.matter_id, display_number: expect.any(String) }));
			expect(a.user).toEqual(expect.objectContaining({ id: src.user_id, name: expect.any(String) }));
			if (src.activity_description_id) {
				const ad = clio().activityDescriptions.get(src.activity_description_id)!;
				const task = clio().utbmsCodes.get(ad.utbms_task_id!)!.code;
				const act = clio().utbmsCodes.get(ad.utbms_activity_id!)!.code;
				expect(a.utbms).toEqual({ task, activity: act });
			}
		}
	});

	it('Get Many filters by status, type, matter, user, date range and updated since', async () => {
		const all = clio().activities.all();
		const matterId = all[0].matter_id!;
		const userId = all[0].user_id;
		const unbilled = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: { status: 'unbilled' }, options: { resolveUtbms: false } });
		expect(unbilled.length).toBe(all.filter((a) => clio().activityStatus(a) === 'unbilled').length);
		expect(unbilled.every((a) => a.status === 'unbilled')).toBe(true);
		const expenses = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: { type: 'ExpenseEntry' }, options: { resolveUtbms: false } });
		expect(expenses.length).toBe(all.filter((a) => a.type === 'ExpenseEntry').length);
		expect(expenses.length).toBeGreaterThan(0);
		expect(expenses.every((a) => a.hours === undefined && typeof a.quantity === 'number')).toBe(true);
		const byMatterUser = await clioJson(sb, {
			resource: 'activity',
			operation: 'getAll',
			returnAll: true,
			filters: { matterId: { __rl: true, mode: 'id', value: String(matterId) }, userId: { __rl: true, mode: 'list', value: String(userId) } },
			options: { resolveUtbms: false },
		});
		expect(byMatterUser.map((a) => a.id)).toEqual(all.filter((a) => a.matter_id === matterId && a.user_id === userId).map((a) => a.id));
		const dated = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: { start_date: '2026-10-01', end_date: '2026-10-15' }, options: { resolveUtbms: false } });
		expect(dated.length).toBe(all.filter((a) => a.date >= '2026-10-01' && a.date <= '2026-10-15').length);
		const sorted = [...all].sort((a, b) => a.updated_at.localeCompare(b.updated_at));
		const since = sorted[sorted.length - 6].updated_at;
		const recent = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: { updated_since: since }, options: { resolveUtbms: false } });
		expect(recent.length).toBe(all.filter((a) => Date.parse(a.updated_at) > Date.parse(since)).length);
	});

	it('Create a time entry from hours (stored as seconds), Get it, Update it, Delete it', async () => {
		const matter = clio().matters.all()[0];
		const created = await clioJson(sb, {
			resource: 'activity',
			operation: 'create',
			type: 'TimeEntry',
			date: '2026-11-20',
			matterId: { __rl: true, mode: 'url', value: `https://app.clio.com/nc/#/matters/${matter.id}` },
			additionalFields: { hours: '1.25', price: '410.50', note: 'Review production set' },
			options: {},
		});
		expect(created).toHaveLength(1);
		const id = created[0].id as number;
		expect(clio().activities.get(id)!.quantity).toBe('4500');
		expect(created[0]).toEqual(expect.objectContaining({ hours: '1.25', price: '410.5', total: '513.13', note: 'Review production set', date: '2026-11-20' }));
		expect((created[0].matter as IDataObject).display_number).toBe(matter.display_number);

		const got = await clioJson(sb, { resource: 'activity', operation: 'get', id: String(id), options: {} });
		expect(got[0].id).toBe(id);
		expect(got[0].hours).toBe('1.25');

		const updated = await clioJson(sb, { resource: 'activity', operation: 'update', id: String(id), updateFields: { hours: '0.1', note: 'Review production set (short)' }, options: {} });
		expect(clio().activities.get(id)!.quantity).toBe('360');
		expect(updated[0]).toEqual(expect.objectContaining({ hours: '0.1', note: 'Review production set (short)' }));

		// optimistic concurrency: an update based on a stale etag is refused, the current one goes through
		const stale = await runClio(sb, { resource: 'activity', operation: 'update', id: String(id), updateFields: { note: 'stale write' }, options: { ifMatch: String(created[0].etag) } });
		expect(stale.error?.message).toMatch(/Clio request failed \(412\)/);
		expect(clio().activities.get(id)!.note).toBe('Review production set (short)');
		const fresh = await clioJson(sb, { resource: 'activity', operation: 'update', id: String(id), updateFields: { note: 'checked write' }, options: { ifMatch: String(updated[0].etag) } });
		expect(fresh[0].note).toBe('checked write');

		const deleted = await clioJson(sb, { resource: 'activity', operation: 'delete', id: String(id) });
		expect(deleted).toEqual([{ id, deleted: true }]);
		expect(clio().activities.get(id)).toBeUndefined();
		const again = await runClio(sb, { resource: 'activity', operation: 'get', id: String(id), options: {} });
		expect(again.error?.message).toMatch(/Clio request failed \(404\)/);
		expect(again.error?.description).toContain(`/activities/${id}.json`);
	});

	it('Create an expense entry with units and unit price', async () => {
		const matter = clio().matters.all()[1];
		const out = await clioJson(sb, {
			resource: 'activity',
			operation: 'create',
			type: 'ExpenseEntry',
			date: '2026-11-21',
			matterId: { __rl: true, mode: 'id', value: String(matter.id) },
			additionalFields: { quantity: '3', price: '0.10', note: 'Copies' },
			options: {},
		});
		expect(out[0]).toEqual(expect.objectContaining({ type: 'ExpenseEntry', quantity: 3, price: '0.1', total: '0.3' }));
		expect(out[0].hours).toBeUndefined();
	});

	it('rejects bad input with the field and item named, and continues on fail', async () => {
		const r = await runClio(sb, {
			resource: 'activity',
			operation: 'create',
			type: 'TimeEntry',
			date: '2026-11-21',
			matterId: { __rl: true, mode: 'id', value: String(clio().matters.all()[0].id) },
			additionalFields: { hours: '1,5' },
			options: {},
		});
		expect(r.error?.message).toBe('"Hours" must be a decimal number, got "1,5"');
		const c = await runClio(sb, { resource: 'activity', operation: 'get', id: '={{ $json.id }}', options: {} }, { items: [{ id: 'abc' }, { id: String(clio().activities.all()[0].id) }], continueOnFail: true });
		expect(c.outputs[0]).toHaveLength(2);
		expect(c.outputs[0][0].json.error).toMatch(/numeric Clio ID/);
		expect(c.outputs[0][0].pairedItem).toEqual({ item: 0 });
		expect(c.outputs[0][1].json.id).toBe(clio().activities.all()[0].id);
		expect(c.outputs[0][1].pairedItem).toEqual({ item: 1 });
	});

	it('outputs canonical billing entries with matter, client LEDES ids, UTBMS codes and classification', async () => {
		const out = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: false, limit: 25, filters: { type: 'TimeEntry' }, options: { canonical: true, timeZone: 'America/Chicago' } });
		expect(out).toHaveLength(25);
		for (const e of out) {
			const src = clio().activities.get(Number((e.source as IDataObject).id))!;
			const matter = clio().matters.get(src.matter_id!)!;
			const client = clio().contacts.get(matter.client_id)!;
			const user = clio().users.get(src.user_id)!;
			expect(e.id).toBe(`clio:activity:${src.id}`);
			expect(e.kind).toBe('fee');
			expect(e.timeZone).toBe('America/Chicago');
			expect(e.matter).toEqual(expect.objectContaining({ id: String(matter.id), number: matter.display_number, clientMatterId: matter.client_reference }));
			expect(e.client).toEqual(expect.objectContaining({ id: String(client.id), ledesClientId: client.ledes_client_id }));
			expect((e.timekeeper as IDataObject).classification).toBe(user.classification);
			expect(e.currency).toBe('USD');
			const total = (e.total as string).split('.');
			expect(total.length === 1 || total[1].length <= 2).toBe(true);
			if (src.activity_description_id) expect((e.codes as IDataObject).task).toMatch(/^[A-Z]\d{3}$/);
		}
	});

	it('one item per matter (the slice workflows): the matters and the users read once per node run, not per item', async () => {
		const matters = clio().matters.all().filter((m) => clio().activities.all().some((a) => a.matter_id === m.id)).slice(0, 4);
		const take = jest.spyOn(RateLimiter.prototype, 'take');
		try {
			const out = await clioJson(
				sb,
				{ resource: 'activity', operation: 'getAll', returnAll: true, filters: { matterId: { __rl: true, mode: 'id', value: '={{ $json.matterId }}' } }, options: { canonical: true } },
				{ items: matters.map((m) => ({ matterId: String(m.id) })) },
			);
			expect(new Set(out.map((e) => (e.matter as IDataObject).id)).size).toBe(matters.length);
			for (const e of out) expect((e.client as IDataObject).ledesClientId).toBe(clio().contacts.get(clio().matters.get(Number((e.matter as IDataObject).id))!.client_id)!.ledes_client_id);
			// per matter: its activities; once per run: the matters, the UTBMS index and the users (were once per item)
			expect(take.mock.calls.length).toBe(matters.length + 3);
		} finally {
			take.mockRestore();
		}
	});

	it('asks only for the chosen fields when the Fields option is set', async () => {
		const out = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: false, limit: 2, options: { fields: 'id,date,note', resolveUtbms: false } });
		expect(Object.keys(out[0]).sort()).toEqual(['date', 'id', 'note']);
	});
});

describe('Matter, Contact, User', () => {
	it('Matter Get, Get Many (status, client), Create, Update', async () => {
		const m = clio().matters.all()[0];
		const got = await clioJson(sb, { resource: 'matter', operation: 'get', id: String(m.id), options: {} });
		expect(got[0]).toEqual(expect.objectContaining({ id: m.id, display_number: m.display_number, client_reference: m.client_reference }));
		expect((got[0].client as IDataObject).ledes_client_id).toBe(clio().contacts.get(m.client_id)!.ledes_client_id);
		const open = await clioJson(sb, { resource: 'matter', operation: 'getAll', returnAll: true, filters: { status: 'open' }, options: {} });
		expect(open.length).toBe(clio().matters.all().filter((x) => x.status === 'Open').length);
		const ofClient = await clioJson(sb, { resource: 'matter', operation: 'getAll', returnAll: true, filters: { clientId: { __rl: true, mode: 'id', value: String(m.client_id) } }, options: {} });
		expect(ofClient.map((x) => x.id)).toEqual(clio().matters.all().filter((x) => x.client_id === m.client_id).map((x) => x.id));
		const created = await clioJson(sb, {
			resource: 'matter',
			operation: 'create',
			clientId: { __rl: true, mode: 'list', value: String(m.client_id) },
			description: 'New advisory matter',
			additionalFields: { client_reference: 'CLI-NEW-1', display_number: '09999-NEW', status: 'pending' },
			options: {},
		});
		expect(created[0]).toEqual(expect.objectContaining({ description: 'New advisory matter', client_reference: 'CLI-NEW-1', display_number: '09999-NEW', status: 'Pending' }));
		expect((created[0].client as IDataObject).id).toBe(m.client_id);
		const updated = await clioJson(sb, { resource: 'matter', operation: 'update', id: String(created[0].id), updateFields: { billable: false, description: 'Advisory (renamed)', status: 'open' }, options: {} });
		expect(updated[0]).toEqual(expect.objectContaining({ billable: false, description: 'Advisory (renamed)', status: 'Open' }));
		expect(clio().matters.get(created[0].id as number)!.description).toBe('Advisory (renamed)');
	});

	it('Contact Get, Get Many (type, search), Create with LEDES client id, Update', async () => {
		const c = clio().contacts.all()[0];
		const got = await clioJson(sb, { resource: 'contact', operation: 'get', id: String(c.id), options: {} });
		expect(got[0]).toEqual(expect.objectContaining({ id: c.id, name: c.name, ledes_client_id: c.ledes_client_id }));
		const companies = await clioJson(sb, { resource: 'contact', operation: 'getAll', returnAll: true, filters: { type: 'Company' }, options: {} });
		expect(companies.length).toBe(clio().contacts.all().filter((x) => x.type === 'Company').length);
		const created = await clioJson(sb, {
			resource: 'contact',
			operation: 'create',
			type: 'Company',
			name: 'Tailspin Toys Inc',
			additionalFields: { ledes_client_id: 'TAILSPIN01', email: 'legal@tailspin.example' },
			options: {},
		});
		expect(created[0]).toEqual(expect.objectContaining({ name: 'Tailspin Toys Inc', ledes_client_id: 'TAILSPIN01', primary_email_address: 'legal@tailspin.example' }));
		const found = await clioJson(sb, { resource: 'contact', operation: 'getAll', returnAll: true, filters: { query: 'Tailspin' }, options: {} });
		expect(found.map((x) => x.id)).toEqual([created[0].id]);
		const updated = await clioJson(sb, { resource: 'contact', operation: 'update', id: String(created[0].id), updateFields: { ledes_client_id: 'TAILSPIN02' }, options: {} });
		expect(updated[0].ledes_client_id).toBe('TAILSPIN02');
	});

	it('User Get, Get Many (subscription type), Get Current', async () => {
		const u = clio().users.all()[1];
		const got = await clioJson(sb, { resource: 'user', operation: 'get', id: String(u.id), options: {} });
		expect(got[0]).toEqual(expect.objectContaining({ id: u.id, name: u.name, rate: u.rate.replace(/\.0+$/, '') }));
		const attorneys = await clioJson(sb, { resource: 'user', operation: 'getAll', returnAll: true, filters: { subscription_type: 'attorney' }, options: {} });
		expect(attorneys.map((x) => x.id)).toEqual(clio().users.all().filter((x) => x.subscription_type === 'Attorney').map((x) => x.id));
		const me = await clioJson(sb, { resource: 'user', operation: 'whoAmI', options: {} });
		expect(me[0].id).toBe(clio().users.all()[0].id);
	});

	it('lists matters, contacts and users for the resource locators, with search and paging', async () => {
		const { workflow, node, additionalData } = singleNodeWorkflow({
			nodeTypes: { [CLIO_TYPE]: new Clio() },
			type: CLIO_TYPE,
			parameters: { resource: 'activity', operation: 'getAll' },
			credentials: { clioOAuth2Api: clioCredentials(sb) },
			credentialTypes: [new ClioOAuth2Api()],
		});
		const ctx = new LoadOptionsContext(workflow, node, additionalData, 'parameters.filters.matterId');
		const methods = new Clio().methods.listSearch;
		const page1 = await methods.searchMatters.call(ctx);
		expect(page1.results.length).toBe(Math.min(50, clio().matters.size));
		expect(page1.results[0]).toEqual(
			expect.objectContaining({ value: String(clio().matters.all()[0].id), url: `${sb.url}/clio/nc/#/matters/${clio().matters.all()[0].id}` }),
		);
		const m = clio().matters.all()[3];
		const hit = await methods.searchMatters.call(ctx, m.display_number);
		expect(hit.results.map((r) => r.value)).toContain(String(m.id));
		const contacts = await methods.searchContacts.call(ctx, clio().contacts.all()[2].name);
		expect(contacts.results.map((r) => r.value)).toContain(String(clio().contacts.all()[2].id));
		const users = await methods.searchUsers.call(ctx, clio().users.all()[2].last_name);
		expect(users.results.map((r) => r.value)).toContain(String(clio().users.all()[2].id));
		if (page1.paginationToken) {
			const page2 = await methods.searchMatters.call(ctx, undefined, page1.paginationToken as string);
			expect(page2.results[0].value).not.toBe(page1.results[0].value);
		}
	});
});

describe('Bill and Activity Description', () => {
	it('Bill Get Many by state and Get', async () => {
		const bills = clio().bills.all();
		for (const state of ['paid', 'awaiting_payment', 'draft']) {
			const out = await clioJson(sb, { resource: 'bill', operation: 'getAll', returnAll: true, filters: { state }, options: {} });
			expect(out.map((b) => b.id)).toEqual(bills.filter((b) => b.state === state).map((b) => b.id));
			expect(out.every((b) => typeof b.total === 'string')).toBe(true);
		}
		const got = await clioJson(sb, { resource: 'bill', operation: 'get', id: String(bills[0].id), options: {} });
		expect(got[0]).toEqual(expect.objectContaining({ id: bills[0].id, number: bills[0].number, state: bills[0].state, total: clio().billTotal(bills[0]).toString() }));
	});

	it('Bill Update state where Clio allows it, and a clear refusal where it does not', async () => {
		const draft = clio().bills.all().find((b) => b.state === 'draft')!;
		expect(draft).toBeDefined();
		const moved = await clioJson(sb, { resource: 'bill', operation: 'update', id: String(draft.id), state: 'awaiting_approval', updateFields: { memo: 'Sent for approval' }, options: {} });
		expect(moved[0]).toEqual(expect.objectContaining({ state: 'awaiting_approval', memo: 'Sent for approval' }));
		expect(clio().bills.get(draft.id)!.state).toBe('awaiting_approval');
		const paid = clio().bills.all().find((b) => b.state === 'paid')!;
		const r = await runClio(sb, { resource: 'bill', operation: 'update', id: String(paid.id), state: 'draft', options: {} });
		expect(r.error?.message).toBe(`Clio does not allow bill ${paid.id} to go from "paid" to "draft"`);
		expect(r.error?.description).toMatch(/Allowed next states: awaiting_payment/);
		expect(clio().bills.get(paid.id)!.state).toBe('paid');
	});

	it('Activity Description Get Many carries the UTBMS task and activity codes', async () => {
		const out = await clioJson(sb, { resource: 'activityDescription', operation: 'getAll', returnAll: true, options: {} });
		expect(out.length).toBe(clio().activityDescriptions.size);
		for (const d of out) {
			const src = clio().activityDescriptions.get(d.id as number)!;
			if (src.utbms_task_id) expect((d.utbms as IDataObject).task).toBe(clio().utbmsCodes.get(src.utbms_task_id)!.code);
			if (src.utbms_activity_id) expect((d.utbms as IDataObject).activity).toBe(clio().utbmsCodes.get(src.utbms_activity_id)!.code);
		}
	});
});
