/**
 * The only place that speaks HTTP to Clio. Built on the pack's shared vendorRequest (n8n's
 * authenticated helper, so OAuth2 refresh is n8n's; X-RateLimit pacing; Retry-After in seconds or
 * as an HTTP date; capped jittered backoff on 5xx/network errors; NodeApiError with Clio's message
 * and the failing request). Adds what is Clio's own: the region's base URL, a pinned X-API-VERSION
 * and cursor paging (meta.paging.next), which is not capped at 10,000 records like offset paging.
 */
import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
} from 'n8n-workflow';
import { collectPages, vendorJsonRequest, type RequestContext, type VendorResponse } from '../../shared/transport/http';

export const CLIO_CREDENTIAL_TYPE = 'clioOAuth2Api';
/** Clio's default minor version when this pack was built; quantity is in seconds since 4.0.4. */
export const CLIO_DEFAULT_API_VERSION = '4.0.9';
/** Clio's hard maximum page size. */
export const CLIO_MAX_PAGE_SIZE = 200;

export const CLIO_REGION_HOSTS: Record<string, string> = {
	us: 'https://app.clio.com',
	eu: 'https://eu.app.clio.com',
	ca: 'https://ca.app.clio.com',
	au: 'https://au.app.clio.com',
};

/** The region's host root (https://app.clio.com) or the custom base URL, without a trailing slash. */
export function clioHostUrl(credentials: ICredentialDataDecryptedObject): string {
	const region = (credentials.region as string | undefined) ?? 'us';
	if (region === 'custom') {
		const custom = String(credentials.customBaseUrl ?? '').trim().replace(/\/+$/, '');
		if (!/^https?:\/\//.test(custom)) throw new Error('Clio credential: "Custom Base URL" must start with http:// or https://');
		return custom;
	}
	const host = CLIO_REGION_HOSTS[region];
	if (!host) throw new Error(`Clio credential: unknown region "${region}"`);
	return host;
}

export function clioApiBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return `${clioHostUrl(credentials)}/api/v4`;
}

interface ClioConnection {
	baseUrl: string;
	apiVersion: string;
}

async function connection(this: RequestContext, itemIndex?: number): Promise<ClioConnection> {
	const credentials = await this.getCredentials(CLIO_CREDENTIAL_TYPE);
	try {
		const apiVersion = String(credentials.apiVersion || CLIO_DEFAULT_API_VERSION).trim();
		return { baseUrl: clioApiBaseUrl(credentials), apiVersion };
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
}

/** Clio's error bodies: {"error":{"type","message"}}, OAuth {"error","error_description"}, or {"errors":[…]}. */
function clioErrorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return typeof body === 'string' && body ? body.slice(0, 500) : undefined;
	const b = body as IDataObject;
	const err = b.error;
	if (err && typeof err === 'object') {
		const e = err as IDataObject;
		const type = typeof e.type === 'string' ? `${e.type}: ` : '';
		if (typeof e.message === 'string') return `${type}${e.message}`;
	}
	if (typeof err === 'string') return typeof b.error_description === 'string' ? `${err}: ${b.error_description}` : err;
	if (typeof b.message === 'string') return b.message;
	return undefined;
}

export interface ClioRequestOptions {
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** absolute URL (a `meta.paging.next` link) instead of base URL + endpoint */
	url?: string;
	headers?: IDataObject;
}

