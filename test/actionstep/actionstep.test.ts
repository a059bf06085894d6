import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { ActionstepOAuth2Api } from '../../credentials/ActionstepOAuth2Api.credentials';
import { Actionstep } from '../../nodes/Actionstep/Actionstep.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { ActionstepState } from '../../sandbox/vendors/actionstep';
import { runNode } from '../helpers/n8n';
import { actionstepCredentials, ResthookReceiver } from './support';

const TYPE = 'n8n-nodes-legal-billing.actionstep';
let sb: Sandbox;
const as = () => sb.state.actionstep as ActionstepState;

function run(parameters: Record<string, unknown>, extra: Partial<Parameters<typeof runNode>[0]> = {}, creds: IDataObject = actionstepCredentials(sb)) {
	return runNode({
		nodeTypes: { [TYPE]: new Actionstep() },
		type: TYPE,
		parameters: parameters as never,
		credentials: { actionstepOAuth2Api: creds as never },
		credentialTypes: [new ActionstepOAuth2Api()],
		...extra,
	});
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0, seed: 'vendors-as', size: 600 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

describe('Actionstep node: time entries', () => {
	it('pages through all time entries (pageSize 200) and filters by owner, date and billing status', async () => {
		const all = [...as().data.timeentries.values()];
		expect(all.length).toBeGreaterThan(200);
		const r = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: {}, output: 'record' });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0]).toHaveLength(all.length);
		expect(new Set(r.outputs[0].map((i) => i.json.id)).size).toBe(all.length);
		const first = r.outputs[0][0].json;
		expect(typeof first.isBillable).toBe('boolean');
		expect(first).toHaveProperty('actionId');
		expect(first).toHaveProperty('ownerId');
		expect(first).not.toHaveProperty('links');

		const owner = String(all[0].links!.owner);
		const f = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: { ownerId: owner, dateFrom: '2026-09-01', dateTo: '2026-09-30', billingStatus: 'unbilled' }, output: 'record' });
		const want = all.filter((e) => String(e.links!.owner) === owner && String(e.timestampDate) >= '2026-09-01' && String(e.timestampDate) <= '2026-09-30' && e.isBilled === 'F');
		expect(f.outputs[0].map((i) => i.json.id).sort()).toEqual(want.map((e) => e.id).sort());
		const lim = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: false, limit: 3, filters: {}, output: 'record' });
		expect(lim.outputs[0]).toHaveLength(3);
		const bad = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: { dateFrom: '01/09/2026' }, output: 'record' });
		expect(bad.error?.message).toBe('Date From must be a date (YYYY-MM-DD), got "01/09/2026"');
	});

	it('resolves linked records, and outputs canonical billing entries', async () => {
		const entry = [...as().data.timeentries.values()][5];
		const r = await run({ resource: 'timeEntry', operation: 'get', timeEntryId: String(entry.id), output: 'record', resolveLinked: true });
		const json = r.outputs[0][0].json as Record<string, any>;
		expect(json.action.id).toBe(Number(entry.links!.action));
		expect(json.owner.displayName).toBe(as().data.participants.get(String(entry.links!.owner))!.displayName);
		const c = await run({ resource: 'timeEntry', operation: 'get', timeEntryId: String(entry.id), output: 'canonical', canonicalOptions: { currency: 'USD', timeZone: 'America/Chicago' } });
		const canon = c.outputs[0][0].json as Record<string, any>;
		const matter = sb.firm.matters.find((m) => m.id === Number(entry.links!.action))!;
		const client = sb.firm.clients.find((x) => x.id === matter.clientId)!;
		expect(canon).toMatchObject({
			id: `actionstep:timeentry:${entry.id}`,
			kind: 'fee',
			date: entry.timestampDate,
			quantity: String(Number(entry.billableHours)),
			total: entry.billableAmount,
			currency: 'USD',
			timeZone: 'America/Chicago',
			matter: { id: String(matter.id), number: matter.displayNumber, clientMatterId: matter.clientMatterId },
			client: { id: String(client.id), ledesClientId: client.ledesClientId },
		});
		expect(canon.timekeeper.classification).toBe(as().data.participants.get(String(entry.links!.owner))!.ledesClassification);
		const missing = await run({ resource: 'timeEntry', operation: 'get', timeEntryId: '123', output: 'record' });
		expect(missing.error?.message).toBe('Actionstep request failed (404): timeentries 123 not found');
	});

	it('creates and updates a time entry with exact hours and T/F booleans (PUT, not PATCH)', async () => {
		const action = [...as().data.actions.values()][0];
		const owner = sb.firm.timekeepers[0];
		const r = await run({
			resource: 'timeEntry',
			operation: 'create',
			actionId: String(action.id),
			ownerId: String(owner.id),
			timestampDate: '2026-11-20',
			actualHours: '0.30',
			additionalFields: { description: 'Review discovery responses', utbmsTaskCode: 'l310', utbmsActivityCode: 'A104', isBillable: true, rateUnitPrice: '333.33' },
		});
		expect(r.error).toBeUndefined();
		const created = r.outputs[0][0].json;
		expect(created).toMatchObject({ actualHours: '0.3', billableHours: '0.3', rateUnitPrice: '333.33', billableAmount: '100.00', isBillable: true, utbmsTaskCodeId: 'L310', actionId: String(action.id) });
		const stored = as().data.timeentries.get(String(created.id))!;
		expect(stored.isBillable).toBe('T');
		const u = await run({ resource: 'timeEntry', operation: 'update', timeEntryId: String(created.id), updateFields: { billableHours: '0.25', isBillable: false, billingBehavior: 'No charge' } });
		expect(u.outputs[0][0].json).toMatchObject({ billableHours: '0.25', isBillable: false, billableAmount: '83.33', billingBehavior: 'No charge' });
		expect(as().data.timeentries.get(String(created.id))!.isBillable).toBe('F');
		const writes = (await axios.get(`${sb.url}/_admin/actionstep/received?kind=write`)).data.data.map((w: any) => w.method);
		expect(writes).toEqual(['POST', 'PUT']);
		const bad = await run({ resource: 'timeEntry', operation: 'create', actionId: String(action.id), ownerId: String(owner.id), timestampDate: '2026-11-20', actualHours: '1,5', additionalFields: {} });
		expect(bad.error?.message).toBe('Hours must be a decimal number, got "1,5"');
		const unknownAction = await run({ resource: 'timeEntry', operation: 'create', actionId: '999999', ownerId: String(owner.id), timestampDate: '2026-11-20', actualHours: '1', additionalFields: {} });
		expect(unknownAction.error?.message).toBe('Actionstep request failed (422): action 999999 does not exist (actions) (at /timeentries/links/action)');
	});
});

