import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { Decimal } from '../../../lib/money/decimal';
import type { OAuthProvider, TokenRecord, VendorContext } from '../../context';
import type { Collection } from './collection';
import { checkSelection, FieldsError, parseFields, render, type FieldSelection, type Model } from './fields';
import type { ClioModels } from './models';
import { BILL_TRANSITIONS, type ClioActivity, type ClioActivityDescription, type ClioActivityType, type ClioBill, type ClioBillState, type ClioContact, type ClioMatter, type ClioState, type ClioUser, type ClioUtbmsCode, type ClioUtbmsSet, type ClioWebhook } from './state';
import { WebhookError, type ClioWebhooks } from './webhooks';

/** X-API-VERSION values the sandbox accepts (quantity in seconds since 4.0.4); others → 410. */
export const CLIO_API_VERSIONS = ['4.0.4', '4.0.5', '4.0.6', '4.0.7', '4.0.8', '4.0.9', '4.0.10', '4.0.11', '4.0.12', '4.0.13'];
export const CLIO_LATEST_VERSION = '4.0.13';
export const MAX_LIMIT = 200;
export const OFFSET_CAP = 10_000;

export class ClioError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type = status === 404 ? 'NotFound' : status === 422 ? 'UnprocessableEntity' : status === 400 ? 'BadRequest' : status === 412 ? 'PreconditionFailed' : 'Error',
	) {
		super(message);
	}
}

export function clioErrorBody(status: number, message: string, type?: string): { error: { type: string; message: string } } {
	const t = type ?? (status === 401 ? 'Unauthorized' : status === 404 ? 'NotFound' : status === 410 ? 'Gone' : status === 429 ? 'RateLimited' : status >= 500 ? 'ServerError' : status === 422 ? 'UnprocessableEntity' : 'BadRequest');
	return { error: { type: t, message } };
}

export interface RateLimitSettings {
	perWindow: number;
	windowSeconds: number;
	retryAfterFormat: 'seconds' | 'http-date';
}

/** Per-access-token fixed-window rate limiter on the sandbox clock. */
export class RateLimiter {
	private windows = new Map<string, { startMs: number; count: number }>();

	constructor(public settings: RateLimitSettings) {}

	reset(): void {
		this.windows.clear();
	}

	take(key: string, nowMs: number): { allowed: boolean; limit: number; remaining: number; resetMs: number } {
		const windowMs = this.settings.windowSeconds * 1000;
		let w = this.windows.get(key);
		if (!w || nowMs >= w.startMs + windowMs) {
			w = { startMs: nowMs, count: 0 };
			this.windows.set(key, w);
		}
		const limit = this.settings.perWindow;
		const allowed = w.count < limit;
		if (allowed) w.count++;
		return { allowed, limit, remaining: Math.max(0, limit - w.count), resetMs: w.startMs + windowMs };
	}
}

interface Filter<R> {
	param: string;
	/** parses the query value (throws ClioError 400 when bad) and returns a predicate */
	build: (value: unknown) => (r: R) => boolean;
}

