/**
 * Rows as the templates' Data Tables and the platforms give them, read into typed records with
 * exact money (lib/money). Every reader is linear, bounds the number of rows (MAX_ROWS per table)
 * and the length of every text (MAX_TEXT), skips rows that are not of its table (an n8n error item,
 * an empty item from "Always Output Data") and never throws on a bad amount: it counts the row as
 * unreadable and says which (table, row, field) in `problems`.
 */
import { Decimal } from '../money/decimal';

export const MAX_ROWS = 1_000_000;
export const MAX_TEXT = 2000;

export type Row = Record<string, unknown>;
export type Outcome = 'approved' | 'adjusted' | 'rejected' | 'pending';

export interface LedgerInvoice {
	invoiceNumber: string;
	platform: string;
	/** The ledger's own status of the submission: submitted, unknown, failed, skipped. */
	ledgerStatus: string;
	clientId: string;
	clientMatterId: string;
	matter: string;
	total: Decimal;
	periodStart: string;
	periodEnd: string;
	platformInvoiceId: string;
	loggedAt: string;
}

export interface Reason {
	code: string;
	label: string;
	amount: Decimal;
}

export interface PlatformInvoice {
	platform: string;
	invoiceNumber: string;
	platformInvoiceId: string;
	matterId: string;
	rawStatus: string;
	outcome: Outcome;
	total: Decimal;
	/** What the client accepted to pay (approved and adjusted invoices); zero otherwise. */
	approved: Decimal;
	statusDate: string;
	rejection?: Reason;
	adjustments: Reason[];
}

export interface RunRow {
	runAt: string;
	workflow: string;
	status: string;
	periodStart: string;
	periodEnd: string;
	invoices: string;
	submitted: string;
	duplicates: string;
	failed: string;
	review: string;
	message: string;
}

export interface ReviewRow {
	entryId: string;
	stage: string;
	clientId: string;
	matter: string;
	timekeeper: string;
	date: string;
	total: Decimal;
	guidelineRefs: string[];
}

export interface WarehouseRow {
	entryId: string;
	clientId: string;
	clientMatterId: string;
	matter: string;
	date: string;
	timekeeper: string;
	classification: string;
	kind: string;
	quantity: Decimal;
	total: Decimal;
	taskCode: string;
	ocgStatus: string;
	guidelineRefs: string[];
	platform: string;
	periodEnd: string;
}

export interface AlertRow {
	alertAt: string;
	kind: string;
	workflow: string;
	message: string;
	executionUrl: string;
}

export interface Problems {
	list: string[];
	add(msg: string): void;
}

export function problems(): Problems {
	const list: string[] = [];
	return {
		list,
		add(msg) {
			if (list.length < 50) list.push(msg);
		},
	};
}

/** Text of a cell: trimmed, at most MAX_TEXT characters, '' for null/objects. */
export function text(v: unknown): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'string') return (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v).trim();
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
	return '';
}

/** An exact amount; numbers from a Data Table are read by their shortest decimal text. */
function money(v: unknown, where: string, p: Problems): Decimal {
	if (v === null || v === undefined || v === '') return Decimal.ZERO;
	const d = Decimal.tryFrom(typeof v === 'string' ? v.trim() : v);
	if (!d) {
		p.add(`${where}: not an amount: "${text(v).slice(0, 40)}"`);
		return Decimal.ZERO;
	}
	return d;
}

function bounded(rows: readonly unknown[] | undefined, table: string, p: Problems): Row[] {
	if (!rows) return [];
	if (!Array.isArray(rows)) {
		p.add(`${table}: expected a list of rows`);
		return [];
	}
	if (rows.length > MAX_ROWS) p.add(`${table}: ${rows.length} rows, only the first ${MAX_ROWS} are read`);
	const out: Row[] = [];
	const n = Math.min(rows.length, MAX_ROWS);
	for (let i = 0; i < n; i++) {
		const r = rows[i];
		if (r && typeof r === 'object' && !Array.isArray(r)) out.push(r as Row);
	}
	return out;
}

/** Lower-case platform key: "legalTracker" and "Legal Tracker" → "legaltracker". */
export const platformKey = (v: unknown): string => text(v).toLowerCase().replace(/[^a-z0-9]/g, '');

export const PLATFORM_NAMES: Record<string, string> = { legaltracker: 'Legal Tracker', brightflag: 'Brightflag' };
export const platformName = (key: string): string => PLATFORM_NAMES[key] ?? (key || '—');

const refs = (v: unknown): string[] =>
	text(v)
		.split(/[,;|]/)
		.map((s) => s.trim())
		.filter(Boolean)
		.slice(0, 50);

