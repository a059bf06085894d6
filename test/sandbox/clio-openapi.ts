import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { sharedPath } from '../helpers/shared';

/**
 * Validates Clio sandbox responses against Clio's own OpenAPI document
 * (/work/shared/vendor-specs/clio-openapi.json, spec 4.0.9), adapted for JSON-schema validation:
 * - OpenAPI 3.0 has no `nullable` in this document, but Clio answers `null` for empty values
 *   (an activity without a bill, a matter without a close date): every property may be null;
 * - record schemas (`*_base` and the `allOf` compositions like `Activity`) are flattened and
 *   closed with `additionalProperties: false`, so a field the sandbox invents fails the check;
 *   the `{data}` envelopes stay open (Clio adds `meta`, checked separately);
 * - OpenAPI's numeric formats (int32, int64, float, double) are accepted as annotations.
 */
export const CLIO_SPEC_PATH = process.env.CLIO_OPENAPI ?? sharedPath('vendor-specs', 'clio-openapi.json');

type Json = Record<string, unknown>;

export class ClioSpec {
	readonly spec: Json;
	private readonly ajv: Ajv;
	private readonly cache = new Map<string, ValidateFunction>();

	constructor(path = CLIO_SPEC_PATH) {
		this.spec = JSON.parse(readFileSync(path, 'utf8')) as Json;
		const components = this.spec.components as { schemas: Record<string, Json> };
		const schemas = components.schemas;
		const resolve = (ref: string) => schemas[ref.replace('#/components/schemas/', '')];
		const prepared: Record<string, Json> = {};
		for (const [name, schema] of Object.entries(schemas)) {
			const isEnvelope = /_(List|Show)$/.test(name);
			let s = schema;
			if (Array.isArray(s.allOf)) {
				const properties: Record<string, Json> = {};
				for (const part of s.allOf as Json[]) {
					const p = typeof part.$ref === 'string' ? resolve(part.$ref) : part;
					Object.assign(properties, (p.properties as Record<string, Json>) ?? {});
				}
				s = { type: 'object', properties };
			}
			prepared[name] = prepare(s, !isEnvelope);
		}
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(this.ajv);
		for (const f of ['int32', 'int64', 'float', 'double']) this.ajv.addFormat(f, true);
		this.ajv.addSchema({ $id: 'clio', components: { schemas: prepared } });
	}

	/** The response schema of an operation (template path as in the spec, e.g. "/activities/{id}.json"). */
	responseSchemaRef(path: string, method: string, status: number): string | undefined {
		const op = ((this.spec.paths as Record<string, Record<string, Json>>)[path] ?? {})[method.toLowerCase()];
		if (!op) throw new Error(`The Clio spec has no ${method.toUpperCase()} ${path}`);
		const response = (op.responses as Record<string, Json>)[String(status)];
		if (!response) return undefined;
		const content = response.content as Record<string, { schema: Json }> | undefined;
		const schema = content ? Object.values(content)[0]?.schema : undefined;
		return schema && typeof schema.$ref === 'string' ? schema.$ref : undefined;
	}

	/** Statuses the spec documents for an operation. */
	statuses(path: string, method: string): number[] {
		const op = ((this.spec.paths as Record<string, Record<string, Json>>)[path] ?? {})[method.toLowerCase()];
		return Object.keys((op?.responses as Json) ?? {}).map(Number);
	}

	/** Validates a body against a component schema ("Activity_List" or "#/components/schemas/Activity_List"). Returns error strings. */
	validate(ref: string, body: unknown): string[] {
		const name = ref.replace('#/components/schemas/', '');
		let v = this.cache.get(name);
		if (!v) {
			v = this.ajv.compile({ $ref: `clio#/components/schemas/${name}` });
			this.cache.set(name, v);
		}
		if (v(body)) return [];
		return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`);
	}
}

/** Rewrites a schema: $refs into the prepared document, nullable properties, closed objects. */
function prepare(schema: Json, closeObjects: boolean): Json {
	const walk = (s: Json, close: boolean): Json => {
		if (typeof s.$ref === 'string') return { $ref: `clio${s.$ref}` };
		const out: Json = { ...s };
		if (s.properties && typeof s.properties === 'object') {
			const props: Record<string, Json> = {};
			for (const [k, v] of Object.entries(s.properties as Record<string, Json>)) props[k] = nullable(walk(v, false));
			out.properties = props;
			if (close) out.additionalProperties = false;
		}
		if (s.items && typeof s.items === 'object') out.items = walk(s.items as Json, false);
		for (const key of ['allOf', 'anyOf', 'oneOf'] as const) if (Array.isArray(s[key])) out[key] = (s[key] as Json[]).map((x) => walk(x, false));
		return out;
	};
	return walk(schema, closeObjects);
}

function nullable(s: Json): Json {
	return { anyOf: [s, { type: 'null' }] };
}
