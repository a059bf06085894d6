/**
 * Clio Trigger, webhook mode, end to end: the sandbox (Clio) subscribes, handshakes and delivers
 * over real HTTP to the node's webhook() running in n8n-core's WebhookContext.
 */
import { createHmac } from 'node:crypto';
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox';
import { CLIO_WEBHOOK_MAX_LIFETIME_MS, LIFETIME_MARGIN_MS } from '../../nodes/Clio/ClioTrigger.node';
import { clioSandbox, clioUserApi } from './helpers';
import { TriggerHost } from './webhookServer';

const DAY = 24 * 3600 * 1000;
let sb: Sandbox;
let host: TriggerHost;
let api: ReturnType<typeof clioUserApi>;

beforeAll(async () => {
	sb = await clioSandbox({ size: 120, clioRateLimitPerMinute: 1000 });
	// someone working in Clio: a fresh token per request (the sandbox clock moves by weeks here)
	api = clioUserApi(sb);
	host = new TriggerHost(sb, { mode: 'webhook', model: 'activity', events: ['created', 'updated', 'deleted'], options: { expiryCheckMinutes: 0 } });
	await host.start();
});
afterAll(async () => {
	await host.stop();
	await sb.close();
});

const hookInSandbox = () => sb.state.clio.webhooks.all()[0];
const newActivity = async (note: string) => {
	const matter = sb.state.clio.matters.all()[0];
	const r = await api.post('/activities.json', { data: { type: 'TimeEntry', date: '2026-11-25', quantity: 1800, note, matter: { id: matter.id } } }, { params: { fields: 'id' } });
	await sb.idle();
	return r.data.data.id as number;
};
/** waits (bounded) for something the sandbox sends in the background, e.g. the immediate handshake */
const until = async (cond: () => boolean, ms = 10_000) => {
	const end = Date.now() + ms;
	while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};
const deliveriesFor = (id: number) => host.received.filter((r) => r.items.some((i) => ((i.json.data as IDataObject).id as number) === id));