interface ListSpec<R extends { id: number }> {
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

export function clioApiRouter(deps: ClioApiDeps): Router {
	const { ctx, state, models, hooks, oauth, limiter } = deps;
	const router = express.Router();
	const countCache = new Map<string, { version: number; count: number }>();

	// ---- X-API-VERSION
	router.use((req, res, next) => {
		const version = req.get('x-api-version');
		if (version !== undefined && !CLIO_API_VERSIONS.includes(version.trim())) {
			res.status(410).json(clioErrorBody(410, `API version "${version}" is invalid or no longer supported. Supported: ${CLIO_API_VERSIONS.join(', ')}`));
			return;
		}
		res.setHeader('X-API-VERSION', version?.trim() ?? CLIO_LATEST_VERSION);
		next();
	});
	// ---- OAuth bearer token
	router.use(
		oauth.bearer((res, result) => {
			res.status(401).json(clioErrorBody(401, result.message, result.reason === 'expired' ? 'invalid_token' : 'Unauthorized'));
		}),
	);
	// ---- per-token rate limit
	router.use((_req, res, next) => {
		const token = res.locals.token as TokenRecord;
		const now = ctx.clock.nowMs();
		const r = limiter.take(token.accessToken, now);
		res.setHeader('X-RateLimit-Limit', String(r.limit));
		res.setHeader('X-RateLimit-Remaining', String(r.remaining));
		res.setHeader('X-RateLimit-Reset', String(Math.ceil(r.resetMs / 1000)));
		if (!r.allowed) {
			const seconds = Math.max(1, Math.ceil((r.resetMs - now) / 1000));
			res.setHeader('Retry-After', limiter.settings.retryAfterFormat === 'http-date' ? new Date(now + seconds * 1000).toUTCString() : String(seconds));
			res.status(429).json(clioErrorBody(429, `Rate limit exceeded: ${r.limit} requests per ${limiter.settings.windowSeconds} seconds per access token. Retry in ${seconds} seconds.`));
			return;
		}
		next();
	});

	const userOf = (res: Response) => {
		const id = Number((res.locals.token as TokenRecord).userId ?? state.firm.timekeepers[0].id);
		return state.users.get(id) ?? state.users.all()[0];
	};

	// ---- helpers
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
			for (const f of [...commonFilters<R>(), ...spec.filters]) {
				if (q[f.param] === undefined) continue;
				preds.push(f.build(q[f.param]));
				keyParts.push(`${f.param}=${JSON.stringify(q[f.param])}`);
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
			const collection = spec.collection();
			const count = () => {
				const cacheKey = `${spec.model.name}?${filterKey}`;
				const hit = countCache.get(cacheKey);
				if (hit && hit.version === collection.version) return hit.count;
				let n = 0;
				for (const r of collection.scanAfter(0)) if (pred(r)) n++;
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
					const scan = dir === 'asc' ? collection.scanAfter(0) : collection.scanBefore();
					const need = Math.min(offset + limit, OFFSET_CAP);
					for (const r of scan) {
						if (!pred(r)) continue;
						matching.push(r);
						if (matching.length >= need) break;
					}
				} else {
					const get = spec.model.fields[field];
					matching = collection.all().filter(pred);
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
				for (const r of collection.scanAfter(after)) {
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

	// ---- filters
	const idFilter = <R>(param: string, get: (r: R) => number | null | undefined): Filter<R> => ({
		param,
		build: (v) => {
			if (v === 'null') return (r) => get(r) === null || get(r) === undefined;
			const id = Number(v);
			if (!Number.isInteger(id)) throw new ClioError(400, `${param} must be an integer id (or null)`);
			return (r) => get(r) === id;
		},
	});
	const enumFilter = <R>(param: string, values: string[], test: (r: R, v: string) => boolean): Filter<R> => ({
		param,
		build: (v) => {
			if (typeof v !== 'string' || !values.includes(v)) throw new ClioError(400, `${param} must be one of: ${values.join(', ')}`);
			return (r) => test(r, v);
		},
	});
	const dateFilter = <R>(param: string, get: (r: R) => string | null, cmp: 'gte' | 'lte'): Filter<R> => ({
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
	const boolFilter = <R>(param: string, get: (r: R) => boolean): Filter<R> => ({
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
			},
			since('created_since', 'created_at'),
			since('updated_since', 'updated_at'),
		];
	}

	const activityStatuses = ['billed', 'unbilled', 'draft', 'billable', 'non_billable', 'written_off'];
	const activityTypes: ClioActivityType[] = ['TimeEntry', 'ExpenseEntry', 'HardCostEntry', 'SoftCostEntry'];
	const activityList: ListSpec<ClioActivity> = {
		model: models.activity,
		collection: () => state.activities,
		filters: [
			enumFilter<ClioActivity>('status', activityStatuses, (a, v) => {
				if (v === 'billable') return !a.non_billable;
				return state.activityStatus(a) === v || (v === 'non_billable' && a.non_billable);
			}),
			enumFilter<ClioActivity>('type', activityTypes, (a, v) => a.type === v),
			idFilter<ClioActivity>('matter_id', (a) => a.matter_id),
			idFilter<ClioActivity>('user_id', (a) => a.user_id),
			idFilter<ClioActivity>('activity_description_id', (a) => a.activity_description_id),
			dateFilter<ClioActivity>('start_date', (a) => a.date, 'gte'),
			dateFilter<ClioActivity>('end_date', (a) => a.date, 'lte'),
			boolFilter<ClioActivity>('flat_rate', (a) => a.flat_rate),
		],
		search: (a, q) => a.note.toLowerCase().includes(q),
	};

	// =========================================================================================
	// users
	router.get('/users/who_am_i.json', (req, res) => show(req, res, models.user, userOf(res)));
	router.get(
		'/users.json',
		list<ClioUser>({
			model: models.user,
			collection: () => state.users,
			filters: [
				boolFilter('enabled', (u) => u.enabled),
				enumFilter('subscription_type', ['attorney', 'nonattorney'], (u, v) => u.subscription_type.toLowerCase() === v),
				{ param: 'name', build: (v) => (u) => u.name.toLowerCase().includes(String(v).toLowerCase()) },
			],
		}),
	);
	router.get('/users/:id.json', (req, res) => show(req, res, models.user, find(state.users, req, 'User')));

	// =========================================================================================
	// contacts
	router.get(
		'/contacts.json',
		list<ClioContact>({
			model: models.contact,
			collection: () => state.contacts,
			filters: [
				enumFilter('type', ['Company', 'Person'], (c, v) => c.type === v),
				boolFilter('client_only', (c) => c.is_client),
				{ param: 'initial', build: (v) => (c) => c.name.toUpperCase().startsWith(String(v).toUpperCase()) },
			],
			search: (c, q) => c.name.toLowerCase().includes(q) || (c.primary_email_address ?? '').toLowerCase().includes(q) || (c.ledes_client_id ?? '').toLowerCase().includes(q),
		}),
	);
	router.get('/contacts/:id.json', (req, res) => show(req, res, models.contact, find(state.contacts, req, 'Contact')));
	router.post('/contacts.json', (req, res) => {
		selectionFor(req, models.contact);
		const d = dataOf(req);
		const type = d.type;
		if (type !== 'Person' && type !== 'Company') throw new ClioError(422, 'type must be Person or Company');
		const now = ctx.nowIso();
		const c: ClioContact = {
			id: state.contacts.nextId(),
			type,
			name: '',
			first_name: null,
			last_name: null,
			primary_email_address: null,
			primary_phone_number: null,
			ledes_client_id: null,
			is_client: false,
			sales_tax_number: null,
			address: null,
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyContact(c, d);
		if (!c.name) throw new ClioError(422, type === 'Company' ? 'name is required for a Company' : 'first_name or last_name is required for a Person');
		state.contacts.add(c);
		hooks.emit('contact', 'created', c);
		show(req, res, models.contact, c, 201);
	});
	router.patch('/contacts/:id.json', (req, res) => {
		selectionFor(req, models.contact);
		const c = find(state.contacts, req, 'Contact');
		checkIfMatch(req, 'contact', c);
		applyContact(c, dataOf(req));
		stamp(c);
		state.contacts.touch();
		hooks.emit('contact', 'updated', c);
		show(req, res, models.contact, c);
	});
	router.delete('/contacts/:id.json', (req, res) => {
		const c = find(state.contacts, req, 'Contact');
		if (state.matters.all().some((m) => m.client_id === c.id)) throw new ClioError(422, 'This contact is the client of a matter and cannot be deleted');
		state.contacts.delete(c.id);
		hooks.emit('contact', 'deleted', c);
		res.status(204).end();
	});

	// =========================================================================================
	// matters
	const statusValues = { open: 'Open', closed: 'Closed', pending: 'Pending' } as const;
	router.get(
		'/matters.json',
		list<ClioMatter>({
			model: models.matter,
			collection: () => state.matters,
			filters: [
				enumFilter('status', ['open', 'closed', 'pending'], (m, v) => m.status === statusValues[v as keyof typeof statusValues]),
				idFilter('client_id', (m) => m.client_id),
				idFilter('responsible_attorney_id', (m) => m.responsible_attorney_id),
				boolFilter('billable', (m) => m.billable),
			],
			search: (m, q) => m.display_number.toLowerCase().includes(q) || m.description.toLowerCase().includes(q) || (m.client_reference ?? '').toLowerCase().includes(q),
		}),
	);
	router.get('/matters/:id.json', (req, res) => show(req, res, models.matter, find(state.matters, req, 'Matter')));
	router.post('/matters.json', (req, res) => {
		selectionFor(req, models.matter);
		const d = dataOf(req);
		const clientId = Number((d.client as { id?: unknown } | undefined)?.id);
		const client = state.contacts.get(clientId);
		if (!client) throw new ClioError(422, 'client.id is required and must be an existing contact');
		if (typeof d.description !== 'string' || !d.description) throw new ClioError(422, 'description is required');
		const id = state.matters.nextId();
		const number = Math.max(0, ...state.matters.all().map((m) => m.number)) + 1;
		const now = ctx.nowIso();
		const m: ClioMatter = {
			id,
			number,
			display_number: `${String(number).padStart(5, '0')}-${client.name.split(' ')[0].replace(/[^A-Za-z]/g, '')}`,
			description: d.description,
			status: 'Open',
			client_id: client.id,
			client_reference: null,
			billable: true,
			billing_method: 'hourly',
			open_date: now.slice(0, 10),
			close_date: null,
			pending_date: null,
			responsible_attorney_id: null,
			originating_attorney_id: null,
			practice_area: 'Litigation',
			matter_type: 'litigation',
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyMatter(m, d);
		state.matters.add(m);
		hooks.emit('matter', 'created', m);
		show(req, res, models.matter, m, 201);
	});
	router.patch('/matters/:id.json', (req, res) => {
		selectionFor(req, models.matter);
		const m = find(state.matters, req, 'Matter');
		checkIfMatch(req, 'matter', m);
		const before = m.status;
		applyMatter(m, dataOf(req));
		stamp(m);
		state.matters.touch();
		hooks.emit('matter', 'updated', m);
		if (before !== m.status) hooks.emit('matter', m.status === 'Open' ? 'matter_opened' : m.status === 'Closed' ? 'matter_closed' : 'matter_pended', m);
		show(req, res, models.matter, m);
	});
	router.delete('/matters/:id.json', (req, res) => {
		const m = find(state.matters, req, 'Matter');
		if (state.activities.all().some((a) => a.matter_id === m.id && a.bill_id !== null)) throw new ClioError(422, 'A matter with billed activities cannot be deleted');
		state.matters.delete(m.id);
		hooks.emit('matter', 'deleted', m);
		res.status(204).end();
	});

	// =========================================================================================
	// UTBMS codes and sets, activity descriptions
	router.get('/utbms/sets.json', list<ClioUtbmsSet>({ model: models.utbmsSet, collection: () => state.utbmsSets, filters: [] }));
	router.get(
		'/utbms/codes.json',
		list<ClioUtbmsCode>({
			model: models.utbmsCode,
			collection: () => state.utbmsCodes,
			filters: [enumFilter('type', ['UtbmsTask', 'UtbmsActivity', 'UtbmsExpense'], (c, v) => c.type === v), idFilter('utbms_set_id', (c) => c.utbms_set_id)],
			search: (c, q) => c.code.toLowerCase().includes(q) || c.name.toLowerCase().includes(q),
		}),
	);
	router.get('/utbms/codes/:id.json', (req, res) => show(req, res, models.utbmsCode, find(state.utbmsCodes, req, 'UtbmsCode')));
	router.get(
		'/activity_descriptions.json',
		list<ClioActivityDescription>({
			model: models.activityDescription,
			collection: () => state.activityDescriptions,
			filters: [enumFilter('type', ['utbms', 'clio'], (a, v) => (a.utbms_task_id !== null ? 'utbms' : 'clio') === v)],
			search: (a, q) => a.name.toLowerCase().includes(q),
		}),
	);
	router.get('/activity_descriptions/:id.json', (req, res) => show(req, res, models.activityDescription, find(state.activityDescriptions, req, 'ActivityDescription')));

	// =========================================================================================
	// activities
	router.get('/activities.json', list(activityList));
	router.get('/activities/:id.json', (req, res) => show(req, res, models.activity, find(state.activities, req, 'Activity')));
	router.post('/activities.json', (req, res) => {
		selectionFor(req, models.activity);
		const d = dataOf(req);
		if (typeof d.type !== 'string' || !activityTypes.includes(d.type as ClioActivityType)) throw new ClioError(422, `type is required: one of ${activityTypes.join(', ')}`);
		if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new ClioError(422, 'date is required (YYYY-MM-DD)');
		const user = userOf(res);
		const now = ctx.nowIso();
		const a: ClioActivity = {
			id: state.activities.nextId(),
			type: d.type as ClioActivityType,
			date: d.date,
			quantity: '0',
			price: d.type === 'TimeEntry' ? user.rate : '0',
			note: '',
			matter_id: null,
			user_id: user.id,
			activity_description_id: null,
			utbms_expense_id: null,
			bill_id: null,
			non_billable: false,
			no_charge: false,
			flat_rate: false,
			written_off: false,
			reference: null,
			created_at: now,
			updated_at: now,
			version: 1,
		};
		applyActivity(a, d, true);
		state.activities.add(a);
		hooks.emit('activity', 'created', a);
		show(req, res, models.activity, a, 201);
	});
	router.patch('/activities/:id.json', (req, res) => {
		selectionFor(req, models.activity);
		const a = find(state.activities, req, 'Activity');
		checkIfMatch(req, 'activity', a);
		if (state.activityStatus(a) === 'billed') throw new ClioError(422, 'This activity is on an issued bill and cannot be changed');
		applyActivity(a, dataOf(req), false);
		stamp(a);
		state.activities.touch();
		hooks.emit('activity', 'updated', a);
		show(req, res, models.activity, a);
	});
	router.delete('/activities/:id.json', (req, res) => {
		const a = find(state.activities, req, 'Activity');
		if (state.activityStatus(a) === 'billed') throw new ClioError(422, 'This activity is on an issued bill and cannot be deleted');
		state.activities.delete(a.id);
		if (a.bill_id !== null) state.billActivities.get(a.bill_id)?.delete(a.id);
		hooks.emit('activity', 'deleted', a);
		res.status(204).end();
	});

	// =========================================================================================
	// bills
	const billStates: ClioBillState[] = ['draft', 'awaiting_approval', 'awaiting_payment', 'paid', 'void', 'deleted'];
	router.get(
		'/bills.json',
		list<ClioBill>({
			model: models.bill,
			collection: () => state.bills,
			filters: [
				enumFilter('state', billStates, (b, v) => b.state === v),
				{
					param: 'matter_id',
					build: (v) => {
						const id = Number(v);
						if (!Number.isInteger(id)) throw new ClioError(400, 'matter_id must be an integer id');
						return (b: ClioBill) => b.matter_ids.includes(id);
					},
				},
				idFilter('client_id', (b) => b.client_id),
				dateFilter('issued_after', (b) => b.issued_at, 'gte'),
				dateFilter('issued_before', (b) => b.issued_at, 'lte'),
			],
			search: (b, q) => b.number.toLowerCase().includes(q),
		}),
	);
	router.get('/bills/:id.json', (req, res) => show(req, res, models.bill, find(state.bills, req, 'Bill')));
	router.patch('/bills/:id.json', (req, res) => {
		selectionFor(req, models.bill);
		const b = find(state.bills, req, 'Bill');
		checkIfMatch(req, 'bill', b);
		const d = dataOf(req);
		if (d.state !== undefined && d.state !== b.state) {
			const next = d.state as ClioBillState;
			if (!billStates.includes(next)) throw new ClioError(422, `state must be one of: ${billStates.join(', ')}`);
			if (!BILL_TRANSITIONS[b.state].includes(next)) throw new ClioError(422, `A bill cannot go from ${b.state} to ${next} (allowed: ${BILL_TRANSITIONS[b.state].join(', ') || 'none'})`);
			setBillState(b, next);
		}
		for (const key of ['memo', 'subject', 'purchase_order', 'number'] as const) if (typeof d[key] === 'string') b[key] = d[key] as string;
		for (const key of ['issued_at', 'due_at'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d[key] as string)) throw new ClioError(422, `${key} must be a date (YYYY-MM-DD)`);
			b[key] = d[key] as string;
		}
		stamp(b);
		state.bills.touch();
		hooks.emit('bill', 'updated', b);
		show(req, res, models.bill, b);
	});
	router.delete('/bills/:id.json', (req, res) => {
		const b = find(state.bills, req, 'Bill');
		if (!BILL_TRANSITIONS[b.state].includes('deleted')) throw new ClioError(422, `A ${b.state} bill cannot be deleted (void it first)`);
		setBillState(b, 'deleted');
		stamp(b);
		hooks.emit('bill', 'deleted', b);
		res.status(204).end();
	});

	function setBillState(b: ClioBill, next: ClioBillState) {
		b.state = next;
		if (next === 'paid') {
			b.paid = state.billTotal(b).toFixed(2);
			b.paid_at = ctx.nowIso();
		}
		if (next === 'awaiting_payment' && !b.last_sent_at) b.last_sent_at = ctx.nowIso();
		if (next === 'void' || next === 'deleted') {
			// the activities go back to unbilled
			for (const id of state.billActivities.get(b.id) ?? []) {
				const a = state.activities.get(id);
				if (a) {
					a.bill_id = null;
					stamp(a);
				}
			}
			state.billActivities.delete(b.id);
			state.activities.touch();
		}
	}

	// =========================================================================================
	// webhooks
	router.get(
		'/webhooks.json',
		(_req, _res, next) => {
			hooks.purgeExpired();
			next();
		},
		list<ClioWebhook>({ model: models.webhook, collection: () => state.webhooks, filters: [] }),
	);
	router.get('/webhooks/:id.json', (req, res) => {
		hooks.purgeExpired();
		show(req, res, models.webhook, find(state.webhooks, req, 'Webhook'));
	});
	router.post('/webhooks.json', (req, res) => {
		selectionFor(req, models.webhook);
		const hook = hooks.create(dataOf(req), userOf(res).id);
		show(req, res, models.webhook, hook, 201);
	});
	router.patch('/webhooks/:id.json', (req, res) => {
		selectionFor(req, models.webhook);
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		checkIfMatch(req, 'webhook', hook);
		hooks.update(hook, dataOf(req));
		show(req, res, models.webhook, hook);
	});
	router.delete('/webhooks/:id.json', (req, res) => {
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		hooks.delete(hook.id);
		res.status(204).end();
	});
	// The "Delayed" handshake as Clio's API documentation states it (clio-openapi.json, webhooks
	// section): PUT /api/v4/webhooks/:webhook_id/activate with the secret in an X-Hook-Secret header.
	// No .json suffix and no other method: the documented path only.
	router.put('/webhooks/:id/activate', (req: Request, res: Response) => {
		hooks.purgeExpired();
		const hook = find(state.webhooks, req, 'Webhook');
		hooks.activate(hook, req.get('x-hook-secret'));
		show(req, res, models.webhook, hook);
	});

	// ---- errors in Clio's shape
	router.use((err: Error, _req: Request, res: Response, next: NextFunction) => {
		if (err instanceof ClioError) return void res.status(err.status).json(clioErrorBody(err.status, err.message, err.type));
		if (err instanceof FieldsError) return void res.status(400).json(clioErrorBody(400, err.message, 'InvalidFields'));
		if (err instanceof WebhookError) return void res.status(err.status).json(clioErrorBody(err.status, err.message));
		next(err);
	});

	// ---- write helpers
	function applyContact(c: ClioContact, d: Record<string, unknown>) {
		const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
		if (str('first_name') !== undefined) c.first_name = str('first_name') as string;
		if (str('last_name') !== undefined) c.last_name = str('last_name') as string;
		if (c.type === 'Person') c.name = [c.first_name, c.last_name].filter(Boolean).join(' ');
		else if (str('name') !== undefined) c.name = str('name') as string;
		if (str('ledes_client_id') !== undefined) c.ledes_client_id = str('ledes_client_id') as string;
		if (str('sales_tax_number') !== undefined) c.sales_tax_number = str('sales_tax_number') as string;
		if (typeof d.is_client === 'boolean') c.is_client = d.is_client;
		if (str('primary_email_address') !== undefined) c.primary_email_address = str('primary_email_address') as string;
		if (Array.isArray(d.email_addresses)) {
			const first = (d.email_addresses as { address?: unknown; default_email?: unknown }[]).find((e) => e.default_email) ?? (d.email_addresses as { address?: unknown }[])[0];
			if (first && typeof first.address === 'string') c.primary_email_address = first.address;
		}
		if (Array.isArray(d.phone_numbers)) {
			const first = (d.phone_numbers as { number?: unknown }[])[0];
			if (first && typeof first.number === 'string') c.primary_phone_number = first.number;
		}
	}

	function applyMatter(m: ClioMatter, d: Record<string, unknown>) {
		if (typeof d.description === 'string') m.description = d.description;
		if (typeof d.client_reference === 'string') m.client_reference = d.client_reference;
		if (typeof d.display_number === 'string') m.display_number = d.display_number;
		if (typeof d.billable === 'boolean') m.billable = d.billable;
		if (d.billing_method !== undefined) {
			if (d.billing_method !== 'flat' && d.billing_method !== 'contingency' && d.billing_method !== 'hourly') throw new ClioError(422, 'billing_method must be flat, contingency or hourly');
			m.billing_method = d.billing_method;
		}
		if (d.status !== undefined) {
			// Clio's OpenAPI documents writes as open|closed|pending (reads answer Open|Closed|Pending)
			const written = typeof d.status === 'string' ? statusValues[d.status.toLowerCase() as keyof typeof statusValues] : undefined;
			if (!written) throw new ClioError(422, 'status must be open, closed or pending');
			const today = ctx.nowIso().slice(0, 10);
			if (written === 'Closed' && m.status !== 'Closed') m.close_date = today;
			if (written === 'Open' && !m.open_date) m.open_date = today;
			if (written === 'Pending' && !m.pending_date) m.pending_date = today;
			m.status = written;
		}
		for (const key of ['responsible_attorney', 'originating_attorney'] as const) {
			if (d[key] === undefined) continue;
			const id = Number((d[key] as { id?: unknown } | null)?.id);
			if (!state.users.get(id)) throw new ClioError(422, `${key}.id must be an existing user`);
			m[`${key}_id`] = id;
		}
		for (const key of ['open_date', 'close_date', 'pending_date'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d[key] as string)) throw new ClioError(422, `${key} must be a date (YYYY-MM-DD)`);
			m[key] = d[key] as string;
		}
	}

	function applyActivity(a: ClioActivity, d: Record<string, unknown>, creating: boolean) {
		if (!creating && d.type !== undefined && d.type !== a.type) throw new ClioError(422, 'type cannot be changed');
		if (d.date !== undefined) {
			if (typeof d.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new ClioError(422, 'date must be YYYY-MM-DD');
			a.date = d.date;
		}
		if (d.quantity !== undefined) {
			const q = Decimal.tryFrom(d.quantity as string | number);
			if (!q || q.isNegative()) throw new ClioError(422, 'quantity must be a non-negative number (seconds for a TimeEntry, units for an expense)');
			a.quantity = a.type === 'TimeEntry' ? q.round(0).toFixed(0) : q.toString();
		}
		if (d.price !== undefined) {
			const p = Decimal.tryFrom(d.price as string | number);
			if (!p || p.isNegative()) throw new ClioError(422, 'price must be a non-negative number');
			a.price = p.toString();
		}
		if (d.note !== undefined) {
			if (typeof d.note !== 'string') throw new ClioError(422, 'note must be a string');
			a.note = d.note;
		}
		if (d.reference !== undefined) a.reference = d.reference === null ? null : String(d.reference);
		for (const key of ['non_billable', 'no_charge', 'flat_rate'] as const) {
			if (d[key] === undefined) continue;
			if (typeof d[key] !== 'boolean') throw new ClioError(422, `${key} must be true or false`);
			a[key] = d[key] as boolean;
		}
		if (d.matter !== undefined) {
			const id = Number((d.matter as { id?: unknown } | null)?.id);
			if (!state.matters.get(id)) throw new ClioError(422, 'matter.id must be an existing matter');
			a.matter_id = id;
		}
		if (d.user !== undefined) {
			const id = Number((d.user as { id?: unknown } | null)?.id);
			if (!state.users.get(id)) throw new ClioError(422, 'user.id must be an existing user');
			a.user_id = id;
		}
		if (d.activity_description !== undefined) {
			const ad = d.activity_description as { id?: unknown; utbms_task_id?: unknown; utbms_activity_id?: unknown } | null;
			if (ad?.id !== undefined) {
				if (!state.activityDescriptions.get(Number(ad.id))) throw new ClioError(422, 'activity_description.id must be an existing activity description');
				a.activity_description_id = Number(ad.id);
			} else if (ad?.utbms_task_id !== undefined || ad?.utbms_activity_id !== undefined) {
				a.activity_description_id = utbmsDescription(ad?.utbms_task_id, ad?.utbms_activity_id);
			}
		}
		if (d.utbms_expense !== undefined) {
			const id = Number((d.utbms_expense as { id?: unknown } | null)?.id);
			const code = state.utbmsCodes.get(id);
			if (!code || code.type !== 'UtbmsExpense') throw new ClioError(422, 'utbms_expense.id must be a UTBMS expense code id (see /utbms/codes.json?type=UtbmsExpense)');
			a.utbms_expense_id = id;
		}
		if (a.type === 'TimeEntry' && a.utbms_expense_id !== null) throw new ClioError(422, 'A TimeEntry cannot carry a UTBMS expense code');
	}

	/** Finds or creates the activity description for a UTBMS task/activity pair. */
	function utbmsDescription(taskIdRaw: unknown, activityIdRaw: unknown): number {
		const task = state.utbmsCodes.get(Number(taskIdRaw));
		const activity = state.utbmsCodes.get(Number(activityIdRaw));
		if (!task || task.type !== 'UtbmsTask') throw new ClioError(422, 'activity_description.utbms_task_id must be a UTBMS task code id');
		if (!activity || activity.type !== 'UtbmsActivity') throw new ClioError(422, 'activity_description.utbms_activity_id must be a UTBMS activity code id');
		const existing = state.activityDescriptions.all().find((x) => x.utbms_task_id === task.id && x.utbms_activity_id === activity.id);
		if (existing) return existing.id;
		const now = ctx.nowIso();
		const created = state.activityDescriptions.add({
			id: state.activityDescriptions.nextId(),
			name: `${task.code} ${task.name} — ${activity.code} ${activity.name}`,
			utbms_task_id: task.id,
			utbms_activity_id: activity.id,
			created_at: now,
			updated_at: now,
			version: 1,
		});
		return created.id;
	}

	return router;
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
