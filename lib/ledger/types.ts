/**
 * The shared submissions ledger of the templates (Data Table `legal_billing_submissions`): one row
 * per invoice attempt. `pending` is written before a submission and confirmed after it.
 */
export type LedgerStatus = 'pending' | 'submitted' | 'unknown' | 'failed' | 'skipped';

export interface LedgerRow {
	invoiceNumber: string;
	platform: string;
	status: LedgerStatus | string;
	entryIds?: string;
	clientId?: string;
	clientMatterId?: string;
	matter?: string;
	total?: string;
	lineCount?: number;
	periodStart?: string;
	periodEnd?: string;
	platformInvoiceId?: string;
	error?: string;
	loggedAt?: string;
}

/** What the ledger and the platforms need to know of one built invoice. */
export interface InvoiceFacts {
	invoiceNumber: string;
	entryIds: string;
	clientId: string;
	clientMatterId: string;
	matter: string;
	total: string;
	lineCount: number;
	periodStart: string;
	periodEnd: string;
}

/** Bounds on text the ledger keeps (a Data Table cell, a log line). */
export const MAX_ERROR_CHARS = 1000;
export const MAX_MESSAGE_CHARS = 2000;

export const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
