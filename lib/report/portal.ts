/**
 * The client spend portal: ONE client's spend, by matter, UTBMS phase and timekeeper
 * classification, its invoices' statuses and budget versus actual. The client is the one of a
 * verified token (lib/report/jwt.ts) and is passed in by the caller; this module filters every
 * table by it and shows nothing internal (no review reasons, rates, rate caps, guideline findings,
 * platform comments).
 */
import { Decimal } from '../money/decimal';
import { joinInvoices, readPlatforms, type ReportInput, type ReportOptions } from './join';
import { addInvoice, emptyTotals, m, realization, type Totals } from './totals';
import { type Page, type Table } from './page';
import { problems, platformName, readLedger, readWarehouse, text } from './rows';

export interface Budget {
	/** The client the budget belongs to; '' for a matter budget (a row of the Data Table legal_billing_budgets), which counts for the client whose matter it is. */
	clientId: string;
	/** A matter (number or client matter id) or '' for every matter of the client. */
	matter?: string;
	/** A UTBMS phase (e.g. L100) or '' for all phases. */
	phase?: string;
	amount: string;
}

export interface PortalOptions extends ReportOptions {
	/** Timekeeper name → LEDES classification (PARTNR, ASSOC …) where the warehouse has none. */
	classifications?: Record<string, string>;
	budgets?: Budget[];
	/** Shown as "for …" (the token's contact). */
	contact?: string;
	/** Query text the CSV links carry (the token). */
	linkQuery?: string;
	firmName?: string;
}

export interface Portal {
	page: Page;
	totals: Totals;
	clientId: string;
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

function sumBy<T>(rows: T[], key: (r: T) => string, amount: (r: T) => Decimal, qty?: (r: T) => Decimal) {
	const map = new Map<string, { count: number; amount: Decimal; qty: Decimal }>();
	for (const r of rows) {
		const k = key(r);
		const g = map.get(k) ?? { count: 0, amount: Decimal.ZERO, qty: Decimal.ZERO };
		g.count++;
		g.amount = g.amount.add(amount(r));
		if (qty) g.qty = g.qty.add(qty(r));
		map.set(k, g);
	}
	return [...map.entries()].sort((a, b) => b[1].amount.cmp(a[1].amount) || a[0].localeCompare(b[0]));
}

/** Builds the portal of `clientId` (from a verified token, never from the request). */
export function buildPortal(input: ReportInput, clientId: string, o: PortalOptions = {}): Portal {
	if (!clientId) throw new RangeError('buildPortal needs the client id of a verified token');
	const p = problems();
	const notices: string[] = [];
	const now = o.now ?? new Date();
	const mine = joinInvoices(
		readLedger(input.ledger, p).filter((l) => l.clientId === clientId),
		readPlatforms(input, p, o),
	).sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.invoiceNumber.localeCompare(b.invoiceNumber));
	const entries = readWarehouse(input.warehouse, p, o.classifications, (r) => text(r.clientId) === clientId);

	const totals = emptyTotals();
	const byMatter = new Map<string, { matter: string; clientMatterId: string; t: Totals }>();
	for (const i of mine) {
		addInvoice(totals, i);
		const key = i.clientMatterId || i.matter;
		const g = byMatter.get(key) ?? { matter: i.matter, clientMatterId: i.clientMatterId, t: emptyTotals() };
		addInvoice(g.t, i);
		byMatter.set(key, g);
	}
	const isTime = (k: string) => /time|fee/i.test(k);
	const phases = sumBy(entries, (e) => utbmsPhase(e.taskCode), (e) => e.total, (e) => (isTime(e.kind) ? e.quantity : Decimal.ZERO));
	const classes = sumBy(entries.filter((e) => isTime(e.kind) || !e.kind), (e) => e.classification || 'Unclassified', (e) => e.total, (e) => e.quantity);

	const myMatters = new Set([...mine.flatMap((i) => [i.matter, i.clientMatterId]), ...entries.flatMap((e) => [e.matter, e.clientMatterId])].filter(Boolean));
	const budgets = (o.budgets ?? []).filter((b) => b.clientId === clientId || (!b.clientId && !!b.matter && myMatters.has(b.matter)));
	const budgetRows = budgets.map((b) => {
		const matches = entries.filter((e) => (!b.matter || e.matter === b.matter || e.clientMatterId === b.matter) && (!b.phase || utbmsPhase(e.taskCode) === b.phase));
		// without entry-level data for the client, a matter budget is measured against its billed invoices
		const actual = entries.length
			? Decimal.sum(matches.map((e) => e.total))
			: b.phase
				? Decimal.ZERO
				: Decimal.sum(mine.filter((i) => !b.matter || i.matter === b.matter || i.clientMatterId === b.matter).map((i) => i.total));
		const budget = Decimal.from(b.amount);
		return {
			scope: [b.matter ? `matter ${b.matter}` : 'all matters', b.phase ? `phase ${b.phase}` : ''].filter(Boolean).join(', '),
			budget: m(budget),
			actual: m(actual),
			remaining: m(budget.sub(actual)),
			used: budget.isZero() ? '' : actual.mul(100).div(budget, 1).toFixed(1),
		};
	});

