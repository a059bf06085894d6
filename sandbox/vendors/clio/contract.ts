/**
 * Clio request contract: every request the Clio simulator receives, judged against Clio's own
 * OpenAPI document (shared/vendor-specs/clio-openapi.json, read through the loader the response
 * checks use, test/sandbox/clio-openapi.ts). Independent of the product: reads only the spec.
 *
 * - path + method: the spec's paths under `/api/v4`; the OAuth endpoints (`/oauth/*`) are outside
 *   the API document and counted as not judged. The webhook activation `PUT
 *   /api/v4/webhooks/:webhook_id/activate` is documented only in the spec's Webhooks text: judged
 *   as that path (official), with no body and the `X-Hook-Secret` header.
 * - query: parameter names of the operation, enum values, integer/boolean types; `fields` names
 *   (nested `a{b,c}` too) against the response record's properties.
 * - body: the operation's requestBody schema (objects closed: a field Clio does not document is a
 *   violation; null allowed, as Clio answers null for empty values); `Content-Type: application/json`.
 */
import { ClioSpec } from '../../../test/sandbox/clio-openapi';
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
const FILE = 'clio-openapi.json';
const ACTIVATE_TEXT = `${FILE} (Webhooks section text: "make a PUT request to /api/v4/webhooks/:webhook_id/activate")`;

let loaded: { spec: Json; paths: OpenApiPaths } | null | undefined;
function load() {
	if (loaded !== undefined) return loaded;
	try {
		const spec = new ClioSpec().spec;
		const paths = new OpenApiPaths();
		paths.add(spec, FILE);
		loaded = { spec, paths };
	} catch {
		loaded = null;
	}
	return loaded;
}

/** A request-body schema: refs rewritten into the shared document, objects closed, null allowed. */
function prepare(s: Json, nullableProps = true): Json {
	if (typeof s.$ref === 'string') return { $ref: `cliospec${s.$ref}` };
	const out: Json = { ...s };
	delete out.example;
	if (s.properties && typeof s.properties === 'object') {
		const props: Record<string, Json> = {};
		for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) props[k] = nullableProps ? { anyOf: [prepare(v), { type: 'null' }] } : prepare(v);
		out.properties = props;
		out.additionalProperties = false;
	}
	if (s.items && typeof s.items === 'object') out.items = prepare(s.items as Json);
	for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[key])) out[key] = (s[key] as Json[]).map((x) => prepare(x));
	return out;
}

/** The properties of the record a response carries (flattening allOf), resolved. */
function recordProps(spec: Json, schema: Json | undefined, depth = 0): Record<string, Json> {
	const s = resolveRef(spec, schema);
	if (!s || depth > 6) return {};
	const props: Record<string, Json> = {};
	for (const part of (s.allOf as Json[] | undefined) ?? []) Object.assign(props, recordProps(spec, part, depth + 1));
	Object.assign(props, (s.properties as Record<string, Json>) ?? {});
	return props;
}

/** Props of a nested field's target: the property's object/array item schema. */
function nestedProps(spec: Json, prop: Json): Record<string, Json> {
	const s = resolveRef(spec, prop) ?? {};
	if (s.type === 'array' || s.items) return recordProps(spec, s.items as Json);
	return recordProps(spec, s);
}

/** Parses Clio's `fields` syntax: "id,name,matter{id,display_number}" → tree. */
export function parseFields(text: string): { tree: Map<string, Map<string, unknown>>; error?: string } {
	let i = 0;
	const read = (): Map<string, Map<string, unknown>> => {
		const out = new Map<string, Map<string, unknown>>();
		let name = '';
		const flush = (children?: Map<string, Map<string, unknown>>) => {
			const n = name.trim();
			if (n) out.set(n, (children as Map<string, unknown>) ?? new Map());
			name = '';
		};
		while (i < text.length) {
			const c = text[i++];
			if (c === ',') flush();
			else if (c === '{') flush(read());
			else if (c === '}') {
				flush();
				return out;
			} else name += c;
		}
		flush();
		return out;
	};
	const tree = read();
	return { tree };
}

function checkFields(spec: Json, props: Record<string, Json>, tree: Map<string, Map<string, unknown>>, path: string, out: ContractViolation[]): void {
	for (const [name, children] of tree) {
		const p = props[name];
		if (!p) {
			out.push(violation('fields', `fields: "${path}${name}" is not a field of this record`, FILE));
			continue;
		}
		if ((children as Map<string, unknown>).size) checkFields(spec, nestedProps(spec, p), children as Map<string, Map<string, unknown>>, `${path}${name}.`, out);
	}
}

