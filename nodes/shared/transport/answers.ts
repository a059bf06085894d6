/**
 * Reading vendors' answers, pure (no state, no request): Retry-After and rate-limit headers, the
 * shape of an HTTP error, error messages, JSON bodies that may arrive cut or garbled; and the one
 * paging loop. The request path that uses them (and its process-wide pacing state) is http.ts,
 * which re-exports all of this.
 */
import type { IDataObject } from 'n8n-workflow';

export const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET']);

/** Retry-After as milliseconds to wait: delta-seconds ("30") or an HTTP date. Undefined when absent/unparseable. */
export function parseRetryAfter(value: string | undefined | null, nowMs: number, serverDate?: string | null): number | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const at = Date.parse(text);
	if (Number.isNaN(at)) return undefined;
	// An HTTP date is the vendor's clock: measured against the response's own Date header when it has
	// one (RFC 9110 §10.2.3), so a vendor clock that is off from ours neither parks nor rushes a retry.
	const server = serverDate ? Date.parse(serverDate) : NaN;
	return Math.max(0, at - (Number.isFinite(server) ? server : nowMs));
}

/**
 * How long to wait before the next request given rate-limit headers. Spreads the remaining
 * requests over the rest of the window once fewer than `threshold` remain.
 */
export function paceDelay(headers: Record<string, string>, nowMs: number, threshold = 5, windowMs = 60_000): number {
	const remaining = Number(headers['x-ratelimit-remaining']);
	const reset = Number(headers['x-ratelimit-reset']);
	if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return 0;
	if (remaining >= threshold) return 0;
	// reset: unix seconds (Clio) — or seconds until reset when small
	// capped at one window: a vendor clock running ahead of ours must not park a sync for days
	// an epoch reset is the vendor's clock: compared with the response's Date header when there is one
	const server = headers.date ? Date.parse(headers.date) : NaN;
	const ref = Number.isFinite(server) ? server : nowMs;
	const resetMs = Math.min(windowMs, reset > 1e9 ? reset * 1000 - ref : reset * 1000);
	if (resetMs <= 0) return 0;
	if (remaining <= 0) return resetMs + 50;
	return Math.ceil(resetMs / (remaining + 1));
}

/** The rate-limit window an answer announces: X-RateLimit-Limit (when sent), -Remaining and -Reset. */
export interface RateWindow {
	limit?: number;
	remaining: number;
	/** time until the window resets, in ms (capped, see rateWindow) */
	resetInMs: number;
	/** Reset was a unix time (the vendor's clock), not seconds until the reset */
	epoch: boolean;
}

/**
 * Reads X-RateLimit-Limit/-Remaining/-Reset; undefined without Remaining and Reset. Clio sends all
 * three on every answer, Reset as unix time (docs.developers.clio.com/api-docs/rate-limits, cited in
 * /work/shared/reference/vendor-apis.md "Rate limits [DOC]"; the sandbox sends the same,
 * sandbox/vendors/clio/api.ts); a small Reset is read as seconds until the reset. `serverNowMs` is
 * the vendor's clock now (an epoch Reset is its clock). Capped at `capMs`: a vendor clock far
 * ahead of ours must not park a sync for days.
 */
export function rateWindow(headers: Record<string, string>, serverNowMs: number, capMs = 60_000): RateWindow | undefined {
	const remaining = Number(headers['x-ratelimit-remaining']);
	const reset = Number(headers['x-ratelimit-reset']);
	if (!Number.isFinite(remaining) || !Number.isFinite(reset)) return undefined;
	const limit = Number(headers['x-ratelimit-limit']);
	const resetInMs = Math.max(0, Math.min(capMs, reset > 1e9 ? reset * 1000 - serverNowMs : reset * 1000));
	return { limit: Number.isFinite(limit) && limit > 0 ? limit : undefined, remaining: Math.max(0, remaining), resetInMs, epoch: reset > 1e9 };
}

export function lowerHeaders(h: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!h || typeof h !== 'object') return out;
	for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
		if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

export interface ErrorShape {
	status?: number;
	headers: Record<string, string>;
	body?: unknown;
	code?: string;
	/** the failure came from the OAuth2 token endpoint (n8n's client-oauth2: AuthError/ResponseError) */
	tokenEndpoint?: boolean;
}

