import type { InvoiceFacts, LedgerRow, LedgerStatus } from './types';
import { MAX_ERROR_CHARS, str } from './types';

/** A platform node's answer to one submission (its output item, either output). */
export interface PlatformAnswer {
	outcome?: unknown;
	error?: unknown;
	description?: unknown;
	errorDescription?: unknown;
	invoiceId?: unknown;
	invoices?: Array<{ invoiceID?: unknown }>;
	id?: unknown;
	submissionId?: unknown;
}

const factsOf = (f: Partial<InvoiceFacts>) => ({
	invoiceNumber: str(f.invoiceNumber),
	entryIds: str(f.entryIds),
	clientId: str(f.clientId),
	clientMatterId: str(f.clientMatterId),
	matter: str(f.matter),
	total: str(f.total),
	lineCount: Number(f.lineCount ?? 0),
	periodStart: str(f.periodStart),
	periodEnd: str(f.periodEnd),
});

/** The row written BEFORE a submission: the ledger knows of the attempt whatever happens next. */
export function pendingRow(facts: Partial<InvoiceFacts>, platform: string, loggedAt: string): LedgerRow {
	return { ...factsOf(facts), platform, status: 'pending', platformInvoiceId: '', error: '', loggedAt };
}

/**
 * The row confirming a submission, from the platform's answer:
 * - outcome `unknown` (the answer was lost: it may have been created) → `unknown`;
 * - an item carrying an error → `failed`, with the vendor's message and description (an item with an
 *   error is a refusal whichever output it came from);
 * - otherwise `submitted` (outcome `created`, or `exists` when the platform already had the number),
 *   with the platform's invoice id.
 */
export function outcomeRow(facts: Partial<InvoiceFacts>, answer: PlatformAnswer, platform: string, loggedAt: string): LedgerRow {
	const e = answer.error;
	const refused = e !== undefined && e !== null && e !== '';
	const message = typeof e === 'string' ? e : str((e as { message?: unknown } | undefined)?.message);
	const status: LedgerStatus = answer.outcome === 'unknown' ? 'unknown' : refused ? 'failed' : 'submitted';
	const platformInvoiceId = refused ? '' : str(answer.invoiceId ?? answer.invoices?.[0]?.invoiceID ?? answer.id ?? answer.submissionId ?? '');
	const error = refused ? [message, str(answer.description ?? answer.errorDescription ?? '')].filter(Boolean).join(' | ').slice(0, MAX_ERROR_CHARS) : '';
	return { ...factsOf(facts), platform, status, platformInvoiceId, error, loggedAt };
}

/** An invoice not sent because the platform does not know its matter (billed elsewhere): `skipped`, not failed. */
export function skippedRow(facts: Partial<InvoiceFacts>, platform: string, reason: string, loggedAt: string): LedgerRow {
	return { ...factsOf(facts), platform, status: 'skipped', platformInvoiceId: '', error: reason.slice(0, MAX_ERROR_CHARS), loggedAt };
}
