import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosInstance } from 'axios';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

/** An axios client that never throws on HTTP status (tests assert on it). */
export function client(baseURL: string, headers: Record<string, string> = {}): AxiosInstance {
	return axios.create({ baseURL, headers, validateStatus: () => true, maxRedirects: 0 });
}

export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return startSandbox({ port: 0, ...options });
}

/**
 * Headers of a request that breaks the vendor's published spec ON PURPOSE, to test the simulator's
 * own answer: the contract counts it as expected and lets it through (sandbox/framework/contracts.ts).
 */
export const EXPECT_VIOLATION = { 'X-Sandbox-Contract': 'expect-violation' } as const;

/** A Clio API client with a fresh token. */
export function clioClient(sb: Sandbox, headers: Record<string, string> = {}): AxiosInstance {
	const { access_token } = sb.issueToken('clio');
	return client(`${sb.url}/clio/api/v4`, { Authorization: `Bearer ${access_token}`, ...headers });
}

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: string;
}

/**
 * A local HTTP server standing in for a webhook consumer. `respond` decides each answer; by
 * default it echoes X-Hook-Secret (Clio's handshake) and answers 200.
 */
export class Receiver {
	readonly requests: ReceivedRequest[] = [];
	respond: (req: ReceivedRequest) => { status: number; headers?: Record<string, string> } = (req) => {
		const secret = req.headers['x-hook-secret'];
		const headers: Record<string, string> = typeof secret === 'string' ? { 'X-Hook-Secret': secret } : {};
		return { status: 200, headers };
	};
	private server!: Server;
	url = '';

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const r: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
				this.requests.push(r);
				const answer = this.respond(r);
				res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
		return this;
	}

	deliveries(): ReceivedRequest[] {
		return this.requests.filter((r) => r.headers['x-hook-signature'] !== undefined);
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
