/**
 * The one poll cursor of the polling triggers (Clio, Brightflag, Legal Tracker): no duplicates, no
 * gaps. Pure: the trigger keeps the state in its static data and stores the next state only once
 * the items of what it emits are built (the cursor moves only past what was delivered).
 *
 * The platform is asked for what changed at or after `since` − overlap (inclusive, so a change
 * written in the same instant as the last one seen is not missed; the overlap re-reads a window
 * before it, for writes committed late). What was already emitted inside that window is remembered
 * per record — its change stamp `${at}|${version}` — and skipped.
 */
export interface PollCursorState {
	/** timestamp of the latest change read (as the platform wrote it) */
	since: string;
	/** record id → stamp of its change last emitted, for changes at or after `since` − overlap */
	seen: Record<string, string>;
}

export interface PolledChange<T> {
	record: T;
	/** the record the change is of (one stamp is remembered per id) */
	id: string;
	/** ISO timestamp of the change */
	at: string;
	/** tells two changes of a record in the same instant apart (e.g. Clio's etag) */
	version?: string;
}

function ms(iso: string): number {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) throw new RangeError(`Not an ISO timestamp: "${iso}"`);
	return t;
}

/** The stamp remembered for a change: its timestamp and version. */
export function changeStamp(at: string, version?: string): string {
	return `${at}|${version ?? ''}`;
}

/** Two stamps name the same change (same instant, whatever the ISO spelling, and same version). */
function sameChange(a: string | undefined, b: string): boolean {
	if (a === undefined) return false;
	if (a === b) return true;
	const [atA, ...vA] = a.split('|');
	const [atB, ...vB] = b.split('|');
	return Date.parse(atA) === Date.parse(atB) && vA.join('|') === vB.join('|');
}

/** The lower bound of the next query, in whole seconds: `since` − overlap. */
export function pollFrom(since: string, overlapMs: number): string {
	return new Date(Math.max(0, ms(since) - overlapMs)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Given what a query (changed ≥ since − overlap) returned, decides which changes are new and the
 * next state. New changes are emitted in change order (ties in the order given); a change read
 * twice in one answer counts once; a change older than the overlap window is ignored (it was read
 * before). The same state object comes back when nothing is new and the cursor does not move.
 */
export function advancePollCursor<T>(
	state: PollCursorState,
	changes: Array<PolledChange<T>>,
	overlapMs = 0,
): { emit: Array<PolledChange<T>>; state: PollCursorState } {
	const sinceMs = ms(state.since);
	const inWindow = changes.filter((c) => ms(c.at) >= sinceMs - overlapMs);
	const seen = { ...state.seen };
	const emit: Array<PolledChange<T>> = [];
	let nextMs = sinceMs;
	let nextSince = state.since;
	for (const c of [...inWindow].sort((a, b) => ms(a.at) - ms(b.at))) {
		const stamp = changeStamp(c.at, c.version);
		if (!sameChange(seen[c.id], stamp)) emit.push(c);
		seen[c.id] = stamp;
		if (ms(c.at) > nextMs) {
			nextMs = ms(c.at);
			nextSince = c.at;
		}
	}
	if (emit.length === 0 && nextMs === sinceMs) return { emit, state };
	// forget what can no longer come back inside the overlap window
	for (const [id, stamp] of Object.entries(seen)) if (Date.parse(stamp.split('|')[0]) < nextMs - overlapMs) delete seen[id];
	return { emit, state: { since: nextSince, seen } };
}

// ---------------------------------------------------------------------------------------------
// The state the Brightflag and Legal Tracker triggers keep (one key per status change, no overlap)
// ---------------------------------------------------------------------------------------------

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

/** advancePollCursor without overlap, for changes identified by key (state kept as `seenAtSince`). */
export function advanceChangeCursor<T>(state: ChangeCursorState, changes: Array<ChangeRecord<T>>): { emit: Array<ChangeRecord<T>>; state: ChangeCursorState } {
	const seen = Object.fromEntries(state.seenAtSince.map((key) => [key, changeStamp(state.since)]));
	const r = advancePollCursor({ since: state.since, seen }, changes.map((c) => ({ record: c, id: c.key, at: c.at })));
	if (r.emit.length === 0) return { emit: [], state };
	return {
		emit: r.emit.map((c) => c.record),
		state: { since: new Date(ms(r.state.since)).toISOString(), seenAtSince: Object.keys(r.state.seen) },
	};
}

/**
 * The state a Brightflag or Legal Tracker trigger starts from when it has none: its Start From
 * option, else (manual "Fetch test event") the past 30 days; undefined on activation, when the
 * trigger stores a baseline of now and emits nothing.
 */
export function firstChangeCursor(startFrom: string | undefined, manual: boolean, nowMs: number): ChangeCursorState | undefined {
	if (startFrom) return { since: startFrom, seenAtSince: [] };
	if (manual) return { since: new Date(nowMs - 30 * 86_400_000).toISOString(), seenAtSince: [] };
	return undefined;
}
