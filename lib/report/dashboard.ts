/**
 * The reconciliation dashboard: the ledger's submitted invoices joined to what the platforms say
 * about them, per client and platform, for a chosen period; the rejection and adjustment reasons;
 * the unresolved rejections by age; the review queue, guideline violations, last runs and alerts.
 * Every amount is exact (lib/money); the CSV export is the same tables.
 */
import { Decimal } from '../money/decimal';
import { anchorId, type Page, type Table } from './page';
import { problems, platformName, readAlerts, readLedger, readReview, readRuns, readWarehouse, text } from './rows';
import { inPeriod, type Filters } from './filters';
import { joinInvoices, readPlatforms, type JoinedInvoice, type ReportInput, type ReportOptions } from './join';
import { addInvoice, emptyTotals, m, realization, totalsRow, type Totals } from './totals';
import { AGE_BUCKETS, ageBucket, ageDays, fillLink } from './aging';
import { BUDGET_COLUMNS, budgetVersusActual, type Budget } from './budgets';

export { inPeriod, parseFilters, type Filters } from './filters';
export { joinInvoices, readPlatforms, type JoinedInvoice, type ReportInput, type ReportOptions } from './join';
export { addInvoice, emptyTotals, realization, type Totals } from './totals';
export { AGE_BUCKETS, ageBucket, ageDays } from './aging';

const COMPLIANT = /^(compliant|ok|pass)/i;

export interface DashboardOptions extends ReportOptions {
	/** Budgets shown against actual spend, every client's (rows of legal_billing_budgets: lib/report/budgets.ts). */
	budgets?: Budget[];
}

export interface Dashboard {
	page: Page;
	totals: Totals;
	invoices: JoinedInvoice[];
	problems: string[];
}

const SUMMARY_COLUMNS: Table['columns'] = [
	{ key: 'client', label: 'Client' },
	{ key: 'platform', label: 'Platform' },
	{ key: 'invoices', label: 'Submitted', kind: 'count' },
	{ key: 'billed', label: 'Billed', kind: 'money' },
	{ key: 'approvedCount', label: 'Approved', kind: 'count' },
	{ key: 'approvedBilled', label: 'Approved amount', kind: 'money' },
	{ key: 'adjustedCount', label: 'Adjusted', kind: 'count' },
	{ key: 'adjustedCut', label: 'Cut by adjustments', kind: 'money' },
	{ key: 'rejectedCount', label: 'Rejected', kind: 'count' },
	{ key: 'rejectedAmount', label: 'Rejected amount', kind: 'money' },
	{ key: 'pendingCount', label: 'Pending', kind: 'count' },
	{ key: 'pendingAmount', label: 'Pending amount', kind: 'money' },
	{ key: 'accepted', label: 'Accepted to pay', kind: 'money' },
	{ key: 'realization', label: 'Realization', kind: 'percent' },
];

