/**
 * Invoice totals: counts and exact amounts per outcome (approved, adjusted, rejected, pending),
 * realization, and a totals row as text.
 */
import { Decimal } from '../money/decimal';
import type { JoinedInvoice } from './join';

export interface Totals {
	invoices: number;
	billed: Decimal;
	approvedCount: number;
	/** Billed amount of the approved invoices. */
	approvedBilled: Decimal;
	adjustedCount: number;
	adjustedBilled: Decimal;
	/** What the adjustments cut (billed − accepted of the adjusted invoices). */
	adjustedCut: Decimal;
	rejectedCount: number;
	rejectedAmount: Decimal;
	pendingCount: number;
	pendingAmount: Decimal;
	/** What the clients accepted to pay (approved and adjusted invoices). */
	accepted: Decimal;
}

export function emptyTotals(): Totals {
	const z = Decimal.ZERO;
	return { invoices: 0, billed: z, approvedCount: 0, approvedBilled: z, adjustedCount: 0, adjustedBilled: z, adjustedCut: z, rejectedCount: 0, rejectedAmount: z, pendingCount: 0, pendingAmount: z, accepted: z };
}

export function addInvoice(t: Totals, i: JoinedInvoice): void {
	t.invoices++;
	t.billed = t.billed.add(i.total);
	if (i.outcome === 'approved') {
		t.approvedCount++;
		t.approvedBilled = t.approvedBilled.add(i.total);
		t.accepted = t.accepted.add(i.approved);
	} else if (i.outcome === 'adjusted') {
		t.adjustedCount++;
		t.adjustedBilled = t.adjustedBilled.add(i.total);
		t.adjustedCut = t.adjustedCut.add(i.total.sub(i.approved));
		t.accepted = t.accepted.add(i.approved);
	} else if (i.outcome === 'rejected') {
		t.rejectedCount++;
		t.rejectedAmount = t.rejectedAmount.add(i.total);
	} else {
		t.pendingCount++;
		t.pendingAmount = t.pendingAmount.add(i.total);
	}
}

/** Accepted ÷ billed as a percentage with one decimal (exact, half-up); '' when nothing was billed. */
export function realization(t: Totals): string {
	return t.billed.isZero() ? '' : t.accepted.mul(100).div(t.billed, 1).toFixed(1);
}

/** An exact amount as text with two decimals. */
export const m = (d: Decimal): string => d.round(2).toFixed(2);

export function totalsRow(t: Totals): Record<string, string> {
	return {
		invoices: String(t.invoices),
		billed: m(t.billed),
		approvedCount: String(t.approvedCount),
		approvedBilled: m(t.approvedBilled),
		adjustedCount: String(t.adjustedCount),
		adjustedCut: m(t.adjustedCut),
		rejectedCount: String(t.rejectedCount),
		rejectedAmount: m(t.rejectedAmount),
		pendingCount: String(t.pendingCount),
		pendingAmount: m(t.pendingAmount),
		accepted: m(t.accepted),
		realization: realization(t),
	};
}