/**
 * The ledger (`legal_billing_submissions`), one record per invoice (platform + number): an invoice
 * with any `submitted` row is submitted (a lost answer logged `unknown` and reconciled later has
 * both rows); otherwise its latest row says what happened.
 */
export function readLedger(rows: readonly unknown[] | undefined, p: Problems = problems()): LedgerInvoice[] {
	const byKey = new Map<string, LedgerInvoice>();
	let n = 0;
	for (const r of bounded(rows, 'ledger', p)) {
		n++;
		const invoiceNumber = text(r.invoiceNumber);
		if (!invoiceNumber) continue;
		const rec: LedgerInvoice = {
			invoiceNumber,
			platform: platformKey(r.platform),
			ledgerStatus: text(r.status).toLowerCase(),
			clientId: text(r.clientId),
			clientMatterId: text(r.clientMatterId),
			matter: text(r.matter),
			total: money(r.total, `ledger row ${n}, invoice ${invoiceNumber}, field total`, p),
			periodStart: text(r.periodStart),
			periodEnd: text(r.periodEnd),
			platformInvoiceId: text(r.platformInvoiceId),
			loggedAt: text(r.loggedAt),
		};
		const key = `${rec.platform}|${invoiceNumber}`;
		const prev = byKey.get(key);
		if (!prev) byKey.set(key, rec);
		else if (prev.ledgerStatus === 'submitted' && rec.ledgerStatus !== 'submitted') continue;
		else if (rec.ledgerStatus === 'submitted' && prev.ledgerStatus !== 'submitted') byKey.set(key, rec);
		else if (rec.loggedAt >= prev.loggedAt) byKey.set(key, rec);
	}
	return [...byKey.values()];
}

/** Which outcome a Brightflag status means. Statuses are configured per customer (unverified names: see docs/nodes/legal-billing-report.md). */
export interface StatusPatterns {
	rejected: RegExp;
	approved: RegExp;
}
export const DEFAULT_BRIGHTFLAG_STATUSES: StatusPatterns = { rejected: /REJECT|DECLIN/i, approved: /APPROV|PAID/i };

/** Legal Tracker invoices (the Legal Tracker node's Get Many, with `$expand=adjustments`). */
export function readLegalTrackerInvoices(rows: readonly unknown[] | undefined, p: Problems = problems()): PlatformInvoice[] {
	const out: PlatformInvoice[] = [];
	let n = 0;
	for (const r of bounded(rows, 'Legal Tracker invoices', p)) {
		n++;
		const invoiceNumber = text(r.invoiceNumber);
		if (!invoiceNumber) continue;
		const where = `Legal Tracker invoice ${invoiceNumber}`;
		const total = money(r.totalAmount, `${where}, field totalAmount`, p);
		const adjustments: Reason[] = (Array.isArray(r.adjustments) ? (r.adjustments as Row[]) : []).slice(0, 10_000).map((a, k) => ({
			code: text(a?.reasonCode) || 'OTHER',
			label: text(a?.reason),
			amount: money(a?.amount, `${where}, adjustment ${k + 1}, field amount`, p),
		}));
		const raw = text(r.status).toLowerCase();
		let outcome: Outcome = 'pending';
		let approved = Decimal.ZERO;
		if (raw === 'approved') {
			approved = r.approvedAmount !== undefined && r.approvedAmount !== null && r.approvedAmount !== '' ? money(r.approvedAmount, `${where}, field approvedAmount`, p) : total.add(Decimal.sum(adjustments.map((a) => a.amount)));
			outcome = adjustments.length > 0 || approved.lt(total) ? 'adjusted' : 'approved';
		} else if (raw === 'rejected' || raw === 'disputed') outcome = 'rejected';
		out.push({
			platform: 'legaltracker',
			invoiceNumber,
			platformInvoiceId: text(r.id ?? r.invoiceId),
			matterId: text(r.matterId),
			rawStatus: text(r.status),
			outcome,
			total,
			approved,
			statusDate: text(r.statusDate),
			...(outcome === 'rejected' ? { rejection: { code: text(r.statusReasonCode) || 'UNSPECIFIED', label: text(r.statusReason) || raw, amount: total } } : {}),
			adjustments: outcome === 'adjusted' ? adjustments : [],
		});
	}
	return out;
}

/**
 * Brightflag invoice summaries (the Brightflag node's Invoice → Get Many, documented fields only):
 * the documented summary names no reasons, so a rejection's reason is "UNSPECIFIED" and an
 * adjustment is the cut between originalGrossTotal and approvedGrossTotal.
 */
