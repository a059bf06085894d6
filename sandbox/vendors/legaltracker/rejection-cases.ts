/**
 * Rejected and adjusted invoices of every resolver class, seeded on demand at the sandbox clock
 * (POST /_admin/legaltracker/rejection-cases): the firm submitted them for the previous month, the
 * client's reviewer rejected (or approved with cuts) each with one reason code.
 *
 * Each invoice carries the LEDES file the firm submitted (an eFile, so `$expand=invoiceFileInfo`
 * gives its `downloadLink`, facts.md:62), written here by the sandbox's own small 1998B writer (no
 * product code). Reason codes are the sandbox reviewer's (Legal Tracker's code list is not
 * published, facts.md:63); each case says which class the SANDBOX considers it, so a test can judge
 * the resolver's classification against an independent label.
 */
import { createHash } from 'node:crypto';
import { Decimal } from '../../../lib/money/decimal';
import { previousMonthPeriod, type Firm, type SeedTimekeeper } from '../../seed';
import { legalTrackerClients, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID, LT_REASONS, type LegalTrackerState, type LtInvoice, type LtLine } from './state';

export type CaseClass = 'rateAboveApproved' | 'utbmsCode' | 'arithmetic' | 'disallowedExpense' | 'billingPeriod' | 'narrative' | 'staffing' | 'notAuthorised';

export interface RejectionCase {
	key: string;
	/** the sandbox's own label: a mechanical fix exists, or a person must decide */
	class: CaseClass;
	fixable: boolean;
	kind: 'rejection' | 'adjustment';
	reasonCode: string;
	lineItemNumber: number;
	invoiceId: number;
	invoiceNumber: string;
	matterId: number;
	ledesClientId: string;
	periodStart: string;
	periodEnd: string;
	/** what the reviewer saw on the line (e.g. the firm code sent as a task code) */
	detail: Record<string, string>;
}

/** What the sandbox's client told the firm in its guidelines (rate letter, barred expenses). */
export interface CaseGuidelines {
	ledesClientId: string;
	rateCaps: Record<string, string>;
	barredExpenseCodes: string[];
}

/** the firm's own task code that leaks into a file instead of the UTBMS code (the firm's table maps it) */
export const FIRM_TASK_CODE = 'RES';

interface Spec {
	key: string;
	class: CaseClass;
	fixable: boolean;
	kind: 'rejection' | 'adjustment';
	code: string;
	line: number;
}

const SPECS: Spec[] = [
	{ key: 'rate', class: 'rateAboveApproved', fixable: true, kind: 'rejection', code: 'RATE_ABOVE_APPROVED', line: 1 },
	{ key: 'code', class: 'utbmsCode', fixable: true, kind: 'rejection', code: 'INVALID_TASK_CODE', line: 2 },
	{ key: 'arithmetic', class: 'arithmetic', fixable: true, kind: 'rejection', code: 'ARITHMETIC_ERROR', line: 2 },
	{ key: 'expense', class: 'disallowedExpense', fixable: true, kind: 'rejection', code: 'EXPENSE_NOT_ALLOWED', line: 3 },
	{ key: 'period', class: 'billingPeriod', fixable: true, kind: 'rejection', code: 'DATE_OUTSIDE_PERIOD', line: 2 },
	{ key: 'narrative', class: 'narrative', fixable: false, kind: 'rejection', code: 'NARRATIVE_TOO_SHORT', line: 1 },
	{ key: 'staffing', class: 'staffing', fixable: false, kind: 'rejection', code: 'TIMEKEEPER_NOT_APPROVED', line: 2 },
	{ key: 'authorised', class: 'notAuthorised', fixable: false, kind: 'rejection', code: 'WORK_NOT_AUTHORIZED', line: 1 },
	{ key: 'cut-rate', class: 'rateAboveApproved', fixable: true, kind: 'adjustment', code: 'RATE_ABOVE_APPROVED', line: 1 },
	{ key: 'cut-narrative', class: 'narrative', fixable: false, kind: 'adjustment', code: 'BLOCK_BILLING', line: 2 },
];

