/**
 * UTBMS (Uniform Task-Based Management System) types. Pure data, no n8n import.
 *
 * A code set is one published table: the litigation task set (L), the activity set (A), the
 * expense set (E), counseling (C), bankruptcy (B), project (P) … Task sets may be organised in
 * phases (L100 "Case Assessment …") holding tasks (L110 "Fact Investigation/Development").
 */

/** Which LEDES column a code goes in: LINE_ITEM_TASK_CODE, LINE_ITEM_ACTIVITY_CODE or LINE_ITEM_EXPENSE_CODE. */
export type UtbmsKind = 'task' | 'activity' | 'expense';

export const UTBMS_KINDS: readonly UtbmsKind[] = ['task', 'activity', 'expense'];

export interface UtbmsCodeDef {
	/** e.g. "L110" */
	code: string;
	/** e.g. "Fact Investigation/Development" */
	name: string;
	/** for a task: the code of its phase (e.g. "L100"); absent on phases and on flat sets */
	phase?: string;
	/** true for a phase heading (L100, L200 …), which groups tasks and is not itself a task */
	isPhase?: boolean;
}

export interface UtbmsCodeSet {
	/** stable id, e.g. "litigation" */
	id: string;
	/** human name, e.g. "Litigation Code Set" */
	name: string;
	kind: UtbmsKind;
	/** true when the set could only be partly sourced: the listed codes are real, others exist */
	partial: boolean;
	/** why the set is partial, or where it comes from */
	note?: string;
	/**
	 * Shape of every code of the set, for partial sets: a code of this shape that is not listed is
	 * reported as "unverified" (a warning), not as "unknown" (an error), since the table is incomplete.
	 */
	pattern?: string;
	codes: UtbmsCodeDef[];
}

/** A code as found by lookup: its definition plus the set it belongs to. */
export interface UtbmsCodeInfo extends UtbmsCodeDef {
	kind: UtbmsKind;
	set: string;
	setName: string;
	/** name of the phase a task belongs to */
	phaseName?: string;
	/** for a phase: the codes of its tasks */
	tasks?: string[];
	/** the set is partial (see UtbmsCodeSet.note) */
	partialSet: boolean;
}
