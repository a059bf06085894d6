/**
 * The one HTTP path every vendor transport uses: n8n's authenticated request helper (so OAuth2
 * token refresh is n8n's), plus what a long sync needs against a rate-limited API:
 *  - pacing on X-RateLimit-Remaining / X-RateLimit-Reset, so the common case never meets a 429;
 *  - on 429, wait Retry-After (seconds or an HTTP date), never a retry storm;
 *  - 5xx and network errors retried with capped exponential backoff and full jitter;
 *  - then a NodeApiError that carries the vendor's message and the request that failed.
 */
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IN8nHttpFullResponse,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

export type RequestContext =
	| IExecuteFunctions
	| IPollFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

export interface RetryPolicy {
	/** retries after the first attempt (default 5) */
	maxRetries?: number;
	/** first backoff step in ms (default 500) */
	baseDelayMs?: number;
	/** cap of one wait in ms, also for Retry-After (default 60 000) */
	maxDelayMs?: number;
	/** status codes worth retrying (default 429, 500, 502, 503, 504) */
	retryOn?: number[];
	/**
	 * retry dropped connections and timeouts (default true). Turn off for non-idempotent writes:
	 * the request may have gone through before the connection dropped.
	 */
	retryNetworkErrors?: boolean;
}

export interface VendorRequestOptions {
	/** vendor name for messages, e.g. "Clio" */
	vendor: string;
	/** n8n credential type name, e.g. "clioOAuth2Api" */
	credentialType: string;
	request: IHttpRequestOptions;
	itemIndex?: number;
	retry?: RetryPolicy;
	/** slow down when X-RateLimit-Remaining runs low (default true) */
	paceOnRateLimitHeaders?: boolean;
	/** extract the vendor's error message from a response body */
	errorMessage?: (body: unknown) => string | undefined;
}

export interface VendorResponse<T = unknown> {
	body: T;
	headers: Record<string, string>;
	statusCode: number;
}

const DEFAULT_RETRY_ON = [429, 500, 502, 503, 504];
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET']);

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

function lowerHeaders(h: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!h || typeof h !== 'object') return out;
	for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
		if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
	}
	return out;
}

