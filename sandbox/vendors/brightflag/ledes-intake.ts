/**
 * How the e-billing simulators read a received LEDES file (shared by the Brightflag and Legal
 * Tracker simulators). Two readings, and the sandbox trusts neither alone:
 * - the sandbox's OWN check (`./ledes-check`, no product code): line splitting, required fields,
 *   dates, amounts, line totals and invoice totals of 1998B / 98BI files;
 * - the pack's LEDES core (`parseLedes`), which extracts the fields the simulators store.
 * A file is valid only if both find no error, and the invoices the two readings find must agree
 * (number, line count, sum of the line totals): a disagreement is a `SANDBOX_CROSS_CHECK` error,
 * so a parser bug in the product shows up as a refused submission instead of being trusted.
 * LEDES XML is read by the LEDES core only.
 */
import { parseLedes, type LedesIssue } from '../../../lib/ledes';
import { Decimal } from '../../../lib/money/decimal';
import { checkLedesText } from './ledes-check';

export interface IntakeLine {
	lineItemNumber: number;
	/** F, E, IF, IE */
	type: string;
	date: string;
	timekeeperId?: string;
	timekeeperName?: string;
	timekeeperClassification?: string;
	taskCode?: string;
	activityCode?: string;
	expenseCode?: string;
	units: string;
	rate: string;
	adjustment: string;
	total: string;
	description: string;
	lawFirmMatterId?: string;
	clientMatterId?: string;
}

export interface IntakeInvoice {
	invoiceNumber: string;
	invoiceDate: string;
	billingStartDate: string;
	billingEndDate: string;
	description?: string;
	ledesClientId: string;
	lawFirmId: string;
	lawFirmMatterId?: string;
	clientMatterId?: string;
	currency?: string;
	/** computed from the lines (exact) */
	total: string;
	statedTotal?: string;
	lines: IntakeLine[];
}

export interface IntakeResult {
	format?: string;
	valid: boolean;
	invoices: IntakeInvoice[];
	errors: LedesIssue[];
}

const TYPE: Record<string, string> = { fee: 'F', expense: 'E', feeAdjustment: 'IF', expenseAdjustment: 'IE' };

export function readLedesFile(text: string): IntakeResult {
	const parsed = parseLedes(text);
	const invoices: IntakeInvoice[] = parsed.invoices.map((inv) => {
		const lines: IntakeLine[] = inv.lines.map((l, n) => {
			const extra = (l.extra ?? {}) as Record<string, unknown>;
			return {
				lineItemNumber: Number(extra.lineItemNumber) || n + 1,
				type: TYPE[l.kind] ?? 'F',
				date: l.date,
				...(l.timekeeper?.id ? { timekeeperId: l.timekeeper.id } : {}),
				...(l.timekeeper?.name ? { timekeeperName: l.timekeeper.name } : {}),
				...(l.timekeeper?.classification ? { timekeeperClassification: l.timekeeper.classification } : {}),
				...(l.codes?.task ? { taskCode: l.codes.task } : {}),
				...(l.codes?.activity ? { activityCode: l.codes.activity } : {}),
				...(l.codes?.expense ? { expenseCode: l.codes.expense } : {}),
				units: l.quantity || '0',
				rate: l.rate || '0',
				adjustment: l.adjustment || '0',
				total: l.total ?? '0',
				description: l.narrative ?? '',
				...(l.matter?.number ? { lawFirmMatterId: l.matter.number } : {}),
				...(l.matter?.clientMatterId ? { clientMatterId: l.matter.clientMatterId } : {}),
			};
		});
		const first = lines[0];
		return {
			invoiceNumber: inv.number,
			invoiceDate: inv.date,
			billingStartDate: inv.periodStart,
			billingEndDate: inv.periodEnd,
			...(inv.description ? { description: inv.description } : {}),
			ledesClientId: inv.client.ledesClientId ?? inv.client.id,
			lawFirmId: inv.lawFirm.id,
			...(first?.lawFirmMatterId ? { lawFirmMatterId: first.lawFirmMatterId } : {}),
			...(first?.clientMatterId ? { clientMatterId: first.clientMatterId } : {}),
			...(inv.currency ? { currency: inv.currency } : {}),
			total: Decimal.sum(lines.map((l) => Decimal.tryFrom(l.total) ?? Decimal.from('0'))).toFixed(2),
			...(inv.statedTotal ? { statedTotal: inv.statedTotal } : {}),
			lines,
		};
	});
	const errors: LedesIssue[] = [...parsed.errors];
	if (parsed.format === '1998B' || parsed.format === '98BI') {
		const own = checkLedesText(text);
		const seen = new Set(errors.map((e) => `${e.line}:${e.code}`));
		for (const i of own.issues) {
			if (seen.has(`${i.line}:${i.code}`)) continue;
			errors.push({ line: i.line, code: i.code, message: `sandbox check: ${i.message}`, severity: 'error', ...(i.field ? { fieldName: i.field } : {}) } as unknown as LedesIssue);
		}
		// the two readings must find the same invoices with the same lines and totals
		if (own.issues.length === 0 && parsed.valid) {
			const mine = own.invoices.map((i) => `${i.invoiceNumber}: ${i.lineCount} lines, ${i.total}`).join('; ');
			const theirs = invoices.map((i) => `${i.invoiceNumber}: ${i.lines.length} lines, ${Decimal.from(i.total).toFixed(2)}`).join('; ');
			if (mine !== theirs) {
				errors.push({ line: 1, code: 'SANDBOX_CROSS_CHECK', message: `the sandbox reads ${mine || 'no invoice'}; the LEDES core read ${theirs || 'no invoice'}`, severity: 'error' } as unknown as LedesIssue);
			}
		}
	}
	return { format: parsed.format, valid: parsed.valid && errors.length === parsed.errors.length, invoices, errors };
}

/** Quick look at the first line: is this a LEDES file at all? */
export function looksLikeLedes(text: string): boolean {
	const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 200);
	return /^LEDES1998B\[\]/.test(head) || /^LEDES98BI V\d+\[\]/.test(head) || /^(<\?xml[^>]*\?>\s*)?<ledesxmlebilling/i.test(head);
}
