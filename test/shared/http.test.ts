import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ICredentialType, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { paceDelay, parseRetryAfter, vendorRequest } from '../../nodes/shared/transport/http';
import { runNode } from '../helpers/n8n';

/** A bearer-token credential type, enough to go through httpRequestWithAuthentication. */
const tokenCred: ICredentialType = {
	name: 'testTokenApi',
	displayName: 'Test token',
	properties: [{ displayName: 'Token', name: 'token', type: 'string', default: '' }],
	authenticate: { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } } },
};

class Caller implements INodeType {
	description = {
		displayName: 'Caller', name: 'caller', group: ['transform'], version: 1, description: 't',
		defaults: { name: 'Caller' }, inputs: ['main'], outputs: ['main'],
		credentials: [{ name: 'testTokenApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	} as unknown as INodeTypeDescription;
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const url = this.getNodeParameter('url', 0) as string;
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < 3; i++) {
			const r = await vendorRequest.call(this, { vendor: 'Test', credentialType: 'testTokenApi', request: { url }, itemIndex: 0, retry: { baseDelayMs: 20, maxDelayMs: 2000 } });
			out.push({ json: { body: r.body as never, status: r.statusCode }, pairedItem: { item: 0 } });
		}
		return [out];
	}
}

describe('vendorRequest (shared transport)', () => {
	let server: Server;
	let base: string;
	const log: Array<{ path: string; at: number; auth?: string }> = [];
	let flaky = 0;
	let limited = 0;
	beforeAll(async () => {
		const app = express();
		app.use((req, _res, next) => { log.push({ path: req.path, at: Date.now(), auth: req.headers.authorization }); next(); });
		app.get('/flaky', (_req, res) => { if (flaky++ % 2 === 0) res.status(503).json({ message: 'try later' }); else res.json({ ok: true }); });
		app.get('/limited', (_req, res) => {
			if (limited++ === 0) res.status(429).set('Retry-After', new Date(Date.now() + 2000).toUTCString()).json({ error: { message: 'slow down' } });
			else res.json({ ok: true });
		});
		app.get('/paced', (_req, res) => { res.set({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 1) }).json({ ok: true }); });
		app.get('/broken', (_req, res) => { res.status(404).json({ error: { type: 'NotFound', message: 'Activity 9 not found' } }); });
		server = app.listen(0);
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	const run = (path: string) =>
		runNode({ nodeTypes: { 'test.caller': new Caller() }, type: 'test.caller', parameters: { url: base + path }, credentials: { testTokenApi: { token: 'abc' } }, credentialTypes: [tokenCred] });

	it('retries 5xx with backoff and authenticates every attempt', async () => {
		const r = await run('/flaky');
		expect(r.error).toBeUndefined();
		expect(r.outputs[0].map((o) => o.json.status)).toEqual([200, 200, 200]);
		const calls = log.filter((l) => l.path === '/flaky');
		expect(calls).toHaveLength(6);
		expect(calls.every((c) => c.auth === 'Bearer abc')).toBe(true);
	});

	it('waits an HTTP-date Retry-After on 429 instead of storming', async () => {
		const r = await run('/limited');
		expect(r.error).toBeUndefined();
		const calls = log.filter((l) => l.path === '/limited');
		expect(calls).toHaveLength(4);
		expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(900);
	});

	it('paces when X-RateLimit-Remaining reaches 0', async () => {
		const r = await run('/paced');
		expect(r.error).toBeUndefined();
		const calls = log.filter((l) => l.path === '/paced');
		expect(calls).toHaveLength(3);
		// the second call waited for the window to reset
		expect(calls[1].at - calls[0].at).toBeGreaterThan(0);
		expect(Math.floor(calls[1].at / 1000)).toBeGreaterThan(Math.floor(calls[0].at / 1000));
	});

	it('throws a NodeApiError with the vendor message and the failing request', async () => {
		const r = await run('/broken');
		expect(r.error?.message).toBe('Test request failed (404): Activity 9 not found');
		expect(r.error?.description).toContain(`GET ${base}/broken`);
	});

	it('parses Retry-After and pacing headers', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(parseRetryAfter('30', now)).toBe(30000);
		expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		// a vendor whose clock is a year ahead of ours: the date is read against its own Date header
		expect(parseRetryAfter('Sat, 27 Nov 2027 10:00:05 GMT', now, 'Sat, 27 Nov 2027 10:00:03 GMT')).toBe(2000);
		expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now, 'not a date')).toBe(5000);
		expect(paceDelay({ 'x-ratelimit-remaining': '40', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(0);
		expect(paceDelay({ 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(10000);
		// a reset days ahead (vendor clock ahead of ours) waits one window at most
		expect(paceDelay({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3 * 86400) }, now)).toBe(60050);
	});
});