	const tables: Table[] = [
		{
			id: 'matters',
			title: 'Spend by matter',
			note: 'Invoices submitted to you, with the status your e-billing platform gives each.',
			columns: [
				{ key: 'matter', label: 'Matter' },
				{ key: 'clientMatterId', label: 'Your matter id' },
				{ key: 'invoices', label: 'Invoices', kind: 'count' },
				{ key: 'billed', label: 'Billed', kind: 'money' },
				{ key: 'accepted', label: 'Approved to pay', kind: 'money' },
				{ key: 'pendingAmount', label: 'Pending', kind: 'money' },
				{ key: 'rejectedAmount', label: 'Rejected', kind: 'money' },
			],
			rows: [
				...[...byMatter.values()].map((g) => ({ matter: g.matter, clientMatterId: g.clientMatterId, invoices: String(g.t.invoices), billed: m(g.t.billed), accepted: m(g.t.accepted), pendingAmount: m(g.t.pendingAmount), rejectedAmount: m(g.t.rejectedAmount) })),
				{ matter: 'All', clientMatterId: '', invoices: String(totals.invoices), billed: m(totals.billed), accepted: m(totals.accepted), pendingAmount: m(totals.pendingAmount), rejectedAmount: m(totals.rejectedAmount), __total: '1' },
			],
			chart: { title: 'Billed by matter', kind: 'money', bars: [...byMatter.values()].map((g) => ({ label: g.clientMatterId || g.matter, value: m(g.t.billed) })) },
		},
		{
			id: 'phases',
			title: 'Spend by UTBMS phase',
			note: 'Time and expenses recorded on your matters, by phase of the UTBMS task code.',
			columns: [
				{ key: 'phase', label: 'Phase' },
				{ key: 'entries', label: 'Entries', kind: 'count' },
				{ key: 'hours', label: 'Hours', kind: 'count' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
			],
			rows: phases.map(([phase, g]) => ({ phase, entries: String(g.count), hours: g.qty.toString(), amount: m(g.amount) })),
			chart: { title: 'Amount by phase', kind: 'money', bars: phases.map(([phase, g]) => ({ label: phase, value: m(g.amount) })) },
		},
		{
			id: 'classifications',
			title: 'Spend by timekeeper classification',
			columns: [
				{ key: 'classification', label: 'Classification' },
				{ key: 'entries', label: 'Time entries', kind: 'count' },
				{ key: 'hours', label: 'Hours', kind: 'count' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
			],
			rows: classes.map(([classification, g]) => ({ classification, entries: String(g.count), hours: g.qty.toString(), amount: m(g.amount) })),
		},
		{
			id: 'invoices',
			title: 'Invoice status',
			columns: [
				{ key: 'invoice', label: 'Invoice' },
				{ key: 'matter', label: 'Matter' },
				{ key: 'platform', label: 'Platform' },
				{ key: 'period', label: 'Period' },
				{ key: 'billed', label: 'Billed', kind: 'money' },
				{ key: 'status', label: 'Status' },
				{ key: 'accepted', label: 'Approved to pay', kind: 'money' },
				{ key: 'statusDate', label: 'Status date' },
			],
			rows: mine.map((i) => ({
				invoice: i.invoiceNumber,
				matter: i.clientMatterId || i.matter,
				platform: platformName(i.platform),
				period: i.periodStart && i.periodEnd ? `${i.periodStart}..${i.periodEnd}` : i.periodEnd,
				billed: m(i.total),
				status: i.outcome,
				accepted: m(i.approved),
				statusDate: i.statusDate.slice(0, 10),
			})),
			pageLimit: 200,
		},
	];
	if (budgetRows.length)
		tables.push({
			id: 'budgets',
			title: 'Budget versus actual',
			columns: [
				{ key: 'scope', label: 'Budget' },
				{ key: 'budget', label: 'Budget', kind: 'money' },
				{ key: 'actual', label: 'Actual', kind: 'money' },
				{ key: 'remaining', label: 'Remaining', kind: 'money' },
				{ key: 'used', label: 'Used', kind: 'percent' },
			],
			rows: budgetRows,
		});
	if (p.list.length) notices.push('Some records could not be read and are left out; the firm has been told.');
	const page: Page = {
		title: `Legal spend: ${clientId}`,
		subtitle: `${o.firmName ? `${o.firmName} · ` : ''}${o.contact ? `for ${o.contact} · ` : ''}as of ${now.toISOString().slice(0, 10)}`,
		figures: [
			{ id: 'invoices', label: 'Invoices', value: String(totals.invoices), kind: 'count' },
			{ id: 'billed', label: 'Billed', value: m(totals.billed), kind: 'money' },
			{ id: 'accepted', label: 'Approved to pay', value: m(totals.accepted), kind: 'money' },
			{ id: 'pending', label: 'Pending', value: m(totals.pendingAmount), kind: 'money' },
			{ id: 'rejected', label: 'Rejected', value: m(totals.rejectedAmount), kind: 'money' },
			{ id: 'realization', label: 'Approved ÷ billed', value: realization(totals), kind: 'percent' },
		],
		tables,
		notices,
		linkQuery: o.linkQuery ?? '',
	};
	return { page, totals, clientId };
}
