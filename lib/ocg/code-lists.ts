/**
 * UTBMS code lists in rule parameters: exact codes, prefixes ending in `*` and `*` for any code;
 * and the phase of a task code.
 */

export function codeMatcher(codes: readonly string[]): (code: string) => boolean {
	const exact = new Set<string>();
	const prefixes: string[] = [];
	let any = false;
	for (const c of codes) {
		if (c === '*') any = true;
		else if (c.endsWith('*')) prefixes.push(c.slice(0, -1));
		else exact.add(c);
	}
	return (code) => {
		if (!code) return false;
		if (any || exact.has(code)) return true;
		for (let k = 0; k < prefixes.length; k++) if (code.startsWith(prefixes[k])) return true;
		return false;
	};
}

/** UTBMS phase of a task code: L110 → L100. */
export function phaseOf(task: string): string {
	return task.length === 4 ? task.slice(0, 2) + '00' : task;
}
