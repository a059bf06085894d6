/**
 * The reconciliation dashboard: the ledger's submitted invoices joined to what the platforms say
 * about them, per client and platform, for a chosen period; the rejection and adjustment reasons;
 * the unresolved rejections by age; the review queue, guideline violations, last runs and alerts.
 * Every amount is exact (lib/money); the CSV export is the same tables.
 */
import { Decimal } from '../money/decimal';
import { anchorId, type Page, type Table } from './page';
import {
	problems,
	platformName,
	readAlerts,
	readBrightflagInvoices,
	readLedger,
	readLegalTrackerInvoices,
	readReview,
	readRuns,
	readWarehouse,
	text,
	type LedgerInvoice,
	type Outcome,
	type PlatformInvoice,
	type Problems,
	type StatusPatterns,
} from './rows';

export interface ReportInput {
	ledger?: readonly unknown[];
	legalTracker?: readonly unknown[];
	brightflag?: readonly unknown[];
	runs?: readonly unknown[];
	review?: readonly unknown[];
	warehouse?: readonly unknown[];
	alerts?: readonly unknown[];
}

export interface Filters {
	client?: string;
	platform?: string;
	/** "YYYY-MM" (month of the invoice's period end) or "YYYY-MM-DD..YYYY-MM-DD" (period end within, inclusive). */
	period?: string;
}

export interface ReportOptions {
	/** "Now" for ages (default: the current time). */
	now?: Date;
	brightflagStatuses?: StatusPatterns;
	/** Links of unresolved rejections: "{invoice}", "{platformInvoiceId}", "{matter}", "{clientMatterId}", "{platform}" are replaced. Default: in-page anchors. */
	invoiceUrl?: string;
	matterUrl?: string;
}

/** One invoice of the ledger as the dashboard sees it. */
export interface JoinedInvoice extends LedgerInvoice {
	outcome: Outcome;
	approved: Decimal;
	platformStatus: string;
	statusDate: string;
	found?: PlatformInvoice;
}

const MAX_FILTER = 200;
const COMPLIANT = /^(compliant|ok|pass)/i;

/** Filters from a query string object: bounded, trimmed, unknown keys ignored; a malformed period is dropped with a notice. */
export function parseFilters(query: unknown, notices: string[] = []): Filters {
	const q = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
	const one = (k: string): string => {
		const v = Array.isArray(q[k]) ? (q[k] as unknown[])[0] : q[k];
		const s = text(v);
		return s.length > MAX_FILTER ? '' : s;
	};
	const f: Filters = {};
	if (one('client')) f.client = one('client');
	if (one('platform')) f.platform = one('platform').toLowerCase().replace(/[^a-z0-9]/g, '');
	const period = one('period');
	if (period) {
		if (/^\d{4}-\d{2}$/.test(period) || /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(period)) f.period = period;
		else notices.push(`Period "${period.slice(0, 40)}" ignored: use YYYY-MM or YYYY-MM-DD..YYYY-MM-DD.`);
	}
	return f;
}

export function inPeriod(periodEnd: string, period: string | undefined): boolean {
	if (!period) return true;
	if (period.length === 7) return periodEnd.slice(0, 7) === period;
	const [from, to] = period.split('..');
	const d = periodEnd.slice(0, 10);
	return d >= from && d <= to;
}

/** Joins the ledger's submitted invoices to the platforms' records (by platform and invoice number; the latest status wins). */
export function joinInvoices(ledger: LedgerInvoice[], platform: PlatformInvoice[]): JoinedInvoice[] {
	const byKey = new Map<string, PlatformInvoice>();
	for (const p of platform) {
		const key = `${p.platform}|${p.invoiceNumber}`;
		const prev = byKey.get(key);
		if (!prev || p.statusDate >= prev.statusDate) byKey.set(key, p);
	}
	return ledger
		.filter((l) => l.ledgerStatus === 'submitted')
		.map((l) => {
			const found = byKey.get(`${l.platform}|${l.invoiceNumber}`);
			return {
				...l,
				outcome: found?.outcome ?? 'pending',
				approved: found?.approved ?? Decimal.ZERO,
				platformStatus: found?.rawStatus ?? 'not found on the platform',
				statusDate: found?.statusDate ?? '',
				found,
			};
		});
}

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

const m = (d: Decimal): string => d.round(2).toFixed(2);

function totalsRow(t: Totals): Record<string, string> {
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

const DAY = 86_400_000;

/** Days from an instant or date to now (whole days, UTC); undefined when the date is unreadable. */
export function ageDays(statusDate: string, now: Date): number | undefined {
	const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(statusDate) ? `${statusDate}T00:00:00Z` : statusDate);
	if (Number.isNaN(t)) return undefined;
	return Math.max(0, Math.floor((now.getTime() - t) / DAY));
}

export const AGE_BUCKETS = ['0–7 days', '8–30 days', '> 30 days'] as const;
export const ageBucket = (days: number): (typeof AGE_BUCKETS)[number] => (days <= 7 ? AGE_BUCKETS[0] : days <= 30 ? AGE_BUCKETS[1] : AGE_BUCKETS[2]);

function fillLink(template: string | undefined, i: JoinedInvoice, fallback: string): string {
	if (!template) return fallback;
	const enc = encodeURIComponent;
	return template
		.replace(/\{invoice\}/g, enc(i.invoiceNumber))
		.replace(/\{platformInvoiceId\}/g, enc(i.platformInvoiceId || i.found?.platformInvoiceId || ''))
		.replace(/\{matter\}/g, enc(i.matter))
		.replace(/\{clientMatterId\}/g, enc(i.clientMatterId))
		.replace(/\{platform\}/g, enc(i.platform));
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

export function readPlatforms(input: ReportInput, p: Problems, o: ReportOptions): PlatformInvoice[] {
	return [...readLegalTrackerInvoices(input.legalTracker, p), ...readBrightflagInvoices(input.brightflag, p, o.brightflagStatuses)];
}

export function buildDashboard(input: ReportInput, filters: Filters = {}, o: ReportOptions = {}): Dashboard {
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

	// 6. last run per workflow; 7. alerts
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
