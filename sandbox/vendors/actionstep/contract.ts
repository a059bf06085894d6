/**
 * Actionstep request contract: every request the simulator receives, judged against Actionstep's
 * 35 official OpenAPI files (`shared/vendor-specs/actionstep/openapi/*.yaml`) and, for what those
 * files leave out, against the official facts of `actionstep/facts.md` (query syntax, headers, the
 * body wrapper, REST hook event names). Independent of the product: reads only the spec files.
 *
 * Adaptations of the YAMLs (each from facts.md):
 * - paths are served under `/api/rest` (§1); the two misspelt singular item paths are read as
 *   plural (`/datacollections/{id}`, `/datacollectionfields/{id}`, §5);
 * - write bodies wrap ONE object under the resource name (§2); the YAML schema judges the inner
 *   object; required names that are relations (`createdBy`, `owner` on time entries) are required
 *   under `links` (§5); objects are closed (the API is case-sensitive, §2);
 * - numbers may be sent as decimal strings and integer ids as digit strings (link values are
 *   strings in live responses, §2): an assumption, listed in docs/vendor-fidelity.md;
 * - query parameters (§3): `include` (relations of the resource), `fields[<resource>]` (its
 *   attributes), `sort`, `page`, `pageSize` ≤ 200, filters `<field>_<op>` with the official
 *   operator list, `<field>` alone (= eq), `<relation>[<field>_<op>]`; enum values checked;
 *   `like`/`ilike` use the `*` wildcard, never `%`; `lt/lteq/gt/gteq` only on numbers and dates,
 *   dates as `YYYY-MM-DDTHH:MM:SS`;
 * - `Accept` and (with a body) `Content-Type` are `application/vnd.api+json` (§2);
 * - `resthooks.eventName` is one of the 21 names of resthook-events.json (§6).
 * Operations that are NOT documented but that the simulator keeps for an opt-in "unverified"
 * node option are counted as not judged (source `none`), never as official.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedPath } from '../../../test/helpers/shared';
import {
	ajvMessages,
	compileCache,
	hasBody,
	mediaType,
	OpenApiPaths,
	openApiAjv,
	resolveRef,
	violation,
	type ContractRequest,
	type ContractResult,
	type ContractValidator,
	type ContractViolation,
} from '../../framework/contracts';

type Json = Record<string, unknown>;

export const ACTIONSTEP_SPEC_DIR = process.env.ACTIONSTEP_OPENAPI_DIR ?? sharedPath('vendor-specs', 'actionstep', 'openapi');
const FACTS = 'actionstep/facts.md';
const JSONAPI = 'application/vnd.api+json';
const OPERATORS = ['eq', 'nteq', 'in', 'ntin', 'lt', 'lteq', 'gt', 'gteq', 'like', 'ntlike', 'ilike', 'ntilike'];

/** Undocumented operations the simulator serves for opt-in "unverified" node options: counted, not judged. */
export const UNVERIFIED_OPERATIONS: Record<string, string> = {
	'PUT /bills/{id}': 'not in bills.yaml (only GET /bills): kept behind the node option "Allow Unverified Endpoint", off by default',
};

interface Loaded {
	paths: OpenApiPaths;
	/** resource → its record schema (resolved) and the file */
	records: Map<string, { schema: Json; doc: Json; file: string }>;
	events: string[];
}

let loaded: Loaded | undefined | null;

