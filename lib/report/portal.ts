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
import { BUDGET_COLUMNS, budgetVersusActual, utbmsPhase, type Budget } from './budgets';

export { readBudgets, utbmsPhase, type Budget } from './budgets';

export interface PortalOptions extends ReportOptions {
	/** Budgets shown against actual spend: this client's (its clientId, or one of its matters). */
	budgets?: Budget[];
	/** Timekeeper name → LEDES classification (PARTNR, ASSOC …) where the warehouse has none. */
	classifications?: Record<string, string>;
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
	// the scope's entries, or (no entry-level data for the client) its billed invoices
	const budgetRows = budgetVersusActual(budgets, entries, mine).map(({ client, ...row }) => (void client, row));

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
			columns: BUDGET_COLUMNS,
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
