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
	it('pages through all time entries (pageSize 200) and filters by owner, date and billable', async () => {
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
		const month = String(all[0].timestampDate).slice(0, 7);
		// the month's last day: "Date To" is a real calendar date (the shared reader refuses 2026-11-31)
		const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
		const [from, to] = [`${month}-01`, `${month}-${String(lastDay).padStart(2, '0')}`];
		const f = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: { ownerId: owner, dateFrom: from, dateTo: to, billableOnly: true }, output: 'record' });
		const want = all.filter((e) => String(e.links!.owner) === owner && String(e.timestampDate) >= from && String(e.timestampDate) <= to && e.isBillable === 'T');
		expect(want.length).toBeGreaterThan(0);
		expect(f.outputs[0].map((i) => i.json.id).sort()).toEqual(want.map((e) => e.id).sort());
		const lim = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: false, limit: 3, filters: {}, output: 'record' });
		expect(lim.outputs[0]).toHaveLength(3);
		const bad = await run({ resource: 'timeEntry', operation: 'getMany', returnAll: true, filters: { dateFrom: '01/09/2026' }, output: 'record' });
		expect(bad.error?.message).toBe('Date From must be a date "YYYY-MM-DD", got "01/09/2026"');
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

	it('creates and updates a time entry with exact hours and T/F booleans (PUT with the fields timeentries.yaml requires)', async () => {
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
		// CreateTimeEntry requires links.createdBy: the owner unless told otherwise
		expect(stored.links).toMatchObject({ owner: String(owner.id), createdBy: String(owner.id) });
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
		// actions.yaml: primaryParticipants is one id (a string on the wire)
		expect(first.primaryParticipants.id).toBe(Number(first.primaryParticipantsId));
		const u = await run({ resource: 'action', operation: 'update', actionId: String(active[0].id), updateFields: { status: 'Closed', priority: 3 } });
		expect(u.outputs[0][0].json).toMatchObject({ status: 'Closed', priority: 3 });
		expect(as().data.actions.get(String(active[0].id))).toMatchObject({ status: 'Closed', priority: 3 });
		// actions.yaml documents PATCH /actions/{id}, no PUT
		const writes = (await axios.get(`${sb.url}/_admin/actionstep/received?kind=write`)).data.data;
		expect(writes.map((w: any) => `${w.method} ${w.resource}`)).toEqual(['PATCH actions']);
		const nothing = await run({ resource: 'action', operation: 'update', actionId: String(active[0].id), updateFields: {} });
		expect(nothing.error?.message).toBe('Nothing to update: add at least one field under "Update Fields"');
		const client = sb.firm.clients[0];
		const byClient = await run({ resource: 'action', operation: 'getMany', returnAll: true, filters: { clientId: String(client.id), name: client.name.split(' ')[0] }, resolveLinked: false });
		expect(byClient.outputs[0].map((i) => i.json.id).sort()).toEqual(sb.firm.matters.filter((m) => m.clientId === client.id).map((m) => m.id).sort());
		const g = await run({ resource: 'action', operation: 'get', actionId: String(active[1].id), resolveLinked: false });
		expect(g.outputs[0][0].json.reference).toBe(active[1].reference);
	});

	it("adds custom fields (by name or label) to every matter, read per field (the hub's slicing by client)", async () => {
		const r = await run({ resource: 'action', operation: 'getMany', returnAll: true, filters: {}, resolveLinked: false, customFields: 'ledes_client_id, Client Matter ID' });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0]).toHaveLength(sb.firm.matters.length);
		const ledesOf = new Map(sb.firm.clients.map((c) => [c.id, c.ledesClientId]));
		for (const item of r.outputs[0]) {
			const m = sb.firm.matters.find((x) => x.id === Number(item.json.id))!;
			const expected: Record<string, string> = { client_matter_id: m.clientMatterId };
			if (ledesOf.get(m.clientId)) expected.ledes_client_id = ledesOf.get(m.clientId)!;
			expect(item.json.customFields).toEqual(expected);
		}
		const unknown = await run({ resource: 'action', operation: 'getMany', returnAll: true, filters: {}, resolveLinked: false, customFields: 'nope' });
		expect(unknown.error?.message).toBe('Unknown custom field "nope"');
	});

	it('finds a bill by its reference (ourReference; bills have no invoiceNumber); status updates are unverified and off by default', async () => {
		const bill = [...as().data.bills.values()].find((b) => b.status === 'Open')!;
		const actionIds = (bill.links!.action as string[]).map(String);
		const f = await run({ resource: 'bill', operation: 'getMany', returnAll: true, filters: { ourReference: String(bill.ourReference) }, resolveLinked: true });
		expect(f.outputs[0]).toHaveLength(1);
		expect(f.outputs[0][0].json).toMatchObject({ id: bill.id, actionIds, totalInclusive: bill.totalInclusive, ourReference: bill.ourReference });
		expect((f.outputs[0][0].json.action as IDataObject[]).map((a) => String(a.id))).toEqual(actionIds);
		const off = await run({ resource: 'bill', operation: 'updateStatus', billId: String(bill.id), status: 'Draft' });
		expect(off.error?.message).toBe('Update Status uses an unverified endpoint (PUT /bills/{id} is not in Actionstep’s published API)');
		expect(as().data.bills.get(String(bill.id))!.status).toBe('Open');
		const u = await run({ resource: 'bill', operation: 'updateStatus', allowUnverified: true, billId: String(bill.id), status: 'Draft' });
		expect(u.outputs[0][0].json.status).toBe('Draft');
		expect(as().data.bills.get(String(bill.id))!.status).toBe('Draft');
		const byStatus = await run({ resource: 'bill', operation: 'getMany', returnAll: true, filters: { status: 'Closed' }, resolveLinked: false });
		expect(byStatus.outputs[0]).toHaveLength([...as().data.bills.values()].filter((b) => b.status === 'Closed').length);
		const g = await run({ resource: 'bill', operation: 'get', billId: String(bill.id), resolveLinked: false });
		expect(g.outputs[0][0].json.ourReference).toBe(bill.ourReference);
		const none = await run({ resource: 'bill', operation: 'get', billId: '1', resolveLinked: false });
		expect(none.error?.message).toBe('Actionstep has no bill 1');
	});

	it('creates a task assigned to a participant, and lists tasks', async () => {
		const action = [...as().data.actions.values()][2];
		const clerk = sb.firm.timekeepers.find((t) => t.classification === 'PARALG') ?? sb.firm.timekeepers[1];
		const r = await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(clerk.id), name: 'Fix UTBMS code on invoice 10042', additionalFields: { description: 'INVALID_TASK_CODE on line 3', dueTimestamp: '2026-12-01T17:00:00Z', priority: 'High' } });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json).toMatchObject({ name: 'Fix UTBMS code on invoice 10042', assigneeId: String(clerk.id), actionId: String(action.id), priority: 'High', status: 'Incomplete', dueTimestamp: '2026-12-01T17:00:00.000Z' });
		// CreateTask requires name, status and dueTimestamp: without a due date the node sends one (2 days on)
		const noDue = await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(clerk.id), name: 'No due date given', additionalFields: {} });
		expect(noDue.error).toBeUndefined();
		expect(noDue.outputs[0][0].json).toMatchObject({ status: 'Incomplete', dueTimestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
		const list = await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { actionId: String(action.id), assigneeId: String(clerk.id) }, resolveLinked: true });
		expect(list.outputs[0].map((x) => x.json.name)).toEqual(['Fix UTBMS code on invoice 10042', 'No due date given']);
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
		// the value id is {dataCollectionId}--{fieldName}--{recordId} (datacollectionrecordvalues.yaml)
		const recordId = 100000 + Number(action.id);
		expect(s.outputs[0][0].json.valueId).toBe(`1--rejection_reason--${recordId}`);
		expect(as().data.datacollectionrecordvalues.get(`1--rejection_reason--${recordId}`)?.stringValue).toBe('brightflag BLOCK_BILLING: split line 3');
		// first write POSTs the value with its four links, the second PUTs it
		const writes = (await axios.get(`${sb.url}/_admin/actionstep/received?kind=write`)).data.data;
		expect(writes.map((w: any) => `${w.method} ${w.resource}`)).toEqual(['POST datacollectionrecordvalues']);
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
	it('creates one hook per event with its own secret URL, receives callbacks, and removes them on deactivation', async () => {
		const receiver = new ResthookReceiver(sb, ['TimeEntryCreated', 'TaskCreated']);
		await receiver.start();
		try {
			const m = receiver.trigger.webhookMethods.default;
			expect(await m.checkExists.call(receiver.hook())).toBe(false);
			expect(await m.create.call(receiver.hook())).toBe(true);
			const hooks = [...as().data.resthooks.values()];
			expect(hooks.map((h) => h.eventName).sort()).toEqual(['TaskCreated', 'TimeEntryCreated']);
			const secrets = hooks.map((h) => new URL(String(h.targetUrl)).searchParams.get('hook'));
			expect(secrets.every((x) => /^[0-9a-f]{48}$/.test(String(x)))).toBe(true);
			expect(new Set(secrets).size).toBe(2);
			expect(await m.checkExists.call(receiver.hook())).toBe(true);

			const action = [...as().data.actions.values()][0];
			await run({ resource: 'timeEntry', operation: 'create', actionId: String(action.id), ownerId: String(sb.firm.timekeepers[0].id), timestampDate: '2026-11-21', actualHours: '1.2', additionalFields: { description: 'Prepare witness outline' } });
			await run({ resource: 'task', operation: 'create', actionId: String(action.id), assigneeId: String(sb.firm.timekeepers[0].id), name: 'Call client', additionalFields: {} });
			await run({ resource: 'action', operation: 'update', actionId: String(action.id), updateFields: { priority: 2 } });
			await sb.idle();
			const got = receiver.items.flat().map((i) => i.json);
			expect(got.map((j) => j.event)).toEqual(['TimeEntryCreated', 'TaskCreated']);
			expect(got[0]).toMatchObject({ resource: 'timeentries', verified: true, description: 'Prepare witness outline', actualHours: '1.2', actionId: String(action.id) });
			expect(got[1]).toMatchObject({ resource: 'tasks', verified: true, name: 'Call client' });
			expect(receiver.answers).toEqual([200, 200]);

			expect(await m.delete.call(receiver.hook())).toBe(true);
			expect(as().data.resthooks.size).toBe(0);
			expect(receiver.staticData.hooks).toBeUndefined();
		} finally {
			await receiver.stop();
		}
	});

	it('offers only the 21 events Actionstep documents (no bill events, no time-entry delete)', () => {
		const events = (new ResthookReceiver(sb, []).trigger.description.properties[0].options as Array<{ value: string }>).map((o) => o.value);
		expect(events).toHaveLength(21);
		expect(events).not.toEqual(expect.arrayContaining(['BillUpdated']));
		expect(events.some((e) => /^Bill|TimeEntryDeleted/.test(e))).toBe(false);
		expect(events).toEqual(expect.arrayContaining(['TimeEntryCreated', 'TimeEntryUpdated', 'DataCollectionRecordValueUpdated', 'ActionParticipantAdded']));
	});

	it('re-creates hooks that Actionstep dropped or disabled (a hook is disabled after any non-200 answer)', async () => {
		const receiver = new ResthookReceiver(sb, ['TaskUpdated']);
		await receiver.start();
		try {
			const m = receiver.trigger.webhookMethods.default;
			await m.create.call(receiver.hook());
			as().data.resthooks.clear();
			expect(await m.checkExists.call(receiver.hook())).toBe(false);
			await m.create.call(receiver.hook());
			// the target answers 500 once: Actionstep (the simulator) disables the hook
			const hook = [...as().data.resthooks.values()][0];
			const task = [...as().data.tasks.values()][0] ?? (await run({ resource: 'task', operation: 'create', actionId: String([...as().data.actions.keys()][0]), assigneeId: String(sb.firm.timekeepers[0].id), name: 'T', additionalFields: {} })).outputs[0][0].json;
			const disabledUrl = String(hook.targetUrl);
			hook.targetUrl = 'http://127.0.0.1:9/down';
			const api = axios.create({ baseURL: `${sb.url}/actionstep/api/rest/`, headers: { Authorization: `Bearer ${sb.issueToken('actionstep', { scope: 'tasks' }).access_token}`, Accept: 'application/vnd.api+json', 'Content-Type': 'application/vnd.api+json' }, validateStatus: () => true });
			const put = await api.put(`tasks/${String(task.id)}`, { tasks: { name: 'Renamed', status: 'Incomplete', dueTimestamp: '2026-12-01T00:00:00Z', links: { action: String((task.links as IDataObject | undefined)?.action ?? task.actionId), assignee: String((task.links as IDataObject | undefined)?.assignee ?? task.assigneeId) } } });
			expect(put.status).toBe(200);
			await sb.idle();
			expect(hook.status).toBe('Disabled');
			hook.targetUrl = disabledUrl;
			expect(await m.checkExists.call(receiver.hook())).toBe(false);
			expect(as().data.resthooks.has(String(hook.id))).toBe(false); // the disabled one is cleared away
			await m.create.call(receiver.hook());
			const fresh = [...as().data.resthooks.values()];
			expect(fresh.map((h) => [h.eventName, h.status])).toEqual([['TaskUpdated', 'Active']]);
			expect(await m.checkExists.call(receiver.hook())).toBe(true);
			// deactivating after Actionstep already removed the hook (404) still succeeds
			as().data.resthooks.clear();
			expect(await m.delete.call(receiver.hook())).toBe(true);
			expect(receiver.staticData.hooks).toBeUndefined();
		} finally {
			await receiver.stop();
		}
	});

	it('refuses forged callbacks: no or a wrong secret, an unsubscribed event; the record is read back, never taken from the body', async () => {
		const receiver = new ResthookReceiver(sb, ['TimeEntryCreated', 'TaskCreated']);
		await receiver.start();
		try {
			const m = receiver.trigger.webhookMethods.default;
			await m.create.call(receiver.hook());
			const entry = [...as().data.timeentries.values()][0];
			const hooks = [...as().data.resthooks.values()];
			const urlOf = (event: string) => String(hooks.find((h) => h.eventName === event)!.targetUrl);
			const forged = { timeentries: [{ ...entry, description: 'FORGED', billableAmount: '99999.00' }] };
			const post = (url: string, body: unknown = forged) => axios.post(url, body, { validateStatus: () => true });
			// the event in the query string means nothing; without our secret: 403, no run
			expect((await post(`${receiver.url}?event=TimeEntryCreated`)).status).toBe(403);
			expect((await post(`${receiver.url}?hook=${'0'.repeat(48)}`)).status).toBe(403);
			const good = urlOf('TimeEntryCreated');
			expect((await post(good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'))).status).toBe(403);
			expect(receiver.items).toHaveLength(0);
			// with the real secret, the body is only a pointer: the entry is read again through the API
			expect((await post(good)).status).toBe(200);
			expect(receiver.items.flat().map((i) => i.json)).toEqual([expect.objectContaining({ event: 'TimeEntryCreated', verified: true, id: entry.id, description: entry.description, billableAmount: entry.billableAmount })]);
			// an id that does not exist starts nothing (and still answers 200, so Actionstep keeps the hook)
			expect((await post(good, { timeentries: [{ id: 999999999 }] })).status).toBe(200);
			expect(receiver.items).toHaveLength(1);
			// an event the node no longer subscribes to is refused even with its hook's secret
			(receiver.env.node.parameters as IDataObject).events = ['TimeEntryCreated'];
			expect((await post(urlOf('TaskCreated'), { tasks: [{ id: 1 }] })).status).toBe(403);
			expect(receiver.items).toHaveLength(1);
			await m.delete.call(receiver.hook());
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
