/** What reading a LEDES file returns, shared by the text reader (./parse) and the XML reader (./xml). */
import type { Invoice, InvoiceTotals } from '../model';
import type { LedesFormat } from './fields';
import type { LedesIssue } from './issues';

export interface ParsedInvoice extends Invoice {
	/** computed: the sum of the line totals (exact) */
	total: string;
	/** computed totals by kind */
	totals: InvoiceTotals;
	/** file lines the invoice spans (text formats) */
	firstLine: number;
	lastLine: number;
	/** the matters billed on this invoice (several are allowed) */
	matters: string[];
	errorCount: number;
}

export interface LedesParseResult {
	format: LedesFormat | undefined;
	/** the header line or XML root as read, e.g. "LEDES98BI V5[]" */
	header?: string;
	invoices: ParsedInvoice[];
	/** findings of severity error, in file order */
	errors: LedesIssue[];
	/** findings that do not make the file invalid (non-ASCII characters, blank lines) */
	warnings: LedesIssue[];
	/** exact number of errors (the list stops at maxIssues, 10,000 by default) */
	errorCount?: number;
	valid: boolean;
}
