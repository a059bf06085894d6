/**
 * Field paths into an item's JSON: dots and list indexes ("client.id", "lines[0].code",
 * "lines.0.code"). Pure: the one getPath/setPath of the nodes (UTBMS, OCG).
 */

/** Splits "a.b[0].c" into ["a", "b", "0", "c"] (empty segments dropped). */
export function splitPath(path: string): string[] {
	return path
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.map((p) => p.trim())
		.filter((p) => p !== '');
}

/** The value at a path, undefined when any step is missing; an empty path is the object itself. */
export function getPath(obj: unknown, path: string): unknown {
	let cur: unknown = obj;
	for (const key of splitPath(path)) {
		if (cur === null || typeof cur !== 'object') return undefined;
		cur = (cur as Record<string, unknown>)[key];
	}
	return cur;
}

/**
 * Sets a value at a path, creating plain objects on the way. The objects it passes through are
 * copied, never written into: an item's nested objects may be shared with other items.
 */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
	const keys = splitPath(path);
	if (keys.length === 0) return;
	let cur: Record<string, unknown> = obj;
	for (const key of keys.slice(0, -1)) {
		const next = cur[key];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
		else cur[key] = { ...(next as Record<string, unknown>) };
		cur = cur[key] as Record<string, unknown>;
	}
	cur[keys[keys.length - 1]] = value;
}
