/**
 * Signed portal links: compact JWS (RFC 7515) with HS256 only (RFC 7518 §3.2), claims per RFC 7519.
 * Written with node:crypto and nothing else. Verification refuses, each with its own reason:
 * a missing or oversized token, anything but three base64url parts, a header whose `alg` is not
 * exactly "HS256" ("none", "HS512", "RS256" … are refused before any signature work), a `crit`
 * header, a signature that does not match (compared in constant time), a missing or past `exp`,
 * a future `nbf`, another audience, a missing or malformed client id (`sub`).
 * The client id used by a portal comes ONLY from a token this module verified.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The audience every portal token carries: a token minted for something else never opens a portal. */
export const PORTAL_AUDIENCE = 'legal-billing-portal';
/** Longest token accepted (characters). A portal token is ~300. */
export const MAX_TOKEN_LENGTH = 4096;
/** Shortest signing key accepted (bytes of UTF-8): HS256 wants at least 256 bits. */
export const MIN_KEY_LENGTH = 32;
/** Longest client id or contact accepted in a token. */
const MAX_CLAIM_LENGTH = 200;
/** Longest lifetime a link may be issued for (days). */
export const MAX_LINK_DAYS = 366;

export interface PortalClaims {
	/** The client id (LEDES client id as the ledger records it). */
	sub: string;
	aud: string;
	/** Issued at, expires at, not before: seconds since the epoch (UTC). */
	iat: number;
	exp: number;
	nbf?: number;
	/** Who the link was issued to (an e-mail or a name); shown on the page, never used to pick data. */
	contact?: string;
	/** A random id of this link. */
	jti?: string;
}

export type TokenFailure =
	| 'missing'
	| 'too-long'
	| 'malformed'
	| 'unsupported-alg'
	| 'bad-signature'
	| 'expired'
	| 'not-yet-valid'
	| 'wrong-audience'
	| 'bad-claims';

export type VerifyResult = { ok: true; claims: PortalClaims } | { ok: false; reason: TokenFailure; status: 401 | 403; message: string };

const MESSAGES: Record<TokenFailure, string> = {
	missing: 'No access token: open the portal from the link you were sent.',
	'too-long': 'The access token is too long.',
	malformed: 'The access token is not a valid signed token.',
	'unsupported-alg': 'The access token is not signed with HS256.',
	'bad-signature': 'The access token signature does not match.',
	expired: 'The link has expired: ask the firm for a new one.',
	'not-yet-valid': 'The link is not valid yet.',
	'wrong-audience': 'The access token is not a portal token.',
	'bad-claims': 'The access token carries no valid client.',
};

/** 401 when no valid credential was presented; 403 when a genuine token is no longer (or not yet) allowed in. */
const STATUS: Record<TokenFailure, 401 | 403> = {
	missing: 401,
	'too-long': 401,
	malformed: 401,
	'unsupported-alg': 401,
	'bad-signature': 401,
	expired: 403,
	'not-yet-valid': 403,
	'wrong-audience': 403,
	'bad-claims': 403,
};

const fail = (reason: TokenFailure): VerifyResult => ({ ok: false, reason, status: STATUS[reason], message: MESSAGES[reason] });

const b64url = (buf: Buffer): string => buf.toString('base64url');

/** Strict base64url (no padding, no other characters); undefined otherwise. */
function fromB64url(part: string): Buffer | undefined {
	if (part.length === 0 || !/^[A-Za-z0-9_-]+$/.test(part) || part.length % 4 === 1) return undefined;
	const buf = Buffer.from(part, 'base64url');
	// re-encoding must give the same text (no non-canonical trailing bits)
	return b64url(buf) === part ? buf : undefined;
}

