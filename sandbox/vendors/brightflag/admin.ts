/**
 * The Brightflag simulator's `_admin` routes: every invoice with its detail, the status schemes and
 * reason codes, the client's reviewer (approve, reject with reasons, adjust lines, set a status),
 * seeding the rejection cases (./rejection-cases.ts) and creating AP batches.
 */
import type { Router } from 'express';
import { Decimal } from '../../../lib/money/decimal';
import type { VendorContext } from '../../framework/vendor';
import { detailOf } from './dto';
import { BfError, brightflagErrorBody, send } from './errors';
import { seedBrightflagRejectionCases } from './rejection-cases';
import { BRIGHTFLAG_REASON_CODES, brightflagClients, flag, FLAG_MESSAGES, schemeFor, type BfBatch, type BfInvoice, type BfReason, type BrightflagState } from './state';

export interface BrightflagAdminEnv {
	state: BrightflagState;
	ctx: VendorContext;
	api: () => string;
	getInvoice: (idText: string) => BfInvoice;
	setStatus: (inv: BfInvoice, status: string, extra?: Record<string, unknown>) => void;
}

/** The `_admin` routes, and the rejection cases seeded since the last reset. */
export function brightflagAdmin({ state, ctx, api, getInvoice, setStatus }: BrightflagAdminEnv) {
	let seeded: ReturnType<typeof seedBrightflagRejectionCases> | undefined;
	return {
		mount(router: Router) {
			router.get('/invoices', (_req, res) => {
				res.json({ data: [...state.invoices.values()].map((i) => detailOf(i, api())) });
			});
			router.get('/statuses', (_req, res) => {
				res.json({
					data: brightflagClients(ctx.firm).map((c) => ({ customerId: c.id, customerName: c.name, ledesClientId: c.ledesClientId, statuses: schemeFor(state, c.id) })),
					reasonCodes: BRIGHTFLAG_REASON_CODES,
				});
			});
			// The client's reviewer: approve, reject with reason codes, or adjust lines (then approve).
			router.post('/invoices/:id/review', (req, res) => {
				try {
					const inv = getInvoice(String(req.params.id));
					const body = (req.body ?? {}) as { action?: string; reasons?: Array<Partial<BfReason>>; adjustments?: Array<{ lineItemNumber?: number; amount?: string; code?: string; message?: string }>; status?: string };
					const scheme = schemeFor(state, inv.customerId);
					const checkCode = (code: unknown) => {
						if (!BRIGHTFLAG_REASON_CODES.includes(String(code) as (typeof BRIGHTFLAG_REASON_CODES)[number])) {
							throw new BfError(400, `Unknown reason code "${String(code)}"; use one of ${BRIGHTFLAG_REASON_CODES.join(', ')}`, 'INVALID_REASON');
						}
					};
					if (body.action === 'approve') {
						setStatus(inv, scheme.approved, { by: 'review' });
					} else if (body.action === 'inReview') {
						setStatus(inv, scheme.review, { by: 'review' });
					} else if (body.action === 'reject') {
						let reasons: BfReason[];
						if (body.reasons && body.reasons.length) {
							reasons = body.reasons.map((r) => {
								checkCode(r.code);
								if (r.lineItemNumber !== undefined && !inv.lineItems.some((l) => l.lineItemNumber === Number(r.lineItemNumber))) {
									throw new BfError(400, `Invoice ${inv.invoiceID} has no line ${String(r.lineItemNumber)}`, 'INVALID_LINE');
								}
								return {
									code: String(r.code),
									message: r.message ?? FLAG_MESSAGES[String(r.code)] ?? String(r.code),
									...(r.lineItemNumber !== undefined ? { lineItemNumber: Number(r.lineItemNumber) } : {}),
								};
							});
						} else {
							// no reasons given: reject for the lines' flags
							reasons = inv.lineItems.flatMap((l) => l.flags.map((f) => ({ code: f.code, message: f.message, lineItemNumber: l.lineItemNumber })));
							if (reasons.length === 0) reasons = [{ code: 'OTHER', message: FLAG_MESSAGES.OTHER }];
						}
						inv.rejectionReasons = reasons;
						inv.approvedGrossTotal = '0.00';
						setStatus(inv, scheme.rejected, { by: 'review', reasons: reasons.map((r) => r.code) });
					} else if (body.action === 'adjust') {
						if (!body.adjustments || body.adjustments.length === 0) throw new BfError(400, 'adjust needs adjustments: [{lineItemNumber, amount, code}]', 'MISSING_FIELD');
						for (const a of body.adjustments) {
							const line = inv.lineItems.find((l) => l.lineItemNumber === Number(a.lineItemNumber));
							if (!line) throw new BfError(400, `Invoice ${inv.invoiceID} has no line ${String(a.lineItemNumber)}`, 'INVALID_LINE');
							checkCode(a.code);
							const amount = Decimal.tryFrom(String(a.amount ?? ''));
							if (!amount || !amount.isNegative()) throw new BfError(400, 'adjustment amount must be a negative decimal (a reduction)', 'INVALID_AMOUNT');
							line.approvedTotal = Decimal.from(line.approvedTotal).add(amount).toFixed(2);
							line.flags.push({ ...flag(String(a.code)), ...(a.message ? { message: a.message } : {}) });
							inv.rejectionReasons.push({ code: String(a.code), message: a.message ?? FLAG_MESSAGES[String(a.code)] ?? String(a.code), lineItemNumber: line.lineItemNumber, amount: amount.toFixed(2) });
						}
						inv.approvedGrossTotal = Decimal.sum(inv.lineItems.map((l) => l.approvedTotal)).toFixed(2);
						setStatus(inv, scheme.approved, { by: 'review', adjusted: body.adjustments.length });
					} else if (body.action === 'setStatus' && body.status) {
						if (!Object.values(scheme).includes(body.status)) throw new BfError(400, `Status "${body.status}" is not configured for ${inv.customerName}: ${Object.values(scheme).join(', ')}`, 'INVALID_STATUS');
						setStatus(inv, body.status, { by: 'review' });
					} else {
						throw new BfError(400, 'action must be approve, reject, adjust, inReview or setStatus (with status)', 'INVALID_ACTION');
					}
					res.json(detailOf(inv, api()));
				} catch (e) {
					send(res, e);
				}
			});
			// rejected and adjusted invoices of every resolver class, at the sandbox clock (./rejection-cases.ts)
			router.post('/rejection-cases', (_req, res) => {
				if (seeded) {
					res.status(409).json(brightflagErrorBody(409, 'The rejection cases were seeded already since the last reset', 'ALREADY_SEEDED'));
					return;
				}
				seeded = seedBrightflagRejectionCases(state, ctx.firm, ctx.clock.nowMs());
				for (const c of seeded.cases) ctx.log.record('status-change', { invoiceID: c.invoiceId, invoiceNumber: c.invoiceNumber, reason: c.reasonCode, seededCase: c.key });
				res.status(201).json(seeded);
			});
			router.get('/rejection-cases', (_req, res) => {
				res.json(seeded ?? { cases: [], guidelines: [] });
			});
			router.post('/ap-batches', (req, res) => {
				const body = (req.body ?? {}) as { invoiceIDs?: number[] };
				const batched = new Set([...state.batches.values()].flatMap((b) => b.invoiceIDs));
				const ids = body.invoiceIDs ?? [...state.invoices.values()].filter((i) => i.invoiceStatus === schemeFor(state, i.customerId).approved && !batched.has(i.invoiceID)).map((i) => i.invoiceID);
				const at = ctx.clock.nowMs();
				const batchID = state.nextBatchId++;
				const batch: BfBatch = {
					batchID,
					batchCreated: new Date(at).toISOString(),
					customerBatchID: `AP-${new Date(at).toISOString().slice(0, 7)}-${batchID}`,
					createdEpochMs: at,
					currency: ctx.firm.currency,
					invoiceIDs: ids,
					totalAmount: Decimal.sum(ids.map((id) => state.invoices.get(id)?.approvedGrossTotal ?? '0')).toFixed(2),
				};
				state.batches.set(batch.batchID, batch);
				ctx.log.record('ap-batch', { batchID: batch.batchID, invoiceIDs: ids });
				res.status(201).json(batch);
			});
		},
		reset() {
			seeded = undefined;
		},
	};
}