export function readBrightflagInvoices(rows: readonly unknown[] | undefined, p: Problems = problems(), statuses: StatusPatterns = DEFAULT_BRIGHTFLAG_STATUSES): PlatformInvoice[] {
	const out: PlatformInvoice[] = [];
	for (const r of bounded(rows, 'Brightflag invoices', p)) {
		const invoiceNumber = text(r.invoiceNumber);
		if (!invoiceNumber) continue;
		const where = `Brightflag invoice ${invoiceNumber}`;
		const total = money(r.originalGrossTotal, `${where}, field originalGrossTotal`, p);
		const raw = text(r.invoiceStatus);
		let outcome: Outcome = 'pending';
		let approved = Decimal.ZERO;
		const adjustments: Reason[] = [];
		if (statuses.rejected.test(raw)) outcome = 'rejected';
		else if (statuses.approved.test(raw)) {
			approved = r.approvedGrossTotal === undefined || r.approvedGrossTotal === null || r.approvedGrossTotal === '' ? total : money(r.approvedGrossTotal, `${where}, field approvedGrossTotal`, p);
			outcome = approved.lt(total) ? 'adjusted' : 'approved';
			if (outcome === 'adjusted') adjustments.push({ code: 'UNSPECIFIED', label: "reduction (Brightflag's summary names no reason)", amount: approved.sub(total) });
		}
		out.push({
			platform: 'brightflag',
			invoiceNumber,
			platformInvoiceId: text(r.invoiceID),
			matterId: text(r.matterLink),
			rawStatus: raw,
			outcome,
			total,
			approved,
			statusDate: text(r.invoiceStatusChangeTimestamp),
			...(outcome === 'rejected' ? { rejection: { code: 'UNSPECIFIED', label: `${raw} (reasons are in Brightflag)`, amount: total } } : {}),
			adjustments,
		});
	}
	return out;
}

export function readRuns(rows: readonly unknown[] | undefined, p: Problems = problems()): RunRow[] {
	return bounded(rows, 'run log', p)
		.filter((r) => text(r.runAt) && text(r.workflow))
		.map((r) => ({
			runAt: text(r.runAt),
			workflow: text(r.workflow),
			status: text(r.status),
			periodStart: text(r.periodStart),
			periodEnd: text(r.periodEnd),
			invoices: text(r.invoices),
			submitted: text(r.submitted),
			duplicates: text(r.duplicates),
			failed: text(r.failed),
			review: text(r.review),
			message: text(r.message),
		}));
}

export function readReview(rows: readonly unknown[] | undefined, p: Problems = problems()): ReviewRow[] {
	let n = 0;
	return bounded(rows, 'review queue', p)
		.filter((r) => text(r.stage))
		.map((r) => ({
			entryId: text(r.entryId),
			stage: text(r.stage),
			clientId: text(r.clientId),
			matter: text(r.matter),
			timekeeper: text(r.timekeeper),
			date: text(r.date),
			total: money(r.total, `review queue row ${++n}, field total`, p),
			guidelineRefs: refs(r.guidelineRefs),
		}));
}

/** Warehouse rows; `keep` picks rows before their amounts are read (a page that needs a few of 100,000 reads only those). */
export function readWarehouse(rows: readonly unknown[] | undefined, p: Problems = problems(), classifications: Record<string, string> = {}, keep?: (r: Row) => boolean): WarehouseRow[] {
	const out: WarehouseRow[] = [];
	for (const r of bounded(rows, 'warehouse', p)) {
		const entryId = text(r.entryId);
		if (!entryId || (keep && !keep(r))) continue;
		const timekeeper = text(r.timekeeper);
		out.push({
			entryId,
			clientId: text(r.clientId),
			clientMatterId: text(r.clientMatterId),
			matter: text(r.matter),
			date: text(r.date),
			timekeeper,
			classification: text(r.classification) || (Object.prototype.hasOwnProperty.call(classifications, timekeeper) ? text(classifications[timekeeper]) : ''),
			kind: text(r.kind),
			quantity: money(r.quantity, `warehouse entry ${entryId}, field quantity`, p),
			total: money(r.total, `warehouse entry ${entryId}, field total`, p),
			taskCode: text(r.taskCode).toUpperCase(),
			ocgStatus: text(r.ocgStatus),
			guidelineRefs: refs(r.guidelineRefs),
			platform: platformKey(r.platform),
			periodEnd: text(r.periodEnd),
		});
	}
	return out;
}

export function readAlerts(rows: readonly unknown[] | undefined, p: Problems = problems()): AlertRow[] {
	return bounded(rows, 'alerts', p)
		.filter((r) => text(r.alertAt) && text(r.kind))
		.map((r) => ({ alertAt: text(r.alertAt), kind: text(r.kind), workflow: text(r.workflow), message: text(r.message), executionUrl: text(r.executionUrl) }));
}