export function buildDashboard(input: ReportInput, filters: Filters = {}, o: DashboardOptions = {}): Dashboard {
	const p = problems();
	const notices: string[] = [];
	const now = o.now ?? new Date();
	const ledger = readLedger(input.ledger, p);
	const all = joinInvoices(ledger, readPlatforms(input, p, o));
	const clients = [...new Set(all.map((i) => i.clientId).filter(Boolean))].sort();
	const platforms = [...new Set(all.map((i) => i.platform).filter(Boolean))].sort();
	const invoices = all.filter((i) => (!filters.client || i.clientId === filters.client) && (!filters.platform || i.platform === filters.platform) && inPeriod(i.periodEnd, filters.period));
	invoices.sort((a, b) => a.clientId.localeCompare(b.clientId) || a.platform.localeCompare(b.platform) || a.invoiceNumber.localeCompare(b.invoiceNumber));

	// 1. per client and platform
	const groups = new Map<string, { client: string; platform: string; t: Totals }>();
	const totals = emptyTotals();
	for (const i of invoices) {
		const key = `${i.clientId}|${i.platform}`;
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { client: i.clientId, platform: i.platform, t: emptyTotals() }));
		addInvoice(g.t, i);
		addInvoice(totals, i);
	}
	const summaryRows: Array<Record<string, string>> = [...groups.values()].map((g) => ({ client: g.client, platform: platformName(g.platform), ...totalsRow(g.t) }));
	summaryRows.push({ client: 'All', platform: filters.platform ? platformName(filters.platform) : 'All', ...totalsRow(totals), __total: '1' });

	// 2. reasons
	const reasons = new Map<string, { kind: string; code: string; label: string; count: number; amount: Decimal }>();
	const addReason = (kind: string, code: string, label: string, amount: Decimal) => {
		const key = `${kind}|${code}`;
		const r = reasons.get(key) ?? { kind, code, label, count: 0, amount: Decimal.ZERO };
		r.count++;
		r.amount = r.amount.add(amount.abs());
		if (!r.label && label) r.label = label;
		reasons.set(key, r);
	};
	for (const i of invoices) {
		if (i.outcome === 'rejected' && i.found?.rejection) addReason('rejection', i.found.rejection.code, i.found.rejection.label, i.total);
		if (i.outcome === 'adjusted') for (const a of i.found?.adjustments ?? []) addReason('adjustment', a.code, a.label, a.amount);
	}
	const reasonRows = [...reasons.values()]
		.sort((a, b) => b.amount.cmp(a.amount) || b.count - a.count || a.code.localeCompare(b.code))
		.map((r) => ({ kind: r.kind, code: r.code, reason: r.label, count: String(r.count), amount: m(r.amount) }));

	// 3. unresolved rejections by age
	const bucketTotals = new Map<string, { count: number; amount: Decimal }>(AGE_BUCKETS.map((b) => [b, { count: 0, amount: Decimal.ZERO }]));
	const agingRows = invoices
		.filter((i) => i.outcome === 'rejected')
		.map((i) => {
			const days = ageDays(i.statusDate, now) ?? 0;
			const bucket = ageBucket(days);
			const bt = bucketTotals.get(bucket)!;
			bt.count++;
			bt.amount = bt.amount.add(i.total);
			return {
				bucket,
				days: String(days),
				invoice: i.invoiceNumber,
				invoiceHref: fillLink(o.invoiceUrl, i, `#${anchorId('invoices', i.invoiceNumber)}`),
				matter: i.matter || i.clientMatterId,
				matterHref: fillLink(o.matterUrl, i, ''),
				client: i.clientId,
				platform: platformName(i.platform),
				rejectedOn: i.statusDate.slice(0, 10),
				amount: m(i.total),
				reason: i.found?.rejection ? `${i.found.rejection.code}: ${i.found.rejection.label}` : '',
				__days: days,
			};
		})
		.sort((a, b) => b.__days - a.__days || a.invoice.localeCompare(b.invoice))
		.map(({ __days, ...r }) => (void __days, r));

	// 4. review queue by stage; 5. violations by rule and timekeeper
	const review = readReview(input.review, p).filter((r) => !filters.client || r.clientId === filters.client);
	const stages = new Map<string, { count: number; amount: Decimal }>();
	for (const r of review) {
		const s = stages.get(r.stage) ?? { count: 0, amount: Decimal.ZERO };
		s.count++;
		s.amount = s.amount.add(r.total);
		stages.set(r.stage, s);
	}
	// only entries with a guideline finding matter here: the others are skipped before their amounts are read
	const flagged = (r: Record<string, unknown>) => {
		const status = text(r.ocgStatus);
		return status !== '' && !COMPLIANT.test(status) && text(r.guidelineRefs) !== '';
	};
	const warehouse = readWarehouse(input.warehouse, p, {}, flagged).filter((w) => (!filters.client || w.clientId === filters.client) && (!filters.platform || w.platform === filters.platform) && inPeriod(w.periodEnd, filters.period));
	const violations = new Map<string, { rule: string; timekeeper: string; entries: Set<string>; amount: Decimal }>();
	const seen = new Set<string>();
	const addViolation = (entryId: string, rule: string, timekeeper: string, amount: Decimal) => {
		const once = `${entryId}|${rule}`;
		if (entryId && seen.has(once)) return;
		seen.add(once);
		const key = `${rule}|${timekeeper}`;
		const v = violations.get(key) ?? { rule, timekeeper, entries: new Set<string>(), amount: Decimal.ZERO };
		v.entries.add(entryId || `#${v.entries.size}`);
		v.amount = v.amount.add(amount);
		violations.set(key, v);
	};
	for (const r of review) for (const rule of r.guidelineRefs) addViolation(r.entryId, rule, r.timekeeper, r.total);
	for (const w of warehouse) for (const rule of w.guidelineRefs) addViolation(w.entryId, rule, w.timekeeper, w.total);
	const violationRows = [...violations.values()]
		.sort((a, b) => b.entries.size - a.entries.size || a.rule.localeCompare(b.rule) || a.timekeeper.localeCompare(b.timekeeper))
		.map((v) => ({ rule: v.rule, timekeeper: v.timekeeper, entries: String(v.entries.size), amount: m(v.amount) }));

	// 6. budget versus actual (every period: a budget is the matter's, not the month's); the client filter applies
	const budgetRows = o.budgets?.length
		? budgetVersusActual(o.budgets, readWarehouse(input.warehouse, p), all).filter((b) => !filters.client || b.client === filters.client)
		: [];

	// 7. last run per workflow; 8. alerts
	const lastRun = new Map<string, ReturnType<typeof readRuns>[number]>();
	for (const r of readRuns(input.runs, p)) {
		const prev = lastRun.get(r.workflow);
		if (!prev || r.runAt > prev.runAt) lastRun.set(r.workflow, r);
	}
	const runRows = [...lastRun.values()].sort((a, b) => a.workflow.localeCompare(b.workflow)).map((r) => ({ ...r, runAt: r.runAt, period: r.periodStart && r.periodEnd ? `${r.periodStart}..${r.periodEnd}` : '' }));
	const alerts = readAlerts(input.alerts, p).sort((a, b) => b.alertAt.localeCompare(a.alertAt));

	const invoiceRows = invoices.map((i) => ({
		invoice: i.invoiceNumber,
		client: i.clientId,
		matter: i.matter,
		clientMatterId: i.clientMatterId,
		platform: platformName(i.platform),
		period: i.periodStart && i.periodEnd ? `${i.periodStart}..${i.periodEnd}` : i.periodEnd,
		billed: m(i.total),
		outcome: i.outcome,
		platformStatus: i.platformStatus,
		accepted: m(i.approved),
		statusDate: i.statusDate.slice(0, 10),
	}));

	const tables: Table[] = [
		{
			id: 'summary',
			title: 'Invoices per client and platform',
			note: 'Submitted invoices of the ledger, with the status the platform gives each. Realization = accepted to pay ÷ billed.',
			columns: SUMMARY_COLUMNS,
			rows: summaryRows,
			chart: { title: 'Billed per client', kind: 'money', bars: [...groups.values()].map((g) => ({ label: `${g.client} · ${platformName(g.platform)}`, value: m(g.t.billed) })) },
		},
		{
			id: 'reasons',
			title: 'Top rejection and adjustment reasons',
			columns: [
				{ key: 'kind', label: 'Kind' },
				{ key: 'code', label: 'Code' },
				{ key: 'reason', label: 'Reason' },
				{ key: 'count', label: 'Count', kind: 'count' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
			],
			rows: reasonRows,
			pageLimit: 15,
			chart: { title: 'Amount by reason', kind: 'money', bars: reasonRows.slice(0, 10).map((r) => ({ label: `${r.kind === 'rejection' ? 'Rejected' : 'Cut'} · ${r.code}`, value: r.amount })) },
		},
		{
			id: 'aging',
			title: 'Unresolved rejections by age',
			note: `Age in days since the platform's status date, at ${now.toISOString().slice(0, 16)}Z.`,
			columns: [
				{ key: 'bucket', label: 'Age' },
				{ key: 'days', label: 'Days', kind: 'count' },
				{ key: 'invoice', label: 'Invoice', href: 'invoiceHref' },
				{ key: 'matter', label: 'Matter', href: 'matterHref' },
				{ key: 'client', label: 'Client' },
				{ key: 'platform', label: 'Platform' },
				{ key: 'rejectedOn', label: 'Rejected on' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
				{ key: 'reason', label: 'Reason' },
			],
			rows: agingRows,
			chart: { title: 'Rejected amount by age', kind: 'money', bars: AGE_BUCKETS.map((b) => ({ label: `${b} (${bucketTotals.get(b)!.count})`, value: m(bucketTotals.get(b)!.amount) })) },
		},
		{
			id: 'review',
			title: 'Review queue by stage',
			columns: [
				{ key: 'stage', label: 'Stage' },
				{ key: 'entries', label: 'Entries', kind: 'count' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
			],
			rows: [...stages.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([stage, s]) => ({ stage, entries: String(s.count), amount: m(s.amount) })),
			chart: { title: 'Entries by stage', kind: 'count', bars: [...stages.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([stage, s]) => ({ label: stage, value: String(s.count) })) },
		},
		{
			id: 'violations',
			title: 'Guideline violations by rule and timekeeper',
			note: 'From the review queue and the warehouse; an entry counts once per rule.',
			columns: [
				{ key: 'rule', label: 'Rule (guideline reference)' },
				{ key: 'timekeeper', label: 'Timekeeper' },
				{ key: 'entries', label: 'Entries', kind: 'count' },
				{ key: 'amount', label: 'Amount', kind: 'money' },
			],
			rows: violationRows,
			pageLimit: 25,
		},
		...(budgetRows.length
			? [
					{
						id: 'budgets',
						title: 'Budget versus actual',
						note: 'Each budget against the entries of its matter (or its client) in its UTBMS phase, in every period: the warehouse, or the billed invoices where there is no warehouse.',
						columns: [{ key: 'client', label: 'Client' }, ...BUDGET_COLUMNS],
						rows: budgetRows.map((b) => ({ ...b })),
						pageLimit: 50,
					} satisfies Table,
				]
			: []),
		{
			id: 'runs',
			title: 'Last sync run per workflow',
			columns: [
				{ key: 'workflow', label: 'Workflow' },
				{ key: 'runAt', label: 'Run at' },
				{ key: 'status', label: 'Status' },
				{ key: 'period', label: 'Period' },
				{ key: 'invoices', label: 'Invoices', kind: 'count' },
				{ key: 'submitted', label: 'Submitted', kind: 'count' },
				{ key: 'duplicates', label: 'Duplicates', kind: 'count' },
				{ key: 'failed', label: 'Failed', kind: 'count' },
				{ key: 'review', label: 'To review', kind: 'count' },
				{ key: 'message', label: 'Message' },
			],
			rows: runRows,
		},
		{
			id: 'alerts',
			title: 'Alerts from the monitor',
			columns: [
				{ key: 'alertAt', label: 'At' },
				{ key: 'kind', label: 'Kind' },
				{ key: 'workflow', label: 'Workflow' },
				{ key: 'message', label: 'Message' },
				{ key: 'executionUrl', label: 'Execution', href: 'executionUrl' },
			],
			rows: alerts.map((a) => ({ ...a })),
			pageLimit: 20,
		},
		{
			id: 'invoices',
			title: 'Invoices',
			columns: [
				{ key: 'invoice', label: 'Invoice' },
				{ key: 'client', label: 'Client' },
				{ key: 'matter', label: 'Matter' },
				{ key: 'clientMatterId', label: 'Client matter id' },
				{ key: 'platform', label: 'Platform' },
				{ key: 'period', label: 'Period' },
				{ key: 'billed', label: 'Billed', kind: 'money' },
				{ key: 'outcome', label: 'Outcome' },
				{ key: 'platformStatus', label: 'Platform status' },
				{ key: 'accepted', label: 'Accepted', kind: 'money' },
				{ key: 'statusDate', label: 'Status date' },
			],
			rows: invoiceRows,
			rowAnchor: 'invoice',
			pageLimit: 200,
		},
	];
	if (p.list.length) notices.push(`Some rows could not be read: ${p.list.slice(0, 5).join('; ')}${p.list.length > 5 ? ` (+${p.list.length - 5} more)` : ''}`);
	const scope = [filters.client ? `client ${filters.client}` : 'all clients', filters.platform ? platformName(filters.platform) : 'all platforms', filters.period ? `period ${filters.period}` : 'every period'].join(' · ');
	const query = new URLSearchParams();
	if (filters.client) query.set('client', filters.client);
	if (filters.platform) query.set('platform', filters.platform);
	if (filters.period) query.set('period', filters.period);
	const page: Page = {
		title: 'Legal billing: reconciliation',
		subtitle: `${scope}. Ledger and platforms read at ${now.toISOString().slice(0, 16)}Z.`,
		figures: [
			{ id: 'invoices', label: 'Invoices submitted', value: String(totals.invoices), kind: 'count' },
			{ id: 'billed', label: 'Billed', value: m(totals.billed), kind: 'money' },
			{ id: 'accepted', label: 'Accepted to pay', value: m(totals.accepted), kind: 'money' },
			{ id: 'rejected', label: 'Rejected amount', value: m(totals.rejectedAmount), kind: 'money' },
			{ id: 'pending', label: 'Pending amount', value: m(totals.pendingAmount), kind: 'money' },
			{ id: 'realization', label: 'Realization', value: realization(totals), kind: 'percent' },
			{ id: 'review', label: 'Entries in review', value: String(review.length), kind: 'count' },
		],
		tables,
		notices,
		filters: { values: { client: filters.client ?? '', platform: filters.platform ?? '', period: filters.period ?? '' }, choices: { client: clients, platform: platforms } },
		linkQuery: query.toString(),
	};
	return { page, totals, invoices, problems: p.list };
}
