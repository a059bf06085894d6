/**
 * Clio's `fields` rule: without `fields` a record renders as `id` and `etag` only (reads AND
 * writes); `fields=id,date,matter{id,display_number}` selects fields with ONE level of nesting;
 * deeper nesting, unknown fields or bad syntax → 400.
 *
 * A `Model` lists a record type's plain fields (its `*_base` properties in Clio's OpenAPI
 * document) as getters, and its relations (`nested`) as resolvers to another model's record. A
 * nested object renders with the related model's plain fields only, so nesting stops at one level.
 */
export interface Model<R> {
	/** Clio model name, e.g. "activity" */
	name: string;
	fields: Record<string, (record: R) => unknown>;
	nested: Record<string, NestedField<R>>;
}

export interface NestedField<R> {
	model: Model<never>;
	/** one related record, null, or (many: true) a list of them */
	get: (record: R) => unknown;
	many?: boolean;
}

export interface FieldSelection {
	name: string;
	/** sub-fields for a nested field (undefined: the nested default, id + etag) */
	sub?: string[];
}

export class FieldsError extends Error {}

export const DEFAULT_SELECTION: FieldSelection[] = [{ name: 'id' }, { name: 'etag' }];

/** Parses a `fields` parameter. Throws FieldsError on syntax errors or nesting deeper than one level. */
export function parseFields(text: string | undefined): FieldSelection[] {
	if (text === undefined) return DEFAULT_SELECTION;
	const out: FieldSelection[] = [];
	let i = 0;
	const s = text;
	const readName = () => {
		const start = i;
		while (i < s.length && /[A-Za-z0-9_]/.test(s[i])) i++;
		return s.slice(start, i);
	};
	const skipSpace = () => {
		while (i < s.length && s[i] === ' ') i++;
	};
	while (i < s.length) {
		skipSpace();
		const name = readName();
		if (!name) throw new FieldsError(`Invalid fields parameter "${text}": expected a field name at position ${i + 1}`);
		skipSpace();
		const sel: FieldSelection = { name };
		if (s[i] === '{') {
			i++;
			const sub: string[] = [];
			for (;;) {
				skipSpace();
				const subName = readName();
				if (!subName) throw new FieldsError(`Invalid fields parameter "${text}": expected a field name at position ${i + 1}`);
				skipSpace();
				if (s[i] === '{') throw new FieldsError(`Invalid fields parameter "${text}": fields can only be nested one level deep (${name}{${subName}{…}})`);
				sub.push(subName);
				if (s[i] === ',') {
					i++;
					continue;
				}
				if (s[i] === '}') {
					i++;
					break;
				}
				throw new FieldsError(`Invalid fields parameter "${text}": unclosed "{" after "${name}"`);
			}
			sel.sub = sub;
			skipSpace();
		}
		out.push(sel);
		if (i >= s.length) break;
		if (s[i] !== ',') throw new FieldsError(`Invalid fields parameter "${text}": unexpected "${s[i]}" at position ${i + 1}`);
		i++;
		if (i >= s.length) throw new FieldsError(`Invalid fields parameter "${text}": trailing comma`);
	}
	if (out.length === 0) throw new FieldsError('The fields parameter is empty');
	return out;
}

/** Checks a selection against a model: unknown fields, sub-fields on plain fields, unknown sub-fields. */
export function checkSelection<R>(model: Model<R>, selection: FieldSelection[]): void {
	for (const sel of selection) {
		const nested = model.nested[sel.name];
		if (!nested && !(sel.name in model.fields)) throw new FieldsError(`Invalid field "${sel.name}" for ${model.name}`);
		if (sel.sub) {
			if (!nested) throw new FieldsError(`Field "${sel.name}" of ${model.name} is not an object and takes no sub-fields`);
			for (const sub of sel.sub) {
				if (nested.model.nested[sub]) throw new FieldsError(`Invalid field "${sel.name}{${sub}}": fields can only be nested one level deep`);
				if (!(sub in nested.model.fields)) throw new FieldsError(`Invalid field "${sub}" for ${sel.name} (${nested.model.name})`);
			}
		}
	}
}

export function render<R>(model: Model<R>, record: R, selection: FieldSelection[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const sel of selection) {
		const nested = model.nested[sel.name];
		if (!nested) {
			out[sel.name] = model.fields[sel.name](record);
			continue;
		}
		const sub = sel.sub ?? ['id', 'etag'];
		const value = nested.get(record);
		const one = (r: unknown) => {
			const o: Record<string, unknown> = {};
			for (const f of sub) o[f] = nested.model.fields[f](r as never);
			return o;
		};
		if (nested.many) out[sel.name] = ((value as unknown[] | undefined) ?? []).map(one);
		else out[sel.name] = value === null || value === undefined ? null : one(value);
	}
	return out;
}

/** Every field of a model with every nested field expanded (for tests and the shape check). */
export function allFieldsParam<R>(model: Model<R>): string {
	const parts = Object.keys(model.fields);
	for (const [name, n] of Object.entries(model.nested)) parts.push(`${name}{${Object.keys(n.model.fields).join(',')}}`);
	return parts.join(',');
}
