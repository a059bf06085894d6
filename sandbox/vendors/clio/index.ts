import express from 'express';
import type { VendorModule } from '../../framework/vendor';
import { clioApiRouter, clioErrorBody, RateLimiter, CLIO_API_VERSIONS, CLIO_LATEST_VERSION } from './api';
import { createModels, type ClioModels } from './models';
import { ClioState } from './state';
import { ClioWebhooks } from './webhooks';
import { clioContract } from './contract';

export { ClioState } from './state';
export { CLIO_API_VERSIONS, CLIO_LATEST_VERSION } from './api';
export { allFieldsParam } from './fields';

export const CLIO_CLIENT_ID = 'sandbox-clio-client';
export const CLIO_CLIENT_SECRET = 'sandbox-clio-secret';

/**
 * Clio Manage API v4 simulator, at `${url}/clio`:
 * - OAuth: `/clio/oauth/authorize` (HTML consent page → redirect with ?code=&state=),
 *   `/clio/oauth/token` (authorization_code, refresh_token; access tokens last 30 days, refresh
 *   tokens never expire and are reusable), `/clio/oauth/deauthorize` (revoke);
 * - API: `/clio/api/v4/...` — see api.ts for the endpoints and rules.
 * Admin (`/_admin/clio/...`): `GET|POST rate-limit`, `GET webhooks`, `GET summary`.
 * Tests reach the data through `sandbox.state.clio` (a ClioState) and `sandbox.vendors.get('clio')`.
 */
export interface ClioSimulator {
	state: ClioState;
	models: ClioModels;
	hooks: ClioWebhooks;
	limiter: RateLimiter;
}

export const clio: VendorModule<ClioState> = {
	name: 'clio',
	prefix: '/clio',
	title: 'Clio',
	// every request judged against Clio's OpenAPI; a violation is refused with a 400 (enforce, the
	// framework's default). Deliberate probes send X-Sandbox-Contract: expect-violation.
	contract: () => clioContract(),
	create(ctx) {
		const oauth = ctx.createOAuth({
			title: 'Clio',
			clients: [{ clientId: CLIO_CLIENT_ID, clientSecret: CLIO_CLIENT_SECRET }],
			grants: ['authorization_code', 'refresh_token'],
			accessTokenTtlSeconds: 30 * 24 * 3600,
			tokenPrefix: 'clio',
			defaultUserId: ctx.firm.timekeepers[0].id,
		});
		const state = new ClioState(ctx.firm);
		const models = createModels(state, ctx.firm.timeZone);
		const hooks = new ClioWebhooks(ctx, state, models);
		const defaults = () => ({
			perWindow: ctx.options.clioRateLimitPerMinute ?? 50,
			windowSeconds: ctx.options.clioRateLimitWindowSeconds ?? 60,
			retryAfterFormat: ctx.options.clioRetryAfterFormat ?? 'seconds',
		});
		const limiter = new RateLimiter(defaults());
		const api = clioApiRouter({ ctx, state, models, hooks, oauth, limiter });

		return {
			state,
			mount(router) {
				router.use('/oauth/authorize', oauth.authorizeRouter());
				router.post('/oauth/token', ...oauth.tokenHandler());
				router.post('/oauth/deauthorize', ...oauth.revokeHandler());
				router.use('/api/v4', api);
			},
			mountAdmin(router) {
				router.get('/rate-limit', (_req, res) => {
					res.json(limiter.settings);
				});
				router.post('/rate-limit', express.json(), (req, res) => {
					const body = (req.body ?? {}) as { perMinute?: unknown; perWindow?: unknown; windowSeconds?: unknown; retryAfterFormat?: unknown };
					const per = body.perWindow ?? body.perMinute;
					if (per !== undefined && (!Number.isInteger(per) || (per as number) < 1)) return void res.status(400).json({ error: 'perMinute must be a positive integer' });
					if (body.windowSeconds !== undefined && (!Number.isInteger(body.windowSeconds) || (body.windowSeconds as number) < 1)) return void res.status(400).json({ error: 'windowSeconds must be a positive integer' });
					if (body.retryAfterFormat !== undefined && body.retryAfterFormat !== 'seconds' && body.retryAfterFormat !== 'http-date') return void res.status(400).json({ error: 'retryAfterFormat must be "seconds" or "http-date"' });
					limiter.settings = {
						perWindow: (per as number | undefined) ?? limiter.settings.perWindow,
						windowSeconds: (body.windowSeconds as number | undefined) ?? limiter.settings.windowSeconds,
						retryAfterFormat: (body.retryAfterFormat as 'seconds' | 'http-date' | undefined) ?? limiter.settings.retryAfterFormat,
					};
					limiter.reset();
					res.json(limiter.settings);
				});
				router.get('/webhooks', (_req, res) => {
					hooks.purgeExpired();
					res.json({ data: state.webhooks.all() });
				});
				router.get('/summary', (_req, res) => {
					res.json({
						users: state.users.size,
						contacts: state.contacts.size,
						matters: state.matters.size,
						activities: state.activities.size,
						bills: state.bills.size,
						activity_descriptions: state.activityDescriptions.size,
						webhooks: state.webhooks.size,
					});
				});
			},
			reset() {
				state.load();
				limiter.settings = defaults();
				limiter.reset();
			},
			errorBody: (status, message) => clioErrorBody(status, message),
			describe: (url) => ({
				urls: { api: `${url}/clio/api/v4`, authorize: `${url}/clio/oauth/authorize`, token: `${url}/clio/oauth/token` },
				clientId: CLIO_CLIENT_ID,
				clientSecret: CLIO_CLIENT_SECRET,
				notes: [
					`X-API-VERSION ${CLIO_API_VERSIONS[0]}–${CLIO_LATEST_VERSION}; rate limit ${limiter.settings.perWindow}/${limiter.settings.windowSeconds}s per token`,
					'webhook URLs may be http:// on localhost / private networks (Clio itself wants https)',
				],
			}),
		};
	},
};
