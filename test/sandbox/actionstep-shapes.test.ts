import axios, { type AxiosRequestConfig } from 'axios';
import type { Sandbox } from '../../sandbox';
import { actionstepRecordErrors } from '../../sandbox/vendors/actionstep/contract';
import type { ActionstepState } from '../../sandbox/vendors/actionstep';
import { sandbox } from './helpers';

/**
 * Every record the Actionstep simulator answers, checked against Actionstep's official OpenAPI
 * record schemas (shared/vendor-specs/actionstep/openapi/*.yaml): an invented field, a wrong type
 * or a wrong enum value fails here. The one modelled extra is listed (docs/vendor-fidelity.md).
 */
const MODELLED: Record<string, string[]> = {
	// Actionstep keeps a timekeeper's LEDES classification in a custom field; the simulator puts it on the participant
	participants: ['ledesClassification'],
};
const RESOURCES = ['actions', 'actiontypes', 'participants', 'timeentries', 'bills', 'tasks', 'datacollections', 'datacollectionfields', 'datacollectionrecords', 'datacollectionrecordvalues', 'resthooks', 'utbmscodes'];

describe('Actionstep simulator responses match the official OpenAPI record schemas', () => {
	let sb: Sandbox;
	let cfg: AxiosRequestConfig;
	let rest: string;
	beforeAll(async () => {
		sb = await sandbox({ seed: 'as-shapes', size: 300 });
		const t = sb.issueToken('actionstep', { scope: 'all' });
		rest = `${t.api_endpoint as string}rest/`;
		cfg = { headers: { Authorization: `Bearer ${t.access_token}`, Accept: 'application/vnd.api+json', 'Content-Type': 'application/vnd.api+json' }, validateStatus: () => true };
		// a task, a hook and a written value, so every resource has records
		const as = sb.state.actionstep as ActionstepState;
		const action = [...as.data.actions.values()][0];
		expect((await axios.post(`${rest}tasks`, { tasks: { name: 'Check', status: 'Incomplete', dueTimestamp: '2026-12-01T00:00:00+00:00', links: { action: String(action.id), assignee: String(sb.firm.timekeepers[0].id) } } }, cfg)).status).toBe(201);
		expect((await axios.post(`${rest}resthooks`, { resthooks: { eventName: 'TaskCreated', targetUrl: 'http://127.0.0.1:9/hook' } }, cfg)).status).toBe(201);
	});
	afterAll(async () => {
		await sb.close();
	});

	it.each(RESOURCES)('%s: every record of the list', async (resource) => {
		const list = await axios.get(`${rest}${resource}?pageSize=200`, cfg);
		expect(list.status).toBe(200);
		const records = [list.data[resource]].flat() as Array<Record<string, unknown>>;
		expect(records.length).toBeGreaterThan(0);
		const errors = records.flatMap((r) => actionstepRecordErrors(resource, r, MODELLED[resource] ?? []));
		expect([...new Set(errors.map((e) => e.replace(/^\S+ \S+ /, '')))]).toEqual([]);
		expect(list.data.meta.paging[resource]).toMatchObject({ recordCount: expect.any(Number), page: 1, pageSize: 200 });
	});
});
