/**
 * Rate-limit pacing of the shared transport under concurrency (issue 14 item 2): many executions of
 * one process (an n8n worker runs ~10 at once), and two processes sharing one token's limit, as two
 * queue-mode workers do. The server is a fixed-window limiter shaped like Clio's (and the sandbox's,
 * sandbox/vendors/clio/api.ts): every answer carries X-RateLimit-Limit, X-RateLimit-Remaining and
 * X-RateLimit-Reset (unix seconds), a refused request 429 with Retry-After in seconds
 * (/work/shared/reference/vendor-apis.md, "Rate limits [DOC]"; docs.developers.clio.com/api-docs/rate-limits).
 * The pacing state is per process: a second module instance (jest.isolateModules) is a second worker.
 */
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestContext, VendorRequestOptions, VendorResponse } from '../../nodes/shared/transport/http';

type VendorRequest = (this: RequestContext, opts: VendorRequestOptions) => Promise<VendorResponse>;

/** One module instance of the shared transport: its own pacing state, as one n8n process has. */
function transportInstance(): VendorRequest {
	let fn: VendorRequest | undefined;
	jest.isolateModules(() => {
		fn = (require('../../nodes/shared/transport/http') as { vendorRequest: VendorRequest }).vendorRequest;
	});
	return fn!;
}

/** A request context whose authenticated helper is a plain fetch (the transport's own logic is what is tested). */
const context = {
	getNode: () => ({ name: 'Caller', type: 'test.caller', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { testTokenApi: { id: 'cred-1', name: 'Token' } } }),
	getCredentials: async () => ({}),
	helpers: {
		async httpRequestWithAuthentication(_type: string, req: { url: string; method?: string }) {
			const res = await fetch(req.url, { method: req.method ?? 'GET', headers: { authorization: 'Bearer shared-token' } });
			return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.json() };
		},
	},
} as unknown as RequestContext;

describe('rate-limit pacing under concurrency (shared transport)', () => {
	const LIMIT = 20;
	const WINDOW_S = 2;
	let server: Server;
	let url: string;
	let window = { startMs: 0, count: 0 };
	let answers: Array<{ at: number; status: number; window: number }> = [];

	beforeAll(async () => {
		// one token, a fixed window opened by the first request after the last one ended (as the sandbox's RateLimiter)
		server = http.createServer((_req, res) => {
			const now = Date.now();
			if (now >= window.startMs + WINDOW_S * 1000) window = { startMs: now, count: 0 };
			const allowed = window.count < LIMIT;
			if (allowed) window.count++;
			const resetMs = window.startMs + WINDOW_S * 1000;
			res.setHeader('X-RateLimit-Limit', String(LIMIT));
			res.setHeader('X-RateLimit-Remaining', String(LIMIT - window.count));
			res.setHeader('X-RateLimit-Reset', String(Math.ceil(resetMs / 1000)));
			res.setHeader('content-type', 'application/json');
			answers.push({ at: now, status: allowed ? 200 : 429, window: window.startMs });
			if (!allowed) {
				res.setHeader('Retry-After', String(Math.max(1, Math.ceil((resetMs - now) / 1000))));
				res.writeHead(429).end('{"error":{"type":"RateLimited","message":"Rate limit exceeded"}}');
			} else res.writeHead(200).end('{"ok":true}');
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/items.json`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	/** `executions` concurrent callers, each making `each` requests one after the other. */
	const executions = (vendorRequest: VendorRequest, count: number, each: number) =>
		Promise.all(
			Array.from({ length: count }, async () => {
				for (let i = 0; i < each; i++) await vendorRequest.call(context, { vendor: 'Test', credentialType: 'testTokenApi', request: { url } });
			}),
		);

	/** Requests accepted in each window but the last (which the work may leave part-used). */
	const acceptedPerWindow = () => {
		const per = new Map<number, number>();
		for (const a of answers) per.set(a.window, (per.get(a.window) ?? 0) + (a.status === 200 ? 1 : 0));
		return [...per.values()].slice(0, -1);
	};

	const settle = async () => {
		// start each case on a fresh window
		await new Promise((r) => setTimeout(r, WINDOW_S * 1000 + 100));
		window = { startMs: 0, count: 0 };
		answers = [];
	};

	it('20 concurrent executions in one process: no 429 storm, the limit used at its bound', async () => {
		await settle();
		const vendorRequest = transportInstance();
		const t0 = Date.now();
		await executions(vendorRequest, 20, 3); // 60 requests: three windows' worth
		const elapsed = Date.now() - t0;
		const limited = answers.filter((a) => a.status === 429).length;
		expect(answers.filter((a) => a.status === 200)).toHaveLength(60);
		expect(limited).toBeLessThanOrEqual(2);
		// Pacing spreads the requests, it does not leave windows unused. The floors and ceilings here are
		// loose enough for a loaded CI machine (a starved client sends less per window); the utilisation
		// itself is a benchmark figure (npm run bench -- queue, QUEUE_BENCH_PARTS=ratelimit: 98% of the bound).
		for (const n of acceptedPerWindow()) expect(n).toBeGreaterThanOrEqual(0.5 * LIMIT);
		// 60 requests at the bound (10/s) take 6 s; the third window opens at 4 s at the earliest (a
		// lower bound no load can break); a pacer that parked for whole windows would take far longer.
		expect(elapsed).toBeGreaterThanOrEqual(4000);
		expect(elapsed).toBeLessThan(20_000);
	});

	it('two processes sharing one token: few 429s, the limit still used at its bound', async () => {
		await settle();
		const a = transportInstance();
		const b = transportInstance();
		expect(a).not.toBe(b);
		const t0 = Date.now();
		await Promise.all([executions(a, 10, 4), executions(b, 10, 4)]); // 80 requests: four windows' worth
		const elapsed = Date.now() - t0;
		const limited = answers.filter((x) => x.status === 429).length;
		expect(answers.filter((x) => x.status === 200)).toHaveLength(80);
		expect(limited).toBeLessThanOrEqual(4); // ≤ 5%
		for (const n of acceptedPerWindow()) expect(n).toBeGreaterThanOrEqual(0.5 * LIMIT);
		// 80 requests at the bound take 8 s (the fourth window opens at 6 s at the earliest)
		expect(elapsed).toBeGreaterThanOrEqual(6000);
		expect(elapsed).toBeLessThan(26_000);
	});
});
