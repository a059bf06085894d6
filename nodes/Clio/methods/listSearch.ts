import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { CLIO_CREDENTIAL_TYPE, clioApiRequest, clioHostUrl } from '../transport';

/** One page of a Clio list for a resource locator; `paginationToken` is Clio's `meta.paging.next` link. */
async function search(
	this: ILoadOptionsFunctions,
	endpoint: string,
	fields: string,
	label: (r: IDataObject) => string,
	urlPart: string,
	filter?: string,
	paginationToken?: string,
	extraQs: IDataObject = {},
): Promise<INodeListSearchResult> {
	const body = (await clioApiRequest.call(
		this,
		'GET',
		endpoint,
		paginationToken
			? { url: paginationToken }
			: { qs: { fields, limit: 50, order: 'id(asc)', ...extraQs, ...(filter ? { query: filter } : {}) } },
	)) as IDataObject;
	const data = (Array.isArray(body.data) ? body.data : []) as IDataObject[];
	let host = 'https://app.clio.com';
	try {
		host = clioHostUrl(await this.getCredentials(CLIO_CREDENTIAL_TYPE));
	} catch {
		// keep the US host for the link; the list itself came from the credential's region
	}
	const next = ((body.meta as IDataObject | undefined)?.paging as IDataObject | undefined)?.next as string | undefined;
	return {
		results: data.map((r) => ({ name: label(r), value: String(r.id), url: `${host}/nc/#/${urlPart}/${String(r.id)}` })),
		paginationToken: next || undefined,
	};
}

export async function searchMatters(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		'/matters.json',
		'id,display_number,description,client{id,name}',
		(m) => [m.display_number, m.description].filter(Boolean).join(' — ') || `Matter ${String(m.id)}`,
		'matters',
		filter,
		paginationToken,
	);
}

export async function searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		'/contacts.json',
		'id,name,type,primary_email_address',
		(c) => `${String(c.name ?? `Contact ${String(c.id)}`)}${c.primary_email_address ? ` <${String(c.primary_email_address)}>` : ''}`,
		'contacts',
		filter,
		paginationToken,
	);
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	// /users.json has no `query`; it filters by `name`
	const page = await search.call(
		this,
		'/users.json',
		'id,name,email,enabled',
		(u) => `${String(u.name ?? `User ${String(u.id)}`)}${u.email ? ` <${String(u.email)}>` : ''}`,
		'users',
		undefined,
		paginationToken,
		filter ? { name: filter } : {},
	);
	return page;
}