function load(): Loaded | null {
	if (loaded !== undefined) return loaded;
	try {
		const paths = new OpenApiPaths();
		const records = new Map<string, { schema: Json; doc: Json; file: string }>();
		for (const f of readdirSync(ACTIONSTEP_SPEC_DIR).filter((x) => x.endsWith('.yaml')).sort()) {
			const doc = parse(readFileSync(join(ACTIONSTEP_SPEC_DIR, f), 'utf8'), { schema: 'core' }) as Json;
			// facts.md §5: the plural item path is the real one
			const p = doc.paths as Record<string, Json>;
			for (const [k, v] of Object.entries(p)) {
				const fixed = k.replace(/^\/datacollection\//, '/datacollections/').replace(/^\/datacollectionfield\//, '/datacollectionfields/');
				if (fixed !== k) {
					p[fixed] = v;
					delete p[k];
				}
			}
			paths.add(doc, `actionstep/openapi/${f}`);
			const resource = f.replace(/\.yaml$/, '');
			const list = (p[`/${resource}`] as Json | undefined)?.get as Json | undefined;
			const paged = resolveRef(doc, ((((list?.responses as Json)?.['200'] as Json)?.content as Json)?.['application/json'] as Json)?.schema as Json);
			const arr = Object.values((paged?.properties as Record<string, Json>) ?? {}).find((x) => x.type === 'array');
			const rec = resolveRef(doc, arr?.items as Json);
			if (rec) records.set(resource, { schema: rec, doc, file: `actionstep/openapi/${f}` });
		}
		const events = (JSON.parse(readFileSync(join(ACTIONSTEP_SPEC_DIR, '..', 'resthook-events.json'), 'utf8')) as { events: Array<{ name: string }> }).events.map((e) => e.name);
		loaded = { paths, records, events };
	} catch {
		loaded = null;
	}
	return loaded;
}

/** The request-body schema of an operation, prepared for ajv (see the adaptations above). */
function bodySchema(doc: Json, op: Json, resource: string, events: string[]): Json | undefined {
	const rb = resolveRef(doc, op.requestBody as Json);
	const content = (rb?.content ?? {}) as Record<string, Json>;
	let s = resolveRef(doc, Object.values(content)[0]?.schema as Json);
	if (!s) return undefined;
	// two files already wrap the record (actionparticipants, participantdefaulttypes)
	const props = (s.properties ?? {}) as Record<string, Json>;
	if (Object.keys(props).length === 1 && props[resource]) s = resolveRef(doc, props[resource]) ?? s;
	const prepared = prepare(doc, s, true);
	const links = (prepared.properties as Record<string, Json> | undefined)?.links as Json | undefined;
	const linkProps = Object.keys(((links?.anyOf as Json[] | undefined)?.[0]?.properties as Json) ?? {});
	const required = ((s.required as string[] | undefined) ?? []).filter((r) => !((s?.properties as Json) ?? {})[r] || r === 'links');
	if (required.length && links) {
		const inner = (links.anyOf as Json[])[0];
		inner.required = [...new Set([...((inner.required as string[]) ?? []), ...required.filter((r) => linkProps.includes(r))])];
		prepared.required = ((prepared.required as string[]) ?? []).filter((r) => !required.includes(r));
		if (!(prepared.required as string[]).includes('links')) (prepared.required as string[]).push('links');
		(prepared.properties as Record<string, Json>).links = inner;
	}
	if (resource === 'resthooks') {
		const p = prepared.properties as Record<string, Json>;
		p.eventName = { enum: events };
	}
	return prepared;
}

/** Inlines refs, closes objects, relaxes numbers to decimal strings and ids to digit strings, allows null. */
function prepare(doc: Json, schema: Json, top = false): Json {
	const s = resolveRef(doc, schema) ?? {};
	if (s.type === 'object' || s.properties) {
		const props: Record<string, Json> = {};
		for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Json>)) props[k] = prepare(doc, v);
		const out: Json = { type: 'object', properties: props, additionalProperties: false };
		if (Array.isArray(s.required)) out.required = [...(s.required as string[])];
		return top ? out : { anyOf: [out, { type: 'null' }] };
	}
	if (s.type === 'array') return { anyOf: [{ type: 'array', items: prepare(doc, (s.items as Json) ?? {}) }, { type: 'null' }] };
	if (Array.isArray(s.enum)) return { anyOf: [{ enum: s.enum }, { type: 'null' }] };
	if (s.type === 'number') return { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }, { type: 'null' }] };
	if (s.type === 'integer') return { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?\\d+$' }, { type: 'null' }] };
	if (s.type === 'string') return { anyOf: [{ type: 'string' }, { type: 'null' }] };
	return {};
}

