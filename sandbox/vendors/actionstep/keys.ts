/** How the Actionstep simulator reads a relation's ids and compares filter values (filters.ts, LinkIndexedMap). */
/** the ids one relation of a record holds (a record: state.ts Rec) */
export function linkValue(rec: { links?: Record<string, unknown> }, name: string): string[] {
	const l = rec.links?.[name];
	if (l === null || l === undefined) return [];
	return Array.isArray(l) ? l.map(String) : [String(l)];
}

/** dates compare as YYYY-MM-DDTHH:MM:SS (a bare date is its midnight) */
export const norm = (x: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(x) ? `${x}T00:00:00` : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(x) ? x.slice(0, 19) : x);

/** what `matches` compares as a number */
const numeric = (x: string) => x !== '' && !Number.isNaN(Number(x)) && !/^\d{4}-/.test(x);

/**
 * The key under which `eq`/`in` finds a value: two values are equal for `matches` (numbers as
 * numbers, dates to the second, other text as is) exactly when their keys are equal. LinkIndexedMap
 * files records by it.
 */
export function eqKey(x: string): string {
	return numeric(x) ? `n${Number(x)}` : `s${norm(x)}`;
}
