import type { BillingEntry, InvoiceTotals } from '../model';
import { Decimal } from '../money/decimal';
import type { LedesIssue } from './issues';

/** Sorts findings into file order (line, then field). */
export function sortLedesIssues(list: LedesIssue[]): LedesIssue[] {
	return list.sort((a, b) => a.line - b.line || (a.field ?? 0) - (b.field ?? 0));
}

/** Totals of canonical lines (exact): total = Σ line totals; fees/expenses/adjustments exclude tax. */
export function computeLedesTotals(lines: BillingEntry[]): InvoiceTotals {
	let fees = Decimal.ZERO;
	let expenses = Decimal.ZERO;
	let adjustments = Decimal.ZERO;
	let tax = Decimal.ZERO;
	let total = Decimal.ZERO;
	for (const l of lines) {
		const t = Decimal.tryFrom(l.total) ?? Decimal.ZERO;
		const x = Decimal.tryFrom(l.tax?.amount) ?? Decimal.ZERO;
		const base = t.sub(x);
		if (l.kind === 'fee') fees = fees.add(base);
		else if (l.kind === 'expense') expenses = expenses.add(base);
		else adjustments = adjustments.add(base);
		tax = tax.add(x);
		total = total.add(t);
	}
	return {
		fees: fees.toString(),
		expenses: expenses.toString(),
		adjustments: adjustments.toString(),
		tax: tax.toString(),
		total: total.toString(),
		net: total.sub(tax).toString(),
	};
}
