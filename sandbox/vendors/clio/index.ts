import type { VendorModule } from '../index';
import type { ClioState } from './state';

export const CLIO_CLIENT_ID = 'sandbox-clio-client';
export const CLIO_CLIENT_SECRET = 'sandbox-clio-secret';

export const clio: VendorModule<ClioState> = {
	name: 'clio',
	prefix: '/clio',
	title: 'Clio',
	create(ctx) {
		const oauth = ctx.createOAuth({
			title: 'Clio',
			clients: [{ clientId: CLIO_CLIENT_ID, clientSecret: CLIO_CLIENT_SECRET }],
			grants: ['authorization_code', 'refresh_token'],
			accessTokenTtlSeconds: 30 * 24 * 3600,
			tokenPrefix: 'clio',
			defaultUserId: ctx.firm.timekeepers[0].id,
		});
		const state: ClioState = { firm: ctx.firm };
		return {
			state,
			mount(router) {
				router.use('/oauth/authorize', oauth.authorizeRouter());
				router.post('/oauth/token', ...oauth.tokenHandler());
				router.post('/oauth/deauthorize', ...oauth.revokeHandler());
				router.get('/api/v4/users/who_am_i.json', oauth.bearer(), (_req, res) => {
					res.json({ data: { id: ctx.firm.timekeepers[0].id, etag: '"1"' } });
				});
			},
			errorBody: (status, message) => ({ error: { type: status === 429 ? 'RateLimited' : status >= 500 ? 'ServerError' : 'Error', message } }),
			describe: (url) => ({
				urls: { api: `${url}/clio/api/v4`, authorize: `${url}/clio/oauth/authorize`, token: `${url}/clio/oauth/token` },
				clientId: CLIO_CLIENT_ID,
				clientSecret: CLIO_CLIENT_SECRET,
			}),
		};
	},
};
