/**
 * The sandbox's filtered reads come from indexes (issue 14, "wall time is not linear"): Clio's
 * activities by matter_id / user_id (and ids[]), Actionstep's time entries by action. Property
 * tests: after random creates, updates (a refused one included), deletes, bill voids, resets and
 * clock moves, every filtered read answers exactly what the full scan answers (the same bodies,
 * page by page: records, order, meta.records, paging URLs and cursors) and what a brute-force filter
 * over the store selects. The scan is the same server with the vendor option `filterIndex: false`.
 */
import type { AxiosInstance, AxiosRequestConfig } from 'axios';
import axios from 'axios';
import type { Sandbox } from '../../sandbox';
import { createPrng } from '../../sandbox/framework/prng';
import { Collection } from '../../sandbox/vendors/clio/collection';
import type { ActionstepState } from '../../sandbox/vendors/actionstep/state';
import { eqKey } from '../../sandbox/vendors/actionstep/filters';
import { clioClient, EXPECT_VIOLATION, sandbox } from './helpers';

type Rng = () => number;
const rngOf = (seed: string): Rng => {
	const p = createPrng(seed);
	return () => p.next();
};
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

describe('Collection secondary indexes', () => {
	it('list exactly the live records with each key, ascending, through adds, in-place changes and deletes', () => {
		const rng = rngOf('collection-index');
		type Rec = { id: number; m: number | null };
		const c = new Collection<Rec>(
			Array.from({ length: 300 }, (_, i) => ({ id: 2 * i + 1, m: i % 7 === 0 ? null : i % 11 })),
			1,
			{ m: (r) => r.m },
		);
		const keys: (number | null)[] = [null, ...Array.from({ length: 12 }, (_, i) => i)];
		for (let step = 0; step < 3000; step++) {
			const live = c.all();
			const roll = rng();
			if (roll < 0.3) c.add({ id: c.nextId(), m: pick(rng, keys) });
			else if (roll < 0.55 && live.length) c.delete(pick(rng, live).id);
			else if (live.length) {
				const r = pick(rng, live);
				r.m = pick(rng, keys);
				if (rng() < 0.5) c.reindex(r);
				else c.touch(r);
			}
			if (step % 50 === 0 || step > 2950) {
				for (const k of keys) expect(c.indexed('m', k)).toEqual(c.all().filter((r) => r.m === k).map((r) => r.id));
			}
		}
		expect(c.indexed('nope', 1)).toBeUndefined();
	});
});