export function clioContract(): ContractValidator {
	const ajv = openApiAjv();
	let added = false;
	const compiled = compileCache(ajv);
	return (req: ContractRequest): ContractResult => {
		const l = load();
		if (!l || !req.path.startsWith('/api/v4/')) return { operation: `${req.method} ${req.path.replace(/\/\d+(?=[/.]|$)/g, '/{id}')}`, source: 'none', violations: [] };
		if (!added) {
			ajv.addSchema({ $id: 'cliospec', components: l.spec.components });
			added = true;
		}
		const path = req.path.slice('/api/v4'.length);
		const v: ContractViolation[] = [];
		const activate = /^\/webhooks\/[^/]+\/activate(\.json)?$/.exec(path);
		if (activate) {
			if (activate[1]) v.push(violation('path', `the activation path is /api/v4/webhooks/:webhook_id/activate (no ".json")`, ACTIVATE_TEXT));
			if (req.method !== 'PUT') v.push(violation('method', `activation is a PUT (got ${req.method})`, ACTIVATE_TEXT));
			if (!req.headers['x-hook-secret']) v.push(violation('header.x-hook-secret', 'activation carries the secret in X-Hook-Secret', ACTIVATE_TEXT));
			return { operation: 'PUT /webhooks/{id}/activate', source: 'official', reference: ACTIVATE_TEXT, violations: v };
		}
		const hit = l.paths.find(req.method, path);
		if ('missing' in hit) {
			const op = `${req.method} ${hit.template ?? path}`;
			const msg = hit.missing === 'path' ? `${req.method} ${path}: Clio's OpenAPI has no such path` : `${req.method} ${hit.template}: the spec documents only ${(hit.allowed ?? []).join(', ')}`;
			return { operation: op, source: 'official', reference: FILE, violations: [violation(hit.missing, msg, FILE)] };
		}
		const { template, op } = hit.found;
		const operation = `${req.method} ${template}`;
		const params = ((op.parameters as Json[] | undefined) ?? []).map((p) => resolveRef(l.spec, p) ?? p);
		const query = new Map(params.filter((p) => p.in === 'query').map((p) => [String(p.name), p]));
		for (const [name, values] of Object.entries(req.query)) {
			const p = query.get(name);
			if (!p) {
				v.push(violation('query.name', `${operation} has no query parameter "${name}"`, FILE));
				continue;
			}
			const schema = (resolveRef(l.spec, p.schema as Json) ?? {}) as Json;
			for (const value of values) {
				if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).map(String).includes(value)) v.push(violation('query.enum', `${name}=${value}: not one of ${(schema.enum as unknown[]).join(', ')}`, FILE));
				if (schema.type === 'integer' && !/^-?\d+$/.test(value) && value !== 'null') v.push(violation('query.type', `${name}=${value}: an integer is expected`, FILE));
				if (schema.type === 'boolean' && !['true', 'false'].includes(value)) v.push(violation('query.type', `${name}=${value}: true or false is expected`, FILE));
				if (name === 'fields') {
					const ok = Object.entries((op.responses as Json) ?? {}).find(([s]) => /^20\d$/.test(s))?.[1] as Json | undefined;
					const schemaRef = Object.values(((ok?.content as Json) ?? {}) as Record<string, Json>)[0]?.schema as Json | undefined;
					const envelope = recordProps(l.spec, schemaRef);
					const data = envelope.data;
					if (data) checkFields(l.spec, nestedProps(l.spec, data), parseFields(value).tree, '', v);
				}
			}
		}
		if (op.requestBody) {
			const rb = resolveRef(l.spec, op.requestBody as Json) ?? {};
			const content = (rb.content ?? {}) as Record<string, Json>;
			if (hasBody(req) && mediaType(req.headers['content-type']) !== 'application/json') v.push(violation('header.content-type', `Content-Type must be application/json (got "${req.headers['content-type'] ?? ''}")`, FILE));
			const schema = content['application/json']?.schema as Json | undefined;
			if (schema) {
				const validate = compiled(operation, () => prepare(schema, false));
				if (!validate(req.body)) for (const m of ajvMessages(validate.errors)) v.push(violation('body.schema', m, FILE));
			}
		} else if (hasBody(req)) v.push(violation('body', `${operation} takes no body`, FILE));
		return { operation, source: 'official', reference: FILE, violations: v };
	};
}