describe('Clio Trigger — webhook mode', () => {
	it('subscribes with the chosen model, events and fields, at the maximum expiry, enabled although the n8n route is not up for the immediate handshake', async () => {
		expect(await host.activate()).toBe(true);
		await sb.idle();
		const hook = hookInSandbox();
		expect(hook).toBeDefined();
		expect(hook.model).toBe('activity');
		expect([...hook.events].sort()).toEqual(['created', 'deleted', 'updated']);
		expect(hook.fields).toContain('activity_description{');
		expect(hook.url.startsWith(`${host.url}/webhook/`)).toBe(true);
		// as in n8n, the route did not exist yet when Clio's immediate handshake came (404); the node
		// enabled the hook itself with the shared secret, so nothing waits for Clio's handshake retry
		await until(() => host.received.length > 0);
		expect(host.received[0]).toEqual({ status: 404, items: [] });
		expect(hook.status).toBe('enabled');
		const log = (await axios.get(`${sb.url}/_admin/clio/received`)).data.data as IDataObject[];
		expect(log.filter((e) => e.kind === 'webhook-handshake').map((e) => e.status)).toEqual([404]);
		expect(log.filter((e) => e.kind === 'webhook-enabled').map((e) => e.via)).toEqual(['activate']);
		// expiry pushed to Clio's maximum (31 days by Clio's clock, less a safety hour)
		const lifetime = Date.parse(hook.expires_at) - sb.clock.nowMs();
		expect(lifetime).toBeGreaterThan(CLIO_WEBHOOK_MAX_LIFETIME_MS - LIFETIME_MARGIN_MS - 60_000);
		expect(lifetime).toBeLessThanOrEqual(CLIO_WEBHOOK_MAX_LIFETIME_MS);
		expect(host.staticData.webhookId).toBe(hook.id);
		// activation again (n8n restart): the subscription is found and kept
		expect(await host.activate('init')).toBe(false);
		expect(sb.state.clio.webhooks.size).toBe(1);
	});

	it('answers Clio\'s X-Hook-Secret handshake by echoing the secret, starting nothing', async () => {
		const before = host.received.length;
		const r = await axios.post(hookInSandbox().url, '{}', { headers: { 'content-type': 'application/json', 'x-hook-secret': hookInSandbox().shared_secret }, validateStatus: () => true });
		expect(r.status).toBe(200);
		expect(r.headers['x-hook-secret']).toBe(hookInSandbox().shared_secret);
		expect(host.received.slice(before)).toEqual([{ status: 200, items: [] }]);
	});

	it('turns signed deliveries into items (hours and exact money, event named)', async () => {
		const id = await newActivity('Call with opposing counsel');
		const got = deliveriesFor(id);
		expect(got).toHaveLength(1);
		expect(got[0].status).toBe(200);
		const item = got[0].items[0].json;
		expect(item.event).toBe('created');
		expect(item.model).toBe('activity');
		expect(item.webhookId).toBe(hookInSandbox().id);
		expect(item.data).toEqual(expect.objectContaining({ id, note: 'Call with opposing counsel', hours: '0.5', type: 'TimeEntry' }));
		// the activity description's UTBMS codes are surfaced on the delivered entry
		const ad = sb.state.clio.activityDescriptions.all().find((d) => d.utbms_task_id && d.utbms_activity_id)!;
		await api.patch(`/activities/${id}.json`, { data: { note: 'Call with opposing counsel (updated)', activity_description: { id: ad.id } } });
		await sb.idle();
		const upd = deliveriesFor(id)[1].items[0].json.data as IDataObject;
		expect(upd.utbms).toEqual({ task: sb.state.clio.utbmsCodes.get(ad.utbms_task_id!)!.code, activity: sb.state.clio.utbmsCodes.get(ad.utbms_activity_id!)!.code });
		const events = deliveriesFor(id).map((r) => r.items[0].json.event);
		expect(events).toEqual(['created', 'updated']);
	});

	it('answers 401 to forged, unsigned or tampered deliveries and starts nothing', async () => {
		const before = host.received.length;
		const hookUrl = hookInSandbox().url;
		const body = JSON.stringify({ data: { id: 1, note: 'forged' }, meta: { event: 'created', webhook_id: hookInSandbox().id } });
		const post = (headers: Record<string, string>, data = body) =>
			axios.post(hookUrl, data, { headers: { 'content-type': 'application/json', ...headers }, validateStatus: () => true, transformRequest: (d) => d });
		const unsigned = await post({});
		const forged = await post({ 'x-hook-signature': createHmac('sha256', 'not-the-secret').update(body).digest('hex') });
		const secret = hookInSandbox().shared_secret;
		const good = createHmac('sha256', secret).update(body).digest('hex');
		const tampered = await post({ 'x-hook-signature': good }, body.replace('forged', 'forgeD'));
		const truncated = await post({ 'x-hook-signature': good.slice(0, 10) });
		expect([unsigned.status, forged.status, tampered.status, truncated.status]).toEqual([401, 401, 401, 401]);
		const answered = host.received.slice(before);
		expect(answered.map((r) => r.status)).toEqual([401, 401, 401, 401]);
		expect(answered.every((r) => r.items.length === 0)).toBe(true);
		// the same body signed with the real secret is accepted: the check is the signature, nothing else
		const signed = await post({ 'x-hook-signature': good });
		expect(signed.status).toBe(200);
	});

	it('refuses a replayed signed delivery inside the delivery window: it runs once (issue 13 item 13)', async () => {
		const before = host.received.length;
		const body = JSON.stringify({ data: { id: 424242, etag: '"replay-1"', note: 'replayed' }, meta: { event: 'deleted', webhook_id: hookInSandbox().id } });
		const signature = createHmac('sha256', hookInSandbox().shared_secret).update(body).digest('hex');
		const post = () => axios.post(hookInSandbox().url, body, { headers: { 'content-type': 'application/json', 'x-hook-signature': signature }, validateStatus: () => true, transformRequest: (d) => d });
		const answers = [await post(), await post(), await post()];
		// answered 200 (a genuine retry by Clio must stop), but only the first delivery starts the workflow
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		const runs = host.received.slice(before).filter((r) => r.items.length > 0);
		expect(runs).toHaveLength(1);
		expect(runs[0].items[0].json).toMatchObject({ event: 'deleted', data: { id: 424242 } });
		expect(answers[1].data).toEqual({ ignored: 'duplicate delivery (replay)' });
		// remembered as a bounded digest list in the trigger's static data
		expect(Object.keys(host.staticData.delivered as object).length).toBeGreaterThan(0);
	});

	it('a delivery that failed in the trigger (n8n answered 5xx) is taken when Clio retries it: only accepted deliveries count for replays', async () => {
		const before = host.received.length;
		const activity = sb.state.clio.activities.all()[0];
		const body = JSON.stringify({ data: { id: activity.id, etag: '"retry-after-failure"' }, meta: { event: 'updated', webhook_id: hookInSandbox().id } });
		const signature = createHmac('sha256', hookInSandbox().shared_secret).update(body).digest('hex');
		const post = () => axios.post(hookInSandbox().url, body, { headers: { 'content-type': 'application/json', 'x-hook-signature': signature }, validateStatus: () => true, transformRequest: (d) => d });
		// the UTBMS codes cannot be read (Clio answers cut bodies): the delivery fails with a 500
		delete host.staticData.utbms;
		sb.setFaults('clio', { paths: ['activity_descriptions'], malformedRate: 1 });
		try {
			expect((await post()).status).toBe(500);
		} finally {
			sb.setFaults('clio', {});
		}
		// Clio's retry of the same signed body: accepted and run; a further copy is a replay
		expect((await post()).status).toBe(200);
		expect((await post()).status).toBe(200);
		expect(host.received.slice(before).map((r) => [r.status, r.items.length])).toEqual([
			[500, 0],
			[200, 1],
			[200, 0],
		]);
	});

	it('accepts the signature as lowercase hex or base64 of the HMAC-SHA256 (Clio does not publish which)', async () => {
		const secret = hookInSandbox().shared_secret;
		const send = (n: number, encoding: 'hex' | 'base64') => {
			const body = JSON.stringify({ data: { id: 515150 + n, etag: `"enc-${n}"` }, meta: { event: 'deleted', webhook_id: hookInSandbox().id } });
			const signature = createHmac('sha256', secret).update(body).digest(encoding);
			return axios.post(hookInSandbox().url, body, { headers: { 'content-type': 'application/json', 'x-hook-signature': signature }, validateStatus: () => true, transformRequest: (d) => d });
		};
		const before = host.received.length;
		expect((await send(1, 'hex')).status).toBe(200);
		expect((await send(2, 'base64')).status).toBe(200);
		expect(host.received.slice(before).map((r) => r.items.length)).toEqual([1, 1]);
		// a base64 signature of another secret, or one cut short, is still refused
		const body = JSON.stringify({ data: { id: 515159 }, meta: { event: 'deleted' } });
		const wrong = createHmac('sha256', 'not-the-secret').update(body).digest('base64');
		const cut = createHmac('sha256', secret).update(body).digest('base64').slice(0, 20);
		for (const sig of [wrong, cut]) {
			const r = await axios.post(hookInSandbox().url, body, { headers: { 'content-type': 'application/json', 'x-hook-signature': sig }, validateStatus: () => true, transformRequest: (d) => d });
			expect(r.status).toBe(401);
		}
	});

	it('a handshake never sets the secret: with the stored secret missing, anyone\'s handshake is refused (issue 13 item 13)', async () => {
		const saved = host.staticData.secret;
		const url = hookInSandbox().url;
		// a handshake with another secret while the node has one: refused, nothing echoed
		const other = await axios.post(url, '{}', { headers: { 'content-type': 'application/json', 'x-hook-secret': 'someone-else' }, validateStatus: () => true });
		expect(other.status).toBe(401);
		expect(other.headers['x-hook-secret']).toBeUndefined();
		delete host.staticData.secret;
		try {
			const forged = await axios.post(url, '{}', { headers: { 'content-type': 'application/json', 'x-hook-secret': 'attacker-secret' }, validateStatus: () => true });
			expect(forged.status).toBe(401);
			expect(host.staticData.secret).toBeUndefined();
			// so the attacker cannot sign deliveries either
			const body = JSON.stringify({ data: { id: 1, note: 'forged' }, meta: { event: 'created' } });
			const signed = await axios.post(url, body, {
				headers: { 'content-type': 'application/json', 'x-hook-signature': createHmac('sha256', 'attacker-secret').update(body).digest('hex') },
				validateStatus: () => true,
				transformRequest: (d) => d,
			});
			expect(signed.status).toBe(401);
		} finally {
			host.staticData.secret = saved;
		}
	});

	it('renews the subscription before it lapses, by Clio\'s clock (moving the sandbox clock)', async () => {
		const firstExpiry = Date.parse(hookInSandbox().expires_at);
		// 26 days later: fewer than 7 days remain. The next delivery renews to the maximum again.
		sb.clock.advance(26 * DAY);
		const id = await newActivity('Day 26 entry');
		expect(deliveriesFor(id)).toHaveLength(1);
		const renewed = Date.parse(hookInSandbox().expires_at);
		expect(renewed).toBeGreaterThan(firstExpiry + 25 * DAY);
		expect(renewed - sb.clock.nowMs()).toBeGreaterThan(CLIO_WEBHOOK_MAX_LIFETIME_MS - LIFETIME_MARGIN_MS - 60_000);
		expect(host.staticData.expiresAt).toBe(hookInSandbox().expires_at);

		// 26 more days (52 after creation, far past the first expiry): still subscribed, still delivering
		sb.clock.advance(26 * DAY);
		expect(Date.now() + 0).toBeLessThan(firstExpiry); // our own clock never moved: renewal followed Clio's
		const late = await newActivity('Day 52 entry');
		expect(deliveriesFor(late)).toHaveLength(1);
		expect(Date.parse(hookInSandbox().expires_at)).toBeGreaterThan(sb.clock.nowMs() + 30 * DAY);
	});

	it('renews during quiet periods on the schedule tick, without deliveries', async () => {
		const before = Date.parse(hookInSandbox().expires_at);
		sb.clock.advance(25 * DAY); // no change in Clio, so no delivery
		const deliveries = host.received.length;
		expect(await host.tick()).toBeNull();
		expect(host.received.length).toBe(deliveries);
		expect(Date.parse(hookInSandbox().expires_at)).toBeGreaterThan(before + 24 * DAY);
		// and a tick when nothing is due changes nothing
		const now = hookInSandbox().expires_at;
		await host.tick();
		expect(hookInSandbox().expires_at).toBe(now);
	});

	it('without renewal the subscription lapses; activation then subscribes again', async () => {
		sb.clock.advance(32 * DAY);
		await sb.idle();
		const id = await newActivity('after lapse');
		expect(deliveriesFor(id)).toHaveLength(0);
		// n8n re-activation: the lapsed hook is gone (404), a new one is made and handshaked
		const oldId = host.staticData.webhookId;
		expect(await host.activate()).toBe(true);
		await sb.idle();
		expect(hookInSandbox().id).not.toBe(oldId);
		expect(hookInSandbox().status).toBe('enabled');
		const again = await newActivity('after re-activation');
		expect(deliveriesFor(again)).toHaveLength(1);
	});

	it('replaces a subscription Clio suspended', async () => {
		const old = hookInSandbox();
		old.status = 'suspended'; // what Clio does after failed deliveries
		expect(await host.activate('init')).toBe(true);
		await sb.idle();
		expect(sb.state.clio.webhooks.get(old.id)).toBeUndefined();
		expect(hookInSandbox().id).not.toBe(old.id);
		expect(hookInSandbox().status).toBe('enabled');
	});

	it('replaces the subscription when the node asks for other fields', async () => {
		const old = hookInSandbox();
		host.env.node.parameters.options = { ...(host.env.node.parameters.options as object), fields: 'id,date,note,updated_at' };
		try {
			expect(await host.activate('init')).toBe(true);
			await sb.idle();
			expect(sb.state.clio.webhooks.get(old.id)).toBeUndefined();
			// etag is always asked for: two changes never give the same signed body (replay check)
			expect(hookInSandbox().fields).toBe('id,date,note,updated_at,etag');
			expect(await host.activate('init')).toBe(false); // now it matches: kept
		} finally {
			host.env.node.parameters.options = { expiryCheckMinutes: 0 };
		}
		expect(await host.activate('init')).toBe(true); // back to the default fields
		await sb.idle();
		expect(hookInSandbox().fields).toContain('activity_description{');
	});

	it('deletes the webhook on deactivation', async () => {
		expect(sb.state.clio.webhooks.size).toBe(1);
		expect(await host.deactivate()).toBe(true);
		expect(sb.state.clio.webhooks.size).toBe(0);
		expect(host.staticData.webhookId).toBeUndefined();
		const id = await newActivity('after deactivation');
		expect(deliveriesFor(id)).toHaveLength(0);
	});
});
