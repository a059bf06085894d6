/**
 * The resolver's rejection cases on the Brightflag simulator (POST /_admin/brightflag/rejection-cases),
 * at the sandbox clock: the same invoices as Legal Tracker's (../legaltracker/rejection-cases.ts),
 * rejected — or adjusted then approved — by the client's reviewer with Brightflag-side reason codes.
 *
 * Brightflag's documented API gives the invoice status only (facts.md §3); the reasons are read from
 * the UNVERIFIED single-invoice endpoint (`rejectionReasons`, `lineItems`). Brightflag documents no
 * download of the file a firm sent, so each case also returns the firm's own LEDES file (`ledes`).
 */
import { Decimal } from '../../../lib/money/decimal';
import type { Firm } from '../../seed';
import { buildCaseInvoices, caseOf, guidelinesOf, type CaseGuidelines, type RejectionCase } from '../legaltracker/rejection-cases';
import { brightflagClients, flag, FLAG_MESSAGES, schemeFor, type BfInvoice, type BrightflagState } from './state';

export function seedBrightflagRejectionCases(state: BrightflagState, firm: Firm, nowMs: number): { cases: Array<RejectionCase & { ledes: string }>; guidelines: CaseGuidelines[] } {
	const clients = brightflagClients(firm);
	const targets = firm.matters
		.filter((m) => m.status === 'Open')
		.flatMap((m) => {
			const client = clients.find((c) => c.id === m.clientId);
			return client ? [{ matterId: m.id, lawFirmMatterId: m.displayNumber, clientMatterId: m.clientMatterId, client }] : [];
		});
	const at = new Date(nowMs).toISOString();
	const cases = buildCaseInvoices(firm, targets, nowMs).map((c) => {
		const client = c.target.client;
		const scheme = schemeFor(state, client.id);
		const matter = firm.matters.find((m) => m.id === c.target.matterId)!;
		const code = c.spec.brightflagCode ?? c.spec.code;
		const adjusted = c.spec.kind === 'adjustment';
		const lineItems = c.lines.map((l) => ({ ...l, approvedTotal: l.total, flags: [] as ReturnType<typeof flag>[] }));
		const line = lineItems[c.spec.line - 1];
		line.flags.push(flag(code));
		if (adjusted) line.approvedTotal = Decimal.from(line.total).add(c.cut).toFixed(2);
		const invoiceID = state.nextInvoiceId++;
		const status = adjusted ? scheme.approved : scheme.rejected;
		const inv: BfInvoice = {
			invoiceID, invoiceGroupId: state.nextGroupId++, invoiceNumber: c.number, invoiceDate: c.invoiceDate, invoiceStatus: status, invoiceStatusChangeTimestamp: at,
			submittedDate: new Date(nowMs - 3 * 86_400_000).toISOString(), currency: firm.currency, originalGrossTotal: c.stated,
			approvedGrossTotal: adjusted ? Decimal.sum(lineItems.map((l) => l.approvedTotal)).toFixed(2) : '0.00',
			customerId: client.id, customerName: client.name, ledesClientId: client.ledesClientId, vendorId: firm.lawFirmId, vendorName: firm.name,
			matterId: matter.id, matterName: matter.description, lawFirmMatterId: matter.displayNumber, clientMatterId: matter.clientMatterId,
			billingStartDate: c.periodStart, billingEndDate: c.periodEnd, isPreviousDraft: false, lineItems,
			rejectionReasons: [{ code, message: FLAG_MESSAGES[code] ?? code, lineItemNumber: c.spec.line, ...(adjusted ? { amount: c.cut.toFixed(2) } : {}) }],
			statusHistory: [{ status: scheme.submitted, at: new Date(nowMs - 3 * 86_400_000).toISOString() }, { status, at }],
			source: 'seed',
		};
		state.invoices.set(invoiceID, inv);
		return { ...caseOf('brightflag', c, invoiceID, code), ledes: c.text };
	});
	return { cases, guidelines: guidelinesOf(clients) };
}
