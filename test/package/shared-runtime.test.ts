/**
 * The built node bundles share one runtime in a process: rate-limit pacing is per access token, not
 * per bundle. Clio and Clio Trigger are bundled separately (scripts/build.mjs); a wait that a Clio
 * request sets (X-RateLimit-Remaining 0) must hold the Clio Trigger's next request with the same
 * credential too, as it does in a running n8n, which require()s every node file in one process.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { pollOnce, runNode } from '../helpers/n8n';
import { assertBuilt, root } from './packed';

const CLIO = 'n8n-nodes-legal-billing.clio';
const CLIO_TRIGGER = 'n8n-nodes-legal-billing.clioTrigger';

/** A class from a built file of dist/, loaded with plain require() as n8n loads it. */
function built<T>(file: string, className: string): T {
	const Cls = (require(join(root, 'dist', file)) as Record<string, new () => T>)[className];
	return new Cls();
}

describe('shared runtime of the built bundles', () => {
	let server: Server;
	let base: string;
	const calls: Array<{ path: string; at: number }> = [];

	beforeAll(async () => {
		assertBuilt();
		const app = express();
		app.use((req, res) => {
			calls.push({ path: req.path, at: Date.now() });
			// the token's window is spent: no request before it resets in 2 s
			res.set({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '2' });
			if (req.path.endsWith('/users/who_am_i.json')) res.json({ data: { id: 1, name: 'Pat Lawyer' } });
			else res.json({ data: [] });
		});
		server = app.listen(0);
		await new Promise<void>((r) => server.once('listening', () => r()));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it("a rate-limit wait set by Clio's request holds Clio Trigger's next request with the same credential", async () => {
		const clio = built<INodeType>('nodes/Clio/Clio.node.js', 'Clio');
		const trigger = built<INodeType>('nodes/Clio/ClioTrigger.node.js', 'ClioTrigger');
		const credentialType = built<ICredentialType>('credentials/ClioOAuth2Api.credentials.js', 'ClioOAuth2Api');
		const credentials = {
			clioOAuth2Api: {
				region: 'custom',
				customBaseUrl: base,
				apiVersion: '4.0.9',
				grantType: 'authorizationCode',
				authUrl: `${base}/oauth/authorize`,
				accessTokenUrl: `${base}/oauth/token`,
				clientId: 'c',
				clientSecret: 's',
				scope: '',
				authQueryParameters: '',
				authentication: 'body',
				oauthTokenData: { access_token: 'token-1', token_type: 'bearer', refresh_token: 'r' },
			},
		};

		const r = await runNode({ nodeTypes: { [CLIO]: clio }, type: CLIO, parameters: { resource: 'user', operation: 'whoAmI' }, credentials, credentialTypes: [credentialType] });
		expect(r.error).toBeUndefined();
		expect(r.outputs[0][0].json).toMatchObject({ name: 'Pat Lawyer' });

		await pollOnce({
			nodeTypes: { [CLIO_TRIGGER]: trigger },
			type: CLIO_TRIGGER,
			parameters: { mode: 'polling', resource: 'matter', options: {} },
			mode: 'manual',
			credentials,
			credentialTypes: [credentialType],
		});

		expect(calls.map((c) => c.path)).toEqual(['/api/v4/users/who_am_i.json', '/api/v4/matters.json']);
		// the trigger's request waited for the window Clio's answer announced (2 s, 50 ms margin);
		// each bundle with its own pacing state sent it at once
		expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(1900);
	});
});