/** One Clio request; resolves with the parsed body (and headers, through `clioApiRequestFull`). */
export async function clioApiRequestFull<T = IDataObject>(
	this: RequestContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ClioRequestOptions = {},
): Promise<VendorResponse<T>> {
	const { baseUrl, apiVersion } = await connection.call(this, options.itemIndex);
	let url = options.url ?? `${baseUrl}${endpoint}`;
	if (options.url && !options.url.startsWith(`${baseUrl}/`)) {
		// never send the token to a host the credential does not name
		throw new NodeOperationError(this.getNode(), `Clio returned a paging link outside ${baseUrl}: ${options.url}`, {
			itemIndex: options.itemIndex,
		});
	}
	if (!options.url) url = url.replace(/([^:])\/\/+/g, '$1/');
	const request: IHttpRequestOptions = {
		method,
		url,
		headers: { Accept: 'application/json', 'X-API-VERSION': apiVersion, ...(options.headers ?? {}) },
		json: true,
		// Clio's array filters are named with brackets ("ids[]") and repeated: ids[]=1&ids[]=2
		arrayFormat: 'repeat',
	};
	if (options.qs && Object.keys(options.qs).length) request.qs = dropEmpty(options.qs);
	if (options.body !== undefined) request.body = options.body;
	// The shared response check: a cut or garbled page is asked again, then an error (never "0 records").
	return (await vendorJsonRequest.call(this, {
		vendor: 'Clio',
		credentialType: CLIO_CREDENTIAL_TYPE,
		request,
		itemIndex: options.itemIndex,
		errorMessage: clioErrorMessage,
		// A POST that failed with a 5xx may still have been carried out (Clio has no idempotency keys):
		// repeating it could bill an entry twice. Only a 429 — refused before any work — is retried, and
		// a lost answer is reported as outcome "unknown".
		creates: method === 'POST',
	})) as VendorResponse<T>;
}

export async function clioApiRequest<T = IDataObject>(
	this: RequestContext,
	method: IHttpRequestMethods,
	endpoint: string,
	options: ClioRequestOptions = {},
): Promise<T> {
	const response = await clioApiRequestFull.call(this, method, endpoint, options);
	return response.body as T;
}

function dropEmpty(qs: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(qs)) if (v !== undefined && v !== null && v !== '') out[k] = v;
	return out;
}

export interface ClioPagingOptions {
	/** stop after this many records (undefined: all) */
	limit?: number;
	/** records per request, 1–200 (default 200) */
	pageSize?: number;
	itemIndex?: number;
	/** send order=id(asc) (default); off for endpoints whose documentation has no `order` (activity descriptions) */
	sendOrder?: boolean;
	/** called with each page's records as they arrive (streaming consumers) */
	onPage?: (records: IDataObject[]) => void;
}

/**
 * All records of a list endpoint through CURSOR paging: `order=id(asc)` and no offset, then
 * `meta.paging.next` links until there is none. Offset paging stops at 10,000 records; this does not.
 */
export async function clioApiRequestAllItems(
	this: RequestContext,
	endpoint: string,
	qs: IDataObject = {},
	options: ClioPagingOptions = {},
): Promise<IDataObject[]> {
	const pageSize = Math.max(1, Math.min(CLIO_MAX_PAGE_SIZE, Math.floor(options.pageSize ?? CLIO_MAX_PAGE_SIZE)));
	const first: IDataObject = { ...qs, limit: options.limit !== undefined ? Math.min(pageSize, Math.max(1, options.limit)) : pageSize };
	if (options.sendOrder !== false) first.order = 'id(asc)';
	else delete first.order;
	delete first.offset;
	delete first.page_token;
	let requested: string | undefined;
	let page = 0;
	return await collectPages<IDataObject, string>(async (next) => {
		if (next !== undefined && next === requested) {
			throw new NodeOperationError(this.getNode(), `Clio paging did not advance (page ${page} of ${endpoint})`, { itemIndex: options.itemIndex });
		}
		requested = next;
		const body = (await clioApiRequest.call(this, 'GET', endpoint, next ? { url: next, itemIndex: options.itemIndex } : { qs: first, itemIndex: options.itemIndex })) as IDataObject;
		const records = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		options.onPage?.(records);
		page++;
		const paging = (body.meta as IDataObject | undefined)?.paging as IDataObject | undefined;
		const link = typeof paging?.next === 'string' && paging.next ? paging.next : undefined;
		return { records, next: records.length ? link : undefined };
	}, options.limit);
}