describe('Clio activities: indexed filtered reads = the full scan', () => {
	let sb: Sandbox;
	let api: AxiosInstance;
	const clioOptions: Record<string, unknown> = { filterIndex: true };
	beforeAll(async () => {
		sb = await sandbox({ seed: 'filter-index', size: 900, clioRateLimitPerMinute: 1_000_000, vendorOptions: { clio: clioOptions } });
		api = clioClient(sb);
	});
	afterAll(async () => {
		await sb.close();
	});

	/** Every page of a read (following meta.paging.next), with the index on or off. */
	async function walk(params: Record<string, unknown>, indexed: boolean, config: AxiosRequestConfig = {}): Promise<unknown[]> {
		clioOptions.filterIndex = indexed;
		try {
			const pages: unknown[] = [];
			let r = await api.get('/activities.json', { ...config, params });
			for (let n = 0; ; n++) {
				pages.push({ status: r.status, body: r.data });
				const next = r.status === 200 ? (r.data.meta.paging.next as string | undefined) : undefined;
				if (!next || n > 400) break;
				r = await api.get(next, config);
			}
			return pages;
		} finally {
			clioOptions.filterIndex = true;
		}
	}

	const state = () => sb.state.clio;
	/** what a brute-force filter over the store selects (ids ascending) */
	const brute = (p: Record<string, unknown>) =>
		state()
			.activities.all()
			.filter((a) => p.matter_id === undefined || (p.matter_id === 'null' ? a.matter_id === null : a.matter_id === Number(p.matter_id)))
			.filter((a) => p.user_id === undefined || a.user_id === Number(p.user_id))
			.filter((a) => p.status === undefined || state().activityStatus(a) === p.status)
			.filter((a) => p.start_date === undefined || a.date >= String(p.start_date))
			.filter((a) => p.end_date === undefined || a.date <= String(p.end_date))
			.filter((a) => p['ids[]'] === undefined || (p['ids[]'] as number[]).includes(a.id))
			.map((a) => a.id);

	async function checkReads(rng: Rng, rounds: number): Promise<void> {
		const matters = state().matters.all().map((m) => m.id);
		const users = state().users.all().map((u) => u.id);
		const acts = state().activities.all();
		for (let n = 0; n < rounds; n++) {
			const matter = rng() < 0.1 ? 'null' : rng() < 0.1 ? 987654 : pick(rng, matters);
			const sample = acts.length ? Array.from({ length: 1 + Math.floor(rng() * 25) }, () => pick(rng, acts).id) : [1];
			const shapes: Record<string, unknown>[] = [
				{ matter_id: matter },
				{ matter_id: matter, status: 'unbilled', start_date: '2026-01-01', end_date: '2026-12-31' },
				{ user_id: pick(rng, users) },
				{ matter_id: matter, user_id: pick(rng, users) },
				{ 'ids[]': sample },
				{ 'ids[]': sample, matter_id: matter },
				{ status: 'unbilled' },
			];
			const filters = pick(rng, shapes);
			const limit = 1 + Math.floor(rng() * 7);
			const params = { fields: 'id,date,matter{id},user{id}', limit, ...filters };
			const cursor = await walk(params, true);
			expect(cursor).toEqual(await walk(params, false));
			const ids = cursor.flatMap((p) => ((p as { body: { data: { id: number }[] } }).body.data ?? []).map((r) => r.id));
			expect(ids).toEqual(brute(filters));
			if ((cursor[0] as { body: { meta: { records: number } } }).body.meta.records !== ids.length) throw new Error('meta.records differs from the walked records');
			// offset paging (another order): probes of the simulator, not Clio's documented paging
			const order = pick(rng, ['id(desc)', 'date(asc)', 'date(desc)']);
			const offsetParams = { ...params, order, offset: Math.floor(rng() * 3) };
			expect(await walk(offsetParams, true, { headers: EXPECT_VIOLATION })).toEqual(await walk(offsetParams, false, { headers: EXPECT_VIOLATION }));
		}
	}

	async function randomWrites(rng: Rng, count: number): Promise<void> {
		const matters = state().matters.all().map((m) => m.id);
		const users = state().users.all().map((u) => u.id);
		for (let n = 0; n < count; n++) {
			const acts = state().activities.all();
			const roll = rng();
			if (roll < 0.35 || !acts.length) {
				const r = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-10-15', quantity: 3600, note: 'index', matter: { id: pick(rng, matters) }, user: { id: pick(rng, users) } } }, { params: { fields: 'id' } });
				expect(r.status).toBe(201);
			} else if (roll < 0.55) {
				const a = pick(rng, acts);
				await api.patch(`/activities/${a.id}.json`, { data: { matter: { id: pick(rng, matters) }, ...(rng() < 0.5 ? { user: { id: pick(rng, users) } } : {}) } });
			} else if (roll < 0.65) {
				// refused (no such user) after the matter was already set: the index follows the record
				const a = pick(rng, acts);
				await api.patch(`/activities/${a.id}.json`, { data: { matter: { id: pick(rng, matters) }, user: { id: 99999999 } } }, { headers: EXPECT_VIOLATION });
			} else if (roll < 0.85) {
				await api.delete(`/activities/${pick(rng, acts).id}.json`);
			} else {
				const bill = state().bills.all().find((b) => b.state === 'draft' || b.state === 'awaiting_approval' || b.state === 'awaiting_payment');
				if (bill) await api.patch(`/bills/${bill.id}.json`, { data: { state: 'void' } });
			}
		}
	}

	it('matter_id, user_id, ids[] and status reads after random creates, updates and deletes', async () => {
		const rng = rngOf('clio-index-writes');
		await checkReads(rng, 12);
		for (let round = 0; round < 4; round++) {
			await randomWrites(rng, 40);
			await checkReads(rng, 10);
		}
	});

	it('after a reset, a clock move and a reset to another date (the firm regenerated)', async () => {
		const rng = rngOf('clio-index-reset');
		await randomWrites(rng, 30);
		sb.reset();
		api = clioClient(sb);
		await checkReads(rng, 8);
		await api.post(`${sb.url}/_admin/clock`, { advanceSeconds: 3 * 86400 });
		await randomWrites(rng, 20);
		await checkReads(rng, 8);
		const before = state().activities.all().length;
		sb.reset({ now: '2027-03-10T15:00:00Z' });
		api = clioClient(sb);
		expect(sb.firm.asOf).toBe('2027-03-10');
		expect(state().activities.all().length).toBeGreaterThan(0);
		await checkReads(rng, 8);
		expect(before).toBeGreaterThan(0);
	});

	it('a matter with billed activities still cannot be deleted; one without can', async () => {
		sb.reset();
		api = clioClient(sb);
		const billed = state().activities.all().find((a) => a.matter_id !== null && state().activityStatus(a) === 'billed')!;
		expect((await api.delete(`/matters/${billed.matter_id}.json`)).status).toBe(422);
		const created = await api.post('/matters.json', { data: { description: 'empty matter', client: { id: state().contacts.all()[0].id } } }, { params: { fields: 'id' } });
		expect(created.status).toBe(201);
		expect((await api.delete(`/matters/${created.data.data.id}.json`)).status).toBe(204);
	});
});

