import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { SandboxClock } from './clock';
import type { VendorFaults } from './faults';

/**
 * A generic OAuth 2.0 provider, one per vendor: authorization code (with an HTML authorize page a
 * browser can click through), refresh_token and client_credentials grants, expiry by the sandbox
 * clock, revocation. Vendors mount its handlers at their own paths and add their own fields to
 * the token response (e.g. Actionstep's api_endpoint and orgkey).
 */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface OAuthClient {
	clientId: string;
	clientSecret: string;
}

export interface TokenRecord {
	accessToken: string;
	refreshToken?: string;
	clientId: string;
	grant: GrantType | 'admin';
	scope?: string;
	/** the vendor user the token acts as (vendor-defined id) */
	userId?: string | number;
	issuedAtMs: number;
	expiresAtMs: number;
	revoked: boolean;
	/** extra fields added to the token response and available to the vendor */
	extra: Record<string, unknown>;
}

export interface OAuthProviderOptions {
	vendor: string;
	/** display name on the authorize page */
	title: string;
	clients: OAuthClient[];
	grants: GrantType[];
	/** access token lifetime, seconds */
	accessTokenTtlSeconds: number;
	/** refresh token lifetime, seconds (undefined: never expires) */
	refreshTokenTtlSeconds?: number;
	/** issue a new refresh token on every refresh (default false: the refresh token is reusable) */
	rotateRefreshTokens?: boolean;
	/** prefix of generated tokens, e.g. "clio" */
	tokenPrefix?: string;
	/** extra fields for the token response (computed per token) */
	tokenResponseExtra?: (token: TokenRecord, req?: Request) => Record<string, unknown>;
	/** the user a code-grant token acts as */
	defaultUserId?: string | number;
	/** require a `scope` parameter on the authorize request */
	requireScope?: boolean;
}

