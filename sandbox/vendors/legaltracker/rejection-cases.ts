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
import { previousMonthPeriod, type Firm, type SeedClient, type SeedTimekeeper } from '../../seed';
import type { IntakeLine } from '../brightflag/ledes-intake';
import { legalTrackerClients, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID, LT_REASONS, type LegalTrackerState, type LtInvoice } from './state';

export type CaseClass = 'rateAboveApproved' | 'utbmsCode' | 'arithmetic' | 'disallowedExpense' | 'billingPeriod' | 'narrative' | 'staffing' | 'notAuthorised';

export interface RejectionCase {
	key: string;
	platform: 'legaltracker' | 'brightflag';
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

export interface CaseSpec {
	key: string;
	class: CaseClass;
	fixable: boolean;
	kind: 'rejection' | 'adjustment';
	/** the reviewer's reason code on Legal Tracker */
	code: string;
	/** on Brightflag, where it differs */
	brightflagCode?: string;
	line: number;
}

export const CASE_SPECS: CaseSpec[] = [
	{ key: 'rate', class: 'rateAboveApproved', fixable: true, kind: 'rejection', code: 'RATE_ABOVE_APPROVED', line: 1 },
	{ key: 'code', class: 'utbmsCode', fixable: true, kind: 'rejection', code: 'INVALID_TASK_CODE', line: 2 },
	{ key: 'arithmetic', class: 'arithmetic', fixable: true, kind: 'rejection', code: 'ARITHMETIC_ERROR', line: 2 },
	{ key: 'expense', class: 'disallowedExpense', fixable: true, kind: 'rejection', code: 'EXPENSE_NOT_ALLOWED', line: 3 },
	{ key: 'period', class: 'billingPeriod', fixable: true, kind: 'rejection', code: 'DATE_OUTSIDE_PERIOD', line: 2 },
	{ key: 'narrative', class: 'narrative', fixable: false, kind: 'rejection', code: 'NARRATIVE_TOO_SHORT', line: 1 },
	{ key: 'staffing', class: 'staffing', fixable: false, kind: 'rejection', code: 'TIMEKEEPER_NOT_APPROVED', brightflagCode: 'TIMEKEEPER_MISMATCH', line: 2 },
	{ key: 'authorised', class: 'notAuthorised', fixable: false, kind: 'rejection', code: 'WORK_NOT_AUTHORIZED', line: 1 },
	{ key: 'cut-rate', class: 'rateAboveApproved', fixable: true, kind: 'adjustment', code: 'RATE_ABOVE_APPROVED', line: 1 },
	{ key: 'cut-narrative', class: 'narrative', fixable: false, kind: 'adjustment', code: 'BLOCK_BILLING', line: 2 },
];

const COLUMNS =
	'INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]';

const ymd = (iso: string) => iso.replace(/-/g, '');
const plusDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The sandbox's own LEDES 1998B writer: totals as given (a case may state a wrong one on purpose). */
function writeFile(inv: { number: string; date: string; clientId: string; matter: string; clientMatterId: string; start: string; end: string; firmId: string; stated: string }, lines: IntakeLine[]): string {
	const rows = lines.map((l) =>
		[ymd(inv.date), inv.number, inv.clientId, inv.matter, inv.stated, ymd(inv.start), ymd(inv.end), 'Legal services', String(l.lineItemNumber), l.type, l.units, l.adjustment, l.total, ymd(l.date), l.taskCode ?? '', l.expenseCode ?? '', l.activityCode ?? '', l.timekeeperId ?? '', l.description, inv.firmId, l.rate, l.timekeeperName ?? '', l.timekeeperClassification ?? '', inv.clientMatterId].join('|') + '[]',
	);
	return ['LEDES1998B[]', COLUMNS, ...rows].join('\r\n') + '\r\n';
}

/** Where a case is filed: a matter of a client on the platform. */
export interface CaseTarget {
	/** the platform's matter id */
	matterId: number;
	lawFirmMatterId: string;
	clientMatterId: string;
	client: SeedClient;
}

/** One case's invoice as the firm sent it: lines, the LEDES file and, for a cut, its amount. */
export interface CaseInvoice {
	spec: CaseSpec;
	target: CaseTarget;
	number: string;
	invoiceDate: string;
	periodStart: string;
	periodEnd: string;
	lines: IntakeLine[];
	stated: string;
	text: string;
	/** the reviewer's cut of the case's line (negative), zero for rejections */
	cut: Decimal;
	detail: Record<string, string>;
}

/** The invoices of every case, for the month before the sandbox clock, one per target in turn. */
export function buildCaseInvoices(firm: Firm, targets: CaseTarget[], nowMs: number): CaseInvoice[] {
	if (targets.length === 0) throw new Error('no open matter to file the rejection cases on');
	const { periodStart, periodEnd } = previousMonthPeriod(nowMs, firm.timeZone);
	const task = firm.utbmsCodes.find((c) => c.type === 'UtbmsTask' && c.code === 'L120')?.code ?? firm.utbmsCodes.find((c) => c.type === 'UtbmsTask')!.code;
	const activity = firm.utbmsCodes.find((c) => c.type === 'UtbmsActivity')?.code ?? 'A101';
	const lawyers = firm.timekeepers.filter((t) => t.enabled && ['PARTNR', 'ASSOC', 'OFCOUN'].includes(t.classification));
	return CASE_SPECS.map((spec, n) => {
		const target = targets[n % targets.length];
		const client = target.client;
		const tk = lawyers[n % lawyers.length];
		const other = lawyers[(n + 1) % lawyers.length];
		const cap = (t: SeedTimekeeper) => client.rateCaps[t.classification];
		const fee = (no: number, t: SeedTimekeeper, units: string, date: string, description: string, over: Partial<IntakeLine> = {}): IntakeLine => {
			const rate = over.rate ?? cap(t);
			return {
				lineItemNumber: no, type: 'F', date, timekeeperId: String(t.id), timekeeperName: t.ledesName, timekeeperClassification: t.classification,
				taskCode: task, activityCode: activity, units, rate, adjustment: '0.00', total: Decimal.from(units).mul(rate).round(2).toFixed(2), description, ...over,
			};
		};
		const d = (k: number) => plusDays(periodStart, k);
		const lines: IntakeLine[] = [
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
		const number = `INV-${ymd(periodEnd).slice(2, 6)}${target.matterId}${String.fromCharCode(65 + n)}`;
		const stated = Decimal.sum(lines.map((l) => l.total)).toFixed(2);
		const invoiceDate = plusDays(periodEnd, 1);
		const text = writeFile({ number, date: invoiceDate, clientId: client.ledesClientId, matter: target.lawFirmMatterId, clientMatterId: target.clientMatterId, start: periodStart, end: periodEnd, firmId: firm.lawFirmId, stated }, lines);
		const line = lines[spec.line - 1];
		const cut = spec.kind !== 'adjustment' ? Decimal.ZERO : spec.key === 'cut-rate' ? Decimal.from(line.units).mul(Decimal.from(line.rate).sub(cap(tk))).round(2).neg() : Decimal.from(line.total).mul('0.5').round(2).neg();
		return { spec, target, number, invoiceDate, periodStart, periodEnd, lines, stated, text, cut, detail };
	});
}

/** The case as reported to a test: the sandbox's own label, where it was filed, what was wrong. */
export function caseOf(platform: RejectionCase['platform'], c: CaseInvoice, invoiceId: number, reasonCode: string): RejectionCase {
	const s = c.spec;
	return { key: s.key, platform, class: s.class, fixable: s.fixable, kind: s.kind, reasonCode, lineItemNumber: s.line, invoiceId, invoiceNumber: c.number, matterId: c.target.matterId, ledesClientId: c.target.client.ledesClientId, periodStart: c.periodStart, periodEnd: c.periodEnd, detail: c.detail };
}

/** The client's guidelines as the sandbox applies them (its reviewers cap at rateCaps and refuse meals). */
export function guidelinesOf(clients: SeedClient[]): CaseGuidelines[] {
	return clients.map((c) => ({ ledesClientId: c.ledesClientId, rateCaps: { ...c.rateCaps }, barredExpenseCodes: ['E111'] }));
}

export function seedRejectionCases(state: LegalTrackerState, firm: Firm, nowMs: number): { cases: RejectionCase[]; guidelines: CaseGuidelines[] } {
	const clients = legalTrackerClients(firm);
	const targets = [...state.matters.values()]
		.filter((m) => m.status === 'open')
		.flatMap((m) => {
			const client = clients.find((c) => c.ledesClientId === m.ledesClientId);
			return client ? [{ matterId: m.matterId, lawFirmMatterId: m.lawFirmMatterId, clientMatterId: m.clientMatterId, client }] : [];
		});
	const at = new Date(nowMs).toISOString();
	const cases = buildCaseInvoices(firm, targets, nowMs).map((c) => {
		const content = Buffer.from(c.text, 'utf8');
		const invoiceId = state.nextInvoiceId++;
		const fileKey = `efile-case-${invoiceId}`;
		state.files.set(fileKey, { fileKey, fileName: `${c.number}.txt`, contentType: 'text/plain', createdDate: at, expiresAtMs: nowMs, uploaded: true, size: content.length, content, md5: createHash('md5').update(content).digest('base64'), usedBy: invoiceId });
		const approved = c.spec.kind === 'adjustment';
		const inv: LtInvoice = {
			invoiceId, invoiceNumber: c.number, firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, matterId: c.target.matterId, currency: firm.currency,
			status: approved ? 'approved' : 'rejected', statusDate: at,
			...(approved ? {} : { statusReasonCode: c.spec.code, statusReason: LT_REASONS[c.spec.code] }),
			invoiceDate: c.invoiceDate, submittedDate: new Date(nowMs - 3 * 86_400_000).toISOString(), billingStartDate: c.periodStart, billingEndDate: c.periodEnd,
			totalAmount: c.stated, approvedAmount: approved ? Decimal.from(c.stated).add(c.cut).toFixed(2) : '0.00',
			isLedes: true, isMemo: false, isProforma: false, typeId: LT_INVOICE_TYPE_ID, invoiceFileKey: fileKey, lineItemCount: c.lines.length, lines: c.lines,
			adjustments: approved ? [{ adjustmentId: state.nextAdjustmentId++, lineItemNumber: c.spec.line, type: 'Fee', amount: c.cut.toFixed(2), reasonCode: c.spec.code, reason: LT_REASONS[c.spec.code] }] : [],
		};
		state.invoices.set(invoiceId, inv);
		return caseOf('legaltracker', c, invoiceId, c.spec.code);
	});
	return { cases, guidelines: guidelinesOf(clients) };
}
