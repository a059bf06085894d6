/**
 * Long syncs: cursor paging past Clio's 10,000-record offset cap, and a 2,000+ entry Get Many at a
 * low rate limit that finishes without a single refused request (pacing on X-RateLimit-*), plus
 * 429 Retry-After (seconds and HTTP date) and 5xx recovery.
 */
import axios from 'axios';
import type { Sandbox } from '../../sandbox';
import { clioJson, clioSandbox, runClio } from './helpers';

describe('paging past 10,000', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await clioSandbox({ size: 10_250, clioRateLimitPerMinute: 10_000 });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('offset paging is capped by Clio at 10,000 (the vendor rule the node avoids)', async () => {
		const token = sb.issueToken('clio').access_token;
		const r = await axios.get(`${sb.url}/clio/api/v4/activities.json`, {
			params: { offset: 10_000, limit: 200, fields: 'id' },
			// `offset` is not in Clio's OpenAPI: a deliberate probe of the simulator's cap (contract: expected)
			headers: { Authorization: `Bearer ${token}`, 'X-Sandbox-Contract': 'expect-violation' },
			validateStatus: () => true,
		});
		expect(r.status).toBe(422);
	});

	it('Return All follows the cursor to every record, each once, in id order', async () => {
		const expected = sb.state.clio.activities.all().map((a) => a.id);
		expect(expected.length).toBeGreaterThan(10_000);
		const out = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: {}, options: { fields: 'id,type,quantity', resolveUtbms: false } });
		const ids = out.map((a) => a.id as number);
		expect(ids.length).toBe(expected.length);
		expect(ids).toEqual(expected);
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('rate limits', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		// 6 requests per 2-second window: the same pressure as Clio's per-minute limit, in seconds
		sb = await clioSandbox({ size: 2_100, clioRateLimitPerMinute: 6, clioRateLimitWindowSeconds: 2 });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('a Get Many of 2,000+ entries at a low limit paces itself and never meets a 429', async () => {
		const faults = sb.context.faults('clio');
		const before = faults.stats.requests;
		const expected = sb.state.clio.activities.all().map((a) => a.id);
		expect(expected.length).toBeGreaterThanOrEqual(2_000);
		const pageSize = 100;
		const out = await clioJson(sb, { resource: 'activity', operation: 'getAll', returnAll: true, filters: {}, options: { pageSize, resolveUtbms: false } });
		expect(out.map((a) => a.id)).toEqual(expected);
		const requests = faults.stats.requests - before;
		// one request per page (a final empty page at most): any 429 would have added a retry
		expect(requests).toBeLessThanOrEqual(Math.ceil(expected.length / pageSize) + 1);
		expect(requests).toBeGreaterThanOrEqual(Math.ceil(expected.length / pageSize));
		expect(requests).toBeGreaterThan(6 * 3); // i.e. well past several windows' worth
	});

	it('waits out a 429 with Retry-After as an HTTP date, then 5xx with backoff, and succeeds', async () => {
		sb.setFaults('clio', { script: [429, 503, 502, 'ok'], retryAfterSeconds: 1, retryAfterFormat: 'http-date' });
		const started = Date.now();
		const out = await clioJson(sb, { resource: 'user', operation: 'whoAmI', options: {} });
		expect(out[0].id).toBe(sb.state.clio.users.all()[0].id);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900); // the Retry-After date was honoured
		expect(sb.context.faults('clio').stats.injected).toEqual(expect.objectContaining({ '429': 1, '503': 1, '502': 1 }));
		sb.setFaults('clio', {});
	});

	it('never repeats a create after a 5xx (it may have been carried out), but does after a 429', async () => {
		const matter = sb.state.clio.matters.all()[0];
		const params = {
			resource: 'activity',
			operation: 'create',
			type: 'TimeEntry',
			date: '2026-11-26',
			matterId: { __rl: true, mode: 'id', value: String(matter.id) },
			additionalFields: { hours: '0.2', note: 'retry safety' },
			options: { resolveUtbms: false },
		};
		const count = () => sb.state.clio.activities.all().filter((a) => a.note === 'retry safety').length;
		sb.setFaults('clio', { script: [502] });
		const failed = await runClio(sb, params);
		// the POST went out and its answer was a 5xx: Clio may have carried it out (issue 13 item 2)
		expect(failed.error?.message).toMatch(/^Clio request outcome unknown \(502\): .+ — it may have been created: query Clio \(by invoice number\) to reconcile before any resubmission$/);
		expect((failed.error as unknown as { context: { outcome?: string } }).context.outcome).toBe('unknown');
		expect(failed.error?.description).not.toMatch(/retries/);
		sb.setFaults('clio', { script: [429], retryAfterSeconds: 1 });
		const ok = await runClio(sb, params);
		sb.setFaults('clio', {});
		expect(ok.error).toBeUndefined();
		expect(count()).toBe(1);
	});

	it('gives up after the retries with a NodeApiError carrying Clio\'s message and the request', async () => {
		sb.setFaults('clio', { script: [500, 500, 500, 500, 500, 500, 500] });
		const r = await runClio(sb, { resource: 'matter', operation: 'get', id: String(sb.state.clio.matters.all()[0].id), options: {} });
		sb.setFaults('clio', {});
		expect(r.error?.name).toBe('NodeApiError');
		expect((r.error as unknown as { httpCode?: string }).httpCode).toBe('500');
		expect(r.error?.message).toMatch(/^Clio request failed \(500\): \S.+/);
		expect(r.error?.description).toMatch(/^Request: GET http:\/\/127\.0\.0\.1:\d+\/clio\/api\/v4\/matters\/\d+\.json \(after 5 retries\)/);
	});
});
