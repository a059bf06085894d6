/**
 * The one paging loop (collectPages in nodes/shared/transport/http.ts) that the four vendor
 * transports walk their lists with; and Clio's guard against a paging link that does not advance.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { collectPages, type RequestContext } from '../../nodes/shared/transport/http';
import { clioApiRequestAllItems } from '../../nodes/Clio/transport';

describe('collectPages', () => {
	it('starts with no cursor, hands each page the count so far, follows cursors until there is none', async () => {
		const calls: Array<[number | undefined, number]> = [];
		const all = await collectPages<number, number>(async (cursor, collected) => {
			calls.push([cursor, collected]);
			const page = cursor ?? 0;
			return { records: [page * 10, page * 10 + 1], next: page < 2 ? page + 1 : undefined };
		});
		expect(all).toEqual([0, 1, 10, 11, 20, 21]);
		expect(calls).toEqual([
			[undefined, 0],
			[1, 2],
			[2, 4],
		]);
	});
	it('stops at the limit, mid-page, without asking for the next page', async () => {
		let pages = 0;
		const all = await collectPages<number, number>(async (cursor) => {
			pages++;
			return { records: [1, 2, 3], next: (cursor ?? 0) + 1 };
		}, 5);
		expect(all).toEqual([1, 2, 3, 1, 2]);
		expect(pages).toBe(2);
	});
});

describe("Clio's cursor paging on collectPages", () => {
	const base = 'http://clio.test';
	function clioContext(next: (url: string) => string | undefined): { ctx: RequestContext; urls: string[] } {
		const urls: string[] = [];
		const ctx = {
			getNode: () => ({ id: 'n', name: 'Clio', type: 'clio', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => ({ region: 'custom', customBaseUrl: base }),
			helpers: {
				httpRequestWithAuthentication: async (_type: string, req: IHttpRequestOptions) => {
					const url = String(req.url) + (req.qs ? `?${new URLSearchParams(req.qs as Record<string, string>).toString()}` : '');
					urls.push(url);
					const link = next(url);
					return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: { data: [{ id: urls.length }], meta: { paging: link ? { next: link } : {} } } };
				},
			},
		} as unknown as RequestContext;
		return { ctx, urls };
	}
	it('follows meta.paging.next links to the end', async () => {
		const { ctx, urls } = clioContext((url) => (urls.length < 3 ? `${base}/api/v4/activities.json?page_token=${urls.length}` : undefined));
		const records = (await clioApiRequestAllItems.call(ctx, '/activities.json', { fields: 'id' })) as IDataObject[];
		expect(records.map((r) => r.id)).toEqual([1, 2, 3]);
		expect(urls[0]).toContain('order=id%28asc%29');
		expect(urls.slice(1)).toEqual([`${base}/api/v4/activities.json?page_token=1`, `${base}/api/v4/activities.json?page_token=2`]);
	});
	it('refuses a link that does not advance, naming the page', async () => {
		const { ctx, urls } = clioContext(() => `${base}/api/v4/activities.json?page_token=same`);
		await expect(clioApiRequestAllItems.call(ctx, '/activities.json', { fields: 'id' })).rejects.toThrow('Clio paging did not advance (page 2 of /activities.json)');
		expect(urls).toHaveLength(2);
	});
});
