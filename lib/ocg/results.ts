/** What evaluating a batch returns: per-entry results, violations and the summary. Types only. */
import type { EntryError } from './prepare';
import type { RuleAction, RuleType, Severity } from './schema';

export interface LineValues {
	quantity: string;
	rate: string;
	adjustment: string;
	total: string;
}

export interface Violation {
	ruleId: string;
	type: RuleType;
	/** the client's guideline reference, e.g. "OCG §4.2" */
	ref: string;
	severity: Severity;
	action: RuleAction;
	/** "line" or "invoice" (invoice-level rules put the same violation on every line) */
	level: 'line' | 'invoice';
	message: string;
	/** what the line would lose if the rule's adjustment were applied (the whole line for zeroing rules) */
	amountAtStake: string;
	/** for adjust rules: the line after this rule's adjustment alone */
	adjustment?: LineValues;
	details: Record<string, string | number>;
}

export type EntryStatus = 'compliant' | 'adjusted' | 'review' | 'rejected' | 'error';

export interface EntryResult {
	index: number;
	entryId: string;
	/**
	 * rejected: at least one reject rule; review: at least one flag rule; adjusted: only adjust
	 * rules (the line is acceptable once `adjusted` is applied); compliant: nothing found;
	 * error: the entry could not be read (see `error`).
	 */
	status: EntryStatus;
	violations: readonly Violation[];
	/** the rule set that judged the entry (none when no rule set is in scope) */
	ruleSet?: { id: string; version: string };
	/** all adjust rules applied in rule order */
	adjusted?: LineValues & { reduction: string };
	error?: EntryError;
}

export interface EvaluationSummary {
	entries: number;
	compliant: number;
	adjusted: number;
	review: number;
	rejected: number;
	errors: number;
	violations: number;
	/** sum of every violation's amount at stake (a line with two violations counts twice) */
	amountAtStake: string;
	/** total reduction if every adjusted line were applied */
	reduction: string;
	byRule: Record<string, { count: number; amountAtStake: string }>;
	/** rules that could not run on this batch, and why (e.g. no billing period given) */
	skipped: Array<{ ruleSetId: string; ruleId: string; reason: string }>;
}

export interface EvaluationResult {
	results: EntryResult[];
	summary: EvaluationSummary;
}
