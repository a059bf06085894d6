/**
 * Actionstep simulator, served at `${url}/actionstep`.
 *
 * Follows shared/vendor-specs/actionstep (the 35 official OpenAPI files + facts.md); every request
 * is first judged by ./contract.ts against those files.
 * [DOC] OAuth 2.0 authorization code with a required scope; the token response carries
 * `api_endpoint` and `orgkey`; requests go to `{api_endpoint}rest/<resource>`;
 * `application/vnd.api+json` bodies wrapped in the resource key, responses with `links`, `linked`
 * and `meta.paging.<resource>`; `<res>` is an OBJECT when one record comes back (collection GETs
 * too) and an array otherwise; 204 without a body when a collection GET matches nothing;
 * booleans "T"/"F"; link ids are strings; multi-get `/timeentries/1,2,3`; composite ids joined by
 * `--` (a custom-field value is `{dataCollectionId}--{fieldName}--{recordId}`); `include=`,
 * `fields[<resource>]=`, `sort=`, `page`, `pageSize` (max 200); filters `<field>_<op>` with
 * eq/nteq/in/ntin/lt/lteq/gt/gteq/like/ntlike/ilike/ntilike and the `*` wildcard; PATCH on actions
 * (actions.yaml), PUT elsewhere; resthooks `{eventName, targetUrl}` for the 21 documented events;
 * a hook whose target answers anything but 200 becomes Disabled (401 deletes it).
 * [INF] the error body (JSON:API `errors`); the participant field `ledesClassification` (real
 * Actionstep keeps it in a custom field); the callback body (the record as a GET returns it);
 * `PUT /bills/{id}` (undocumented: served only for the node's opt-in "unverified" option).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { VendorModule } from '../../framework/vendor';
import { actionstepContract } from './contract';
import { actionstepErrorBody, AsError, JSONAPI } from './errors';
import { linkValue, matches, OPS } from './filters';
import { checkValue, WRITABLE } from './writable';
import {
	billableAmount,
	buildActionstepState,
	EVENT_PREFIX,
	LinkIndexedMap,
	RESOURCE_LINKS,
	RESTHOOK_EVENTS,
	recordValueId,
	type ActionstepState,
	type Rec,
} from './state';

export const ACTIONSTEP_CLIENT_ID = 'sandbox-actionstep-client';
export const ACTIONSTEP_CLIENT_SECRET = 'sandbox-actionstep-secret';
export const ACTIONSTEP_ORGKEY = 'sandboxorg';
export type { ActionstepState } from './state';
export { RESTHOOK_EVENTS } from './state';
export { actionstepErrorBody } from './errors';

export const actionstep: VendorModule<ActionstepState> = {
	name: 'actionstep',
	prefix: '/actionstep',
	title: 'Actionstep',
	contract: () => actionstepContract(),
	create(ctx) {
		const apiEndpoint = () => `${ctx.vendorUrl()}/api/`;
		const oauth = ctx.createOAuth({
			title: 'Actionstep',
			clients: [{ clientId: ACTIONSTEP_CLIENT_ID, clientSecret: ACTIONSTEP_CLIENT_SECRET }],
			grants: ['authorization_code', 'refresh_token'],
			accessTokenTtlSeconds: 3600,
			tokenPrefix: 'as',
			requireScope: true,
			defaultUserId: ctx.firm.timekeepers[0].id,
			tokenResponseExtra: () => ({ api_endpoint: apiEndpoint(), orgkey: ACTIONSTEP_ORGKEY }),
		});
		const state = buildActionstepState(ctx.firm);
		const stamp = () => ctx.nowIso();
		const rest = () => `${apiEndpoint()}rest/`;

		const collection = (resource: string) => {
			const c = state.data[resource];
			if (!c) throw new AsError(404, 'Not Found', `Unknown resource "${resource}"`);
			return c;
		};

		const topLinks = (resource: string) =>
			Object.fromEntries(Object.entries(RESOURCE_LINKS[resource] ?? {}).map(([name, type]) => [`${resource}.${name}`, { href: `${rest()}${type}/{${resource}.${name}}`, type }]));

		/**
		 * Sends the record to every Active resthook of the event (only the 21 documented events exist).
		 * Actionstep expects HTTP 200: any other answer (201/204 included, or none) disables the hook,
		 * 401 deletes it (facts.md §6). No retry.
		 */
		const fire = (resource: string, verb: 'Created' | 'Updated' | 'Deleted', rec: Rec) => {
			const prefix = EVENT_PREFIX[resource];
			if (!prefix) return;
			const eventName = `${prefix}${verb}`;
			if (!RESTHOOK_EVENTS.includes(eventName)) return;
			// version B of the callback body (facts.md §6): the record as a GET of the resource returns it
			const body = JSON.stringify({ links: topLinks(resource), [resource]: [rec] });
			for (const hook of state.data.resthooks.values()) {
				if (hook.eventName !== eventName || hook.status !== 'Active') continue;
				ctx.scheduler.after(0, async () => {
					const res = await ctx.callback({ url: String(hook.targetUrl), method: 'POST', headers: { 'Content-Type': JSONAPI }, body });
					ctx.log.record('resthook-delivery', { hookId: hook.id, eventName, recordId: rec.id, status: res.status, ...(res.error ? { error: res.error } : {}) });
					hook.triggeredCount = Number(hook.triggeredCount ?? 0) + 1;
					hook.triggeredLastTimestamp = stamp();
					if (res.status === 401) {
						state.data.resthooks.delete(String(hook.id));
						ctx.log.record('resthook-deleted', { hookId: hook.id, reason: 'target answered 401' });
					} else if (res.status !== 200) {
						hook.status = 'Disabled';
						ctx.log.record('resthook-disabled', { hookId: hook.id, reason: `target answered ${res.status || (res.error ?? 'nothing')}` });
					}
				});
			}
		};

		const project = (resource: string, rec: Rec, fields?: string[]) => {
			if (!fields) return rec;
			const out: Rec = { id: rec.id };
			for (const f of fields) if (f in rec) out[f] = rec[f];
			out.links = rec.links;
			return out;
		};

		const linkedFor = (resource: string, records: Rec[], include: string[]) => {
			const linked: Record<string, Rec[]> = {};
			for (const name of include) {
				const type = RESOURCE_LINKS[resource]?.[name];
				if (!type) throw new AsError(400, 'Invalid Include', `"${name}" is not a relation of ${resource} (relations: ${Object.keys(RESOURCE_LINKS[resource] ?? {}).join(', ')})`);
				const ids = new Set(records.flatMap((r) => linkValue(r, name)));
				const list = (linked[type] ??= []);
				for (const id of ids) {
					const target = state.data[type]?.get(id);
					if (target && !list.some((x) => String(x.id) === id)) list.push(target);
				}
			}
			return linked;
		};

		const list = (req: Request, res: Response, resource: string) => {
			const q = req.query as Record<string, unknown>;
			const page = q.page === undefined ? 1 : Number(q.page);
			const pageSize = q.pageSize === undefined ? 50 : Number(q.pageSize);
			if (!Number.isInteger(page) || page < 1) throw new AsError(400, 'Invalid Paging', 'page must be a positive integer');
			if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) throw new AsError(400, 'Invalid Paging', 'pageSize must be an integer from 1 to 200');
			const store = collection(resource);
			// the records filtered so far; undefined = all of the store (not copied until needed)
			let filtered: Rec[] | undefined;
			const known = (k: string) => {
				if (k in (RESOURCE_LINKS[resource] ?? {}) || k === 'id') return true;
				for (const r of filtered ?? store.values()) if (k in r) return true;
				return false;
			};
			// the relation the store is indexed by (time entries: action), answered from the index
			// when it is the first filter applied: the same records in the same order as a scan
			const indexed = store instanceof LinkIndexedMap && ctx.vendorOptions.filterIndex !== false ? new RegExp(`^${store.link}(?:_(eq|in))?$`) : undefined;
			for (const [k, v] of Object.entries(q)) {
				if (typeof v !== 'string' || ['page', 'pageSize', 'sort', 'include', 'fields'].includes(k)) continue;
				if (!new RegExp(`_(${OPS})$`).test(k) && !known(k)) continue;
				const from = filtered === undefined && indexed?.test(k) ? (store as LinkIndexedMap).withLink(v.split(',')) : (filtered ?? [...store.values()]);
				filtered = from.filter((r) => matches(r, resource, k, v));
			}
			let records = filtered ?? [...store.values()];
			const sort = String(q.sort ?? 'id').split(',').filter(Boolean);
			// sort keys computed once per record (numbers as numbers, text by code point)
			const keys = sort.map((s) => ({ desc: s.startsWith('-'), field: s.replace(/^-/, '') }));
			// records are usually kept in numeric id order: then the default sort needs no work
			const inIdOrder = sort.length === 1 && sort[0] === 'id' && records.every((r, n) => typeof r.id === 'number' && (n === 0 || (records[n - 1].id as number) < r.id));
			const keyed = inIdOrder ? [] : records.map((r) => ({ r, k: keys.map(({ field }) => {
				const v = r[field];
				const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
				return n ?? String(v ?? '');
			}) }));
			keyed.sort((a, b) => {
				for (let n = 0; n < keys.length; n++) {
					const x = a.k[n];
					const y = b.k[n];
					const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
					if (c !== 0) return keys[n].desc ? -c : c;
				}
				return 0;
			});
			if (keyed.length) records = keyed.map((x) => x.r);
			const recordCount = records.length;
			const pageCount = Math.max(1, Math.ceil(recordCount / pageSize));
			const slice = records.slice((page - 1) * pageSize, page * pageSize);
			const include = String(q.include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
			const fieldsParam = (q.fields as Record<string, string> | undefined)?.[resource] ?? (q[`fields[${resource}]`] as string | undefined);
			const fields = fieldsParam ? String(fieldsParam).split(',') : undefined;
			const pageUrl = (p: number) => {
				const u = new URL(`${rest()}${resource}`);
				for (const [k, v] of Object.entries(q)) if (k !== 'page' && typeof v === 'string') u.searchParams.set(k, v);
				u.searchParams.set('page', String(p));
				u.searchParams.set('pageSize', String(pageSize));
				return u.toString();
			};
			// nothing matched: 204 without a body (facts.md §2, W-ERR)
			if (recordCount === 0) {
				res.status(204).end();
				return;
			}
			const rows = slice.map((r) => project(resource, r, fields));
			res.type(JSONAPI).send(
				JSON.stringify({
					links: topLinks(resource),
					// one record: an object, not an array (facts.md §2)
					[resource]: rows.length === 1 ? rows[0] : rows,
					...(include.length ? { linked: linkedFor(resource, slice, include) } : {}),
					meta: { paging: { [resource]: { recordCount, pageCount, page, pageSize, prevPage: page > 1 ? pageUrl(page - 1) : null, nextPage: page < pageCount ? pageUrl(page + 1) : null } } },
				}),
			);
		};

		const getByIds = (req: Request, res: Response, resource: string, idsText: string) => {
			const ids = idsText.split(',');
			const found = ids.map((id) => collection(resource).get(id));
			const missing = ids.filter((_, i) => !found[i]);
			if (missing.length) throw new AsError(404, 'Not Found', `${resource} ${missing.join(', ')} not found`);
			const recs = found as Rec[];
			const include = String((req.query as Record<string, unknown>).include ?? '').split(',').map((s) => s.trim()).filter(Boolean);
			res.type(JSONAPI).send(
				JSON.stringify({
					links: topLinks(resource),
					[resource]: ids.length === 1 ? recs[0] : recs,
					...(include.length ? { linked: linkedFor(resource, recs, include) } : {}),
				}),
			);
		};

		const readBody = (req: Request, resource: string): Record<string, unknown> => {
			const ct = req.get('content-type') ?? '';
			if (!/json/.test(ct)) throw new AsError(415, 'Unsupported Media Type', `Send ${JSONAPI} (got "${ct}")`);
			const body = (req.body ?? {}) as Record<string, unknown>;
			const inner = body[resource];
			if (!inner || typeof inner !== 'object' || Array.isArray(inner)) throw new AsError(400, 'Invalid Body', `The body must wrap the record in "${resource}": { "${resource}": { ... } }`);
			return inner as Record<string, unknown>;
		};

		const applyWrite = (resource: string, target: Rec, input: Record<string, unknown>, creating: boolean) => {
			const spec = WRITABLE[resource];
			for (const [k, v] of Object.entries(input)) {
				if (k === 'links' || k === 'id') continue;
				const kind = spec.attrs[k];
				if (!kind) throw new AsError(422, 'Invalid Attribute', `${k} is not a writable attribute of ${resource} (writable: ${Object.keys(spec.attrs).join(', ') || 'none'})`, `/${resource}/${k}`);
				target[k] = checkValue(resource, k, kind, v);
			}
			const links = (input.links ?? {}) as Record<string, unknown>;
			target.links = { ...(target.links ?? {}) };
			for (const [k, v] of Object.entries(links)) {
				if (!spec.links.includes(k)) throw new AsError(422, 'Invalid Relation', `${k} is not a writable relation of ${resource}`, `/${resource}/links/${k}`);
				if (v !== null) {
					const type = RESOURCE_LINKS[resource][k];
					if (!state.data[type]?.has(String(v))) throw new AsError(422, 'Invalid Relation', `${k} ${String(v)} does not exist (${type})`, `/${resource}/links/${k}`);
				}
				target.links[k] = v === null ? null : String(v);
			}
			if (creating) {
				for (const r of spec.required ?? []) if (target[r] === undefined || target[r] === '') throw new AsError(422, 'Missing Attribute', `${r} is required`, `/${resource}/${r}`);
				for (const r of spec.requiredLinks ?? []) if (!target.links[r]) throw new AsError(422, 'Missing Relation', `links.${r} is required`, `/${resource}/links/${r}`);
			}
		};

		const create = (req: Request, res: Response, resource: string) => {
			const spec = WRITABLE[resource];
			if (!spec?.methods.includes('POST')) throw new AsError(405, 'Method Not Allowed', `POST is not allowed on ${resource}`);
			const input = readBody(req, resource);
			const rec: Rec = { id: 0, links: {} };
			applyWrite(resource, rec, input, true);
			if (resource === 'timeentries') {
				const owner = state.data.participants.get(String(rec.links?.owner));
				rec.billableHours ??= rec.actualHours;
				rec.rateUnitPrice ??= owner?.defaultRate ?? '0';
				rec.billingBehavior ??= 'Bill';
				rec.isBillable ??= rec.billingBehavior === 'Bill' ? 'T' : 'F';
				rec.description ??= '';
				rec.billableAmount = billableAmount(rec);
				rec.links = { utbmsTaskCode: null, utbmsActivityCode: null, ...rec.links };
			}
			if (resource === 'tasks') {
				rec.status ??= 'Incomplete';
				rec.priority ??= 'Normal';
			}
			if (resource === 'resthooks') {
				// RESTHook (resthooks.yaml): no links, no timestamps
				delete rec.links;
				rec.status = 'Active';
				rec.triggeredCount = 0;
				rec.triggeredLastTimestamp = null;
				try {
					new URL(String(rec.targetUrl));
				} catch {
					throw new AsError(422, 'Invalid Attribute', 'targetUrl must be an absolute URL', '/resthooks/targetUrl');
				}
			}
			if (resource === 'datacollectionrecordvalues') {
				// the id is composite: {dataCollectionId}--{fieldName}--{recordId}; the links must agree
				const l = rec.links ?? {};
				const record = state.data.datacollectionrecords.get(String(l.dataCollectionRecord));
				const [dc, field] = String(l.dataCollectionField).split('--');
				if (!record || String(record.links?.dataCollection) !== String(l.dataCollection) || dc !== String(l.dataCollection) || String(record.links?.action) !== String(l.action)) {
					throw new AsError(422, 'Invalid Relation', 'action, dataCollection, dataCollectionField and dataCollectionRecord must belong together', '/datacollectionrecordvalues/links');
				}
				const id = recordValueId(dc, field, String(record.id));
				if (state.data.datacollectionrecordvalues.has(id)) throw new AsError(409, 'Conflict', `datacollectionrecordvalues ${id} already exists: PUT it`);
				rec.id = id;
			}
			if (resource === 'datacollectionrecords') {
				const dup = [...state.data.datacollectionrecords.values()].find((r) => r.links?.action === rec.links?.action && r.links?.dataCollection === rec.links?.dataCollection);
				if (dup) throw new AsError(409, 'Conflict', `Action ${String(rec.links?.action)} already has a record in data collection ${String(rec.links?.dataCollection)} (${dup.id})`);
			}
			if (resource !== 'datacollectionrecordvalues') rec.id = state.nextId[resource]++;
			// each resource's own timestamps (its YAML record schema)
			if (resource === 'timeentries') rec.createdTimestamp = stamp();
			else if (resource === 'tasks') rec.lastModifiedTimestamp = stamp();
			else if (!['datacollectionrecordvalues', 'datacollectionrecords', 'resthooks'].includes(resource)) {
				rec.createdTimestamp = stamp();
				rec.modifiedTimestamp = rec.createdTimestamp;
			}
			collection(resource).set(String(rec.id), rec);
			ctx.log.record('write', { method: 'POST', resource, id: rec.id });
			// a new custom-field value is announced as DataCollectionRecordValueUpdated (there is no ...Created event)
			fire(resource, resource === 'datacollectionrecordvalues' ? 'Updated' : 'Created', rec);
			res.status(201).type(JSONAPI).send(JSON.stringify({ links: topLinks(resource), [resource]: rec }));
		};

		/** PUT (most resources) or PATCH (actions, per actions.yaml): the attributes sent change. */
		const update = (req: Request, res: Response, resource: string, id: string) => {
			const spec = WRITABLE[resource];
			const method = req.method.toUpperCase();
			if (!spec?.methods.includes(method)) throw new AsError(405, 'Method Not Allowed', `${method} is not allowed on ${resource}${spec?.methods.includes('PATCH') ? ' (send PATCH)' : spec?.methods.includes('PUT') ? ' (send PUT)' : ''}`);
			const input = readBody(req, resource);
			if (input.id !== undefined && String(input.id) !== id) throw new AsError(400, 'Invalid Body', `The body's id ${String(input.id)} differs from the URL's ${id}`);
			const rec = collection(resource).get(id);
			if (!rec) throw new AsError(404, 'Not Found', `${resource} ${id} not found`);
			const before = JSON.stringify(rec);
			const draft: Rec = JSON.parse(before);
			applyWrite(resource, draft, input, false);
			if (resource === 'timeentries') draft.billableAmount = billableAmount(draft);
			if ('modifiedTimestamp' in rec) draft.modifiedTimestamp = stamp();
			if ('lastModifiedTimestamp' in rec) draft.lastModifiedTimestamp = stamp();
			Object.assign(rec, draft);
			const store = collection(resource);
			if (store instanceof LinkIndexedMap) store.reindex(id);
			ctx.log.record('write', { method, resource, id });
			fire(resource, 'Updated', rec);
			res.type(JSONAPI).send(JSON.stringify({ links: topLinks(resource), [resource]: rec }));
		};

		const remove = (res: Response, resource: string, id: string) => {
			const spec = WRITABLE[resource];
			if (!spec?.methods.includes('DELETE')) throw new AsError(405, 'Method Not Allowed', `DELETE is not allowed on ${resource}`);
			const rec = collection(resource).get(id);
			if (!rec) throw new AsError(404, 'Not Found', `${resource} ${id} not found`);
			collection(resource).delete(id);
			ctx.log.record('write', { method: 'DELETE', resource, id });
			fire(resource, 'Deleted', rec);
			res.status(204).end();
		};

		const wrap = (fn: (req: Request, res: Response) => void) => (req: Request, res: Response) => {
			try {
				fn(req, res);
			} catch (e) {
				if (e instanceof AsError) {
					res.status(e.status).type(JSONAPI).send(JSON.stringify(actionstepErrorBody(e.status, e.message, e.title, e.pointer)));
					return;
				}
				throw e;
			}
		};

		const restRouter = express.Router();
		restRouter.get('/:resource', wrap((req, res) => list(req, res, String(req.params.resource))));
		restRouter.get('/:resource/:ids', wrap((req, res) => getByIds(req, res, String(req.params.resource), String(req.params.ids))));
		restRouter.post('/:resource', wrap((req, res) => create(req, res, String(req.params.resource))));
		restRouter.put('/:resource/:id', wrap((req, res) => update(req, res, String(req.params.resource), String(req.params.id))));
		restRouter.patch('/:resource/:id', wrap((req, res) => update(req, res, String(req.params.resource), String(req.params.id))));
		restRouter.delete('/:resource/:id', wrap((req, res) => remove(res, String(req.params.resource), String(req.params.id))));

		return {
			state,
			mount(router: Router) {
				router.use('/api/oauth/authorize', oauth.authorizeRouter());
				router.post('/api/oauth/token', ...oauth.tokenHandler());
				router.use(
					'/api/rest',
					oauth.bearer((res, result) => {
						res.status(401).type(JSONAPI).send(JSON.stringify(actionstepErrorBody(401, result.message, 'Unauthorized')));
					}),
					restRouter,
				);
			},
			mountAdmin(router: Router) {
				router.get('/resthooks', (_req, res) => {
					res.json({ data: [...state.data.resthooks.values()] });
				});
			},
			reset() {
				Object.assign(state, buildActionstepState(ctx.firm));
			},
			errorBody: (status, message) => actionstepErrorBody(status, message),
			describe: (url) => ({
				urls: {
					authorize: `${url}/actionstep/api/oauth/authorize`,
					token: `${url}/actionstep/api/oauth/token`,
					'api_endpoint (in the token response)': `${url}/actionstep/api/`,
					rest: `${url}/actionstep/api/rest/<resource>`,
					'credential custom OAuth base URL': `${url}/actionstep`,
				},
				clientId: ACTIONSTEP_CLIENT_ID,
				clientSecret: ACTIONSTEP_CLIENT_SECRET,
				notes: ['Grant: authorization code (scope required), refresh token. Bodies: application/vnd.api+json; PATCH on actions, PUT elsewhere; booleans "T"/"F"; requests judged against the official OpenAPI files.'],
			}),
		};
	},
};
