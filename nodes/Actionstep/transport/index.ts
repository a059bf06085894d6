/**
 * Actionstep transport: the only code of this node that speaks HTTP. The API base is the
 * `api_endpoint` of the credential's token response (or the credential's override), requests go to
 * `{api_endpoint}rest/<resource>` as application/vnd.api+json, through n8n's OAuth2 helper (token
 * refresh) and the shared vendorRequest (retries, pacing); list calls page with page/pageSize.
 */
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { collectPages, vendorJsonRequest, type RequestContext } from '../../shared/transport/http';

export const CREDENTIAL_TYPE = 'actionstepOAuth2Api';
const JSONAPI = 'application/vnd.api+json';

/** `{api_endpoint}rest/` from the override or the token data. */
export async function actionstepRestBase(this: RequestContext, itemIndex?: number): Promise<string> {
	const c = await this.getCredentials(CREDENTIAL_TYPE);
	const token = (c.oauthTokenData ?? {}) as IDataObject;
	const endpoint = String(c.apiEndpointOverride || token.api_endpoint || '').trim();
	if (!endpoint) {
		throw new NodeOperationError(this.getNode(), 'The Actionstep credential has no API endpoint', {
			itemIndex,
			description: 'Reconnect the credential (Actionstep returns api_endpoint with the access token) or set "API Endpoint Override".',
		});
	}
	return `${endpoint.replace(/\/+$/, '')}/rest/`;
}

/** Actionstep errors: JSON:API `{errors:[{status,title,detail,source}]}`. */
export function actionstepErrorMessage(body: unknown): string | undefined {
	if (!body) return undefined;
	let b = body as unknown;
	if (typeof b === 'string') {
		try {
			b = JSON.parse(b);
		} catch {
			return (b as string).slice(0, 500);
		}
	}
	const o = b as IDataObject;
	if (Array.isArray(o.errors) && o.errors.length) {
		return (o.errors as IDataObject[])
			.map((e) => {
				const pointer = (e.source as IDataObject | undefined)?.pointer;
				return `${String(e.detail ?? e.title ?? 'error')}${pointer ? ` (at ${String(pointer)})` : ''}`;
			})
			.join('; ');
	}
	if (typeof o.error_description === 'string') return o.error_description;
	if (typeof o.message === 'string') return o.message;
	return undefined;
}

export async function actionstepRequest(
	this: RequestContext,
	method: IHttpRequestMethods,
	path: string,
	opts: { qs?: IDataObject; body?: IDataObject; itemIndex?: number } = {},
): Promise<IDataObject> {
	const base = await actionstepRestBase.call(this, opts.itemIndex);
	const request = {
		method,
		url: `${base}${path}`,
		qs: opts.qs,
		headers: { Accept: JSONAPI, ...(opts.body ? { 'Content-Type': JSONAPI } : {}) },
		...(opts.body ? { body: opts.body } : {}),
	};
	// the shared response check: a cut or garbled read is asked again, then an error; a POST (time
	// entries, tasks, hooks) is retried only on 429 and a lost answer is reported as outcome "unknown"
	const res = await vendorJsonRequest.call(this, {
		vendor: 'Actionstep',
		credentialType: CREDENTIAL_TYPE,
		request,
		itemIndex: opts.itemIndex,
		errorMessage: actionstepErrorMessage,
		creates: method === 'POST',
	});
	// 204 (an empty list, a delete) has no body
	return res.body === '' || res.body === undefined || res.body === null ? {} : (res.body as IDataObject);
}

export interface JsonApiList {
	records: IDataObject[];
	linked: Record<string, IDataObject[]>;
	links: IDataObject;
}

function asList(v: unknown): IDataObject[] {
	if (Array.isArray(v)) return v as IDataObject[];
	return v && typeof v === 'object' ? [v as IDataObject] : [];
}

/** Pages a resource with page/pageSize (max 200) until meta.paging says there is no next page, or `limit`. */
export async function actionstepGetMany(
	this: RequestContext,
	resource: string,
	qs: IDataObject,
	opts: { limit?: number; pageSize?: number; itemIndex?: number } = {},
): Promise<JsonApiList> {
	const pageSize = Math.max(1, Math.min(opts.pageSize ?? 200, 200, opts.limit ?? 200));
	const out: JsonApiList = { records: [], linked: {}, links: {} };
	out.records = await collectPages<IDataObject, number>(async (page = 1) => {
		const body = await actionstepRequest.call(this, 'GET', resource, { qs: { ...qs, page, pageSize }, itemIndex: opts.itemIndex });
		const records = asList(body[resource]);
		out.links = { ...out.links, ...((body.links as IDataObject) ?? {}) };
		for (const [type, list] of Object.entries((body.linked as IDataObject) ?? {})) {
			const target = (out.linked[type] ??= []);
			for (const r of asList(list)) if (!target.some((x) => String(x.id) === String(r.id))) target.push(r);
		}
		const paging = (((body.meta as IDataObject)?.paging as IDataObject)?.[resource] ?? {}) as IDataObject;
		const more = paging.nextPage ? true : Number(paging.pageCount) > page;
		return { records, next: more && records.length > 0 ? page + 1 : undefined };
	}, opts.limit);
	return out;
}

/** One record (or several by comma-separated ids), with its linked section. */
export async function actionstepGet(this: RequestContext, resource: string, id: string, qs: IDataObject, itemIndex?: number): Promise<JsonApiList> {
	const body = await actionstepRequest.call(this, 'GET', `${resource}/${encodeURIComponent(id).replace(/%2C/gi, ',')}`, { qs, itemIndex });
	const linked: Record<string, IDataObject[]> = {};
	for (const [type, list] of Object.entries((body.linked as IDataObject) ?? {})) linked[type] = asList(list);
	return { records: asList(body[resource]), linked, links: (body.links as IDataObject) ?? {} };
}
