/**
 * Brightflag transport: the only code of this node that speaks HTTP. Base URL from the credential
 * (region + environment, or a custom URL such as the sandbox), OAuth2 client credentials through
 * n8n's helper, retries/pacing through the shared vendorRequest, page-number paging.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { collectPages, vendorJsonRequest, type RequestContext } from '../../shared/transport/http';

export const CREDENTIAL_TYPE = 'brightflagOAuth2Api';
const HOSTS: Record<string, string> = { us: 'app', eu: 'enterprise', au: 'aus' };

export async function brightflagBaseUrl(this: RequestContext): Promise<string> {
	const c = await this.getCredentials(CREDENTIAL_TYPE);
	if (c.region === 'custom') return String(c.customBaseUrl ?? '').replace(/\/+$/, '');
	const host = HOSTS[String(c.region ?? 'us')] ?? 'app';
	return `https://${host}${c.environment === 'test' ? '-test' : ''}.brightflag.com`;
}

/** Brightflag error bodies: {message, errors, errorCategory, errorCode, status, metadata}. */
export function brightflagErrorMessage(body: unknown): string | undefined {
	if (!body) return undefined;
	if (typeof body === 'string') return body.slice(0, 500);
	const b = body as IDataObject;
	const parts: string[] = [];
	if (typeof b.message === 'string') parts.push(b.message);
	if (typeof b.errorCode === 'string') parts.push(`[${b.errorCode}]`);
	if (Array.isArray(b.errors) && b.errors.length) {
		parts.push(
			b.errors
				.map((e) => (typeof e === 'string' ? e : ((e as IDataObject).message ?? JSON.stringify(e))))
				.slice(0, 10)
				.join('; '),
		);
	}
	if (parts.length) return parts.join(' ');
	if (typeof b.error === 'string') return String(b.error_description ?? b.error);
	return undefined;
}

export interface BrightflagRequest {
	qs?: IDataObject;
	body?: IDataObject | Buffer | string;
	headers?: Record<string, string>;
	itemIndex?: number;
	/** absolute URL (for a configurable endpoint) instead of a path under the base URL */
	url?: string;
	json?: boolean;
	/** the request creates something: retried only on 429, never on 5xx or a dropped connection (no duplicate invoices) */
	creates?: boolean;
}

export async function brightflagApiRequest(
	this: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	opts: BrightflagRequest = {},
): Promise<IDataObject> {
	const base = await brightflagBaseUrl.call(this);
	const request: IHttpRequestOptions = {
		method,
		url: opts.url ?? `${base}${path}`,
		qs: opts.qs,
		headers: { Accept: 'application/json', ...(opts.headers ?? {}) },
		...(opts.body !== undefined ? { body: opts.body } : {}),
		...(opts.json === false ? { json: false } : {}),
	};
	// the shared response check: a cut or garbled read is asked again, then an error; a creating request
	// is retried only on 429 and a lost answer is reported as outcome "unknown"
	const res = await vendorJsonRequest.call(this, {
		vendor: 'Brightflag',
		credentialType: CREDENTIAL_TYPE,
		request,
		itemIndex: opts.itemIndex,
		errorMessage: brightflagErrorMessage,
		creates: opts.creates,
	});
	return res.body as IDataObject;
}

const LIST_KEYS = ['invoiceSummaries', 'invoices', 'content', 'data', 'items', 'results'];

/** The records of a list answer, whichever key the API used. */
export function listOf(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	if (body && typeof body === 'object') {
		for (const k of LIST_KEYS) {
			const v = (body as IDataObject)[k];
			if (Array.isArray(v)) return v as IDataObject[];
		}
	}
	return [];
}

/** Walks `paging.pageNumber` (1-based) pages of `paging.pageSize` until the last page or `limit`. */
export async function brightflagPaged(
	this: RequestContext,
	path: string,
	qs: IDataObject,
	opts: { limit?: number; pageSize?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const pageSize = Math.min(opts.pageSize ?? 100, opts.limit ?? Infinity, 100);
	return await collectPages<IDataObject, number>(async (page = 1) => {
		const body = await brightflagApiRequest.call(this, 'GET', path, {
			qs: { ...qs, 'paging.pageSize': pageSize, 'paging.pageNumber': page },
			itemIndex: opts.itemIndex,
		});
		const records = listOf(body);
		const paging = ((body as IDataObject)?.paging ?? {}) as IDataObject;
		const totalPages = Number(paging.totalPages);
		const last = records.length < pageSize || (Number.isFinite(totalPages) && page >= totalPages);
		return { records, next: last ? undefined : page + 1 };
	}, opts.limit);
}

/** Rejection reasons and per-line flags of an invoice detail, as plain lists. */
export function rejectionReasonsOf(detail: IDataObject): IDataObject[] {
	const reasons = Array.isArray(detail.rejectionReasons) ? (detail.rejectionReasons as IDataObject[]) : [];
	return reasons;
}
