import { Decimal } from '../../../lib/money/decimal';
import type { Firm, GuidelineIssue, SeedClient } from '../../seed';
import type { IntakeLine } from './ledes-intake';

/** Reason / flag codes the Brightflag simulator uses (rejections and per-line flags). */
export const BRIGHTFLAG_REASON_CODES = [
	'NARRATIVE_TOO_SHORT',
	'RATE_ABOVE_APPROVED',
	'BLOCK_BILLING',
	'INVALID_TASK_CODE',
	'TIMEKEEPER_MISMATCH',
	'CURRENCY_MISMATCH',
	'MISSING_RATE',
	'ARITHMETIC_ERROR',
	'EXPENSE_NOT_ALLOWED',
	'DATE_OUTSIDE_PERIOD',
	'WORK_NOT_AUTHORIZED',
	'OTHER',
] as const;

export const FLAG_MESSAGES: Record<string, string> = {
	NARRATIVE_TOO_SHORT: 'Line description is too short or too vague to show the work done',
	RATE_ABOVE_APPROVED: 'Rate is above the approved rate for this timekeeper classification',
	BLOCK_BILLING: 'Several tasks are billed under one time entry (block billing)',
	INVALID_TASK_CODE: 'UTBMS task code is not accepted for this matter',
	TIMEKEEPER_MISMATCH: 'Timekeeper ID or name does not match the approved timekeeper list',
	CURRENCY_MISMATCH: 'Invoice currency differs from the matter currency',
	MISSING_RATE: 'No approved rate on file for this timekeeper',
	ARITHMETIC_ERROR: 'Line total does not equal units times rate',
	EXPENSE_NOT_ALLOWED: 'Expense type is not reimbursable under the billing guidelines',
	DATE_OUTSIDE_PERIOD: 'Line date is outside the invoice billing period',
	WORK_NOT_AUTHORIZED: 'Work was not authorised by the client',
	OTHER: 'Rejected by the reviewer',
};

/** The status names one Brightflag customer configured (they differ per customer). */
export interface StatusScheme {
	submitted: string;
	review: string;
	approved: string;
	rejected: string;
	paid: string;
}

export const STATUS_SCHEMES: StatusScheme[] = [
	{ submitted: 'SUBMITTED', review: 'IN_REVIEW', approved: 'APPROVED', rejected: 'REJECTED', paid: 'PAID' },
	{ submitted: 'RECEIVED', review: 'PENDING_APPROVAL', approved: 'APPROVED_FOR_PAYMENT', rejected: 'DECLINED', paid: 'PAID' },
];

export interface BfFlag {
	code: string;
	message: string;
	severity: 'WARNING' | 'AUTO_REJECT';
}

/** A stored line: the LEDES line as received, plus what the reviewer approved and flagged. */
export interface BfLine extends IntakeLine {
	approvedTotal: string;
	flags: BfFlag[];
}

export interface BfReason {
	code: string;
	message: string;
	lineItemNumber?: number;
	amount?: string;
}

export interface BfInvoice {
	invoiceID: number;
	invoiceGroupId: number;
	invoiceNumber: string;
	invoiceDate: string;
	invoiceStatus: string;
	invoiceStatusChangeTimestamp: string;
	submittedDate: string;
	currency: string;
	originalGrossTotal: string;
	approvedGrossTotal: string;
	customerId: number;
	customerName: string;
	ledesClientId: string;
	vendorId: string;
	vendorName: string;
	matterId: number;
	matterName: string;
	lawFirmMatterId: string;
	clientMatterId: string;
	billingStartDate: string;
	billingEndDate: string;
	isPreviousDraft: boolean;
	/** the last InvoicePaymentStatus received (AP reverse feed), as sent: paymentAmount is a string, paymentDate YYYY/MM/DD */
	paymentStatus?: string;
	paymentDate?: string;
	paymentAmount?: string;
	paymentRef?: string;
	lineItems: BfLine[];
	rejectionReasons: BfReason[];
	statusHistory: Array<{ status: string; at: string }>;
	source: 'seed' | 'submission';
}

