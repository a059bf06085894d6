import type { LedgerRow } from './types';
import { MAX_MESSAGE_CHARS, str } from './types';

export type RunStatus = 'empty' | 'success' | 'partial' | 'failed';

export interface RunSummaryInput {
	/** named counts (items a node emitted); `entries` decides whether the period was empty */
	counts: Record<string, number>;
	/** the ledger rows this run wrote (the confirmation node's items) */
	ledger: Array<Partial<LedgerRow>>;
	periodStart: string;
	periodEnd: string;
	/** `{name}` placeholders: any count, submitted, unknown, failed, skipped, periodStart, periodEnd */
	message: string;
	/** the message of a period with no entries (same placeholders) */
	emptyMessage: string;
	/** whether an `unknown` outcome counts as failed (it is reported either way) */
	unknownAsFailed: boolean;
	/**
	 * Run summaries of sub-workflow executions, one per slice of the period (a sliced template's
	 * parent keeps only these): their counts are added to this run's and their failures named.
	 */
	slices?: Array<Partial<RunSummary>>;
	workflow: string;
	runAt: string;
}

export interface RunSummary {
	runAt: string;
	workflow: string;
	status: RunStatus;
	periodStart: string;
	periodEnd: string;
	invoices: number;
	submitted: number;
	duplicates: number;
	failed: number;
	review: number;
	message: string;
	counts: Record<string, number>;
	/** the failed (and, when counted as failed, unknown) invoices with their reasons */
	failures: string[];
}

/** the counts a summary derives from ledger rows (a slice's are added, never overwritten) */
const LEDGER_COUNTS = new Set(['submitted', 'unknown', 'failed', 'skipped']);
/** failures carried in a summary's `failures` (the message names them all, up to its length) */
const MAX_FAILURES = 200;

const fill = (template: string, values: Record<string, string | number>) =>
	template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole));

/**
 * One row of the run log (Data Table `legal_billing_sync_runs`, read by the silent-failure monitor).
 * A period that holds no entries is said so (`empty`), never logged as a silent success; a run with
 * failures is `partial` when something was submitted, else `failed`. The failures are named.
 */
export function summarizeRun(input: RunSummaryInput): RunSummary {
	const by = (s: string) => input.ledger.filter((r) => r.status === s);
	const slices = input.slices ?? [];
	const ofSlices = (k: string) => slices.reduce((n, sl) => n + (Number(sl.counts?.[k]) || 0), 0);
	const submitted = by('submitted').length + ofSlices('submitted');
	const unknown = by('unknown').length + ofSlices('unknown');
	const skipped = by('skipped').length + ofSlices('skipped');
	// a slice's `failed` already follows the same setting for its unknown outcomes
	const failed = by('failed').length + (input.unknownAsFailed ? by('unknown').length : 0) + ofSlices('failed');
	const counts: Record<string, number> = { ...input.counts };
	for (const sl of slices) for (const [k, v] of Object.entries(sl.counts ?? {})) if (!LEDGER_COUNTS.has(k)) counts[k] = (counts[k] ?? 0) + (Number(v) || 0);
	Object.assign(counts, { submitted, unknown, failed, skipped });
	const entries = Number(counts.entries ?? 0);
	const status: RunStatus = entries === 0 ? 'empty' : failed > 0 ? (submitted > 0 ? 'partial' : 'failed') : 'success';
	const reasons = input.ledger
		.filter((r) => r.status === 'failed' || (input.unknownAsFailed && r.status === 'unknown'))
		.map((r) => `${str(r.invoiceNumber)}: ${r.status === 'unknown' ? 'outcome unknown (it may have been created), checked on the platform before any resubmission: ' : ''}${str(r.error)}`)
		.concat(slices.flatMap((sl) => sl.failures ?? []));
	const values = { ...counts, periodStart: input.periodStart, periodEnd: input.periodEnd };
	const message =
		status === 'empty' ? fill(input.emptyMessage, values) : fill(input.message, values) + (reasons.length ? `. Failures: ${reasons.join('; ')}` : '');
	return {
		runAt: input.runAt,
		workflow: input.workflow,
		status,
		periodStart: input.periodStart,
		periodEnd: input.periodEnd,
		invoices: Number(counts.invoices ?? 0),
		submitted,
		duplicates: Number(counts.duplicates ?? 0),
		failed,
		review: Number(counts.review ?? 0),
		message: message.slice(0, MAX_MESSAGE_CHARS),
		counts,
		failures: reasons.slice(0, MAX_FAILURES),
	};
}
