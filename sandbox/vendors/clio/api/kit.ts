/**
 * What every Clio resource router shares: the request helpers (field selection, find by id,
 * If-Match, body, stamping), the list endpoint (filters, cursor and offset paging, counts) and the
 * filter builders. Built once per API router by apiKit().
 */
import type { Request, Response, Router } from 'express';
import type { OAuthProvider, TokenRecord, VendorContext } from '../../../context';
import type { Collection, IndexKey } from '../collection';
import { checkSelection, parseFields, render, type FieldSelection, type Model } from '../fields';
import type { ClioModels } from '../models';
import type { ClioState, ClioUser } from '../state';
import type { ClioWebhooks } from '../webhooks';
import { ClioError, MAX_LIMIT, OFFSET_CAP } from './errors';
import type { RateLimiter } from './rate-limit';

export interface Filter<R> {
	param: string;
	/** parses the query value (throws ClioError 400 when bad) and returns a predicate */
	build: (value: unknown) => (r: R) => boolean;
	/**
	 * Where the records this filter can match are listed, so a read need not scan the collection:
	 * a secondary index of the collection and the key to look up, or the ids themselves. Called only
	 * after `build` accepted the value; the answer must hold every record the predicate accepts (the
	 * predicate is still applied to each).
	 */
	lookup?: (value: unknown) => { index: string; key: IndexKey } | { ids: number[] };
}

export interface ListSpec<R extends { id: number }> {
	model: Model<R>;
	collection: () => Collection<R>;
	filters: Filter<R>[];
	/** text search for `query=` */
	search?: (r: R, q: string) => boolean;
	/** always-on predicate (e.g. hide deleted bills) */
	base?: (r: R) => boolean;
}

export interface ClioApiDeps {
	ctx: VendorContext;
	state: ClioState;
	models: ClioModels;
	hooks: ClioWebhooks;
	oauth: OAuthProvider;
	limiter: RateLimiter;
}

export interface ApiKit {
	router: Router;
	ctx: VendorContext;
	state: ClioState;
	models: ClioModels;
	hooks: ClioWebhooks;
	/** the user the request's token belongs to */
	userOf(res: Response): ClioUser;
	selectionFor<R>(req: Request, model: Model<R>): FieldSelection[];
	show<R>(req: Request, res: Response, model: Model<R>, record: R, status?: number): void;
	find<R extends { id: number }>(collection: Collection<R>, req: Request, label: string, visible?: (r: R) => boolean): R;
	checkIfMatch(req: Request, kind: string, r: { id: number; version: number; updated_at: string }): void;
	dataOf(req: Request): Record<string, unknown>;
	stamp(r: { updated_at: string; version: number }): void;
	list<R extends { id: number }>(spec: ListSpec<R>): (req: Request, res: Response) => void;
	/** A new record: stored, its `created` webhook fired, answered 201. */
	created<R extends { id: number }>(req: Request, res: Response, kind: string, collection: Collection<R>, model: Model<R>, record: R): void;
	/** A changed record: stamped (updated_at, version), its `updated` webhook fired, answered. */
	updated<R extends { id: number; updated_at: string; version: number }>(req: Request, res: Response, kind: string, collection: Collection<R>, model: Model<R>, record: R): void;
}