function attributeInfo(rec: Json | undefined, name: string): { kind: 'attr' | 'link' | 'none'; schema?: Json } {
	if (!rec) return { kind: 'none' };
	const props = (rec.properties ?? {}) as Record<string, Json>;
	if (name !== 'links' && props[name]) return { kind: 'attr', schema: props[name] };
	return { kind: 'none' };
}

function linkNames(doc: Json, rec: Json | undefined): string[] {
	const links = resolveRef(doc, ((rec?.properties ?? {}) as Record<string, Json>).links);
	return Object.keys((links?.properties ?? {}) as Json);
}

const isOrderable = (name: string, s: Json | undefined) =>
	!!s && (s.type === 'number' || s.type === 'integer' || ['timestamp', 'date', 'date-time'].includes(String(s.format)) || /(Date|Timestamp)$/.test(name));

export function actionstepContract(): ContractValidator {
	const ajv = openApiAjv();
	const compiled = compileCache(ajv);
	return (req: ContractRequest): ContractResult => {
		const spec = load();
		if (req.path.startsWith('/api/oauth/')) return oauthContract(req);
		if (!spec) return { operation: `${req.method} ${req.path}`, source: 'none', violations: [] };
		if (!req.path.startsWith('/api/rest/')) {
			return { operation: `${req.method} ${req.path}`, source: 'official', reference: FACTS, violations: [violation('path', `Actionstep serves its REST API under {api_endpoint}rest/<resource>, not ${req.path}`, `${FACTS} §1`)] };
		}
		const path = req.path.slice('/api/rest'.length);
		const v: ContractViolation[] = [];
		// headers (facts §2)
		if (mediaType(req.headers.accept) !== JSONAPI) v.push(violation('header.accept', `Accept must be ${JSONAPI} (got "${req.headers.accept ?? ''}")`, `${FACTS} §2`));
		if (hasBody(req) && mediaType(req.headers['content-type']) !== JSONAPI) v.push(violation('header.content-type', `Content-Type must be ${JSONAPI} (got "${req.headers['content-type'] ?? ''}")`, `${FACTS} §2`));
		const hit = spec.paths.find(req.method, path);
		if ('missing' in hit) {
			const template = hit.template ?? path.replace(/\/[^/]+$/, '/{id}');
			const key = `${req.method} ${template}`;
			if (UNVERIFIED_OPERATIONS[key]) return { operation: key, source: 'none', reference: UNVERIFIED_OPERATIONS[key], violations: v };
			const msg =
				hit.missing === 'path'
					? `${req.method} ${path}: no Actionstep OpenAPI file documents this path`
					: `${req.method} ${hit.template}: the spec documents only ${(hit.allowed ?? []).join(', ')} on this path`;
			return { operation: key, source: 'official', violations: [...v, violation(hit.missing === 'path' ? 'path' : 'method', msg, 'actionstep/openapi/*.yaml')] };
		}
		const { template, op, file, doc } = hit.found;
		const operation = `${req.method} ${template}`;
		const resource = template.split('/')[1];
		const rec = spec.records.get(resource)?.schema;
		const isItem = template.includes('{');
		// query (facts §3)
		for (const [name, values] of Object.entries(req.query)) {
			for (const value of values) v.push(...checkQuery(spec, resource, rec, doc, name, value, req.method, isItem));
		}
		// body (facts §2 wrapper + the YAML schema)
		if (op.requestBody) {
			const body = req.body as Json | undefined;
			if (!body || typeof body !== 'object' || Array.isArray(body)) v.push(violation('body.wrapper', `the body must be {"${resource}": {...}}`, `${FACTS} §2`));
			else {
				const keys = Object.keys(body);
				const inner = body[resource];
				if (keys.length !== 1 || inner === undefined) v.push(violation('body.wrapper', `the body must wrap one record under "${resource}" (got keys ${JSON.stringify(keys)})`, `${FACTS} §2`));
				else if (!inner || typeof inner !== 'object' || Array.isArray(inner)) v.push(violation('body.wrapper', `"${resource}" must be ONE object, not ${Array.isArray(inner) ? 'an array' : typeof inner}`, `${FACTS} §2, §6`));
				else {
					const validate = compiled(`${file}#${operation}`, () => bodySchema(doc, op, resource, spec.events) ?? {});
					if (!validate(inner)) for (const m of ajvMessages(validate.errors, `${resource}`)) v.push(violation('body.schema', m, file));
				}
			}
		} else if (hasBody(req) && req.method !== 'DELETE') v.push(violation('body', `${operation} takes no body`, file));
		return { operation, source: 'official', reference: file, violations: v };
	};
}

