/**
 * A "changed since" cursor for polling triggers (Brightflag, Legal Tracker): no duplicates, no gaps.
 *
 * The platform is asked for records changed at or after `since` (inclusive, so a record written in
 * the same instant as the last one seen is not missed); records already emitted at exactly that
 * instant are remembered by key and skipped. Pure: the trigger keeps the state in static data.
 */
export interface ChangeCursorState {
	/** ISO timestamp of the latest change emitted (inclusive lower bound of the next query) */
	since: string;
	/** keys of the changes emitted whose timestamp equals `since` */
	seenAtSince: string[];
}

export interface ChangeRecord<T> {
	record: T;
	/** ISO timestamp of the change */
	at: string;
	/** identifies one change, e.g. `${invoiceId}:${status}:${at}` */
	key: string;
}

function ms(iso: string): number {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) throw new RangeError(`Not an ISO timestamp: "${iso}"`);
	return t;
}

/**
 * Given the records a query (changed ≥ state.since) returned, decides which are new and the next
 * state. Records are emitted in change order; records older than the cursor are ignored (they were
 * emitted before).
 */
export function advanceChangeCursor<T>(state: ChangeCursorState, changes: Array<ChangeRecord<T>>): { emit: Array<ChangeRecord<T>>; state: ChangeCursorState } {
	const since = ms(state.since);
	const seen = new Set(state.seenAtSince);
	const fresh = changes
		.filter((c) => {
			const t = ms(c.at);
			if (t < since) return false;
			if (t === since && seen.has(c.key)) return false;
			return true;
		})
		.sort((a, b) => ms(a.at) - ms(b.at));
	// one change reported twice in one answer counts once
	const unique: Array<ChangeRecord<T>> = [];
	const keys = new Set<string>();
	for (const c of fresh) {
		if (keys.has(c.key)) continue;
		keys.add(c.key);
		unique.push(c);
	}
	if (unique.length === 0) return { emit: [], state };
	const last = unique[unique.length - 1].at;
	const lastMs = ms(last);
	const atLast = unique.filter((c) => ms(c.at) === lastMs).map((c) => c.key);
	const nextSeen = lastMs === since ? [...state.seenAtSince, ...atLast] : atLast;
	return { emit: unique, state: { since: new Date(lastMs).toISOString(), seenAtSince: nextSeen } };
}
