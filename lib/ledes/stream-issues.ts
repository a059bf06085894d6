/**
 * The stream reader's findings: counts every error and warning exactly, attributes errors to the
 * line and the open invoice, and hands at most `maxIssues` of them to the onIssue handler.
 */
import { LEDES_FIELDS, type LedesField } from './fields';
import { shorten, WARNING_CODES, where, type LedesIssue, type LedesIssueCode } from './issues';

/** The invoice findings are attributed to (the reader's open invoice). */
export interface IssueInvoice {
	readonly number: string;
	errorCount: number;
}

export class StreamIssues {
	errorCount = 0;
	warningCount = 0;
	/** an error was reported since the reader last cleared it (at the start of each data line) */
	lineHadError = false;
	/** the field table of the format being read (for field names) */
	fields: readonly LedesField[] = LEDES_FIELDS['1998B'];
	/** the open invoice: its errorCount grows and its number is named on each finding */
	invoice: IssueInvoice | undefined;
	private collected = 0;

	constructor(
		private readonly onIssue: ((issue: LedesIssue) => void) | undefined,
		private readonly maxIssues: number,
		private readonly strictAscii: boolean,
	) {}

	/** Counts one finding and hands it on (while fewer than maxIssues were handed on). */
	issue(line: number, field: number | undefined, code: LedesIssueCode, message: string, value?: string, invoiceNumber?: string): void {
		const warning = WARNING_CODES.has(code) && !(code === 'NON_ASCII' && this.strictAscii);
		if (warning) this.warningCount++;
		else {
			this.errorCount++;
			this.lineHadError = true;
			if (this.invoice) this.invoice.errorCount++;
		}
		if (!this.onIssue || this.collected >= this.maxIssues) return;
		this.collected++;
		const out: LedesIssue = { line, code, message, severity: warning ? 'warning' : 'error' };
		if (field !== undefined) {
			out.field = field;
			out.fieldName = this.fields[field - 1]?.name;
		}
		if (invoiceNumber !== undefined) out.invoiceNumber = invoiceNumber;
		else if (this.invoice) out.invoiceNumber = this.invoice.number;
		if (value !== undefined) out.value = shorten(value);
		this.onIssue(out);
	}

	/** A finding on field index `i` (0-based) of `line`: the message starts with where it is. */
	field(line: number, i: number, code: LedesIssueCode, what: string, value: string): void {
		const f = this.fields[i];
		this.issue(line, i + 1, code, `${where(line, i + 1, f.name)}: ${what}`, value);
	}
}
