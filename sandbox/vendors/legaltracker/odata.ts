/**
 * The OData query options the Legal Tracker simulator understands: $filter (eq ne gt ge lt le,
 * and/or/not, parentheses, contains/startswith/endswith, string/number/boolean/null/date
 * literals), $select, $orderby, $top, $skip, $count. A small recursive-descent parser; errors
 * name the position.
 */
import { Decimal } from '../../../lib/money/decimal';

export class ODataError extends Error {}

type Rec = Record<string, unknown>;
type Literal = { kind: 'literal'; value: string | number | boolean | null; raw: string; quoted: boolean };
type Node =
	| { kind: 'and' | 'or'; left: Node; right: Node }
	| { kind: 'not'; expr: Node }
	| { kind: 'cmp'; op: string; field: string; value: Literal }
	| { kind: 'fn'; name: string; field: string; value: Literal };

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FNS = new Set(['contains', 'startswith', 'endswith']);

function tokenize(text: string): string[] {
	const tokens: string[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (/\s/.test(c)) {
			i++;
		} else if (c === '(' || c === ')' || c === ',') {
			tokens.push(c);
			i++;
		} else if (c === "'") {
			let j = i + 1;
			let s = '';
			for (;;) {
				if (j >= text.length) throw new ODataError(`unterminated string starting at position ${i + 1}`);
				if (text[j] === "'") {
					if (text[j + 1] === "'") {
						s += "'";
						j += 2;
						continue;
					}
					break;
				}
				s += text[j++];
			}
			tokens.push(`'${s}`);
			i = j + 1;
		} else {
			let j = i;
			while (j < text.length && !/[\s(),']/.test(text[j])) j++;
			tokens.push(text.slice(i, j));
			i = j;
		}
	}
	return tokens;
}

export function parseFilter(text: string, fields: Set<string>): Node {
	const tokens = tokenize(text);
	let pos = 0;
	const peek = () => tokens[pos];
	const next = () => {
		const t = tokens[pos++];
		if (t === undefined) throw new ODataError('unexpected end of $filter');
		return t;
	};
	const field = (t: string) => {
		if (!fields.has(t)) throw new ODataError(`unknown property "${t}" (known: ${[...fields].join(', ')})`);
		return t;
	};
	const literal = (t: string): Literal => {
		if (t.startsWith("'")) return { kind: 'literal', value: t.slice(1), raw: t.slice(1), quoted: true };
		if (t === 'true' || t === 'false') return { kind: 'literal', value: t === 'true', raw: t, quoted: false };
		if (t === 'null') return { kind: 'literal', value: null, raw: t, quoted: false };
		if (/^-?\d+(\.\d+)?$/.test(t)) return { kind: 'literal', value: t, raw: t, quoted: false };
		if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(t)) return { kind: 'literal', value: t, raw: t, quoted: false };
		throw new ODataError(`"${t}" is not a literal (quote strings: 'text')`);
	};
	const primary = (): Node => {
		const t = next();
		if (t === '(') {
			const e = orExpr();
			if (next() !== ')') throw new ODataError('missing ")"');
			return e;
		}
		if (t === 'not') return { kind: 'not', expr: primary() };
		if (FNS.has(t.toLowerCase()) && peek() === '(') {
			next();
			const f = field(next());
			if (next() !== ',') throw new ODataError(`${t}() needs two arguments`);
			const v = literal(next());
			if (next() !== ')') throw new ODataError(`missing ")" after ${t}()`);
			return { kind: 'fn', name: t.toLowerCase(), field: f, value: v };
		}
		const f = field(t);
		const op = next();
		if (!OPS.has(op)) throw new ODataError(`unknown operator "${op}" after ${f} (use eq, ne, gt, ge, lt, le)`);
		return { kind: 'cmp', op, field: f, value: literal(next()) };
	};
	const andExpr = (): Node => {
		let left = primary();
		while (peek() === 'and') {
			next();
			left = { kind: 'and', left, right: primary() };
		}
		return left;
	};
	const orExpr = (): Node => {
		let left = andExpr();
		while (peek() === 'or') {
			next();
			left = { kind: 'or', left, right: andExpr() };
		}
		return left;
	};
	const tree = orExpr();
	if (pos < tokens.length) throw new ODataError(`unexpected "${tokens[pos]}"`);
	return tree;
}

function compare(a: unknown, b: Literal): number | undefined {
	if (a === null || a === undefined || b.value === null) return a === b.value || (a === undefined && b.value === null) ? 0 : undefined;
	if (typeof a === 'boolean' || typeof b.value === 'boolean') return a === b.value ? 0 : undefined;
	const as = String(a);
	const bs = String(b.value);
	const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}/.test(s);
	if (isDate(as) && isDate(bs)) {
		const ta = Date.parse(as.length === 10 ? `${as}T00:00:00Z` : as);
		const tb = Date.parse(bs.length === 10 ? `${bs}T00:00:00Z` : bs);
		return Math.sign(ta - tb);
	}
	const da = Decimal.tryFrom(as);
	const db = Decimal.tryFrom(bs);
	if (da && db && (typeof a === 'number' || !b.quoted || /^-?\d+(\.\d+)?$/.test(as))) return da.cmp(db);
	return as < bs ? -1 : as > bs ? 1 : 0;
}

