import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { TokenRecord } from '../../context';
import { FieldsError } from './fields';
import { WebhookError } from './webhooks';
import { mountActivities } from './api/activities';
import { mountBills } from './api/bills';
import { mountContacts } from './api/contacts';
import { CLIO_API_VERSIONS, CLIO_LATEST_VERSION, ClioError, clioErrorBody } from './api/errors';
import { apiKit, type ClioApiDeps } from './api/kit';
import { mountMatters } from './api/matters';
import { mountUsers } from './api/users';
import { mountUtbms } from './api/utbms';
import { mountWebhooks } from './api/webhooks';

/**
 * The Clio API v4 simulator's router: version, bearer token and rate limit checks, then one module
 * per resource under ./api (users, contacts, matters, UTBMS, activities, bills, webhooks), which
 * share the request and list helpers of ./api/kit.ts; errors in Clio's JSON shape.
 */
export { CLIO_API_VERSIONS, CLIO_LATEST_VERSION, MAX_LIMIT, OFFSET_CAP, ClioError, clioErrorBody } from './api/errors';
export { RateLimiter, type RateLimitSettings } from './api/rate-limit';
export type { ClioApiDeps } from './api/kit';

export function clioApiRouter(deps: ClioApiDeps): Router {
	const { ctx, oauth, limiter } = deps;
	const router = express.Router();

	// ---- X-API-VERSION
	router.use((req, res, next) => {
		const version = req.get('x-api-version');
		if (version !== undefined && !CLIO_API_VERSIONS.includes(version.trim())) {
			res.status(410).json(clioErrorBody(410, `API version "${version}" is invalid or no longer supported. Supported: ${CLIO_API_VERSIONS.join(', ')}`));
			return;
		}
		res.setHeader('X-API-VERSION', version?.trim() ?? CLIO_LATEST_VERSION);
		next();
	});
	// ---- OAuth bearer token
	router.use(
		oauth.bearer((res, result) => {
			res.status(401).json(clioErrorBody(401, result.message, result.reason === 'expired' ? 'invalid_token' : 'Unauthorized'));
		}),
	);
	// ---- per-token rate limit
	router.use((_req, res, next) => {
		const token = res.locals.token as TokenRecord;
		const now = ctx.clock.nowMs();
		const r = limiter.take(token.accessToken, now);
		res.setHeader('X-RateLimit-Limit', String(r.limit));
		res.setHeader('X-RateLimit-Remaining', String(r.remaining));
		res.setHeader('X-RateLimit-Reset', String(Math.ceil(r.resetMs / 1000)));
		if (!r.allowed) {
			const seconds = Math.max(1, Math.ceil((r.resetMs - now) / 1000));
			res.setHeader('Retry-After', limiter.settings.retryAfterFormat === 'http-date' ? new Date(now + seconds * 1000).toUTCString() : String(seconds));
			res.status(429).json(clioErrorBody(429, `Rate limit exceeded: ${r.limit} requests per ${limiter.settings.windowSeconds} seconds per access token. Retry in ${seconds} seconds.`));
			return;
		}
		next();
	});

	const kit = apiKit(deps, router);
	mountUsers(kit);
	mountContacts(kit);
	mountMatters(kit);
	mountUtbms(kit);
	mountActivities(kit);
	mountBills(kit);
	mountWebhooks(kit);

	// ---- errors in Clio's shape
	router.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
		if (err instanceof ClioError) return void res.status(err.status).json(clioErrorBody(err.status, err.message, err.type));
		if (err instanceof FieldsError) return void res.status(400).json(clioErrorBody(400, err.message, 'InvalidFields'));
		if (err instanceof WebhookError) return void res.status(err.status).json(clioErrorBody(err.status, err.message));
		next(err);
	});

	return router;
}