export type VerifyResult =
	| { ok: true; token: TokenRecord }
	| { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked'; message: string };

interface CodeRecord {
	code: string;
	clientId: string;
	redirectUri: string;
	scope?: string;
	expiresAtMs: number;
	used: boolean;
}

export class OAuthProvider {
	private readonly tokens = new Map<string, TokenRecord>();
	private readonly refreshIndex = new Map<string, TokenRecord>();
	private readonly codes = new Map<string, CodeRecord>();

	constructor(
		readonly options: OAuthProviderOptions,
		private readonly clock: SandboxClock,
		private readonly faults: VendorFaults,
	) {}

	get clients(): OAuthClient[] {
		return this.options.clients;
	}

	/** Issues a token directly (admin / tests). */
	issue(opts: { clientId?: string; scope?: string; userId?: string | number; ttlSeconds?: number; extra?: Record<string, unknown>; grant?: TokenRecord['grant']; withRefresh?: boolean } = {}): TokenRecord {
		const now = this.clock.nowMs();
		const prefix = this.options.tokenPrefix ?? this.options.vendor;
		const grant = opts.grant ?? 'admin';
		const withRefresh = opts.withRefresh ?? (grant !== 'client_credentials' && this.options.grants.includes('refresh_token'));
		const token: TokenRecord = {
			accessToken: `${prefix}_at_${randomBytes(18).toString('hex')}`,
			refreshToken: withRefresh ? `${prefix}_rt_${randomBytes(18).toString('hex')}` : undefined,
			clientId: opts.clientId ?? this.options.clients[0].clientId,
			grant,
			scope: opts.scope,
			userId: opts.userId ?? this.options.defaultUserId,
			issuedAtMs: now,
			expiresAtMs: now + (opts.ttlSeconds ?? this.options.accessTokenTtlSeconds) * 1000,
			revoked: false,
			extra: opts.extra ?? {},
		};
		this.tokens.set(token.accessToken, token);
		if (token.refreshToken) this.refreshIndex.set(token.refreshToken, token);
		return token;
	}

	/** The JSON a token endpoint answers with. */
	tokenResponse(token: TokenRecord, req?: Request): Record<string, unknown> {
		const body: Record<string, unknown> = {
			access_token: token.accessToken,
			token_type: 'bearer',
			expires_in: Math.max(0, Math.round((token.expiresAtMs - this.clock.nowMs()) / 1000)),
		};
		if (token.refreshToken) body.refresh_token = token.refreshToken;
		if (token.scope) body.scope = token.scope;
		return { ...body, ...(this.options.tokenResponseExtra?.(token, req) ?? {}), ...token.extra };
	}

	verify(accessToken: string | undefined): VerifyResult {
		if (!accessToken) return { ok: false, reason: 'missing', message: 'No access token was given (Authorization: Bearer <token>)' };
		const token = this.tokens.get(accessToken);
		if (!token) return { ok: false, reason: 'unknown', message: 'The access token is invalid' };
		if (token.revoked || this.faults.tokensRevoked) return { ok: false, reason: 'revoked', message: 'The access token was revoked' };
		if (token.expiresAtMs <= this.clock.nowMs() || this.faults.tokensExpired) return { ok: false, reason: 'expired', message: 'The access token expired' };
		return { ok: true, token };
	}

	/** Revokes an access or refresh token (and its pair). Returns whether it was known. */
	revoke(tokenValue: string): boolean {
		const token = this.tokens.get(tokenValue) ?? this.refreshIndex.get(tokenValue);
		if (!token) return false;
		token.revoked = true;
		if (token.refreshToken) this.refreshIndex.delete(token.refreshToken);
		return true;
	}

	/** Makes a token expire now (tests). */
	expire(accessToken: string): boolean {
		const token = this.tokens.get(accessToken);
		if (!token) return false;
		token.expiresAtMs = this.clock.nowMs() - 1;
		return true;
	}

	revokeAll(): number {
		let n = 0;
		for (const t of this.tokens.values()) if (!t.revoked) {
			t.revoked = true;
			n++;
		}
		this.refreshIndex.clear();
		return n;
	}

	reset(): void {
		this.tokens.clear();
		this.refreshIndex.clear();
		this.codes.clear();
	}

	/**
	 * Bearer-token middleware: puts the token on `res.locals.token`, or answers 401 through
	 * `onError` (the vendor's error shape; default `{ error: 'invalid_token', error_description }`).
	 */
	bearer(onError?: (res: Response, result: Exclude<VerifyResult, { ok: true }>) => void): RequestHandler {
		return (req: Request, res: Response, next: NextFunction) => {
			const header = req.get('authorization') ?? '';
			const match = /^Bearer\s+(.+)$/i.exec(header.trim());
			const result = this.verify(match?.[1]);
			if (result.ok) {
				res.locals.token = result.token;
				return next();
			}
			res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${result.message}"`);
			if (onError) return onError(res, result);
			res.status(401).json({ error: 'invalid_token', error_description: result.message });
		};
	}

	/** GET: the consent page; POST: the user's decision → redirect with ?code=&state= (or error=access_denied). */
	authorizeRouter(): Router {
		const router = express.Router();
		router.get('/', (req, res) => {
			const q = req.query as Record<string, string | undefined>;
			const problem = this.checkAuthorizeRequest(q);
			if (problem) {
				res.status(400).type('html').send(page(this.options.title, `<h1>Invalid authorization request</h1><p id="error">${escapeHtml(problem)}</p>`));
				return;
			}
			const hidden = ['client_id', 'redirect_uri', 'state', 'scope', 'response_type']
				.filter((k) => q[k] !== undefined)
				.map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(String(q[k]))}">`)
				.join('');
			res.type('html').send(
				page(
					this.options.title,
					`<h1>${escapeHtml(this.options.title)} sandbox</h1>
<p>The application <b>${escapeHtml(String(q.client_id))}</b> asks for access to your ${escapeHtml(this.options.title)} sandbox account${q.scope ? ` (scope: <code>${escapeHtml(String(q.scope))}</code>)` : ''}.</p>
<form method="post" action="">${hidden}
<button type="submit" name="decision" value="allow" id="allow">Allow access</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
				),
			);
		});
		router.post('/', express.urlencoded({ extended: false }), (req, res) => {
			const q = { ...(req.query as Record<string, string>), ...((req.body ?? {}) as Record<string, string>) };
			const problem = this.checkAuthorizeRequest(q);
			if (problem) {
				res.status(400).type('html').send(page(this.options.title, `<h1>Invalid authorization request</h1><p id="error">${escapeHtml(problem)}</p>`));
				return;
			}
			const target = new URL(q.redirect_uri);
			if (q.decision === 'deny') {
				target.searchParams.set('error', 'access_denied');
			} else {
				const code = randomBytes(16).toString('hex');
				this.codes.set(code, { code, clientId: q.client_id, redirectUri: q.redirect_uri, scope: q.scope, expiresAtMs: this.clock.nowMs() + 10 * 60 * 1000, used: false });
				target.searchParams.set('code', code);
			}
			if (q.state !== undefined) target.searchParams.set('state', String(q.state));
			res.redirect(302, target.toString());
		});
		return router;
	}

	/** POST token endpoint: form or JSON body; client credentials in the body or HTTP Basic. */
	tokenHandler(): RequestHandler[] {
		return [
			express.urlencoded({ extended: false }),
			express.json(),
			(req: Request, res: Response) => {
				const body = (req.body ?? {}) as Record<string, string | undefined>;
				const client = this.authenticateClient(req, body);
				const fail = (status: number, error: string, description: string) => res.status(status).json({ error, error_description: description });
				if (!client) return fail(401, 'invalid_client', 'Unknown client or wrong client secret');
				const grant = body.grant_type as GrantType | undefined;
				if (!grant || !this.options.grants.includes(grant)) {
					return fail(400, 'unsupported_grant_type', `grant_type must be one of: ${this.options.grants.join(', ')}`);
				}
				if (grant === 'authorization_code') {
					const code = body.code ? this.codes.get(body.code) : undefined;
					if (!code || code.used || code.expiresAtMs <= this.clock.nowMs() || code.clientId !== client.clientId) {
						return fail(400, 'invalid_grant', 'The authorization code is invalid, expired or already used');
					}
					if (body.redirect_uri !== undefined && body.redirect_uri !== code.redirectUri) {
						return fail(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
					}
					code.used = true;
					const token = this.issue({ clientId: client.clientId, scope: code.scope, grant });
					return res.json(this.tokenResponse(token, req));
				}
				if (grant === 'refresh_token') {
					const previous = body.refresh_token ? this.refreshIndex.get(body.refresh_token) : undefined;
					if (!previous || previous.clientId !== client.clientId) return fail(400, 'invalid_grant', 'The refresh token is invalid or revoked');
					const ttl = this.options.refreshTokenTtlSeconds;
					if (ttl !== undefined && previous.issuedAtMs + ttl * 1000 <= this.clock.nowMs()) return fail(400, 'invalid_grant', 'The refresh token expired');
					const token = this.issue({ clientId: client.clientId, scope: previous.scope, userId: previous.userId, extra: previous.extra, grant, withRefresh: false });
					if (this.options.rotateRefreshTokens) {
						token.refreshToken = `${this.options.tokenPrefix ?? this.options.vendor}_rt_${randomBytes(18).toString('hex')}`;
						this.refreshIndex.delete(previous.refreshToken as string);
					} else {
						token.refreshToken = previous.refreshToken as string;
					}
					this.refreshIndex.set(token.refreshToken, token);
					return res.json(this.tokenResponse(token, req));
				}
				const token = this.issue({ clientId: client.clientId, scope: body.scope, grant: 'client_credentials', withRefresh: false });
				return res.json(this.tokenResponse(token, req));
			},
		];
	}

	/** POST revoke endpoint (RFC 7009 style): `token=`; always 200. */
	revokeHandler(): RequestHandler[] {
		return [
			express.urlencoded({ extended: false }),
			express.json(),
			(req: Request, res: Response) => {
				const body = (req.body ?? {}) as Record<string, string | undefined>;
				if (body.token) this.revoke(body.token);
				res.status(200).json({});
			},
		];
	}

	private authenticateClient(req: Request, body: Record<string, string | undefined>): OAuthClient | undefined {
		let id = body.client_id;
		let secret = body.client_secret;
		const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i > 0) {
				id = decodeURIComponent(decoded.slice(0, i));
				secret = decodeURIComponent(decoded.slice(i + 1));
			}
		}
		return this.options.clients.find((c) => c.clientId === id && c.clientSecret === secret);
	}

	private checkAuthorizeRequest(q: Record<string, string | undefined>): string | undefined {
		if (q.response_type !== 'code') return 'response_type must be "code"';
		if (!q.client_id || !this.options.clients.some((c) => c.clientId === q.client_id)) return `Unknown client_id "${q.client_id ?? ''}"`;
		if (!q.redirect_uri) return 'redirect_uri is required';
		try {
			const u = new URL(q.redirect_uri);
			if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'redirect_uri must be an http(s) URL';
		} catch {
			return 'redirect_uri is not a URL';
		}
		if (this.options.requireScope && !q.scope) return 'scope is required';
		return undefined;
	}
}

function page(title: string, body: string): string {
	return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)} sandbox — authorize</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}</style></head><body>${body}</body></html>`;
}

export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