export interface BfBatch {
	batchID: number;
	/** facts.md §3 `Batch.batchCreated` (format not documented: ISO-8601 here) */
	batchCreated: string;
	/** facts.md §3 `Batch.customerBatchID` */
	customerBatchID: string;
	createdEpochMs: number;
	currency: string;
	invoiceIDs: number[];
	totalAmount: string;
}

export interface BrightflagState {
	invoices: Map<number, BfInvoice>;
	batches: Map<number, BfBatch>;
	/** status scheme per customer (client id) */
	schemes: Map<number, StatusScheme>;
	nextInvoiceId: number;
	nextGroupId: number;
	nextBatchId: number;
	nextSubmissionId: number;
}

const ISSUE_FLAG: Partial<Record<GuidelineIssue, string>> = {
	block_billing: 'BLOCK_BILLING',
	vague_narrative: 'NARRATIVE_TOO_SHORT',
	rate_above_cap: 'RATE_ABOVE_APPROVED',
};

export function flag(code: string): BfFlag {
	return { code, message: FLAG_MESSAGES[code] ?? code, severity: 'WARNING' };
}

export function schemeFor(state: BrightflagState, clientId: number): StatusScheme {
	return state.schemes.get(clientId) ?? STATUS_SCHEMES[0];
}

export function allStatuses(state: BrightflagState): Set<string> {
	const s = new Set<string>();
	for (const scheme of state.schemes.values()) for (const v of Object.values(scheme)) s.add(v);
	if (s.size === 0) for (const v of Object.values(STATUS_SCHEMES[0])) s.add(v);
	return s;
}

/** Brightflag customers = the firm's clients that bill through Brightflag. */
export function brightflagClients(firm: Firm): SeedClient[] {
	return firm.clients.filter((c) => c.ebilling === 'brightflag');
}

function plusDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T15:00:00Z`) + days * 86_400_000).toISOString();
}

/** Seeds Brightflag with the invoices the firm already sent its Brightflag clients. */
export function buildBrightflagState(firm: Firm, options: Record<string, unknown> = {}): BrightflagState {
	const state: BrightflagState = {
		invoices: new Map(),
		batches: new Map(),
		schemes: new Map(),
		nextInvoiceId: 700001,
		nextGroupId: 1,
		nextBatchId: 9001,
		nextSubmissionId: 1,
	};
	const custom = (options.statusSchemes ?? {}) as Record<string, StatusScheme>;
	const clients = brightflagClients(firm);
	clients.forEach((c, i) => state.schemes.set(c.id, custom[c.ledesClientId] ?? STATUS_SCHEMES[i % STATUS_SCHEMES.length]));
	const clientById = new Map(clients.map((c) => [c.id, c]));
	const tkById = new Map(firm.timekeepers.map((t) => [t.id, t]));
	const entryById = new Map(firm.entries.map((e) => [e.id, e]));
	const matterById = new Map(firm.matters.map((m) => [m.id, m]));
	let rejectedOne = false;
	for (const bill of firm.bills) {
		const client = clientById.get(bill.clientId);
		if (!client || bill.state === 'void' || bill.entryIds.length === 0) continue;
		const scheme = schemeFor(state, client.id);
		const matter = matterById.get(bill.matterId);
		if (!matter) continue;
		const lines: BfLine[] = bill.entryIds.map((id, n) => {
			const e = entryById.get(id);
			const tk = e ? tkById.get(e.timekeeperId) : undefined;
			const flags = (e?.guidelineIssues ?? []).map((g) => ISSUE_FLAG[g]).filter((x): x is string => Boolean(x)).map(flag);
			return {
				lineItemNumber: n + 1,
				type: e?.kind === 'expense' ? 'E' : 'F',
				date: e?.date ?? bill.startAt,
				...(tk ? { timekeeperId: String(tk.id), timekeeperName: tk.ledesName, timekeeperClassification: tk.classification } : {}),
				...(e?.taskCode ? { taskCode: e.taskCode } : {}),
				...(e?.activityCode ? { activityCode: e.activityCode } : {}),
				...(e?.expenseCode ? { expenseCode: e.expenseCode } : {}),
				units: e?.quantity ?? '0',
				rate: e?.rate ?? '0',
				adjustment: '0.00',
				total: e?.total ?? '0.00',
				approvedTotal: e?.total ?? '0.00',
				description: e?.narrative ?? '',
				flags,
			};
		});
		const total = Decimal.sum(lines.map((l) => l.total)).toFixed(2);
		if (Decimal.from(total).isZero()) continue;
		let status = bill.state === 'paid' ? scheme.paid : bill.state === 'awaiting_payment' ? scheme.approved : scheme.review;
		const reasons: BfReason[] = [];
		if ((bill.state === 'awaiting_approval' || bill.state === 'draft') && !rejectedOne) {
			// the first invoice still under review was rejected by its reviewer, for its flagged lines
			rejectedOne = true;
			status = scheme.rejected;
			for (const l of lines) for (const f of l.flags) reasons.push({ code: f.code, message: f.message, lineItemNumber: l.lineItemNumber });
			if (reasons.length === 0) {
				lines[0].flags.push(flag('NARRATIVE_TOO_SHORT'));
				reasons.push({ code: 'NARRATIVE_TOO_SHORT', message: FLAG_MESSAGES.NARRATIVE_TOO_SHORT, lineItemNumber: 1 });
			}
		}
		const changed = plusDays(bill.issuedAt, bill.state === 'paid' ? 25 : bill.state === 'awaiting_payment' ? 10 : 2);
		const id = state.nextInvoiceId++;
		state.invoices.set(id, {
			invoiceID: id,
			invoiceGroupId: state.nextGroupId++,
			invoiceNumber: bill.number,
			invoiceDate: bill.issuedAt,
			invoiceStatus: status,
			invoiceStatusChangeTimestamp: changed,
			submittedDate: plusDays(bill.issuedAt, 0),
			currency: firm.currency,
			originalGrossTotal: total,
			approvedGrossTotal: status === scheme.rejected ? '0.00' : total,
			customerId: client.id,
			customerName: client.name,
			ledesClientId: client.ledesClientId,
			vendorId: firm.lawFirmId,
			vendorName: firm.name,
			matterId: matter.id,
			matterName: matter.description,
			lawFirmMatterId: matter.displayNumber,
			clientMatterId: matter.clientMatterId,
			billingStartDate: bill.startAt,
			billingEndDate: bill.endAt,
			isPreviousDraft: false,
			...(bill.state === 'paid' ? { paymentStatus: 'PAID', paymentDate: changed.slice(0, 10).replace(/-/g, '/'), paymentAmount: total } : {}),
			lineItems: lines,
			rejectionReasons: reasons,
			statusHistory: [
				{ status: scheme.submitted, at: plusDays(bill.issuedAt, 0) },
				{ status, at: changed },
			],
			source: 'seed',
		});
	}
	// AP batches: approved/paid invoices grouped by the month their status changed
	const byMonth = new Map<string, BfInvoice[]>();
	for (const inv of state.invoices.values()) {
		const scheme = schemeFor(state, inv.customerId);
		if (inv.invoiceStatus !== scheme.approved && inv.invoiceStatus !== scheme.paid) continue;
		const key = inv.invoiceStatusChangeTimestamp.slice(0, 7);
		const list = byMonth.get(key) ?? [];
		list.push(inv);
		byMonth.set(key, list);
	}
	for (const key of [...byMonth.keys()].sort()) {
		const list = byMonth.get(key) as BfInvoice[];
		const last = list.map((i) => Date.parse(i.invoiceStatusChangeTimestamp)).reduce((a, b) => Math.max(a, b));
		const at = last + 86_400_000;
		const batchID = state.nextBatchId++;
		const batch: BfBatch = {
			batchID,
			batchCreated: new Date(at).toISOString(),
			customerBatchID: `AP-${key}-${batchID}`,
			createdEpochMs: at,
			currency: firm.currency,
			invoiceIDs: list.map((i) => i.invoiceID),
			totalAmount: Decimal.sum(list.map((i) => i.approvedGrossTotal)).toFixed(2),
		};
		state.batches.set(batch.batchID, batch);
	}
	return state;
}