export function apiKit(deps: ClioApiDeps, router: Router): ApiKit {
	const { ctx, state, models, hooks } = deps;
	const countCache = new Map<string, { version: number; count: number }>();

	const userOf = (res: Response) => {
		const id = Number((res.locals.token as TokenRecord).userId ?? state.firm.timekeepers[0].id);
		return state.users.get(id) ?? state.users.all()[0];
	};

	const selectionFor = <R>(req: Request, model: Model<R>): FieldSelection[] => {
		const raw = req.query.fields;
		if (raw !== undefined && typeof raw !== 'string') throw new ClioError(400, 'fields must be a single string');
		const selection = parseFields(raw);
		checkSelection(model, selection);
		return selection;
	};
	const show = <R>(req: Request, res: Response, model: Model<R>, record: R, status = 200) => {
		const selection = selectionFor(req, model);
		res.status(status).json({ data: render(model, record, selection) });
	};
	const idParam = (req: Request): number => {
		const id = Number(req.params.id);
		if (!Number.isInteger(id) || id <= 0) throw new ClioError(404, `Not found: ${req.params.id}`);
		return id;
	};
	const find = <R extends { id: number }>(collection: Collection<R>, req: Request, label: string, visible: (r: R) => boolean = () => true): R => {
		const r = collection.get(idParam(req));
		if (!r || !visible(r)) throw new ClioError(404, `${label} ${req.params.id} not found`);
		return r;
	};
	const checkIfMatch = (req: Request, kind: string, r: { id: number; version: number; updated_at: string }) => {
		const want = req.get('if-match');
		if (want !== undefined && want !== state.etag(kind, r)) throw new ClioError(412, `The If-Match etag does not match the current ${kind} (${state.etag(kind, r)})`);
	};
	const dataOf = (req: Request): Record<string, unknown> => {
		const body = req.body as { data?: unknown } | undefined;
		if (!body || typeof body !== 'object' || !body.data || typeof body.data !== 'object' || Array.isArray(body.data)) throw new ClioError(400, 'The request body must be JSON {"data": {...}}');
		return body.data as Record<string, unknown>;
	};
	const stamp = (r: { updated_at: string; version: number }) => {
		r.updated_at = ctx.nowIso();
		r.version++;
	};

	function list<R extends { id: number }>(spec: ListSpec<R>) {
		return (req: Request, res: Response) => {
			const selection = selectionFor(req, spec.model);
			const q = req.query as Record<string, unknown>;
			const limitRaw = q.limit;
			const limit = limitRaw === undefined ? MAX_LIMIT : Number(limitRaw);
			if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ClioError(400, `limit must be an integer between 1 and ${MAX_LIMIT}`);
			const preds: ((r: R) => boolean)[] = [];
			if (spec.base) preds.push(spec.base);
			const keyParts: string[] = [];
			const collection = spec.collection();
			// the smallest candidate list a filter offers (ascending ids); undefined = scan the collection
			let candidates: readonly number[] | undefined;
			const useIndex = ctx.vendorOptions.filterIndex !== false;
			for (const f of [...commonFilters<R>(), ...spec.filters]) {
				if (q[f.param] === undefined) continue;
				preds.push(f.build(q[f.param]));
				keyParts.push(`${f.param}=${JSON.stringify(q[f.param])}`);
				const where = useIndex ? f.lookup?.(q[f.param]) : undefined;
				const ids = !where ? undefined : 'ids' in where ? where.ids : collection.indexed(where.index, where.key);
				if (ids && (candidates === undefined || ids.length < candidates.length)) candidates = ids;
			}
			if (typeof q.query === 'string' && q.query !== '' && spec.search) {
				const text = q.query.toLowerCase();
				const search = spec.search;
				preds.push((r) => search(r, text));
				keyParts.push(`query=${text}`);
				// Clio's search index lags fresh writes (a documented pain point): with the vendor option
				// `searchLagSeconds`, records written in the last N seconds are invisible to `query=`.
				const lagMs = Number(ctx.vendorOptions.searchLagSeconds ?? 0) * 1000;
				if (lagMs > 0) {
					const visibleBefore = ctx.clock.nowMs() - lagMs;
					preds.push((r) => Date.parse((r as unknown as { updated_at: string }).updated_at) <= visibleBefore);
					keyParts.push(`lag=${visibleBefore}`);
				}
			}
			const pred = (r: R) => preds.every((p) => p(r));
			const filterKey = keyParts.join('&');
			// the records in id order: every record of the collection, or only the candidates (the same
			// records in the same order once `pred` is applied, since every match is a candidate)
			const scanAfter = (after: number) => (candidates ? scanIds(collection, candidates, after, 'asc') : collection.scanAfter(after));
			const scanDesc = () => (candidates ? scanIds(collection, candidates, 0, 'desc') : collection.scanBefore());
			const count = () => {
				const cacheKey = `${spec.model.name}?${filterKey}${useIndex ? '' : '&scan'}`;
				const hit = countCache.get(cacheKey);
				if (hit && hit.version === collection.version) return hit.count;
				let n = 0;
				for (const r of scanAfter(0)) if (pred(r)) n++;
				countCache.set(cacheKey, { version: collection.version, count: n });
				return n;
			};
			const order = typeof q.order === 'string' ? q.order : 'id(asc)';
			const orderMatch = /^([a-z_.]+)\((asc|desc)\)$/.exec(order);
			if (!orderMatch || !(orderMatch[1] in spec.model.fields)) throw new ClioError(400, `Invalid order "${order}"`);
			const pageUrl = (params: Record<string, string | undefined>) => {
				const u = new URL(`${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`);
				const original = new URLSearchParams(req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '');
				for (const [k, v] of original) if (k !== 'page_token' && k !== 'offset') u.searchParams.append(k, v);
				for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
				return u.toString();
			};

			let rows: R[] = [];
			const paging: { next?: string; previous?: string } = {};
			if (q.offset !== undefined || order !== 'id(asc)') {
				// offset paging (also used for any order other than id(asc))
				const offset = q.offset === undefined ? 0 : Number(q.offset);
				if (!Number.isInteger(offset) || offset < 0) throw new ClioError(400, 'offset must be a non-negative integer');
				if (offset >= OFFSET_CAP) {
					throw new ClioError(422, `Offset pagination is limited to ${OFFSET_CAP} records. Use cursor pagination (order=id(asc) without offset, then follow meta.paging.next).`);
				}
				const [, field, dir] = orderMatch;
				let matching: R[];
				if (field === 'id') {
					matching = [];
					const scan = dir === 'asc' ? scanAfter(0) : scanDesc();
					const need = Math.min(offset + limit, OFFSET_CAP);
					for (const r of scan) {
						if (!pred(r)) continue;
						matching.push(r);
						if (matching.length >= need) break;
					}
				} else {
					const get = spec.model.fields[field];
					matching = [...scanAfter(0)].filter(pred);
					const sign = dir === 'asc' ? 1 : -1;
					matching.sort((a, b) => sign * compare(get(a), get(b)) || a.id - b.id);
				}
				rows = matching.slice(offset, Math.min(offset + limit, OFFSET_CAP));
				const total = count();
				if (offset + rows.length < total) paging.next = pageUrl({ offset: String(offset + limit), limit: String(limit) });
				if (offset > 0) paging.previous = pageUrl({ offset: String(Math.max(0, offset - limit)), limit: String(limit) });
			} else {
				// cursor paging
				let after = 0;
				if (q.page_token !== undefined) {
					const token = decodePageToken(q.page_token);
					if (!token || token.k !== hashKey(`${spec.model.name}?${filterKey}`)) throw new ClioError(400, 'Invalid page_token for this query (the filters changed or the token is malformed)');
					after = token.a;
				}
				let more = false;
				for (const r of scanAfter(after)) {
					if (!pred(r)) continue;
					if (rows.length === limit) {
						more = true;
						break;
					}
					rows.push(r);
				}
				if (more) paging.next = pageUrl({ page_token: encodePageToken({ a: rows[rows.length - 1].id, k: hashKey(`${spec.model.name}?${filterKey}`) }), limit: String(limit) });
			}
			res.json({ data: rows.map((r) => render(spec.model, r, selection)), meta: { paging, records: count() } });
		};
	}
	const created = <R extends { id: number }>(req: Request, res: Response, kind: string, collection: Collection<R>, model: Model<R>, record: R) => {
		collection.add(record);
		hooks.emit(kind, 'created', record);
		show(req, res, model, record, 201);
	};
	const updated = <R extends { id: number; updated_at: string; version: number }>(req: Request, res: Response, kind: string, collection: Collection<R>, model: Model<R>, record: R) => {
		stamp(record);
		collection.touch(record);
		hooks.emit(kind, 'updated', record);
		show(req, res, model, record);
	};

	return { router, ctx, state, models, hooks, userOf, selectionFor, show, find, checkIfMatch, dataOf, stamp, list, created, updated };
}

