import { spawn } from 'node:child_process';
import { join } from 'node:path';
import axios from 'axios';
import { parseCli } from '../../sandbox/cli';

describe('npm run sandbox (sandbox/cli.ts)', () => {
	it('parses its options and refuses bad ones', () => {
		const o = parseCli(['--port', '0', '--seed', 'demo', '--size', '500', '--faults', '{"clio":{"errorRate":0.1}}', '--clio-rate-limit', '20', '--clio-retry-after', 'http-date', '--vendors', 'clio']);
		expect(o).toMatchObject({ port: 0, seed: 'demo', size: 500, faults: { clio: { errorRate: 0.1 } }, clioRateLimitPerMinute: 20, clioRetryAfterFormat: 'http-date', vendors: ['clio'] });
		expect(parseCli([]).port).toBe(4010);
		expect(() => parseCli(['--faults', '{oops'])).toThrow(/--faults is not valid JSON/);
		expect(() => parseCli(['--size', '-3'])).toThrow(/--size/);
		expect(() => parseCli(['--clio-retry-after', 'minutes'])).toThrow(/--clio-retry-after/);
	});

	it('starts, prints base URLs and OAuth credentials, serves, and stops on SIGINT', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'sandbox', 'cli.ts'), '--port', '0', '--size', '30', '--clio-rate-limit', '7'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			for (let i = 0; i < 300 && !out.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
			expect(out).toContain('Ctrl-C to stop');
			const url = /sandbox on (http:\/\/[\d.]+:\d+)/.exec(out)?.[1] as string;
			expect(url).toBeDefined();
			expect(out).toContain(`${url}/clio/api/v4`);
			expect(out).toContain(`${url}/clio/oauth/authorize`);
			expect(out).toContain(`${url}/clio/oauth/token`);
			expect(out).toContain('sandbox-clio-client');
			expect(out).toContain('sandbox-clio-secret');
			const token = await axios.post(`${url}/_admin/tokens`, { vendor: 'clio' });
			const me = await axios.get(`${url}/clio/api/v4/users/who_am_i.json`, { headers: { Authorization: `Bearer ${token.data.access_token}` } });
			expect(me.headers['x-ratelimit-limit']).toBe('7');
		} finally {
			child.kill('SIGINT');
		}
		expect(await exited).toBe(0);
	});
});
