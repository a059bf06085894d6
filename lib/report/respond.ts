/**
 * What a webhook answers: status, headers and body for the dashboard, the portal (the token is
 * verified here, before any row is read into the page) and their CSV exports.
 */
import { randomBytes } from 'node:crypto';
import { buildDashboard, parseFilters, type DashboardOptions, type ReportInput } from './dashboard';
import { signPortalToken, verifyPortalToken, MAX_TOKEN_LENGTH, type PortalClaims, type VerifyResult } from './jwt';
import { newNonce, pagePolicy, renderCsv, renderErrorHtml, renderHtml, type Page } from './page';
import { buildPortal, type PortalOptions } from './portal';
import { text } from './rows';

export interface WebResponse {
	statusCode: number;
	headers: Record<string, string>;
	body: string;
	/** The policy the page carries in its meta element (n8n drops a CSP header a workflow sets). */
	contentSecurityPolicy?: string;
}

const BASE_HEADERS: Record<string, string> = {
	'Cache-Control': 'no-store',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
};

function html(statusCode: number, body: string, nonce: string): WebResponse {
	return { statusCode, headers: { ...BASE_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }, body, contentSecurityPolicy: pagePolicy(nonce) };
}

export function errorResponse(statusCode: number, title: string, message: string): WebResponse {
	const nonce = newNonce();
	return html(statusCode, renderErrorHtml(title, message, nonce), nonce);
}

const query1 = (q: unknown, k: string): string => {
	const v = q && typeof q === 'object' ? (q as Record<string, unknown>)[k] : undefined;
	const s = text(Array.isArray(v) ? v[0] : v);
	return s.length > 100 ? '' : s;
};

/** The page as HTML, or one of its tables as CSV when the query says format=csv&table=<id>. */
export function pageResponse(page: Page, query: unknown): WebResponse {
	if (query1(query, 'format') === 'csv') {
		const id = query1(query, 'table');
		const table = page.tables.find((t) => t.id === id);
		if (!table) return errorResponse(404, 'No such table', `There is no table "${id.replace(/[^A-Za-z0-9_-]/g, '')}" on this page.`);
		return {
			statusCode: 200,
			headers: { ...BASE_HEADERS, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${table.id}.csv"` },
			body: renderCsv(table),
		};
	}
	const nonce = newNonce();
	return html(200, renderHtml(page, nonce), nonce);
}

export function dashboardResponse(input: ReportInput, query: unknown, o: DashboardOptions = {}): WebResponse {
	const notices: string[] = [];
	const filters = parseFilters(query, notices);
	const d = buildDashboard(input, filters, o);
	d.page.notices.unshift(...notices);
	return pageResponse(d.page, query);
}

/** The token of a request: `?token=` or `Authorization: Bearer …` (never anything else). */
export function tokenOf(query: unknown, headers: unknown): string | undefined {
	const q = query && typeof query === 'object' ? (query as Record<string, unknown>).token : undefined;
	const fromQuery = Array.isArray(q) ? q[0] : q;
	if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery.slice(0, MAX_TOKEN_LENGTH + 1);
	const h = headers && typeof headers === 'object' ? (headers as Record<string, unknown>).authorization : undefined;
	if (typeof h === 'string') {
		const m = /^Bearer\s+(\S+)$/i.exec(h.slice(0, MAX_TOKEN_LENGTH + 20));
		if (m) return m[1];
	}
	return undefined;
}

export interface PortalRequest {
	token: string | undefined;
	key: string;
	query?: unknown;
	now?: Date;
}

/** Verifies the token; on success the page of the token's client (the query's client, if any, is ignored). */
export function portalResponse(input: ReportInput, req: PortalRequest, o: PortalOptions = {}): WebResponse & { verification: VerifyResult } {
	const v = verifyPortalToken(req.token, req.key, { now: req.now ?? o.now });
	if (!v.ok) return { ...errorResponse(v.status, v.status === 401 ? 'Sign-in link needed' : 'Link not valid', v.message), verification: v };
	const portal = buildPortal(input, v.claims.sub, { ...o, contact: v.claims.contact, linkQuery: `token=${encodeURIComponent(req.token ?? '')}` });
	return { ...pageResponse(portal.page, req.query), verification: v };
}

export interface IssuedLink {
	url: string;
	token: string;
	clientId: string;
	contact: string;
	expiresAt: string;
}

/** A signed portal link for one client contact. */
export function issuePortalLink(key: string, o: { baseUrl: string; clientId: string; contact?: string; ttlDays: number; now?: Date }): IssuedLink {
	if (!URL.canParse(o.baseUrl)) throw new RangeError(`Portal URL "${o.baseUrl.slice(0, 100)}" is not a URL`);
	const base = new URL(o.baseUrl);
	if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new RangeError('Portal URL must be http(s)');
	if (!(o.ttlDays > 0)) throw new RangeError('Link lifetime must be more than 0 days');
	const token = signPortalToken(key, { clientId: o.clientId, contact: o.contact, ttlSeconds: Math.round(o.ttlDays * 86400), now: o.now, jti: randomBytes(9).toString('base64url') });
	base.searchParams.set('token', token);
	const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as PortalClaims;
	return { url: base.toString(), token, clientId: o.clientId, contact: o.contact ?? '', expiresAt: new Date(claims.exp * 1000).toISOString() };
}
