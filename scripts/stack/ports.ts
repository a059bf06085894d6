import { connect, createServer } from 'node:net';

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
	return new Promise((resolvePromise, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolvePromise(port));
		});
	});
}

/** A few free ports at once. */
export async function freePorts(n: number): Promise<number[]> {
	const out: number[] = [];
	while (out.length < n) {
		const p = await freePort();
		if (!out.includes(p)) out.push(p);
	}
	return out;
}

/** True when something accepts a TCP connection on host:port within `timeoutMs`. */
export function reachable(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
	return new Promise((resolvePromise) => {
		const socket = connect({ host, port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolvePromise(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
	});
}