describe('Actionstep node: matters, bills, tasks, custom fields, participants', () => {
	it('gets and updates actions', async () => {
		const active = [...as().data.actions.values()].filter((a) => a.status === 'Active');
		const r = await run({ resource: 'action', operation: 'getMany', returnAll: true, filters: { status: 'Active' }, resolveLinked: true });
		expect(r.outputs[0]).toHaveLength(active.length);
		const first = r.outputs[0][0].json as Record<string, any>;
		expect(first.assignedTo.id).toBe(Number(first.assignedToId));
		expect(first.primaryParticipants[0].id).toBe(Number(first.primaryParticipantsIds[0]));
		const u = await run({ resource: 'action', operation: 'update', actionId: String(active[0].id), updateFields: { status: 'Closed', isFavorite: true } });
		expect(u.outputs[0][0].json).toMatchObject({ status: 'Closed', isFavorite: true });
		expect(as().data.actions.get(String(active[0].id))).toMatchObject({ status: 'Closed', isFavorite: 'T' });
		const nothing = await run({ resource: 'action', operation: 'update', actionId: String(active[0].id), updateFields: {} });
		expect(nothing.error?.message).toBe('Nothing to update: add at least one field under "Update Fields"');
		const client = sb.firm.clients[0];
		const byClient = await run({ resource: 'action', operation: 'getMany', returnAll: true, filters: { clientId: String(client.id), name: client.name.split(' ')[0] }, resolveLinked: false });
		expect(byClient.outputs[0].map((i) => i.json.id).sort()).toEqual(sb.firm.matters.filter((m) => m.clientId === client.id).map((m) => m.id).sort());
		const g = await run({ resource: 'action', operation: 'get', actionId: String(active[1].id), resolveLinked: false });
		expect(g.outputs[0][0].json.reference).toBe(active[1].reference);
	});

	it('finds a bill by invoice number and updates its status', async () => {
		const bill = [...as().data.bills.values()].find((b) => b.status === 'Open')!;
		const f = await run({ resource: 'bill', operation: 'getMany', returnAll: true, filters: { invoiceNumber: String(bill.invoiceNumber) }, resolveLinked: true });
		expect(f.outputs[0]).toHaveLength(1);
		expect(f.outputs[0][0].json).toMatchObject({ id: bill.id, actionId: String(bill.links!.action), totalInclusive: bill.totalInclusive });
		expect((f.outputs[0][0].json.action as IDataObject).id).toBe(Number(bill.links!.action));
		const u = await run({ resource: 'bill', operation: 'updateStatus', billId: String(bill.id), status: 'Draft' });
		expect(u.outputs[0][0].json.status).toBe('Draft');
		expect(as().data.bills.get(String(bill.id))!.status).toBe('Draft');
		const byStatus = await run({ resource: 'bill', operation: 'getMany', returnAll: true, filters: { status: 'Closed' }, resolveLinked: false });
		expect(byStatus.outputs[0]).toHaveLength([...as().data.bills.values()].filter((b) => b.status === 'Closed').length);
		const g = await run({ resource: 'bill', operation: 'get', billId: String(bill.id), resolveLinked: false });
		expect(g.outputs[0][0].json.invoiceNumber).toBe(bill.invoiceNumber);
	});

	it('creates a task assigned to a participant, and lists tasks', async () => {
		const action = [...as().data.actions.values()][2];
		const clerk = sb.firm.timekeepers.find((t) => t.classification === 'PARALG') ?? sb.firm.timekeepers[1];
		const r = await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(clerk.id), name: 'Fix UTBMS code on invoice 10042', additionalFields: { description: 'INVALID_TASK_CODE on line 3', dueTimestamp: '2026-12-01T17:00:00Z', priority: 'High' } });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json).toMatchObject({ name: 'Fix UTBMS code on invoice 10042', assigneeId: String(clerk.id), actionId: String(action.id), priority: 'High', status: 'Incomplete', dueTimestamp: '2026-12-01T17:00:00.000Z' });
		const list = await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { actionId: String(action.id), assigneeId: String(clerk.id) }, resolveLinked: true });
		expect(list.outputs[0]).toHaveLength(1);
		expect(list.outputs[0][0].json.name).toBe('Fix UTBMS code on invoice 10042');
		expect((list.outputs[0][0].json.assignee as IDataObject).displayName).toBe(clerk.name);
		const lower = await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(clerk.id), name: 'From the rejection map', additionalFields: { priority: '={{ "high" }}', dueInDays: '={{ "1" }}' } });
		expect(lower.outputs[0][0].json).toMatchObject({ priority: 'High' });
		const noAssignee = await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: '={{ $json.clerk ?? "" }}', name: 'x', additionalFields: {} });
		expect(noAssignee.error?.message).toBe('Assignee is empty');
	});

	it('gets and sets a custom field (data collection record value), by label, name or id', async () => {
		const action = [...as().data.actions.values()][3];
		const g = await run({ resource: 'customField', operation: 'get', actionId: String(action.id), field: 'client_matter_id' });
		expect(g.outputs[0][0].json).toMatchObject({ field: 'client_matter_id', value: sb.firm.matters.find((m) => m.id === Number(action.id))!.clientMatterId });
		const s = await run({ resource: 'customField', operation: 'set', actionId: String(action.id), field: 'Rejection Reason', value: 'brightflag BLOCK_BILLING: split line 3' });
		expect(s.error).toBeUndefined();
		expect(s.outputs[0][0].json).toMatchObject({ field: 'rejection_reason', value: 'brightflag BLOCK_BILLING: split line 3' });
		const back = await run({ resource: 'customField', operation: 'get', actionId: String(action.id), field: '1--rejection_reason' });
		expect(back.outputs[0][0].json.value).toBe('brightflag BLOCK_BILLING: split line 3');
		// an action without a record in the collection gets one on first write
		as().data.datacollectionrecords.delete(String(100000 + Number(action.id)));
		const again = await run({ resource: 'customField', operation: 'set', actionId: String(action.id), field: 'rejection_reason', value: 'second' });
		expect(again.error).toBeUndefined();
		expect([...as().data.datacollectionrecordvalues.values()].some((v) => v.stringValue === 'second')).toBe(true);
		const unknown = await run({ resource: 'customField', operation: 'set', actionId: String(action.id), field: 'Nope', value: 'x' });
		expect(unknown.error?.message).toBe('Unknown custom field "Nope"');
		expect(unknown.error?.description).toContain('Rejection Reason (1--rejection_reason)');
	});

	it('lists participants', async () => {
		const companies = [...as().data.participants.values()].filter((p) => p.isCompany === 'T');
		const r = await run({ resource: 'participant', operation: 'getMany', returnAll: true, filters: { isCompany: true } });
		expect(r.outputs[0].map((i) => i.json.id).sort()).toEqual(companies.map((p) => p.id).sort());
		const tk = sb.firm.timekeepers[0];
		const byName = await run({ resource: 'participant', operation: 'getMany', returnAll: true, filters: { name: tk.lastName } });
		expect(byName.outputs[0].some((i) => i.json.id === tk.id)).toBe(true);
	});
});

