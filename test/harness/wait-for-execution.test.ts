/**
 * The e2e runner's wait for an execution keeps polling through a reset or refused connection while
 * n8n is busy (seen: ECONNRESET during a long run that went on to succeed), and still gives up on a
 * real error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { N8nApi, ROOT, waitForExecution, type StackState } from '../../scripts/n8n-runner';

describe('waitForExecution', () => {
	let server: Server;
	let url: string;
	let calls = 0;
	let mode: 'flaky' | 'broken' = 'flaky';

	beforeAll(async () => {
		server = createServer((req, res) => {
			calls++;
			if (mode === 'broken') {
				res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'forbidden' }));
				return;
			}
			// 1st: connection reset; 2nd: 503 (n8n busy); 3rd: still running; 4th: done
			if (calls === 1) return void req.socket.destroy();
			if (calls === 2) return void res.writeHead(503).end('busy');
			const done = calls >= 4;
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({ data: { status: done ? 'success' : 'running', finished: done, stoppedAt: done ? '2026-11-18T16:00:00Z' : undefined, data: { resultData: { runData: {} } } } }),
			);
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	const state = () => ({ install: { n8nDir: ROOT } }) as unknown as StackState;

	it('retries a reset connection and a 503 until the execution has finished', async () => {
		calls = 0;
		mode = 'flaky';
		const result = await waitForExecution(new N8nApi(url), state(), '7', 30_000);
		expect(result.ok).toBe(true);
		expect(calls).toBe(4);
	});

	it('does not retry an answer that is not about n8n being busy', async () => {
		calls = 0;
		mode = 'broken';
		await expect(waitForExecution(new N8nApi(url), state(), '7', 30_000)).rejects.toThrow(/HTTP 403/);
		expect(calls).toBe(1);
	});
});