const COLUMNS =
	'INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]';

const ymd = (iso: string) => iso.replace(/-/g, '');
const plusDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The sandbox's own LEDES 1998B writer: totals as given (a case may state a wrong one on purpose). */
function writeFile(inv: { number: string; date: string; clientId: string; matter: string; clientMatterId: string; start: string; end: string; firmId: string; stated: string }, lines: LtLine[]): string {
	const rows = lines.map((l) =>
		[ymd(inv.date), inv.number, inv.clientId, inv.matter, inv.stated, ymd(inv.start), ymd(inv.end), 'Legal services', String(l.lineItemNumber), l.type, l.units, l.adjustment, l.total, ymd(l.date), l.taskCode ?? '', l.expenseCode ?? '', l.activityCode ?? '', l.timekeeperId ?? '', l.description, inv.firmId, l.rate, l.timekeeperName ?? '', l.timekeeperClassification ?? '', inv.clientMatterId].join('|') + '[]',
	);
	return ['LEDES1998B[]', COLUMNS, ...rows].join('\r\n') + '\r\n';
}

export function seedRejectionCases(state: LegalTrackerState, firm: Firm, nowMs: number): { cases: RejectionCase[]; guidelines: CaseGuidelines[] } {
	const { periodStart, periodEnd } = previousMonthPeriod(nowMs, firm.timeZone);
	const clients = legalTrackerClients(firm);
	const matters = [...state.matters.values()].filter((m) => m.status === 'open' && clients.some((c) => c.ledesClientId === m.ledesClientId));
	if (matters.length === 0) throw new Error('the firm has no open Legal Tracker matter');
	const task = firm.utbmsCodes.find((c) => c.type === 'UtbmsTask' && c.code === 'L120')?.code ?? firm.utbmsCodes.find((c) => c.type === 'UtbmsTask')!.code;
	const activity = firm.utbmsCodes.find((c) => c.type === 'UtbmsActivity')?.code ?? 'A101';
	const at = new Date(nowMs).toISOString();
	const cases: RejectionCase[] = [];
	SPECS.forEach((spec, n) => {
		const m = matters[n % matters.length];
		const client = clients.find((c) => c.ledesClientId === m.ledesClientId)!;
		const lawyers = firm.timekeepers.filter((t) => t.enabled && ['PARTNR', 'ASSOC', 'OFCOUN'].includes(t.classification));
		const tk = lawyers[n % lawyers.length];
		const other = lawyers[(n + 1) % lawyers.length];
		const cap = (t: SeedTimekeeper) => client.rateCaps[t.classification];
		const fee = (no: number, t: SeedTimekeeper, units: string, date: string, description: string, over: Partial<LtLine> = {}): LtLine => {
			const rate = over.rate ?? cap(t);
			return {
				lineItemNumber: no, type: 'F', date, timekeeperId: String(t.id), timekeeperName: t.ledesName, timekeeperClassification: t.classification,
				taskCode: task, activityCode: activity, units, rate, adjustment: '0.00', total: Decimal.from(units).mul(rate).round(2).toFixed(2), description, ...over,
			};
		};
		const d = (k: number) => plusDays(periodStart, k);
		const lines: LtLine[] = [
			fee(1, tk, '1.5', d(3), 'Analyze the motion to dismiss and outline the response strategy'),
			fee(2, other, '2.0', d(9), 'Draft the response to the motion to dismiss, sections one to three'),
		];
		const detail: Record<string, string> = {};
		if (spec.key === 'rate' || spec.key === 'cut-rate') {
			lines[0] = fee(1, tk, '1.5', d(3), lines[0].description, { rate: Decimal.from(cap(tk)).add('75').toFixed(2) });
			detail.approvedRate = cap(tk);
		}
		if (spec.key === 'code') {
			lines[1] = { ...lines[1], taskCode: FIRM_TASK_CODE };
			detail.taskCode = FIRM_TASK_CODE;
		}
		if (spec.key === 'arithmetic') {
			lines[1] = { ...lines[1], total: Decimal.from(lines[1].total).add('10').toFixed(2) };
			detail.statedTotal = lines[1].total;
		}
		if (spec.key === 'expense') {
			lines.push({ lineItemNumber: 3, type: 'E', date: d(10), timekeeperId: String(tk.id), timekeeperName: tk.ledesName, timekeeperClassification: tk.classification, expenseCode: 'E111', units: '1', rate: '84.20', adjustment: '0.00', total: '84.20', description: 'Working lunch with the client team' });
			detail.expenseCode = 'E111';
		}
		if (spec.key === 'period') {
			lines[1] = { ...lines[1], date: plusDays(periodEnd, 3) };
			detail.date = lines[1].date;
		}
		if (spec.key === 'narrative') lines[0] = { ...lines[0], description: 'Review' };
		// INVOICE_NUMBER holds at most 20 characters: room is left for a suffix
		const number = `INV-${ymd(periodEnd).slice(2, 6)}${m.matterId}${String.fromCharCode(65 + n)}`;
		const stated = Decimal.sum(lines.map((l) => l.total)).toFixed(2);
		const text = writeFile({ number, date: plusDays(periodEnd, 1), clientId: client.ledesClientId, matter: m.lawFirmMatterId, clientMatterId: m.clientMatterId, start: periodStart, end: periodEnd, firmId: firm.lawFirmId, stated }, lines);
		const content = Buffer.from(text, 'utf8');
		const invoiceId = state.nextInvoiceId++;
		const fileKey = `efile-case-${invoiceId}`;
		state.files.set(fileKey, { fileKey, fileName: `${number}.txt`, contentType: 'text/plain', createdDate: at, expiresAtMs: nowMs, uploaded: true, size: content.length, content, md5: createHash('md5').update(content).digest('base64'), usedBy: invoiceId });
		const approved = spec.kind === 'adjustment';
		const line = lines[spec.line - 1];
		const cut = approved ? (spec.key === 'cut-rate' ? Decimal.from(line.units).mul(Decimal.from(line.rate).sub(cap(tk))).round(2).neg() : Decimal.from(line.total).mul('0.5').round(2).neg()) : Decimal.ZERO;
		const inv: LtInvoice = {
			invoiceId, invoiceNumber: number, firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, matterId: m.matterId, currency: firm.currency,
			status: approved ? 'approved' : 'rejected', statusDate: at,
			...(approved ? {} : { statusReasonCode: spec.code, statusReason: LT_REASONS[spec.code] }),
			invoiceDate: plusDays(periodEnd, 1), submittedDate: new Date(nowMs - 3 * 86_400_000).toISOString(), billingStartDate: periodStart, billingEndDate: periodEnd,
			totalAmount: stated, approvedAmount: approved ? Decimal.from(stated).add(cut).toFixed(2) : '0.00',
			isLedes: true, isMemo: false, isProforma: false, typeId: LT_INVOICE_TYPE_ID, invoiceFileKey: fileKey, lineItemCount: lines.length, lines,
			adjustments: approved ? [{ adjustmentId: state.nextAdjustmentId++, lineItemNumber: spec.line, type: 'Fee', amount: cut.toFixed(2), reasonCode: spec.code, reason: LT_REASONS[spec.code] }] : [],
		};
		state.invoices.set(invoiceId, inv);
		cases.push({ key: spec.key, class: spec.class, fixable: spec.fixable, kind: spec.kind, reasonCode: spec.code, lineItemNumber: spec.line, invoiceId, invoiceNumber: number, matterId: m.matterId, ledesClientId: client.ledesClientId, periodStart, periodEnd, detail });
	});
	const guidelines = clients.map((c) => ({ ledesClientId: c.ledesClientId, rateCaps: { ...c.rateCaps }, barredExpenseCodes: ['E111'] }));
	return { cases, guidelines };
}