/** The live records of `ids` (ascending) with id > after, ascending; or all of them, descending. */
function* scanIds<R extends { id: number }>(collection: Collection<R>, ids: readonly number[], after: number, dir: 'asc' | 'desc'): Generator<R> {
	if (dir === 'desc') {
		for (let i = ids.length - 1; i >= 0; i--) {
			const r = collection.get(ids[i]);
			if (r) yield r;
		}
		return;
	}
	// the first id > after (a cursor is any number: the same bound as Collection.scanAfter)
	let lo = 0;
	let hi = ids.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (ids[mid] <= after) lo = mid + 1;
		else hi = mid;
	}
	for (let i = lo; i < ids.length; i++) {
		const r = collection.get(ids[i]);
		if (r) yield r;
	}
}

// ---- filters
/**
 * `param=<id>` or `param=null`. With `index`, the name of a secondary index of the collection that
 * files records by this same value (`get(r) ?? null`): reads are answered from it.
 */
export const idFilter = <R>(param: string, get: (r: R) => number | null | undefined, index?: string): Filter<R> => ({
	param,
	build: (v) => {
		if (v === 'null') return (r) => get(r) === null || get(r) === undefined;
		const id = Number(v);
		if (!Number.isInteger(id)) throw new ClioError(400, `${param} must be an integer id (or null)`);
		return (r) => get(r) === id;
	},
	...(index ? { lookup: (v: unknown) => ({ index, key: v === 'null' ? null : Number(v) }) } : {}),
});
export const enumFilter = <R>(param: string, values: string[], test: (r: R, v: string) => boolean): Filter<R> => ({
	param,
	build: (v) => {
		if (typeof v !== 'string' || !values.includes(v)) throw new ClioError(400, `${param} must be one of: ${values.join(', ')}`);
		return (r) => test(r, v);
	},
});
export const dateFilter = <R>(param: string, get: (r: R) => string | null, cmp: 'gte' | 'lte'): Filter<R> => ({
	param,
	build: (v) => {
		const d = typeof v === 'string' ? v.slice(0, 10) : '';
		if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !Number.isFinite(Date.parse(d))) throw new ClioError(400, `${param} must be an ISO-8601 date`);
		return (r) => {
			const x = get(r);
			return x !== null && (cmp === 'gte' ? x >= d : x <= d);
		};
	},
});
export const boolFilter = <R>(param: string, get: (r: R) => boolean): Filter<R> => ({
	param,
	build: (v) => {
		if (v !== 'true' && v !== 'false') throw new ClioError(400, `${param} must be true or false`);
		return (r) => get(r) === (v === 'true');
	},
});
function commonFilters<R extends { id: number }>(): Filter<R>[] {
	const since = (param: string, field: 'created_at' | 'updated_at'): Filter<R> => ({
		param,
		build: (v) => {
			const ms = typeof v === 'string' ? Date.parse(v) : NaN;
			if (!Number.isFinite(ms)) throw new ClioError(400, `${param} must be an ISO-8601 timestamp`);
			// "after a specific time": strictly later, at second precision
			return (r) => Date.parse((r as unknown as Record<string, string>)[field]) > ms;
		},
	});
	return [
		{
			param: 'ids',
			build: (v) => {
				// qs turns long `ids[]=…` lists (over 20) into an object keyed by index
				const list = (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [v]).map(Number);
				if (list.some((n) => !Number.isInteger(n))) throw new ClioError(400, 'ids[] must be integer ids');
				const set = new Set(list);
				return (r) => set.has(r.id);
			},
			// the listed ids are the candidates (ascending, without repeats)
			lookup: (v) => ({ ids: [...new Set((Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [v]).map(Number))].sort((a, b) => a - b) }),
		},
		since('created_since', 'created_at'),
		since('updated_since', 'updated_at'),
	];
}

function compare(a: unknown, b: unknown): number {
	if (a === b) return 0;
	if (a === null || a === undefined) return -1;
	if (b === null || b === undefined) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b));
}

function hashKey(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36);
}

function encodePageToken(t: { a: number; k: string }): string {
	return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodePageToken(value: unknown): { a: number; k: string } | undefined {
	if (typeof value !== 'string') return undefined;
	try {
		const t = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { a?: unknown; k?: unknown };
		if (typeof t.a === 'number' && typeof t.k === 'string') return { a: t.a, k: t.k };
	} catch {
		return undefined;
	}
	return undefined;
}
