import type { LedgerRow } from './types';
import { str } from './types';

/**
 * What a run may invoice, from the ledger rows of its period (issue 13 items 3 and 4):
 * - an entry on a `submitted` invoice is left out (invoiced before);
 * - an entry on an invoice whose outcome is `unknown` (answer lost) or `pending` (the run stopped
 *   between the submission and the ledger) keeps that invoice's number, so the submission asks the
 *   platform for the number before sending anything (it is settled, never doubled);
 * - what is left of a matter invoiced before goes on a supplemental invoice `-S2`, `-S3`, …
 */
export interface LedgerPlan {
	/** entry id → the `submitted` invoice it is on */
	invoiced: Map<string, string>;
	/** entry id → the `unknown`/`pending` invoice number it keeps */
	unsettled: Map<string, string>;
	/** every number the ledger holds as submitted, unknown or pending */
	numbers: Set<string>;
}

const UNSETTLED = new Set(['unknown', 'pending']);

export const entryIdsOf = (row: Pick<LedgerRow, 'entryIds'>): string[] => str(row.entryIds).split(',').filter(Boolean);

export function ledgerPlan(rows: LedgerRow[]): LedgerPlan {
	const kept = rows.filter((r) => str(r.invoiceNumber));
	const submitted = new Set(kept.filter((r) => r.status === 'submitted').map((r) => str(r.invoiceNumber)));
	const invoiced = new Map<string, string>();
	const unsettled = new Map<string, string>();
	const numbers = new Set<string>();
	for (const r of kept) {
		const n = str(r.invoiceNumber);
		if (r.status === 'submitted') for (const id of entryIdsOf(r)) invoiced.set(id, n);
		if (UNSETTLED.has(str(r.status)) && !submitted.has(n)) for (const id of entryIdsOf(r)) unsettled.set(id, n);
		if (r.status === 'submitted' || UNSETTLED.has(str(r.status))) numbers.add(n);
	}
	return { invoiced, unsettled, numbers };
}

/** The base number of a matter and period: `<prefix><digits of the matter id>-<YYYYMM of the period end>`. */
export function baseInvoiceNumber(prefix: string, matterId: unknown, periodEnd: string): string {
	if (!/^\d{4}-\d{2}/.test(periodEnd)) throw new Error(`period end "${periodEnd}" is not a date (YYYY-MM-DD)`);
	return `${prefix}${str(matterId).replace(/\D/g, '')}-${periodEnd.slice(0, 7).replace('-', '')}`;
}

/**
 * The invoice number of one entry, or undefined when it was invoiced before.
 * `base` comes from baseInvoiceNumber.
 */
export function planEntry(plan: LedgerPlan, entryId: string, base: string): { invoiceNumber: string } | undefined {
	if (plan.invoiced.has(entryId)) return undefined;
	const kept = plan.unsettled.get(entryId);
	if (kept !== undefined && (kept === base || kept.startsWith(`${base}-S`))) return { invoiceNumber: kept };
	let before = 0;
	for (const n of plan.numbers) if (n === base || n.startsWith(`${base}-S`)) before++;
	return { invoiceNumber: before > 0 ? `${base}-S${before + 1}` : base };
}
