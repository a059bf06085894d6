/**
 * A local HTTP endpoint that records the JSON bodies POSTed to it: where e2e tests point a
 * template's alert webhook.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookSink {
	url: string;
	/** bodies received, oldest first (clear with `received.length = 0`) */
	received: Array<Record<string, unknown>>;
	close(): Promise<void>;
}

export async function startWebhookSink(path = '/alerts'): Promise<WebhookSink> {
	const received: Array<Record<string, unknown>> = [];
	const app = express();
	app.use(express.json());
	app.post(path, (req, res) => {
		received.push(req.body as Record<string, unknown>);
		res.json({ ok: true });
	});
	const server = await new Promise<Server>((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
		received,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}
