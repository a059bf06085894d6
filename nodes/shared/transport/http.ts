/**
 * The one HTTP path every vendor transport uses: n8n's authenticated request helper (so OAuth2
 * token refresh is n8n's), plus what a long sync needs against a rate-limited API:
 *  - pacing per token on X-RateLimit-Limit/-Remaining/-Reset, one waiter at a time, so the common
 *    case never meets a 429 even with many executions and several processes on one token (pacing.ts);
 *  - on 429, wait Retry-After (seconds or an HTTP date) plus jitter, then one request at a time:
 *    never a retry storm;
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
import { holdOff, jitter, recordAnswer, takeSlot } from './pacing';
import {
	checkJsonBody,
	defaultErrorMessage,
	describeHttpError,
	lowerHeaders,
	paceDelay,
	parseJsonBody,
	parseRetryAfter,
	type ErrorShape,
} from './answers';

export { checkJsonBody, collectPages, describeHttpError, paceDelay, parseJsonBody, parseRetryAfter, type ErrorShape } from './answers';

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

export async function vendorRequest<T = unknown>(this: RequestContext, opts: VendorRequestOptions): Promise<VendorResponse<T>> {
	const retry = opts.retry ?? {};
	const maxRetries = retry.maxRetries ?? 5;
	const base = retry.baseDelayMs ?? 500;
	const cap = retry.maxDelayMs ?? 60_000;
	const retryOn = retry.retryOn ?? DEFAULT_RETRY_ON;
	const pace = opts.paceOnRateLimitHeaders !== false;
	const node = this.getNode();
	// Pacing state is per vendor and credential (rate limits are per access token), shared by every
	// node and execution in the process: pacing.ts is bundled into this module, which the build ships
	// once (dist/nodes/shared/transport/http.js) and every node bundle require()s.
	const slotKey = `${opts.vendor}:${opts.credentialType}:${node.credentials?.[opts.credentialType]?.id ?? node.name}`;

	const call = async (ignoreHttpStatusErrors: boolean) =>
		(await this.helpers.httpRequestWithAuthentication.call(this, opts.credentialType, {
			json: true,
			...opts.request,
			returnFullResponse: true,
			ignoreHttpStatusErrors,
		})) as IN8nHttpFullResponse;

	for (let attempt = 0; ; attempt++) {
		const slot = await takeSlot(slotKey, pace);
		let info: ErrorShape;
		let thrown: unknown;
		try {
			// Status errors come back as responses so their headers (Retry-After, X-RateLimit-*) are readable.
			let response = await call(true);
			// 401: ask again in throwing mode, which is what makes n8n refresh an expired OAuth2 token.
			if (response.statusCode === 401) response = await call(false);
			const headers = lowerHeaders(response.headers);
			recordAnswer(slotKey, slot, response.statusCode, headers, pace);
			slot.done();
			if (response.statusCode < 400) return { body: response.body as T, headers, statusCode: response.statusCode };
			info = { status: response.statusCode, headers, body: response.body };
		} catch (error) {
			thrown = error;
			info = describeHttpError(error);
			if (info.status !== undefined) recordAnswer(slotKey, slot, info.status, info.headers, pace);
			slot.done();
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
			if (retryAfter !== undefined) delay = Math.min(cap, retryAfter);
			else if (info.status === 429) delay = Math.max(paceDelay({ ...info.headers, 'x-ratelimit-remaining': '0' }, Date.now()), Math.min(cap, base * 2 ** attempt));
			else delay = Math.floor(Math.random() * Math.min(cap, base * 2 ** attempt)) + Math.floor(base / 2);
			// jitter after a 429 or a 503's Retry-After, so processes sharing the token do not retry in lockstep
			if (info.status === 429 || retryAfter !== undefined) delay += jitter(delay);
			// every request made with the same credential in this process waits too; after a 429 the
			// first one after the wait goes alone until it is answered
			holdOff(slotKey, delay, info.status === 429);
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
