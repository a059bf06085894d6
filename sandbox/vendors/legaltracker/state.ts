import { Decimal } from '../../../lib/money/decimal';
import type { Firm, GuidelineIssue, SeedClient } from '../../seed';
import type { IntakeLine } from '../brightflag/ledes-intake';

/** Company-ID is an integer (vendor-specs/legaltracker/facts.md:49) */
export const LT_COMPANY_ID = '40417';
/** the sandbox law firm's Legal Tracker ids: POST /invoices must send them (facts.md:68) */
export const LT_FIRM_ID = 5001;
export const LT_FIRM_OFFICE_ID = 5101;
/** the invoice type id the sandbox company accepts for LEDES invoices (`typeId`, facts.md:68) */
export const LT_INVOICE_TYPE_ID = 1;
export const LT_STATUSES = ['pending', 'approved', 'rejected', 'disputed'] as const;
export type LtStatus = (typeof LT_STATUSES)[number];

/** Reason codes the simulated client reviewer uses (Legal Tracker reasons are client-defined). */
export const LT_REASONS: Record<string, string> = {
	NARRATIVE_TOO_SHORT: 'Narrative does not describe the work performed',
	RATE_ABOVE_APPROVED: 'Rate exceeds the approved rate',
	BLOCK_BILLING: 'Block billing is not permitted',
	INVALID_TASK_CODE: 'Task code not allowed for this matter',
	DUPLICATE_CHARGE: 'Duplicate charge',
	EXPENSE_NOT_ALLOWED: 'Expense not reimbursable under the billing guidelines',
	ARITHMETIC_ERROR: 'Line total does not equal units times rate',
	DATE_OUTSIDE_PERIOD: 'Line date is outside the billing period',
	TIMEKEEPER_NOT_APPROVED: 'Timekeeper is not approved to work on this matter',
	WORK_NOT_AUTHORIZED: 'Work was not authorised by the client',
	OTHER: 'See comment',
};

export interface LtAdjustment {
	adjustmentId: number;
	lineItemNumber: number | null;
	type: 'Fee' | 'Expense' | 'Invoice';
	amount: string;
	reasonCode: string;
	reason: string;
	comment?: string;
}

/** A stored invoice line (as read from the LEDES file). */
export type LtLine = IntakeLine;

export interface LtInvoice {
	invoiceId: number;
	invoiceNumber: string;
	firmId: number;
	firmOfficeId: number;
	matterId: number;
	currency: string;
	status: LtStatus;
	statusDate: string;
	statusReasonCode?: string;
	statusReason?: string;
	statusComment?: string;
	invoiceDate: string;
	submittedDate: string;
	billingStartDate: string;
	billingEndDate: string;
	totalAmount: string;
	approvedAmount: string;
	isLedes: boolean;
	isMemo: boolean;
	isProforma: boolean;
	typeId: number | null;
	invoiceFileKey: string | null;
	lineItemCount: number;
	lines: LtLine[];
	adjustments: LtAdjustment[];
}

export interface LtMatter {
	matterId: number;
	matterNumber: string;
	name: string;
	status: string;
	clientMatterId: string;
	lawFirmMatterId: string;
	firmId: number;
	practiceArea: string;
	openDate: string;
	closeDate: string | null;
	/** the client (Legal Tracker company's own LEDES client id) */
	ledesClientId: string;
}

export interface LtFile {
	fileKey: string;
	fileName: string;
	contentType: string;
	createdDate: string;
	expiresAtMs: number;
	uploaded: boolean;
	size: number;
	content?: Buffer;
	md5?: string;
	usedBy?: number;
}

export interface LegalTrackerState {
	matters: Map<number, LtMatter>;
	invoices: Map<number, LtInvoice>;
	files: Map<string, LtFile>;
	nextInvoiceId: number;
	nextAdjustmentId: number;
	nextFileNo: number;
}

export function legalTrackerClients(firm: Firm): SeedClient[] {
	return firm.clients.filter((c) => c.ebilling === 'legaltracker');
}

const ISSUE_REASON: Partial<Record<GuidelineIssue, string>> = {
	block_billing: 'BLOCK_BILLING',
	vague_narrative: 'NARRATIVE_TOO_SHORT',
	rate_above_cap: 'RATE_ABOVE_APPROVED',
	banned_expense: 'EXPENSE_NOT_ALLOWED',
};

function plusDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T16:00:00Z`) + days * 86_400_000).toISOString();
}

export function buildLegalTrackerState(firm: Firm): LegalTrackerState {
	const state: LegalTrackerState = { matters: new Map(), invoices: new Map(), files: new Map(), nextInvoiceId: 910001, nextAdjustmentId: 1, nextFileNo: 1 };
	const clients = legalTrackerClients(firm);
	const clientById = new Map(clients.map((c) => [c.id, c]));
	const matterIds = new Map<number, number>();
	for (const m of firm.matters) {
		const client = clientById.get(m.clientId);
		if (!client) continue;
		const matterId = 40000 + (m.id % 10000);
		matterIds.set(m.id, matterId);
		state.matters.set(matterId, {
			matterId,
			matterNumber: m.clientMatterId,
			name: m.description,
			status: m.status === 'Closed' ? 'closed' : 'open',
			clientMatterId: m.clientMatterId,
			lawFirmMatterId: m.displayNumber,
			firmId: LT_FIRM_ID,
			practiceArea: m.practiceArea,
			openDate: m.openDate,
			closeDate: m.closeDate ?? null,
			ledesClientId: client.ledesClientId,
		});
	}
	const entryById = new Map(firm.entries.map((e) => [e.id, e]));
	const tkById = new Map(firm.timekeepers.map((t) => [t.id, t]));
	let rejected = false;
	let disputed = false;
	for (const bill of firm.bills) {
		const matterId = matterIds.get(bill.matterId);
		if (matterId === undefined || bill.state === 'void' || bill.entryIds.length === 0) continue;
		const entries = bill.entryIds.map((id) => entryById.get(id)).filter((e): e is NonNullable<typeof e> => Boolean(e));
		const lines: LtLine[] = entries.map((e, n) => {
			const tk = tkById.get(e.timekeeperId);
			return {
				lineItemNumber: n + 1,
				type: e.kind === 'expense' ? 'E' : 'F',
				date: e.date,
				...(tk ? { timekeeperId: String(tk.id), timekeeperName: tk.ledesName, timekeeperClassification: tk.classification } : {}),
				...(e.taskCode ? { taskCode: e.taskCode } : {}),
				...(e.activityCode ? { activityCode: e.activityCode } : {}),
				...(e.expenseCode ? { expenseCode: e.expenseCode } : {}),
				units: e.quantity,
				rate: e.rate,
				adjustment: '0.00',
				total: e.total,
				description: e.narrative,
			};
		});
		const total = Decimal.sum(lines.map((l) => l.total));
		if (total.isZero()) continue;
		let status: LtStatus = bill.state === 'paid' || bill.state === 'awaiting_payment' ? 'approved' : 'pending';
		const adjustments: LtAdjustment[] = [];
		const inv: Partial<LtInvoice> = {};
		if (status === 'approved') {
			// approved with reductions on lines that broke the guidelines
			entries.forEach((e, n) => {
				for (const g of e.guidelineIssues) {
					const code = ISSUE_REASON[g];
					if (!code) continue;
					const amount = Decimal.from(e.total).mul('0.1').round(2).neg();
					adjustments.push({ adjustmentId: state.nextAdjustmentId++, lineItemNumber: n + 1, type: e.kind === 'expense' ? 'Expense' : 'Fee', amount: amount.toFixed(2), reasonCode: code, reason: LT_REASONS[code] });
				}
			});
		} else if (!rejected) {
			rejected = true;
			status = 'rejected';
			Object.assign(inv, { statusReasonCode: 'NARRATIVE_TOO_SHORT', statusReason: LT_REASONS.NARRATIVE_TOO_SHORT, statusComment: 'Please resubmit with task-level narratives.' });
		} else if (!disputed) {
			disputed = true;
			status = 'disputed';
			Object.assign(inv, { statusReasonCode: 'RATE_ABOVE_APPROVED', statusReason: LT_REASONS.RATE_ABOVE_APPROVED, statusComment: 'Rate disputed pending the 2026 rate letter.' });
		}
		const reductions = Decimal.sum(adjustments.map((a) => a.amount));
		const id = state.nextInvoiceId++;
		state.invoices.set(id, {
			invoiceId: id,
			invoiceNumber: bill.number,
			firmId: LT_FIRM_ID,
			firmOfficeId: LT_FIRM_OFFICE_ID,
			matterId,
			currency: firm.currency,
			status,
			statusDate: plusDays(bill.issuedAt, status === 'approved' ? 12 : 3),
			...inv,
			invoiceDate: bill.issuedAt,
			submittedDate: plusDays(bill.issuedAt, 0),
			billingStartDate: bill.startAt,
			billingEndDate: bill.endAt,
			totalAmount: total.toFixed(2),
			approvedAmount: status === 'approved' ? total.add(reductions).toFixed(2) : '0.00',
			isLedes: true,
			isMemo: false,
			isProforma: false,
			typeId: null,
			invoiceFileKey: null,
			lineItemCount: lines.length,
			lines,
			adjustments,
		});
	}
	// whatever the date, the reviewer has cut at least one line of an approved invoice (a firm whose
	// guideline breakers are all still unbilled would otherwise show no adjustment at all)
	const approved = [...state.invoices.values()].filter((i) => i.status === 'approved');
	const first = approved[0];
	if (first && !approved.some((i) => i.adjustments.length > 0)) {
		const line = first.lines[0];
		const amount = Decimal.from(line.total).mul('0.1').round(2).neg();
		first.adjustments.push({ adjustmentId: state.nextAdjustmentId++, lineItemNumber: line.lineItemNumber, type: line.type === 'E' ? 'Expense' : 'Fee', amount: amount.toFixed(2), reasonCode: 'NARRATIVE_TOO_SHORT', reason: LT_REASONS.NARRATIVE_TOO_SHORT });
		first.approvedAmount = Decimal.from(first.totalAmount).add(amount).toFixed(2);
	}
	return state;
}
