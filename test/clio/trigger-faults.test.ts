/**
 * Clio Trigger, polling mode, under a cut page (issue 13 item 1): a page of the change list that
 * arrives cut is never read as "no more records", and the cursor moves only past what was delivered.
 * Before the shared response check, page 2 cut gave page 1's records, no error, and a cursor past
 * the records of page 2: they were never emitted.
 */
import type { IDataObject } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox';
import { clioSandbox, clioUserApi, pollClio } from './helpers';

let sb: Sandbox;
let api: ReturnType<typeof clioUserApi>;
const params = { mode: 'polling', resource: 'activity', options: { resolveUtbms: false } };

beforeAll(async () => {
	sb = await clioSandbox({ size: 400, clioRateLimitPerMinute: 100_000, clock: { frozen: true, start: '2026-11-27T09:00:00Z' } });
	api = clioUserApi(sb);
});
afterAll(async () => {
	await sb.close();
});

const ids = (result: Awaited<ReturnType<typeof pollClio>>['result']) => (result?.[0] ?? []).map((i) => i.json.id as number);

describe('Clio Trigger — polling across a cut page', () => {
	it('fails the poll instead of skipping page 2, keeps its cursor, and emits all 201 changes on the next poll', async () => {
		const staticData: IDataObject = {};
		expect(await pollClio(sb, params, staticData).then((p) => p.result)).toBeNull();
		const sd = () => staticData['node:Node'] as IDataObject;
		const cursor0 = sd().cursor;

		// 201 new entries at T, then the first of them changed two minutes later. Cursor paging (order=id
		// asc, 200 a page) puts that newest change on page 1 and the last entry alone on page 2, older
		// than the overlap window.
		sb.clock.advance(60_000);
		const matter = sb.state.clio.matters.all()[0];
		const changed: number[] = [];
		for (let n = 0; n < 201; n++) {
			const r = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-11-27', quantity: 360, note: `entry ${n}`, matter: { id: matter.id } } }, { params: { fields: 'id' } });
			changed.push(r.data.data.id as number);
		}
		changed.sort((a, b) => a - b);
		sb.clock.advance(120_000);
		await api.patch(`/activities/${changed[0]}.json`, { data: { note: 'entry 0 (edited)' } });

		// page 1 arrives whole, page 2 cut on every attempt
		sb.setFaults('clio', { paths: ['^/api/v4/activities\\.json$'], script: ['ok', 'malformed', 'malformed', 'malformed'] });
		await expect(pollClio(sb, params, staticData)).rejects.toThrow(/^Clio answered GET http:\/\/127\.0\.0\.1:\d+\/clio\/api\/v4\/activities\.json\?.* with a body that is not valid JSON$/);
		expect(sb.context.faults('clio').stats.injected).toMatchObject({ malformed: 3 });
		// nothing was delivered, so the cursor did not move
		expect(sd().cursor).toBe(cursor0);

		// page 2 cut once: asked again, and the poll is whole
		sb.setFaults('clio', { paths: ['^/api/v4/activities\\.json$'], script: ['ok', 'malformed', 'ok'] });
		const p = await pollClio(sb, params, staticData);
		sb.setFaults('clio', {});
		expect(ids(p.result).sort((a, b) => a - b)).toEqual(changed);
		expect(ids(p.result)[200]).toBe(changed[0]); // oldest change first
		expect(await pollClio(sb, params, staticData).then((r) => r.result)).toBeNull();
	});
});