function checkQuery(spec: Loaded, resource: string, rec: Json | undefined, doc: Json, name: string, value: string, method: string, isItem: boolean): ContractViolation[] {
	const out: ContractViolation[] = [];
	const src = `${FACTS} §3`;
	if (method !== 'GET') return [violation('query.name', `${method} takes no query parameter (got "${name}")`, src)];
	const links = linkNames(doc, rec);
	if (name === 'include') {
		for (const inc of value.split(',').filter(Boolean)) if (!links.includes(inc)) out.push(violation('query.include', `"${inc}" is not a relation of ${resource} (relations: ${links.join(', ')})`, spec.records.get(resource)?.file));
		return out;
	}
	const fm = /^fields\[(\w+)\]$/.exec(name);
	if (fm) {
		const target = spec.records.get(fm[1]);
		if (!target) return [violation('fields', `fields[${fm[1]}]: unknown resource`, src)];
		const known = Object.keys((target.schema.properties ?? {}) as Json);
		for (const f of value.split(',').filter(Boolean)) if (!known.includes(f)) out.push(violation('fields', `fields[${fm[1]}]: "${f}" is not an attribute of ${fm[1]}`, target.file));
		return out;
	}
	if (isItem) return [violation('query.name', `a single-record GET takes include and fields[...] only (got "${name}")`, src)];
	if (name === 'page' || name === 'pageSize') {
		const n = Number(value);
		if (!/^\d+$/.test(value) || n < 1 || (name === 'pageSize' && n > 200)) out.push(violation('query.paging', `${name} must be an integer${name === 'pageSize' ? ' from 1 to 200' : ' ≥ 1'} (got "${value}")`, `${FACTS} §3 (pageSize at most 200)`));
		return out;
	}
	if (name === 'sort') {
		for (const s of value.split(',').filter(Boolean)) {
			const f = s.replace(/^-/, '');
			if (attributeInfo(rec, f).kind === 'none') out.push(violation('query.sort', `sort: "${f}" is not an attribute of ${resource}`, spec.records.get(resource)?.file));
		}
		return out;
	}
	// <relation>[<field>_<op>]
	const br = /^(\w+)\[(\w+?)(?:_(\w+))?\]$/.exec(name);
	if (br) {
		if (!links.includes(br[1])) return [violation('query.filter', `"${br[1]}[...]": ${br[1]} is not a relation of ${resource}`, src)];
		return out; // the related resource's field is not typed per relation in the YAMLs
	}
	let field = name;
	let op = 'eq';
	const m = /^(\w+?)_([a-z]+)$/.exec(name);
	if (m && OPERATORS.includes(m[2])) {
		field = m[1];
		op = m[2];
	} else if (m && !attributeInfo(rec, name).schema && !links.includes(name)) {
		return [violation('query.operator', `"${name}": "_${m[2]}" is not an Actionstep filter operator (${OPERATORS.join(', ')})`, `${FACTS} §3`)];
	}
	const info = attributeInfo(rec, field);
	const isLink = links.includes(field);
	if (info.kind === 'none' && !isLink) return [violation('query.filter', `"${name}": ${resource} has no attribute or relation "${field}"`, spec.records.get(resource)?.file)];
	if (['like', 'ntlike', 'ilike', 'ntilike'].includes(op)) {
		if (value.includes('%')) out.push(violation('query.wildcard', `"${name}=${value}": the wildcard is "*", not "%"`, `${FACTS} §3`));
		else if (!value.includes('*')) out.push(violation('query.wildcard', `"${name}=${value}": send the "*" wildcards (a match without them is unverified)`, `${FACTS} §3`));
	}
	if (['lt', 'lteq', 'gt', 'gteq'].includes(op)) {
		if (isLink || !isOrderable(field, info.schema)) out.push(violation('query.operator', `"${name}": ${op} applies to numbers and dates only`, `${FACTS} §3`));
		else if ((info.schema?.format === 'timestamp' || /(Date|Timestamp)$/.test(field)) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) {
			out.push(violation('query.date', `"${name}=${value}": date filter values are YYYY-MM-DDTHH:MM:SS`, `${FACTS} §3`));
		}
	}
	const en = info.schema?.enum as unknown[] | undefined;
	if (en && ['eq', 'nteq', 'in', 'ntin'].includes(op)) {
		for (const x of value.split(',')) if (!en.map(String).includes(x)) out.push(violation('query.enum', `"${name}=${value}": "${x}" is not one of ${en.join(', ')}`, spec.records.get(resource)?.file));
	}
	return out;
}

