/** Validation findings: stable codes and the messages a billing clerk reads. */

export type LedesIssueCode =
	| 'EMPTY_FILE'
	| 'HEADER_INVALID'
	| 'COLUMNS_INVALID'
	| 'COLUMN_COUNT'
	| 'LINE_TERMINATOR_MISSING'
	| 'BLANK_LINE'
	| 'NO_LINE_ITEMS'
	| 'REQUIRED'
	| 'DATE_INVALID'
	| 'NUMBER_INVALID'
	| 'NUMBER_TOO_LARGE'
	| 'TOO_MANY_DECIMALS'
	| 'TOO_LONG'
	| 'VALUE_NOT_ALLOWED'
	| 'TAX_RATE_INVALID'
	| 'NEGATIVE_UNITS'
	| 'LINE_TOTAL_MISMATCH'
	| 'LINE_TAX_MISMATCH'
	| 'INVOICE_FIELD_INCONSISTENT'
	| 'INVOICE_TOTAL_INCONSISTENT'
	| 'INVOICE_TOTAL_MISMATCH'
	| 'INVOICE_TAX_TOTAL_MISMATCH'
	| 'INVOICE_NET_TOTAL_MISMATCH'
	| 'REPORTED_TAX_TOTAL_MISMATCH'
	| 'LINE_DATE_OUTSIDE_PERIOD'
	| 'BILLING_PERIOD_INVERTED'
	| 'UNKNOWN_UTBMS_CODE'
	| 'DUPLICATE_LINE_ITEM_NUMBER'
	| 'DUPLICATE_INVOICE_NUMBER'
	| 'NON_ASCII'
	| 'XML_INVALID'
	| 'LINE_TOO_LONG'
	| 'TOO_MANY_FIELDS'
	| 'ENCODING_INVALID'
	| 'TOO_MANY_ISSUES'
	| 'TOO_MANY_LINE_ITEMS'
	| 'XML_ELEMENT_MISSING';

export type LedesSeverity = 'error' | 'warning';

export interface LedesIssue {
	/** 1-based line in the file (for XML: the element's file_item_nbr when known, else 0) */
	line: number;
	/** 1-based field position */
	field?: number;
	/** LEDES field name, e.g. LINE_ITEM_UNIT_COST */
	fieldName?: string;
	code: LedesIssueCode;
	message: string;
	severity: LedesSeverity;
	invoiceNumber?: string;
	/** the offending value, shortened */
	value?: string;
}

/** Codes that are warnings by default (the file is still accepted by most platforms). */
export const WARNING_CODES: ReadonlySet<LedesIssueCode> = new Set<LedesIssueCode>(['NON_ASCII', 'BLANK_LINE']);

export function shorten(v: string, max = 40): string {
	return v.length > max ? v.slice(0, max) + '…' : v;
}

/** Prefix every message the same way: "Line 3, field 21 (LINE_ITEM_UNIT_COST): …". */
export function where(line: number, field?: number, fieldName?: string): string {
	if (field === undefined) return `Line ${line}`;
	return `Line ${line}, field ${field} (${fieldName})`;
}

export class LedesWriteError extends Error {
	constructor(
		message: string,
		readonly invoiceNumber: string | undefined,
		readonly lineIndex: number | undefined,
		readonly fieldName: string | undefined,
	) {
		super(message);
		this.name = 'LedesWriteError';
	}
}