describe('Actionstep transport: endpoint, token refresh, retries', () => {
	it('uses the api_endpoint of the token response, or the override', async () => {
		const creds = actionstepCredentials(sb);
		const noEndpoint = { ...creds, oauthTokenData: { ...(creds.oauthTokenData as IDataObject), api_endpoint: undefined } };
		const r = await run({ resource: 'participant', operation: 'getMany', returnAll: false, limit: 1, filters: {} }, {}, noEndpoint);
		expect(r.error?.message).toBe('The Actionstep credential has no API endpoint');
		const overridden = await run({ resource: 'participant', operation: 'getMany', returnAll: false, limit: 1, filters: {} }, {}, { ...noEndpoint, apiEndpointOverride: `${sb.url}/actionstep/api/` });
		expect(overridden.outputs[0]).toHaveLength(1);
	});

	it('refreshes an expired access token with the refresh token', async () => {
		const creds = actionstepCredentials(sb);
		const token = (creds.oauthTokenData as IDataObject).access_token as string;
		await axios.post(`${sb.url}/_admin/tokens/revoke`, { vendor: 'actionstep', token, expire: true });
		const r = await run({ resource: 'participant', operation: 'getMany', returnAll: false, limit: 2, filters: {} }, {}, creds);
		expect(r.error).toBeUndefined();
		expect(r.outputs[0]).toHaveLength(2);
		const data = r.credentials.actionstepOAuth2Api.oauthTokenData as IDataObject;
		expect(data.access_token).not.toBe(token);
		expect(data.api_endpoint).toBe(`${sb.url}/actionstep/api/`);
	});

	it('retries 429 and 5xx answers', async () => {
		sb.setFaults('actionstep', { script: [429, 503, 'ok'], retryAfterSeconds: 1 });
		const r = await run({ resource: 'bill', operation: 'get', billId: String([...as().data.bills.keys()][0]), resolveLinked: false });
		expect(r.error).toBeUndefined();
		expect(sb.context.faults('actionstep').stats.injected).toMatchObject({ '429': 1, '503': 1 });
	});
});