interface ErrorShape {
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

function defaultErrorMessage(body: unknown): string | undefined {
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
 * The token endpoint's error answer for a client-credentials credential (status and parsed body), or
 * undefined when the credential uses another grant, or the endpoint now answers without an error.
 */
async function tokenEndpointAnswer(this: RequestContext, credentialType: string): Promise<{ status: number; body: unknown } | undefined> {
	let c: IDataObject;
	try {
		c = (await this.getCredentials(credentialType)) as IDataObject;
	} catch {
		return undefined;
	}
	if (c.grantType !== 'clientCredentials' || typeof c.accessTokenUrl !== 'string' || !/^https?:\/\//.test(c.accessTokenUrl)) return undefined;
	const form = new URLSearchParams({ grant_type: 'client_credentials' });
	if (c.scope) form.set('scope', String(c.scope));
	try {
		const extra = typeof c.additionalBodyProperties === 'string' && c.additionalBodyProperties ? (JSON.parse(c.additionalBodyProperties) as IDataObject) : {};
		for (const [k, v] of Object.entries(extra)) form.set(k, String(v));
	} catch {
		// unreadable extra properties: n8n would have failed on them too
	}
	const headers: IDataObject = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
	if (c.authentication === 'header') headers.Authorization = `Basic ${Buffer.from(`${String(c.clientId ?? '')}:${String(c.clientSecret ?? '')}`).toString('base64')}`;
	else {
		form.set('client_id', String(c.clientId ?? ''));
		form.set('client_secret', String(c.clientSecret ?? ''));
	}
	return await askTokenEndpoint.call(this, c.accessTokenUrl, form.toString(), headers);
}

/** The diagnostic token request itself (n8n's authenticated helper cannot be used: it is the token request that failed). */
async function askTokenEndpoint(this: RequestContext, url: string, body: string, headers: IDataObject): Promise<{ status: number; body: unknown } | undefined> {
	try {
		const res = (await this.helpers.httpRequest({ method: 'POST', url, body, headers, returnFullResponse: true, ignoreHttpStatusErrors: true, json: false })) as IN8nHttpFullResponse;
		if (res.statusCode < 400) return undefined;
		const parsed = parseJsonBody(res.body);
		return { status: res.statusCode, body: parsed.ok ? parsed.value : parsed.text };
	} catch {
		return undefined;
	}
}

/**
 * Pacing state: the earliest time the next request may go out, per vendor and credential. Rate
 * limits are per access token, so this is shared by every node and execution in the process: the
 * build ships this module once (dist/nodes/shared/transport/http.js) and every node bundle
 * require()s it, so Node's module cache holds one map (test/package/shared-runtime.test.ts).
 */
const nextSlot = new Map<string, number>();

export async function vendorRequest<T = unknown>(this: RequestContext, opts: VendorRequestOptions): Promise<VendorResponse<T>> {
	const retry = opts.retry ?? {};
	const maxRetries = retry.maxRetries ?? 5;
	const base = retry.baseDelayMs ?? 500;
	const cap = retry.maxDelayMs ?? 60_000;
	const retryOn = retry.retryOn ?? DEFAULT_RETRY_ON;
	const pace = opts.paceOnRateLimitHeaders !== false;
	const node = this.getNode();
	const slotKey = `${opts.vendor}:${opts.credentialType}:${node.credentials?.[opts.credentialType]?.id ?? node.name}`;
	const slots = nextSlot;

	const call = async (ignoreHttpStatusErrors: boolean) =>
		(await this.helpers.httpRequestWithAuthentication.call(this, opts.credentialType, {
			json: true,
			...opts.request,
			returnFullResponse: true,
			ignoreHttpStatusErrors,
		})) as IN8nHttpFullResponse;

	for (let attempt = 0; ; attempt++) {
		const waitUntil = slots.get(slotKey) ?? 0;
		const now = Date.now();
		if (waitUntil > now) await sleep(waitUntil - now);
		let info: ErrorShape;
		let thrown: unknown;
		try {
			// Status errors come back as responses so their headers (Retry-After, X-RateLimit-*) are readable.
			let response = await call(true);
			// 401: ask again in throwing mode, which is what makes n8n refresh an expired OAuth2 token.
			if (response.statusCode === 401) response = await call(false);
			const headers = lowerHeaders(response.headers);
			if (pace) {
				const delay = paceDelay(headers, Date.now());
				slots.set(slotKey, delay > 0 ? Date.now() + delay : 0);
			}
			if (response.statusCode < 400) return { body: response.body as T, headers, statusCode: response.statusCode };
			info = { status: response.statusCode, headers, body: response.body };
		} catch (error) {
			thrown = error;
			info = describeHttpError(error);
			// No answer body and no network code: n8n's OAuth2 client failed to get a token, and n8n's
			// wrapper dropped the token endpoint's answer ("[object Object]", "HTTP status 400"). Ask the
			// token endpoint once more to read the vendor's own message.
			if (info.body === undefined && info.code === undefined) {
				const token = await tokenEndpointAnswer.call(this, opts.credentialType);
				if (token) info = { ...info, ...token, tokenEndpoint: true };
			}
		}
		const retriable =
			(info.status !== undefined && retryOn.includes(info.status)) ||
			(info.status === undefined && info.code !== undefined && retry.retryNetworkErrors !== false);
		if (retriable && attempt < maxRetries) {
			let delay: number;
			const retryAfter = info.status === 429 || info.status === 503 ? parseRetryAfter(info.headers['retry-after'], Date.now(), info.headers.date) : undefined;
			if (retryAfter !== undefined) delay = Math.min(cap, retryAfter) + Math.floor(Math.random() * 250);
			else if (info.status === 429) delay = Math.max(paceDelay({ ...info.headers, 'x-ratelimit-remaining': '0' }, Date.now()), Math.min(cap, base * 2 ** attempt));
			else delay = Math.floor(Math.random() * Math.min(cap, base * 2 ** attempt)) + Math.floor(base / 2);
			// every request this node makes with the same credential waits too
			slots.set(slotKey, Date.now() + delay);
			continue;
		}
		const vendorMessage =
			(opts.errorMessage ?? defaultErrorMessage)(info.body) ??
			defaultErrorMessage(info.body) ??
			(thrown as { description?: string })?.description ??
			(thrown as Error)?.message ??
			`HTTP ${info.status}`;
		const method = (opts.request.method ?? 'GET').toUpperCase();
		const where = `${method} ${opts.request.url}`;
		const statusText = info.tokenEndpoint ? `token request${info.status ? ` ${info.status}` : ''}` : info.status ? `${info.status}` : (info.code ?? 'network error');
		const message = `${opts.vendor} request failed (${statusText}): ${vendorMessage}`;
		const apiError = new NodeApiError(
			node,
			{ message: vendorMessage, status: info.status, body: info.body as JsonObject, code: info.code } as unknown as JsonObject,
			{
				message,
				description: `Request: ${where}${attempt > 0 ? ` (after ${attempt} retries)` : ''}`,
				httpCode: info.status ? String(info.status) : undefined,
				itemIndex: opts.itemIndex,
			},
		);
		// NodeApiError swaps a message naming a network code (ECONNRESET, …) for generic text: keep the vendor's name in it
		apiError.message = message;
		throw apiError;
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

// ---------------------------------------------------------------------------------------------
// The response check every vendor transport uses (Clio, Actionstep, Brightflag, Legal Tracker)
// ---------------------------------------------------------------------------------------------

/**
 * What a node reports for a creating request (invoice submission, Clio/Actionstep POST):
 * - `created`: the vendor answered with the record;
 * - `unknown`: the request went out but its answer was lost (dropped connection, cut or garbled
 *   body, 5xx): the record MAY have been created. Reconcile by asking the platform (by invoice
 *   number) before any resubmission;
 * - `failed`: the vendor refused it (4xx, or it was never sent): nothing was created.
 */
export type RequestOutcome = 'created' | 'unknown' | 'failed';

export interface CheckedRequestOptions extends VendorRequestOptions {
	/**
	 * The request creates something: retried only on 429 (refused before any work), never on 5xx or
	 * a dropped connection, and a lost answer is reported with `outcome: 'unknown'`, never as a plain failure.
	 */
	creates?: boolean;
	/** extra attempts of a read (GET/HEAD) whose body arrives cut or garbled (default 2) */
	garbledReadRetries?: number;
}

/** Network errors raised before the request left: nothing can have been created. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The outcome a creating request's error stands for (`context.outcome`, set by vendorJsonRequest). */
export function outcomeOf(error: unknown): RequestOutcome | undefined {
	const o = (error as { context?: { outcome?: unknown } } | undefined)?.context?.outcome;
	return o === 'unknown' || o === 'failed' || o === 'created' ? o : undefined;
}

/**
 * Runs a creating operation: its items carry `outcome: 'created'`; an error that carries no outcome
 * yet (refused, or failed before anything was sent) is marked `failed`.
 */
export async function withCreateOutcome<T extends { json: IDataObject }>(run: () => Promise<T[]>): Promise<T[]> {
	let items: T[];
	try {
		items = await run();
	} catch (error) {
		if (!outcomeOf(error)) markOutcome(error, 'failed');
		const nodeError = error as Error; // a NodeApiError/NodeOperationError from the transport or the operation
		throw nodeError;
	}
	return items.map((item) => ({ ...item, json: { ...item.json, outcome: 'created' } }));
}

/** withCreateOutcome for operations that return plain records (the Clio node). */
export async function recordsWithCreateOutcome(run: () => Promise<IDataObject[]>): Promise<IDataObject[]> {
	return (await withCreateOutcome(async () => (await run()).map((json) => ({ json })))).map((item) => item.json);
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

/**
 * vendorRequest plus the one response check of the pack, shared by the four vendor transports:
 * - a body that was cut or garbled is never read as "no records": a read (GET/HEAD) is asked again
 *   (`garbledReadRetries`), then it is an error naming the vendor, the request and the body;
 * - a creating request (`creates`) is retried only on 429; when its answer is lost after it went out
 *   (dropped connection, 5xx, cut/garbled body) the error says the record may have been created and
 *   carries `context.outcome = 'unknown'`; a refusal carries `context.outcome = 'failed'`.
 * The body returned is parsed JSON (or the text of a non-JSON answer, or '' when empty).
 */
export async function vendorJsonRequest<T = unknown>(this: RequestContext, opts: CheckedRequestOptions): Promise<VendorResponse<T>> {
	const method = (opts.request.method ?? 'GET').toUpperCase();
	const where = `${method} ${opts.request.url}`;
	const isRead = method === 'GET' || method === 'HEAD';
	const extra = isRead ? Math.max(0, opts.garbledReadRetries ?? 2) : 0;
	const { creates, garbledReadRetries: _ignored, ...base } = opts;
	const request: VendorRequestOptions = creates ? { ...base, retry: { ...(opts.retry ?? {}), retryOn: [429], retryNetworkErrors: false } } : base;
	const node = this.getNode();
	for (let attempt = 0; ; attempt++) {
		let res: VendorResponse<unknown>;
		try {
			res = await vendorRequest.call(this, request);
		} catch (error) {
			const apiError = error as Error; // already a NodeApiError from vendorRequest
			if (!creates) throw apiError;
			const info = describeHttpError(error);
			const lost = info.status === undefined ? !(info.code && NOT_SENT_CODES.has(info.code)) : info.status >= 500;
			if (!lost) {
				markOutcome(apiError, 'failed');
				throw apiError;
			}
			const said = String((error as Error).message ?? '').replace(/^.*? request failed \([^)]*\): /, '');
			// (no error code such as ECONNRESET in the message: NodeApiError would replace the whole message)
			const why = info.status !== undefined ? `${info.status}): ${said}` : 'connection lost): the connection closed before the answer arrived';
			throw unknownOutcome(node, opts, where, why, info.status === undefined ? `network error ${info.code ?? 'unknown'}` : '', info.status);
		}
		const checked = checkJsonBody(res.body, res.headers['content-type']);
		if (checked.ok) return { ...res, body: checked.value as T };
		if (creates) {
			throw unknownOutcome(node, opts, where, `${res.statusCode}): the answer arrived cut or garbled (${checked.error})`, `body starts: ${checked.text.slice(0, 120)}`, res.statusCode);
		}
		if (attempt < extra) {
			await sleep(Math.min(2000, 200 * 2 ** attempt));
			continue;
		}
		throw new NodeOperationError(node, `${opts.vendor} answered ${where} with a body that is not valid JSON`, {
			itemIndex: opts.itemIndex,
			description: `${checked.error}; body starts: ${checked.text.slice(0, 120)}${attempt > 0 ? ` (asked ${attempt + 1} times)` : ''}`,
		});
	}
}

/** Sets the outcome an error stands for (kept on `context.outcome`; the routers copy it into the item). */
export function markOutcome(error: unknown, outcome: RequestOutcome): void {
	const e = error as { context?: IDataObject };
	if (e && typeof e === 'object') e.context = { ...(e.context ?? {}), outcome };
}

function unknownOutcome(node: ReturnType<RequestContext['getNode']>, opts: CheckedRequestOptions, where: string, why: string, detail: string, status?: number): NodeApiError {
	// "why" continues "(<status or code>"
	const message = `${opts.vendor} request outcome unknown (${why} — it may have been created: query ${opts.vendor} (by invoice number) to reconcile before any resubmission`;
	const error = new NodeApiError(node, { message, status, outcome: 'unknown' } as unknown as JsonObject, {
		message,
		description: `Request: ${where}${detail ? `; ${detail}` : ''}. Not repeated: repeating a create could duplicate it.`,
		httpCode: status ? String(status) : undefined,
		itemIndex: opts.itemIndex,
	});
	markOutcome(error, 'unknown');
	return error;
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
