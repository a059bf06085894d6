/**
 * Clio webhook expiry and renewal at every pinned date (test/helpers/dates.ts): the sandbox (Clio)
 * clock starts at the pinned instant — years away from n8n's own clock — and the trigger still
 * subscribes at Clio's maximum lifetime, renews by Clio's clock before the hook lapses, and keeps
 * delivering. Only the sandbox clock moves.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import type { Sandbox } from '../../sandbox';
import { CLIO_WEBHOOK_MAX_LIFETIME_MS, LIFETIME_MARGIN_MS } from '../../nodes/Clio/ClioTrigger.node';
import { PINNED_DATES, firmDate } from '../helpers/dates';
import { clioSandbox } from './helpers';
import { TriggerHost } from './webhookServer';

const DAY = 24 * 3600 * 1000;

describe.each(PINNED_DATES)('Clio Trigger webhook expiry and renewal with Clio\'s clock at $label', ({ now }) => {
	let sb: Sandbox;
	let host: TriggerHost;
	let api: ReturnType<typeof axios.create>;

	beforeAll(async () => {
		sb = await clioSandbox({ size: 60, clioRateLimitPerMinute: 1000, clock: { start: now } });
		api = axios.create({ baseURL: `${sb.url}/clio/api/v4` });
		api.interceptors.request.use((config) => {
			config.headers.set('Authorization', `Bearer ${sb.issueToken('clio').access_token}`);
			return config;
		});
		host = new TriggerHost(sb, { mode: 'webhook', model: 'activity', events: ['created', 'updated'], options: { expiryCheckMinutes: 0 } });
		await host.start();
	});
	afterAll(async () => {
		await host.stop();
		await sb.close();
	});

	const hook = () => sb.state.clio.webhooks.all()[0];
	const newActivity = async (note: string) => {
		const matter = sb.state.clio.matters.all()[0];
		const r = await api.post('/activities.json', { data: { type: 'TimeEntry', date: firmDate(sb.clock.now()), quantity: 1800, note, matter: { id: matter.id } } }, { params: { fields: 'id' } });
		await sb.idle();
		return r.data.data.id as number;
	};
	const delivered = (id: number) => host.received.filter((r) => r.items.some((i) => ((i.json.data as IDataObject).id as number) === id)).length;

	it('subscribes for Clio\'s maximum by Clio\'s clock, renews before it lapses, and keeps delivering', async () => {
		expect(await host.activate()).toBe(true);
		await sb.idle();
		const lifetime = Date.parse(hook().expires_at) - sb.clock.nowMs();
		expect(lifetime).toBeGreaterThan(CLIO_WEBHOOK_MAX_LIFETIME_MS - LIFETIME_MARGIN_MS - 60_000);
		expect(lifetime).toBeLessThanOrEqual(CLIO_WEBHOOK_MAX_LIFETIME_MS);

		const first = Date.parse(hook().expires_at);
		sb.clock.advance(26 * DAY); // fewer than 7 days left: the next delivery renews
		const a = await newActivity('day 26');
		expect(delivered(a)).toBe(1);
		expect(Date.parse(hook().expires_at)).toBeGreaterThan(first + 25 * DAY);

		sb.clock.advance(26 * DAY); // past the first expiry: still subscribed
		const b = await newActivity('day 52');
		expect(delivered(b)).toBe(1);
		expect(Date.parse(hook().expires_at) - sb.clock.nowMs()).toBeGreaterThan(30 * DAY);
	});
});