describe('Actionstep Trigger (resthooks)', () => {
	it('creates resthooks on activation, receives callbacks, and removes them on deactivation', async () => {
		const receiver = new ResthookReceiver(sb, ['TimeEntryCreated', 'TaskCreated']);
		await receiver.start();
		try {
			const m = receiver.trigger.webhookMethods.default;
			expect(await m.checkExists.call(receiver.hook())).toBe(false);
			expect(await m.create.call(receiver.hook())).toBe(true);
			const hooks = [...as().data.resthooks.values()];
			expect(hooks.map((h) => h.eventName).sort()).toEqual(['TaskCreated', 'TimeEntryCreated']);
			expect(String(hooks[0].targetUrl)).toContain('?event=');
			expect(await m.checkExists.call(receiver.hook())).toBe(true);

			const action = [...as().data.actions.values()][0];
			await run({ resource: 'timeEntry', operation: 'create', actionId: String(action.id), ownerId: String(sb.firm.timekeepers[0].id), timestampDate: '2026-11-21', actualHours: '1.2', additionalFields: { description: 'Prepare witness outline' } });
			await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(sb.firm.timekeepers[0].id), name: 'Call client', additionalFields: {} });
			await run({ resource: 'action', operation: 'update', actionId: String(action.id), updateFields: { priority: 2 } });
			await sb.idle();
			const got = receiver.items.flat().map((i) => i.json);
			expect(got.map((j) => j.event)).toEqual(['TimeEntryCreated', 'TaskCreated']);
			expect(got[0]).toMatchObject({ resource: 'timeentries', description: 'Prepare witness outline', actualHours: '1.2', actionId: String(action.id) });
			expect(got[1]).toMatchObject({ resource: 'tasks', name: 'Call client' });

			expect(await m.delete.call(receiver.hook())).toBe(true);
			expect(as().data.resthooks.size).toBe(0);
			expect(receiver.staticData.hookIds).toBeUndefined();
		} finally {
			await receiver.stop();
		}
	});

	it('re-creates hooks that Actionstep dropped', async () => {
		const receiver = new ResthookReceiver(sb, ['BillUpdated']);
		await receiver.start();
		try {
			const m = receiver.trigger.webhookMethods.default;
			await m.create.call(receiver.hook());
			as().data.resthooks.clear();
			expect(await m.checkExists.call(receiver.hook())).toBe(false);
			await m.create.call(receiver.hook());
			const bill = [...as().data.bills.values()][0];
			await run({ resource: 'bill', operation: 'updateStatus', billId: String(bill.id), status: 'Draft' });
			await sb.idle();
			expect(receiver.items.flat().map((i) => i.json)).toEqual([expect.objectContaining({ event: 'BillUpdated', id: bill.id, status: 'Draft' })]);
			// deactivating after Actionstep already removed the hook (404) still succeeds
			as().data.resthooks.clear();
			expect(await m.delete.call(receiver.hook())).toBe(true);
			expect(receiver.staticData.hookIds).toBeUndefined();
		} finally {
			await receiver.stop();
		}
	});
});

describe('Actionstep node: canonical entries in bulk', () => {
	it('maps many entries across many matters with the client ids of each matter', async () => {
		const r = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: false, limit: 150, filters: {}, output: 'canonical', canonicalOptions: {} });
		expect(r.error).toBeUndefined();
		const entries = r.outputs[0].map((i) => i.json as Record<string, any>);
		expect(entries).toHaveLength(150);
		const matters = new Set(entries.map((e) => e.matter.id));
		expect(matters.size).toBeGreaterThan(3);
		for (const e of entries) {
			const m = sb.firm.matters.find((x) => String(x.id) === e.matter.id)!;
			expect(e.matter.clientMatterId).toBe(m.clientMatterId);
			expect(e.client.ledesClientId).toBe(sb.firm.clients.find((c) => c.id === m.clientId)!.ledesClientId);
		}
	});
});