function jsonObject(buf: Buffer): Record<string, unknown> | undefined {
	try {
		const v = JSON.parse(buf.toString('utf8')) as unknown;
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** Checks the key: a string of at least MIN_KEY_LENGTH bytes. Throws a RangeError saying why. */
export function checkSigningKey(key: unknown): Buffer {
	if (typeof key !== 'string' || Buffer.byteLength(key, 'utf8') < MIN_KEY_LENGTH)
		throw new RangeError(`The portal signing key must be at least ${MIN_KEY_LENGTH} characters (HS256 needs 256 bits)`);
	return Buffer.from(key, 'utf8');
}

const hmac = (key: Buffer, input: string): Buffer => createHmac('sha256', key).update(input, 'ascii').digest();

const validClaimText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= MAX_CLAIM_LENGTH && !/[\u0000-\u001f]/.test(v);

export interface SignOptions {
	clientId: string;
	contact?: string;
	/** Issue time (default: now). */
	now?: Date;
	/** Lifetime in seconds (at most MAX_LINK_DAYS days). */
	ttlSeconds: number;
	jti?: string;
}

/** Signs a portal token (HS256). */
export function signPortalToken(key: string, o: SignOptions): string {
	const k = checkSigningKey(key);
	if (!validClaimText(o.clientId)) throw new RangeError(`Client id must be 1–${MAX_CLAIM_LENGTH} printable characters`);
	if (o.contact !== undefined && o.contact !== '' && !validClaimText(o.contact)) throw new RangeError(`Contact must be at most ${MAX_CLAIM_LENGTH} printable characters`);
	if (!Number.isInteger(o.ttlSeconds) || o.ttlSeconds < 1 || o.ttlSeconds > MAX_LINK_DAYS * 86400)
		throw new RangeError(`Link lifetime must be 1 second to ${MAX_LINK_DAYS} days`);
	const iat = Math.floor((o.now ?? new Date()).getTime() / 1000);
	const claims: PortalClaims = { sub: o.clientId, aud: PORTAL_AUDIENCE, iat, exp: iat + o.ttlSeconds };
	if (o.contact) claims.contact = o.contact;
	if (o.jti) claims.jti = o.jti;
	const head = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
	const body = b64url(Buffer.from(JSON.stringify(claims)));
	return `${head}.${body}.${b64url(hmac(k, `${head}.${body}`))}`;
}

export interface VerifyOptions {
	/** The verifier's clock (default: now). */
	now?: Date;
	/** Tolerated clock skew for exp/nbf, seconds (default 0). */
	leewaySeconds?: number;
}

/** Verifies a portal token; never throws for a bad token (a bad key throws). */
export function verifyPortalToken(token: unknown, key: string, o: VerifyOptions = {}): VerifyResult {
	const k = checkSigningKey(key);
	if (token === undefined || token === null || token === '') return fail('missing');
	if (typeof token !== 'string') return fail('malformed');
	if (token.length > MAX_TOKEN_LENGTH) return fail('too-long');
	const parts = token.split('.');
	if (parts.length !== 3) return fail('malformed');
	const [h, p, s] = parts;
	const headBuf = fromB64url(h);
	const header = headBuf && jsonObject(headBuf);
	if (!header) return fail('malformed');
	// The algorithm is fixed by the verifier, never taken from the token: "none", HS384/512, RS/ES/PS… are refused.
	if (header.alg !== 'HS256') return fail('unsupported-alg');
	if (header.crit !== undefined) return fail('unsupported-alg');
	if (header.typ !== undefined && header.typ !== 'JWT') return fail('malformed');
	const sig = s === '' ? undefined : fromB64url(s);
	if (!sig) return fail('bad-signature');
	const expected = hmac(k, `${h}.${p}`);
	// constant time: equal lengths compared with timingSafeEqual (a length mismatch reveals only the length)
	if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return fail('bad-signature');
	const bodyBuf = fromB64url(p);
	const claims = bodyBuf && jsonObject(bodyBuf);
	if (!claims) return fail('malformed');
	const nowS = Math.floor((o.now ?? new Date()).getTime() / 1000);
	const leeway = o.leewaySeconds ?? 0;
	if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return fail('bad-claims');
	if (nowS >= claims.exp + leeway) return fail('expired');
	if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || nowS + leeway < claims.nbf)) return fail('not-yet-valid');
	if (claims.aud !== PORTAL_AUDIENCE) return fail('wrong-audience');
	if (!validClaimText(claims.sub)) return fail('bad-claims');
	if (claims.contact !== undefined && !validClaimText(claims.contact)) return fail('bad-claims');
	return {
		ok: true,
		claims: {
			sub: claims.sub,
			aud: PORTAL_AUDIENCE,
			iat: typeof claims.iat === 'number' ? claims.iat : 0,
			exp: claims.exp,
			...(typeof claims.nbf === 'number' ? { nbf: claims.nbf } : {}),
			...(typeof claims.contact === 'string' ? { contact: claims.contact } : {}),
			...(typeof claims.jti === 'string' ? { jti: claims.jti.slice(0, MAX_CLAIM_LENGTH) } : {}),
		},
	};
}
