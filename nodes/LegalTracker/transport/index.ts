/**
 * Legal Tracker transport: the only code of this node that speaks HTTP. Billing API and eFiles API
 * base URLs from the credential's host (or a custom URL such as the sandbox), the Company-ID header
 * on every call, OAuth2 client credentials through n8n's helper, retries through vendorRequest,
 * OData $top/$skip paging.
 */
import type { IDataObject, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { collectPages, parseJsonBody, vendorJsonRequest, type RequestContext } from '../../shared/transport/http';

export const CREDENTIAL_TYPE = 'legalTrackerOAuth2Api';

export interface LegalTrackerEndpoints {
	billing: string;
	efiles: string;
	companyId: string;
}

export async function legalTrackerEndpoints(this: RequestContext, itemIndex?: number): Promise<LegalTrackerEndpoints> {
	const c = await this.getCredentials(CREDENTIAL_TYPE);
	const companyId = String(c.companyId ?? '').trim();
	if (!companyId) {
		throw new NodeOperationError(this.getNode(), 'The Legal Tracker credential has no Company ID', {
			itemIndex,
			description: 'Legal Tracker requires a Company-ID header on every request: set "Company ID" in the credential.',
		});
	}
	const base =
		c.host === 'custom'
			? String(c.customBaseUrl ?? '').replace(/\/+$/, '')
			: `https://api.thomsonreuters.${String(c.host ?? 'com')}/legal-tracker`;
	return { billing: `${base}/billing-api/v1`, efiles: `${base}/efiles-api/v1`, companyId };
}

/** Legal Tracker errors: {message, errors:[{code, message, line, field}]} or OData {error:{code, message}}. */
export function legalTrackerErrorMessage(body: unknown): string | undefined {
	if (!body) return undefined;
	if (typeof body === 'string') return body.slice(0, 500);
	const b = body as IDataObject;
	const err = b.error as IDataObject | string | undefined;
	const parts: string[] = [];
	if (typeof b.message === 'string') parts.push(b.message);
	else if (err && typeof err === 'object' && typeof err.message === 'string') parts.push(err.message);
	else if (typeof err === 'string') parts.push(String(b.error_description ?? err));
	const list = (Array.isArray(b.errors) ? b.errors : err && typeof err === 'object' && Array.isArray(err.details) ? err.details : []) as IDataObject[];
	if (list.length) {
		parts.push(
			list
				.slice(0, 10)
				.map((e) => [e.code ? `${String(e.code)}` : '', e.line ? `line ${String(e.line)}` : '', e.field ? `${String(e.field)}` : '', String(e.message ?? '')].filter(Boolean).join(' '))
				.join('; '),
		);
	}
	return parts.length ? parts.join(': ') : undefined;
}

export async function legalTrackerRequest(
	this: RequestContext,
	method: IHttpRequestMethods,
	api: 'billing' | 'efiles' | 'absolute',
	path: string,
	opts: { qs?: IDataObject; body?: IDataObject | Buffer; headers?: Record<string, string>; itemIndex?: number; json?: boolean; creates?: boolean } = {},
): Promise<IDataObject> {
	const ep = await legalTrackerEndpoints.call(this, opts.itemIndex);
	const url = api === 'absolute' ? path : `${ep[api]}${path}`;
	if (api === 'absolute' && !isApiHost(ep, url)) {
		// never send the bearer token or the Company-ID to a host the credential does not name
		throw new NodeOperationError(this.getNode(), `Legal Tracker: refusing to send credentials to ${originOf(url) ?? url}, which is not the configured API host`, {
			itemIndex: opts.itemIndex,
		});
	}
	const request = {
		method,
		url,
		qs: opts.qs,
		headers: { Accept: 'application/json', 'Company-ID': ep.companyId, ...(opts.headers ?? {}) },
		...(opts.body !== undefined ? { body: opts.body } : {}),
		...(opts.json === false ? { json: false } : {}),
	};
	// the shared response check: a cut or garbled read is asked again, then an error; creating an invoice
	// is retried only on 429 (no duplicate invoices) and a lost answer is reported as outcome "unknown"
	const res = await vendorJsonRequest.call(this, {
		vendor: 'Legal Tracker',
		credentialType: CREDENTIAL_TYPE,
		request,
		itemIndex: opts.itemIndex,
		errorMessage: legalTrackerErrorMessage,
		creates: opts.creates,
	});
	return res.body as IDataObject;
}

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

/** Whether a URL is on one of the configured API hosts (the Billing and eFiles APIs' origin). */
export function isApiHost(ep: LegalTrackerEndpoints, url: string): boolean {
	const origin = originOf(url);
	return origin !== undefined && [ep.billing, ep.efiles].some((base) => originOf(base) === origin);
}

/**
 * Uploads a file to the link eFiles returned. The link is pre-signed (the key is the capability):
 * on the configured API host it goes through the authenticated request; on any other host (an
 * object store) it is PUT with no Authorization and no Company-ID, so credentials never leave the
 * configured API hosts. 5xx and dropped connections are retried (a PUT of the same bytes is idempotent).
 */
export async function legalTrackerUpload(this: RequestContext, uploadUrl: string, body: Buffer, contentType: string, itemIndex?: number): Promise<void> {
	const ep = await legalTrackerEndpoints.call(this, itemIndex);
	if (!/^https?:$/.test(new URL(uploadUrl, 'invalid:/').protocol)) {
		throw new NodeOperationError(this.getNode(), `Legal Tracker eFiles returned an upload link that is not an http(s) URL: ${uploadUrl.slice(0, 200)}`, { itemIndex });
	}
	if (isApiHost(ep, uploadUrl)) {
		await legalTrackerRequest.call(this, 'PUT', 'absolute', uploadUrl, { body, json: false, headers: { 'Content-Type': contentType }, itemIndex });
		return;
	}
	for (let attempt = 0; ; attempt++) {
		let status: number | undefined;
		let said: string;
		try {
			const res = (await this.helpers.httpRequest({
				method: 'PUT',
				url: uploadUrl,
				body,
				headers: { 'Content-Type': contentType },
				json: false,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
			if (res.statusCode < 400) return;
			status = res.statusCode;
			const parsed = parseJsonBody(res.body);
			said = legalTrackerErrorMessage(parsed.ok ? parsed.value : parsed.text) ?? `HTTP ${status}`;
		} catch (error) {
			said = (error as Error).message;
		}
		if ((status === undefined || status >= 500) && attempt < 2) {
			await sleep(500 * 2 ** attempt);
			continue;
		}
		throw new NodeOperationError(this.getNode(), `Legal Tracker file upload failed (${status ?? 'network error'}): ${said}`, {
			itemIndex,
			description: `Upload: PUT ${originOf(uploadUrl) ?? ''} (pre-signed eFiles link; sent without credentials)`,
		});
	}
}

/** OData list: `{ value: [...] }` (or a bare array). */
export function odataValues(body: unknown): IDataObject[] {
	if (Array.isArray(body)) return body as IDataObject[];
	const v = (body as IDataObject | undefined)?.value;
	return Array.isArray(v) ? (v as IDataObject[]) : [];
}

/** Pages an OData collection with $top/$skip until a short page or `limit` records. */
export async function legalTrackerPaged(
	this: RequestContext,
	path: string,
	qs: IDataObject,
	opts: { limit?: number; pageSize?: number; itemIndex?: number },
): Promise<IDataObject[]> {
	const pageSize = Math.max(1, Math.min(opts.pageSize ?? 100, 500));
	return await collectPages<IDataObject, number>(async (skip = Number(qs.$skip ?? 0), collected) => {
		const top = opts.limit !== undefined ? Math.min(pageSize, opts.limit - collected) : pageSize;
		const body = await legalTrackerRequest.call(this, 'GET', 'billing', path, { qs: { ...qs, $top: top, $skip: skip }, itemIndex: opts.itemIndex });
		const values = odataValues(body);
		return { records: values, next: values.length < top ? undefined : skip + pageSize };
	}, opts.limit);
}

/** An OData literal for a value: numbers and booleans bare, dates bare (ISO), strings quoted with '' escaping. */
export function odataLiteral(value: unknown, kind: 'string' | 'number' | 'date' | 'auto' = 'auto'): string {
	const s = String(value ?? '');
	if (kind === 'number' || (kind === 'auto' && /^-?\d+(\.\d+)?$/.test(s))) {
		if (!/^-?\d+(\.\d+)?$/.test(s)) throw new RangeError(`"${s}" is not a number`);
		return s;
	}
	if (kind === 'date' || (kind === 'auto' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(s))) {
		if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(s)) throw new RangeError(`"${s}" is not an ISO date`);
		return s;
	}
	if (kind === 'auto' && (s === 'true' || s === 'false' || s === 'null')) return s;
	return `'${s.replace(/'/g, "''")}'`;
}
