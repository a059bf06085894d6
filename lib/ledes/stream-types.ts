/**
 * What the LEDES validating stream reader takes and hands out: its options, the records, invoice
 * summaries and file summary it reports, and its handlers. The reader is ./stream-reader.
 */
import type { UtbmsKind } from '../utbms/types';
import type { LedesTextFormat } from './fields';
import type { LedesIssue } from './issues';

export interface LedesValidateOptions {
	/** Force the format instead of reading it from line 1. */
	format?: LedesTextFormat;
	/**
	 * Check UTBMS codes with this lookup (e.g. the UTBMS core's `isKnownCode`). Not called for
	 * empty codes. Results are cached per code. Leave unset to skip the check.
	 */
	isKnownCode?: (kind: UtbmsKind, code: string) => boolean;
	/** Which timekeeper classification codes are accepted: both (default), revised (PARTNR…) or legacy (PT…). */
	classifications?: 'both' | 'revised' | 'legacy';
	/** Largest accepted difference between a stated line total/tax and the computed one (default "0.005"). */
	tolerance?: string;
	/** Override a field's maximum length, e.g. { LINE_ITEM_DESCRIPTION: 1023 } for Brightflag. */
	maxLength?: Record<string, number>;
	/** Report non-ASCII characters as errors instead of warnings. */
	strictAscii?: boolean;
	/** Stop collecting (not checking) after this many errors; counts stay exact. Default 10,000. */
	maxIssues?: number;
	/**
	 * Longest line read, in characters (default 1,048,576). A longer line is reported once
	 * (LINE_TOO_LONG, naming the line) and skipped without being held or split, so a hostile file
	 * cannot exhaust memory.
	 */
	maxLineLength?: number;
	/** Most fields a line may have before it is skipped unsplit (TOO_MANY_FIELDS). Default 128. */
	maxFields?: number;
	/**
	 * parseLedes only: most line items turned into canonical entries (default 500,000, about a
	 * 100 MB file). Past it the file is still validated to the end, and one TOO_MANY_LINE_ITEMS error
	 * says where building stopped, so a flood of tiny lines cannot exhaust memory.
	 */
	maxLineItems?: number;
}

/** One data line as split from the file: the raw field texts, 0-based (field n is fields[n-1]). */
export interface LedesRecord {
	readonly line: number;
	/** split on first access */
	readonly fields: string[];
	/** false when the line had a finding of severity error */
	readonly ok: boolean;
}

export interface LedesInvoiceSummary {
	number: string;
	firstLine: number;
	lastLine: number;
	lineCount: number;
	/** INVOICE_TOTAL as stated on the first line */
	statedTotal: string;
	/** computed: sum of line totals */
	total: string;
	/** computed: sum of line taxes (98BI) */
	tax: string;
	/** computed: total − tax */
	net: string;
	errorCount: number;
}

export interface LedesStreamSummary {
	format: LedesTextFormat | undefined;
	/** the header as read, e.g. "LEDES98BI V5[]" */
	header: string | undefined;
	lines: number;
	lineItems: number;
	invoices: number;
	errorCount: number;
	warningCount: number;
	valid: boolean;
}

export interface LedesStreamHandlers {
	onRecord?: (record: LedesRecord) => void;
	onIssue?: (issue: LedesIssue) => void;
	onInvoice?: (summary: LedesInvoiceSummary) => void;
}

/** A data line handed to onRecord; its field texts are split only when asked for. */
export class LineRecord implements LedesRecord {
	constructor(
		readonly line: number,
		private readonly raw: string,
		private readonly end: number,
		readonly ok: boolean,
		private split: string[] | undefined,
	) {}

	get fields(): string[] {
		if (!this.split) this.split = this.raw.slice(0, this.end).split('|');
		return this.split;
	}
}
