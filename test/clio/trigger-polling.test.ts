/**
 * Clio Trigger, polling mode: an updated_since cursor in the workflow's static data, polled by
 * n8n-core's PollContext against the sandbox. No duplicates and no gaps across polls, including
 * records written in the same second as the cursor and writes that land late.
 */
import type { IDataObject } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox';
import { clioSandbox, clioUserApi, pollClio } from './helpers';

let sb: Sandbox;
let api: ReturnType<typeof clioUserApi>;
const params = { mode: 'polling', resource: 'activity', options: {} };

beforeAll(async () => {
	sb = await clioSandbox({ size: 80, clioRateLimitPerMinute: 1000, clock: { frozen: true, start: '2026-11-27T09:00:00Z' } });
	api = clioUserApi(sb);
});
afterAll(async () => {
	await sb.close();
});

const create = async (note: string) => {
	const matter = sb.state.clio.matters.all()[0];
	const r = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-11-27', quantity: 360, note, matter: { id: matter.id } } }, { params: { fields: 'id,updated_at' } });
	return r.data.data as { id: number; updated_at: string };
};
const ids = (result: Awaited<ReturnType<typeof pollClio>>['result']) => (result?.[0] ?? []).map((i) => i.json.id as number);

describe('Clio Trigger — polling mode', () => {
	const staticData: IDataObject = {};

	it('first poll sets the cursor from Clio\'s newest change and emits nothing', async () => {
		const first = await pollClio(sb, params, staticData);
		expect(first.result).toBeNull();
		const newest = [...sb.state.clio.activities.all()].sort((a, b) => a.updated_at.localeCompare(b.updated_at)).pop()!;
		// n8n keeps the node's static data under "node:<name>" of the workflow's static data (this object)
		const sd = staticData['node:Node'] as IDataObject;
		expect(sd.cursor).toBe(newest.updated_at);
		expect(sd.resource).toBe('activity');
	});

	it('emits new and changed records once, oldest change first, with hours and exact money', async () => {
		sb.clock.advance(60_000);
		const a = await create('first');
		sb.clock.advance(1_000);
		const b = await create('second');
		const p1 = await pollClio(sb, params, staticData);
		expect(ids(p1.result)).toEqual([a.id, b.id]);
		expect(p1.result![0][0].json).toEqual(expect.objectContaining({ hours: '0.1', note: 'first' }));
		// nothing new: nothing emitted (the overlap window re-reads a and b, which are dropped)
		const p2 = await pollClio(sb, params, staticData);
		expect(p2.result).toBeNull();
		// a change to an emitted record is a new event
		sb.clock.advance(5_000);
		await api.patch(`/activities/${a.id}.json`, { data: { note: 'first (edited)' } });
		const p3 = await pollClio(sb, params, staticData);
		expect(ids(p3.result)).toEqual([a.id]);
		expect(p3.result![0][0].json.note).toBe('first (edited)');
	});

	it('does not miss a record written in the same second as the cursor', async () => {
		sb.clock.advance(10_000);
		const c = await create('same second 1');
		const p1 = await pollClio(sb, params, staticData);
		expect(ids(p1.result)).toEqual([c.id]);
		// the clock is frozen: this write carries exactly the cursor's timestamp
		const d = await create('same second 2');
		expect(d.updated_at).toBe(c.updated_at);
		const p2 = await pollClio(sb, params, staticData);
		expect(ids(p2.result)).toEqual([d.id]);
		const p3 = await pollClio(sb, params, staticData);
		expect(p3.result).toBeNull();
	});

	it('does not miss a write that lands late with an older timestamp (inside the overlap)', async () => {
		sb.clock.advance(30_000);
		const e = await create('now');
		expect(ids((await pollClio(sb, params, staticData)).result)).toEqual([e.id]);
		// a write committed late: its updated_at is 20 s before the cursor
		sb.clock.advance(-20_000);
		const late = await create('late commit');
		sb.clock.advance(20_000);
		const p = await pollClio(sb, params, staticData);
		expect(ids(p.result)).toEqual([late.id]);
		expect((await pollClio(sb, params, staticData)).result).toBeNull();
	});

	it('pages through a burst larger than a page, without duplicates or gaps', async () => {
		sb.clock.advance(60_000);
		const made: number[] = [];
		for (let i = 0; i < 230; i++) {
			if (i % 50 === 0) sb.clock.advance(1_000);
			made.push((await create(`burst ${i}`)).id);
		}
		const p = await pollClio(sb, params, staticData);
		expect(ids(p.result)).toEqual(made);
		expect((await pollClio(sb, params, staticData)).result).toBeNull();
	});

	it('manual mode shows the latest change without moving the cursor', async () => {
		const before = JSON.stringify(staticData);
		const m = await pollClio(sb, params, JSON.parse(before), 'manual');
		const newest = [...sb.state.clio.activities.all()].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
		expect(m.result![0]).toHaveLength(1);
		expect(newest.filter((x) => x.updated_at === newest[newest.length - 1].updated_at).map((x) => x.id)).toContain(m.result![0][0].json.id);
		expect(JSON.stringify(staticData)).toBe(before);
	});

	it('polls other resources too (matters)', async () => {
		const sd: IDataObject = {};
		const matterParams = { mode: 'polling', resource: 'matter', options: {} };
		expect((await pollClio(sb, matterParams, sd)).result).toBeNull();
		sb.clock.advance(5_000);
		const m = sb.state.clio.matters.all()[2];
		await api.patch(`/matters/${m.id}.json`, { data: { description: 'Renamed by polling test' } });
		const p = await pollClio(sb, matterParams, sd);
		expect(ids(p.result)).toEqual([m.id]);
		expect(p.result![0][0].json.description).toBe('Renamed by polling test');
	});

	it('polls contacts, which Clio cannot order by updated_at, from Clio\'s own clock', async () => {
		const sd: IDataObject = {};
		const contactParams = { mode: 'polling', resource: 'contact', options: {} };
		expect((await pollClio(sb, contactParams, sd)).result).toBeNull();
		expect((sd['node:Node'] as IDataObject).cursor).toBe(sb.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z'));
		sb.clock.advance(5_000);
		const c = sb.state.clio.contacts.all()[1];
		await api.patch(`/contacts/${c.id}.json`, { data: { ledes_client_id: 'POLLED-1' } });
		const p = await pollClio(sb, contactParams, sd);
		expect(ids(p.result)).toEqual([c.id]);
		expect(p.result![0][0].json.ledes_client_id).toBe('POLLED-1');
		expect((await pollClio(sb, contactParams, sd)).result).toBeNull();
	});

	it('emits canonical billing entries when asked', async () => {
		const sd: IDataObject = {};
		const canon = { mode: 'polling', resource: 'activity', options: { canonical: true, timeZone: 'America/Chicago' } };
		expect((await pollClio(sb, canon, sd)).result).toBeNull();
		sb.clock.advance(5_000);
		const made = await create('canonical via trigger');
		const p = await pollClio(sb, canon, sd);
		const e = p.result![0][0].json;
		const matter = sb.state.clio.matters.all()[0];
		expect(e).toEqual(
			expect.objectContaining({
				id: `clio:activity:${made.id}`,
				kind: 'fee',
				quantity: '0.1',
				narrative: 'canonical via trigger',
				timeZone: 'America/Chicago',
				matter: expect.objectContaining({ id: String(matter.id), clientMatterId: matter.client_reference }),
				client: expect.objectContaining({ ledesClientId: sb.state.clio.contacts.get(matter.client_id)!.ledes_client_id }),
			}),
		);
	});

	it('in webhook mode the schedule tick emits nothing', async () => {
		const p = await pollClio(sb, { mode: 'webhook', model: 'activity', events: ['created'], options: {} }, {});
		expect(p.result).toBeNull();
	});
});