describe('Actionstep time entries: action filters from the index = the full scan', () => {
	let sb: Sandbox;
	let rest: string;
	let token: string;
	const asOptions: Record<string, unknown> = { filterIndex: true };
	const JSONAPI = 'application/vnd.api+json';
	const auth = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}`, Accept: JSONAPI, 'Content-Type': JSONAPI }, params, validateStatus: () => true });
	const as = () => sb.state.actionstep as ActionstepState;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'filter-index-as', size: 900, vendorOptions: { actionstep: asOptions } });
		const t = sb.issueToken('actionstep', { scope: 'all' });
		token = t.access_token;
		rest = `${t.api_endpoint as string}rest/`;
	});
	afterAll(async () => {
		await sb.close();
	});

	async function read(params: Record<string, unknown>, indexed: boolean): Promise<unknown[]> {
		asOptions.filterIndex = indexed;
		try {
			const pages: unknown[] = [];
			for (let page = 1; page < 200; page++) {
				const r = await axios.get(`${rest}timeentries`, auth({ ...params, page }));
				pages.push({ status: r.status, body: r.data });
				if (r.status !== 200 || !r.data.meta.paging.timeentries.nextPage) break;
			}
			return pages;
		} finally {
			asOptions.filterIndex = true;
		}
	}

	async function checkReads(rng: Rng, rounds: number): Promise<void> {
		const actions = [...as().data.actions.keys()];
		for (let n = 0; n < rounds; n++) {
			const a = pick(rng, actions);
			const b = pick(rng, actions);
			const shapes: Record<string, unknown>[] = [
				{ action_eq: a },
				{ action_eq: `0${a}` },
				{ action_in: `${a},${b}` },
				{ action: `${a},${b}` },
				{ sort: 'timestampDate,id', action_eq: a, timestampDate_gteq: '2026-01-01T00:00:00', timestampDate_lteq: '2026-12-31T23:59:59', isBillable_eq: 'T' },
				{ sort: '-timestampDate', action_eq: a },
				{ isBillable_eq: 'T', action_eq: a },
				{ action_eq: '999999' },
			];
			const params: Record<string, unknown> = { ...pick(rng, shapes), pageSize: 1 + Math.floor(rng() * 9) };
			const got = await read(params, true);
			expect(got).toEqual(await read(params, false));
			expect([200, 204]).toContain((got[0] as { status: number }).status);
			const ids = got.flatMap((p) => {
				const body = (p as { body: { timeentries?: unknown } }).body;
				return body && typeof body === 'object' && body.timeentries ? [body.timeentries].flat().map((t) => String((t as { id: number }).id)) : [];
			});
			const values = String(params.action_eq ?? params.action_in ?? params.action).split(',').map(eqKey);
			const want = [...as().data.timeentries.values()].filter((t) => values.includes(eqKey(String(t.links?.action))));
			expect([...ids].sort()).toEqual(
				want
					.filter((t) => params.isBillable_eq === undefined || t.isBillable === 'T')
					.filter((t) => params.timestampDate_gteq === undefined || (String(t.timestampDate) >= '2026-01-01' && String(t.timestampDate) <= '2026-12-31'))
					.map((t) => String(t.id))
					.sort(),
			);
		}
	}

	async function randomWrites(rng: Rng, count: number): Promise<void> {
		const actions = [...as().data.actions.keys()];
		const owners = sb.firm.timekeepers.map((t) => String(t.id));
		for (let n = 0; n < count; n++) {
			const entries = [...as().data.timeentries.keys()];
			const roll = rng();
			if (roll < 0.4) {
				const owner = pick(rng, owners);
				const r = await axios.post(`${rest}timeentries`, { timeentries: { timestampDate: '2026-10-15', actualHours: '1.5', description: 'index', links: { action: pick(rng, actions), owner, createdBy: owner } } }, auth());
				expect(r.status).toBe(201);
			} else if (roll < 0.75) {
				const id = pick(rng, entries);
				const t = as().data.timeentries.get(id)!;
				const links = { action: pick(rng, actions), owner: String(t.links?.owner), createdBy: String(t.links?.createdBy) };
				const r = await axios.put(`${rest}timeentries/${id}`, { timeentries: { timestampDate: t.timestampDate, actualHours: t.actualHours, description: 'moved', links } }, auth());
				expect(r.status).toBe(200);
			} else {
				expect((await axios.delete(`${rest}timeentries/${pick(rng, entries)}`, auth())).status).toBe(204);
			}
		}
	}

	it('after random creates, moves to another matter and deletes, then a reset', async () => {
		const rng = rngOf('as-index');
		await checkReads(rng, 10);
		for (let round = 0; round < 3; round++) {
			await randomWrites(rng, 30);
			await checkReads(rng, 10);
		}
		sb.reset();
		const t = sb.issueToken('actionstep', { scope: 'all' });
		token = t.access_token;
		await checkReads(rng, 6);
	});

	it('eqKey: equal keys exactly when matches calls two values equal', () => {
		const values = ['5', '05', '5.0', '1e3', '1000', ' 5', '', ' ', '0', '-0', 'abc', '2026-10-01', '2026-10-01T00:00:00', '2026-10-01T00:00:00Z', 'x,y', 'Infinity'];
		for (const a of values) for (const b of values) {
			const na = Number(a);
			const nb = Number(b);
			const numeric = a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nb) && !/^\d{4}-/.test(a);
			const norm = (x: string) => (/^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T00:00:00` : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(x) ? x.slice(0, 19) : x);
			const equal = numeric ? na === nb : norm(a) === norm(b);
			expect([a, b, eqKey(a) === eqKey(b)]).toEqual([a, b, equal]);
		}
	});
});
