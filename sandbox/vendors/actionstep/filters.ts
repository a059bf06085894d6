/**
 * Collection filters: `<field>_<op>` with eq/nteq/in/ntin/lt/lteq/gt/gteq/like/ntlike/ilike/ntilike
 * (`*` the wildcard, facts.md §3) on an attribute or a relation, and the ids a relation holds.
 */
import { AsError } from './errors';
import { linkValue, norm } from './keys';
import { RESOURCE_LINKS, type Rec } from './state';

export { eqKey, linkValue } from './keys';

export const OPS = 'eq|nteq|in|ntin|gt|gteq|lt|lteq|like|ntlike|ilike|ntilike';

export function matches(rec: Rec, resource: string, key: string, value: string): boolean {
	const m = new RegExp(`^(.+?)(?:_(${OPS}))?$`).exec(key);
	if (!m) return true;
	const field = m[1];
	const op = m[2] ?? 'eq';
	const isLink = field in (RESOURCE_LINKS[resource] ?? {});
	if (!isLink && !(field in rec) && field !== 'id') throw new AsError(400, 'Invalid Filter', `Unknown field "${field}" for ${resource}`);
	const actual = isLink ? linkValue(rec, field) : [rec[field] === null || rec[field] === undefined ? '' : String(rec[field])];
	const cmpOne = (a: string, b: string) => {
		const na = Number(a);
		const nv = Number(b);
		if (a !== '' && b !== '' && !Number.isNaN(na) && !Number.isNaN(nv) && !/^\d{4}-/.test(a)) return na === nv ? 0 : na < nv ? -1 : 1;
		const x = norm(a);
		const y = norm(b);
		return x === y ? 0 : x < y ? -1 : 1;
	};
	const cmp = (a: string) => cmpOne(a, value);
	const anyOf = value.split(',');
	switch (op) {
		case 'eq':
		case 'in':
			return actual.some((a) => anyOf.some((v) => cmpOne(a, v) === 0));
		case 'nteq':
		case 'ntin':
			return actual.every((a) => anyOf.every((v) => cmpOne(a, v) !== 0));
		case 'gt':
			return actual.some((a) => cmp(a) > 0);
		case 'gteq':
			return actual.some((a) => cmp(a) >= 0);
		case 'lt':
			return actual.some((a) => cmp(a) < 0);
		case 'lteq':
			return actual.some((a) => cmp(a) <= 0);
		default: {
			// like/ilike: `*` is the wildcard (facts.md §3); `%` is a plain character
			const pattern = new RegExp(`^${value.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, op.includes('ilike') ? 'i' : '');
			const hit = actual.some((a) => pattern.test(a));
			return op.startsWith('nt') ? !hit : hit;
		}
	}
}