export function evaluate(node: Node, rec: Rec): boolean {
	switch (node.kind) {
		case 'and':
			return evaluate(node.left, rec) && evaluate(node.right, rec);
		case 'or':
			return evaluate(node.left, rec) || evaluate(node.right, rec);
		case 'not':
			return !evaluate(node.expr, rec);
		case 'fn': {
			const v = String(rec[node.field] ?? '').toLowerCase();
			const x = String(node.value.value ?? '').toLowerCase();
			return node.name === 'contains' ? v.includes(x) : node.name === 'startswith' ? v.startsWith(x) : v.endsWith(x);
		}
		case 'cmp': {
			const c = compare(rec[node.field], node.value);
			if (c === undefined) return node.op === 'ne';
			return { eq: c === 0, ne: c !== 0, gt: c > 0, ge: c >= 0, lt: c < 0, le: c <= 0 }[node.op] as boolean;
		}
	}
}

export interface ODataQuery {
	filter?: Node;
	select?: string[];
	orderBy: Array<{ field: string; desc: boolean }>;
	top: number;
	skip: number;
	count: boolean;
	expand: string[];
}

export function parseQuery(q: Rec, fields: Set<string>, opts: { maxTop: number; defaultTop: number; expandable: string[] }): ODataQuery {
	const get = (k: string) => (q[k] === undefined ? undefined : String(q[k]));
	let filter: Node | undefined;
	const f = get('$filter');
	if (f !== undefined && f.trim() !== '') {
		try {
			filter = parseFilter(f, fields);
		} catch (e) {
			throw new ODataError(`Invalid $filter: ${(e as Error).message}`);
		}
	}
	const select = get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);
	for (const s of select ?? []) if (!fields.has(s)) throw new ODataError(`Invalid $select: unknown property "${s}"`);
	const orderBy = (get('$orderby') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((s) => {
			const [field, dir = 'asc'] = s.split(/\s+/);
			if (!fields.has(field)) throw new ODataError(`Invalid $orderby: unknown property "${field}"`);
			if (dir !== 'asc' && dir !== 'desc') throw new ODataError(`Invalid $orderby: "${dir}" is not asc or desc`);
			return { field, desc: dir === 'desc' };
		});
	const int = (k: string, def: number, max: number) => {
		const v = get(k);
		if (v === undefined || v === '') return def;
		if (!/^\d+$/.test(v)) throw new ODataError(`${k} must be a non-negative integer, got "${v}"`);
		const n = Number(v);
		if (n > max) throw new ODataError(`${k} must be at most ${max}`);
		return n;
	};
	const expand = (get('$expand') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	for (const e of expand) if (!opts.expandable.includes(e)) throw new ODataError(`Invalid $expand: "${e}" (expandable: ${opts.expandable.join(', ')})`);
	return {
		filter,
		select,
		orderBy,
		top: int('$top', opts.defaultTop, opts.maxTop),
		skip: int('$skip', 0, Number.MAX_SAFE_INTEGER),
		count: get('$count') === 'true',
		expand,
	};
}

/** Applies filter, order, paging; returns the page and the filtered count. */
export function applyQuery(records: Rec[], query: ODataQuery): { page: Rec[]; count: number } {
	let list = query.filter ? records.filter((r) => evaluate(query.filter as Node, r)) : [...records];
	if (query.orderBy.length) {
		list = list.sort((a, b) => {
			for (const o of query.orderBy) {
				const c = compare(a[o.field], { kind: 'literal', value: (b[o.field] ?? null) as string, raw: '', quoted: typeof b[o.field] === 'string' }) ?? 0;
				if (c !== 0) return o.desc ? -c : c;
			}
			return 0;
		});
	}
	return { page: list.slice(query.skip, query.skip + query.top), count: list.length };
}

export function project(rec: Rec, select: string[] | undefined, keep: string[] = []): Rec {
	if (!select) return rec;
	const out: Rec = {};
	for (const k of [...select, ...keep]) if (k in rec) out[k] = rec[k];
	return out;
}
