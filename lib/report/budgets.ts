/**
 * Budget versus actual, for the client portal (one client) and the reconciliation dashboard (every
 * client): budgets as data (the Data Table legal_billing_budgets or JSON), actual spend from the
 * warehouse's entries, or — where there are no entries at all — from the billed invoices. One pass
 * over the entries (sums per client/matter and UTBMS phase), then one lookup per budget: linear in
 * entries + budgets. Exact money (Decimal).
 */
import { Decimal } from '../money/decimal';
import { m } from './totals';
import { text } from './rows';
import type { Table } from './page';

export interface Budget {
	/** The client the budget belongs to; '' for a matter budget (a row of the Data Table legal_billing_budgets), which counts for the client whose matter it is. */
	clientId: string;
	/** A matter (number or client matter id) or '' for every matter of the client. */
	matter?: string;
	/** A UTBMS phase (e.g. L100) or '' for all phases. */
	phase?: string;
	amount: string;
}

/** L120 → L100; E101 (expenses) → E100; anything else → as given or "(no code)". */
export function utbmsPhase(code: string): string {
	const c = code.trim().toUpperCase();
	const x = /^([A-Z]{1,2})(\d)\d\d$/.exec(c);
	if (x) return `${x[1]}${x[2]}00`;
	return c || '(no code)';
}

/** Reads and validates budgets (JSON text or a list); bad ones are skipped with a notice. At most 1,000. */
export function readBudgets(v: unknown, notices: string[] = []): Budget[] {
	let list: unknown = v;
	if (typeof v === 'string') {
		if (v.trim() === '') return [];
		if (v.length > 200_000) {
			notices.push('Budgets ignored: more than 200,000 characters.');
			return [];
		}
		try {
			list = JSON.parse(v);
		} catch {
			notices.push('Budgets ignored: not valid JSON.');
			return [];
		}
	}
	if (!Array.isArray(list)) return [];
	const out: Budget[] = [];
	for (const [n, b] of list.slice(0, 1000).entries()) {
		const r = b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
		// rows of legal_billing_budgets also hold caps, flat fees and blended rates: only budgets are shown
		if (text(r.kind) !== '' && text(r.kind) !== 'budget') continue;
		const amount = Decimal.tryFrom(r.amount);
		if ((!text(r.clientId) && !text(r.matter)) || !amount) {
			notices.push(`Budget ${n + 1} ignored: it needs a clientId or a matter, and an amount.`);
			continue;
		}
		out.push({ clientId: text(r.clientId), matter: text(r.matter), phase: text(r.phase).toUpperCase(), amount: amount.toString() });
	}
	return out;
}

/** What a budget is measured against: an entry of the warehouse or a billed invoice (no phase). */
export interface Spend {
	clientId: string;
	matter: string;
	clientMatterId: string;
	/** the UTBMS task code (entries); '' for an invoice */
	taskCode?: string;
	total: Decimal;
}

export interface BudgetRow {
	/** the budget's client, or the client whose matter it is ('' when no entry or invoice names the matter) */
	client: string;
	scope: string;
	budget: string;
	actual: string;
	remaining: string;
	/** actual ÷ budget in percent, one decimal (exact, truncated); '' for a zero budget */
	used: string;
}

/** The columns of a budget-versus-actual table, as the portal and the dashboard (after its Client column) show them. */
export const BUDGET_COLUMNS: Table['columns'] = [
	{ key: 'scope', label: 'Budget' },
	{ key: 'budget', label: 'Budget', kind: 'money' },
	{ key: 'actual', label: 'Actual', kind: 'money' },
	{ key: 'remaining', label: 'Remaining', kind: 'money' },
	{ key: 'used', label: 'Used', kind: 'percent' },
];

/** Sums per client and per matter (number and client matter id), in all and per UTBMS phase. */
class Sums {
	private readonly sums = new Map<string, Decimal>();
	/** matter (number or client matter id) → its client */
	readonly clientOf = new Map<string, string>();
	constructor(rows: readonly Spend[], phases: boolean) {
		for (const r of rows) {
			const phase = phases ? utbmsPhase(r.taskCode ?? '') : '';
			const keys = [`c|${r.clientId}|`, `m|${r.matter}|`];
			if (r.clientMatterId && r.clientMatterId !== r.matter) keys.push(`m|${r.clientMatterId}|`);
			for (const k of keys) {
				this.add(k, r.total);
				if (phase) this.add(k + phase, r.total);
			}
			if (r.clientId) {
				if (r.matter) this.clientOf.set(r.matter, r.clientId);
				if (r.clientMatterId) this.clientOf.set(r.clientMatterId, r.clientId);
			}
		}
	}
	private add(key: string, v: Decimal) {
		this.sums.set(key, (this.sums.get(key) ?? Decimal.ZERO).add(v));
	}
	of(b: Budget, phase: string): Decimal {
		return this.sums.get(`${b.matter ? `m|${b.matter}` : `c|${b.clientId}`}|${phase}`) ?? Decimal.ZERO;
	}
}

/**
 * Each budget against its actual: the entries of its matter (or of its client's matters) in its
 * phase (or all phases). With no entries at all, a budget without a phase is measured against the
 * billed invoices of its scope, and a phase budget against nothing (invoices carry no phase).
 */
export function budgetVersusActual(budgets: readonly Budget[], entries: readonly Spend[], invoices: readonly Spend[]): BudgetRow[] {
	if (!budgets.length) return [];
	const byEntry = new Sums(entries, true);
	const byInvoice = entries.length ? undefined : new Sums(invoices, false);
	return budgets.map((b) => {
		const actual = byInvoice ? (b.phase ? Decimal.ZERO : byInvoice.of(b, '')) : byEntry.of(b, b.phase ?? '');
		const budget = Decimal.from(b.amount);
		return {
			client: b.clientId || (b.matter ? (byEntry.clientOf.get(b.matter) ?? byInvoice?.clientOf.get(b.matter) ?? '') : ''),
			scope: [b.matter ? `matter ${b.matter}` : 'all matters', b.phase ? `phase ${b.phase}` : ''].filter(Boolean).join(', '),
			budget: m(budget),
			actual: m(actual),
			remaining: m(budget.sub(actual)),
			used: budget.isZero() ? '' : actual.mul(100).div(budget, 1).toFixed(1),
		};
	});
}