/** OAuth endpoints (facts §1, official): form-encoded token grants; authorize with a scope. */
function oauthContract(req: ContractRequest): ContractResult {
	const v: ContractViolation[] = [];
	const src = `${FACTS} §1`;
	if (req.path === '/api/oauth/token') {
		if (req.method !== 'POST') v.push(violation('method', 'the token endpoint takes POST', src));
		if (mediaType(req.headers['content-type']) !== 'application/x-www-form-urlencoded') v.push(violation('header.content-type', 'token requests are form-encoded', src));
		const grant = String((req.body as Json | undefined)?.grant_type ?? '');
		if (!['authorization_code', 'refresh_token'].includes(grant)) v.push(violation('body', `grant_type must be authorization_code or refresh_token (got "${grant}")`, src));
		return { operation: 'POST /api/oauth/token', source: 'fact-sheet', reference: src, violations: v };
	}
	if (req.path.startsWith('/api/oauth/authorize')) {
		if (req.method === 'GET' && !req.query.scope?.[0]) v.push(violation('query.scope', 'authorize requires a scope (space-separated resource names)', src));
		return { operation: `${req.method} /api/oauth/authorize`, source: 'fact-sheet', reference: src, violations: v };
	}
	return { operation: `${req.method} ${req.path}`, source: 'none', violations: [] };
}

/**
 * Response check: a record of `resource` against its YAML record schema (objects closed, so an
 * invented field fails; numbers may be decimal strings and ids digit strings, null allowed, as
 * facts.md §2 says live responses do). `allow` lists fields the simulator models on purpose
 * (documented as assumptions in docs/vendor-fidelity.md). Returns error lines.
 */
export function actionstepRecordErrors(resource: string, record: unknown, allow: string[] = []): string[] {
	const spec = load();
	if (!spec) return [`the Actionstep OpenAPI files are not readable at ${ACTIONSTEP_SPEC_DIR}`];
	const rec = spec.records.get(resource);
	if (!rec) return [`no Actionstep OpenAPI file describes ${resource}`];
	const key = `${resource}|${allow.join(',')}`;
	let validate = recordValidators.get(key);
	if (!validate) {
		const schema = prepare(rec.doc, rec.schema, true);
		for (const a of allow) (schema.properties as Record<string, Json>)[a] = {};
		validate = recordAjv.compile(schema);
		recordValidators.set(key, validate);
	}
	return validate(record) ? [] : ajvMessages(validate.errors, `${resource} ${String((record as Json)?.id)}`);
}
const recordAjv = openApiAjv();
const recordValidators = new Map<string, ReturnType<typeof recordAjv.compile>>();
