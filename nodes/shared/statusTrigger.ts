/**
 * One poll of a status-change trigger (Brightflag, Legal Tracker): the changes since the stored
 * cursor, each once (nodes/shared/pollCursor.ts). On activation (no cursor, no Start From) it
 * stores a baseline of now and emits nothing. A manual run ("Fetch test event") gets the latest
 * matching changes (at most 10), or else the latest one of the past year.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { advanceChangeCursor, firstChangeCursor, type ChangeCursorState, type ChangeRecord } from './pollCursor';
import { toIsoInstant } from './time';

export interface StatusPoll {
	/** the option "Start From" (an n8n date-time or text) */
	startFrom: unknown;
	/** the changes since an ISO instant, oldest first */
	fetch: (since: string) => Promise<Array<ChangeRecord<IDataObject>>>;
	/** whether a change is one the trigger was asked for (its status filter) */
	matches: (change: ChangeRecord<IDataObject>) => boolean;
}

/**
 * The changes to emit, and `commit()` that stores the advanced cursor: call it once the items are
 * built, so that a failed read or output leaves the cursor where it was (the next poll sees the same
 * changes). Null when there is nothing to emit (the cursor is then stored already).
 */
export async function pollStatusChanges(
	this: IPollFunctions,
	poll: StatusPoll,
): Promise<{ selected: Array<ChangeRecord<IDataObject>>; commit: () => void } | null> {
	const data = this.getWorkflowStaticData('node');
	const manual = this.getMode() === 'manual';
	const state = (data.cursor as ChangeCursorState | undefined) ?? firstChangeCursor(toIsoInstant(poll.startFrom), manual, Date.now());
	if (!state) {
		data.cursor = { since: new Date().toISOString(), seenAtSince: [] } satisfies ChangeCursorState;
		return null;
	}
	const { emit, state: next } = advanceChangeCursor(state, await poll.fetch(state.since));
	let selected = emit.filter(poll.matches);
	if (manual) {
		if (selected.length === 0) selected = (await poll.fetch(new Date(Date.now() - 365 * 86_400_000).toISOString())).filter(poll.matches).slice(-1);
		selected = selected.slice(-10);
	}
	const commit = () => {
		data.cursor = next;
	};
	if (selected.length === 0) {
		commit();
		return null;
	}
	return { selected, commit };
}