/** Finds status, headers and body on the error n8n's helper threw (a NodeApiError wrapping an axios error). */
export function describeHttpError(error: unknown): ErrorShape {
	const seen = new Set<unknown>();
	let e = error as Record<string, any> | undefined;
	const shape: ErrorShape = { headers: {} };
	while (e && typeof e === 'object' && !seen.has(e)) {
		seen.add(e);
		const resp = e.response as Record<string, any> | undefined;
		if (resp && shape.status === undefined) {
			shape.status = Number(resp.status ?? resp.statusCode) || undefined;
			shape.headers = lowerHeaders(resp.headers);
			shape.body = resp.data ?? resp.body;
		}
		if (shape.code === undefined && typeof e.code === 'string' && NETWORK_CODES.has(e.code)) shape.code = e.code;
		if (typeof e.httpCode === 'string') {
			if (shape.status === undefined && /^\d{3}$/.test(e.httpCode)) shape.status = Number(e.httpCode);
			else if (shape.code === undefined && NETWORK_CODES.has(e.httpCode)) shape.code = e.httpCode;
		}
		if (shape.body === undefined && e.context && typeof e.context === 'object' && 'data' in e.context) shape.body = e.context.data;
		// n8n's OAuth2 client: the token endpoint's answer is on `body` (AuthError "EAUTH", or ResponseError
		// "ESTATUS" with the status). Without this, a vendor error object there became "[object Object]".
		if ((e.code === 'EAUTH' || e.code === 'ESTATUS') && 'body' in e && shape.body === undefined) {
			shape.tokenEndpoint = true;
			const parsed = parseJsonBody(e.body);
			shape.body = parsed.ok ? parsed.value : e.body;
			if (shape.status === undefined && typeof e.status === 'number') shape.status = e.status;
		}
		if (shape.code === undefined && typeof e.message === 'string') {
			const m = /\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ECONNABORTED)\b|socket hang up/.exec(e.message);
			if (m) shape.code = m[1] ?? 'ECONNRESET';
		}
		e = (e.cause ?? e.error) as Record<string, any> | undefined;
	}
	return shape;
}

export function defaultErrorMessage(body: unknown): string | undefined {
	if (!body) return undefined;
	if (typeof body === 'string') return body.slice(0, 500);
	const b = body as IDataObject;
	const err = b.error as IDataObject | string | undefined;
	if (typeof err === 'string') return (b.error_description as string) ?? err;
	if (err && typeof err === 'object' && typeof err.message === 'string') return err.message;
	if (typeof b.message === 'string') return b.message;
	if (Array.isArray(b.errors) && b.errors.length) {
		const first = b.errors[0] as IDataObject | string;
		return typeof first === 'string' ? first : ((first.detail ?? first.message ?? first.title) as string);
	}
	return undefined;
}

/**
 * A response body checked to be what the caller asked for: parsed JSON (objects and arrays arrive
 * parsed, as text or as a Buffer), empty, or plain text that neither looks like JSON nor is labelled
 * JSON. A body that starts like JSON or is labelled JSON but does not parse was cut or garbled.
 */
export function checkJsonBody(body: unknown, contentType?: string): { ok: true; value: unknown } | { ok: false; error: string; text: string } {
	const parsed = parseJsonBody(body);
	if (!parsed.ok || typeof parsed.value !== 'string') return parsed;
	const text = parsed.value;
	if (text.trim() !== '' && contentType && /json/i.test(contentType)) {
		try {
			return { ok: true, value: JSON.parse(text) };
		} catch (e) {
			return { ok: false, error: (e as Error).message, text };
		}
	}
	return parsed;
}

/** JSON bodies may arrive parsed, as text or as a Buffer; other text is returned as it is. */
export function parseJsonBody(body: unknown): { ok: true; value: unknown } | { ok: false; error: string; text: string } {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : typeof body === 'string' ? body : undefined;
	if (text === undefined) return { ok: true, value: body };
	if (!/^\s*[[{]/.test(text)) return { ok: true, value: text };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (e) {
		return { ok: false, error: (e as Error).message, text };
	}
}

/**
 * The one paging loop of the vendor transports (Clio's cursor links, Actionstep's and Brightflag's
 * page numbers, Legal Tracker's OData $skip): `fetchPage(cursor, collected)` makes one JSON request
 * (through the vendor's vendorJsonRequest) and returns the page's records and the next cursor
 * (undefined when done; the first call gets undefined). Stops at `limit` records when one is given.
 */
export async function collectPages<T, C>(
	fetchPage: (cursor: C | undefined, collected: number) => Promise<{ records: T[]; next: C | undefined }>,
	limit?: number,
): Promise<T[]> {
	const out: T[] = [];
	let cursor: C | undefined;
	do {
		const page = await fetchPage(cursor, out.length);
		for (const r of page.records) {
			out.push(r);
			if (limit !== undefined && out.length >= limit) return out;
		}
		cursor = page.next;
	} while (cursor !== undefined);
	return out;
}
