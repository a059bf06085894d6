/**
 * Brightflag simulator (customer / accounts-payable API, plus a sandbox-only LEDES submission
 * endpoint). Served at `${url}/brightflag`. What each behaviour follows is in
 * ../../../../shared/vendor-specs/brightflag/facts.md (cited as facts.md:<line>) and in
 * docs/vendor-fidelity.md; the request contract is ./contract.ts.
 *
 * Documented (second-hand reading of Brightflag's public OAS, facts.md §2–3): OAuth 2.0 client
 * credentials at /oauth/token (official, facts.md:28); GET /api/v1/invoice-summary with the query
 * names of facts.md:61 and the `InvoiceSummaryAPI` fields of facts.md:64 (incl.
 * `invoiceStatusChangeTimestamp`); GET /api/ap-batch/v1 and /api/ap-batch/v1/{startEpochMs}/{endEpochMs}
 * → bare `Batch[]` {batchID, batchCreated, customerBatchID} (facts.md:41-42, 59);
 * GET /api/ap-batch/v1/batch/{batchID}/invoices → `BatchDTO {batchID, invoices:[{invoiceID}]}`
 * (facts.md:43, 60); POST /api/v1/invoicePayment/invoice-payment-status, one
 * `InvoicePaymentStatus` per call, echoed back (facts.md:45, 68-71); error body {message, errors,
 * errorCategory, errorCode, status, metadata} (facts.md:72).
 * Modelled [gap]: the summary list wrapper (`invoiceSummaries` + `paging`, facts.md:67), the
 * format of `batchCreated` and `invoiceStatusChangeTimestamp` (ISO-8601 here), the status names.
 * UNVERIFIED (no public evidence, facts.md:53): GET /api/v1/invoice/{id} (detail with lineItems,
 * per-line flags and rejectionReasons), and POST /api/sandbox/v1/ledes-submissions, which EXISTS
 * ONLY IN THIS SANDBOX: Brightflag publishes no vendor-side submission API (firms use the Law Firm
 * Portal). The nodes reach both only behind their "unverified endpoint" option.
 */
import express, { type Request, type Response, type Router } from 'express';
import { Decimal } from '../../../lib/money/decimal';
import { rawBody } from '../../context';
import type { VendorModule } from '../../framework/vendor';
import { brightflagContract } from './contract';
import { seedBrightflagRejectionCases } from './rejection-cases';
import { looksLikeLedes, readLedesFile } from './ledes-intake';
import {
	allStatuses,
	BRIGHTFLAG_REASON_CODES,
	brightflagClients,
	buildBrightflagState,
	flag,
	FLAG_MESSAGES,
	schemeFor,
	type BfBatch,
	type BfInvoice,
	type BfLine,
	type BfReason,
	type BrightflagState,
} from './state';

export const BRIGHTFLAG_CLIENT_ID = 'sandbox-brightflag-client';
export const BRIGHTFLAG_CLIENT_SECRET = 'sandbox-brightflag-secret';
export const BRIGHTFLAG_SUBMISSION_NOTICE =
	'Sandbox-only endpoint: Brightflag publishes no vendor-side LEDES submission API (law firms upload through the Brightflag Law Firm Portal). This endpoint exists so flows can be tried end to end.';
export const PAYMENT_STATUSES = ['PAID', 'PARTIALLY PAID', 'POSTED', 'VOID'];

export { type BrightflagState } from './state';

class BfError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errorCode: string,
		readonly errors: unknown[] = [],
		readonly errorCategory = status >= 500 ? 'SERVER' : 'VALIDATION',
	) {
		super(message);
	}
}

export function brightflagErrorBody(status: number, message: string, errorCode?: string, errors: unknown[] = [], category?: string) {
	return {
		message,
		errors,
		errorCategory: category ?? (status === 401 ? 'AUTHENTICATION' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMIT' : status >= 500 ? 'SERVER' : 'VALIDATION'),
		errorCode: errorCode ?? (status === 401 ? 'UNAUTHORIZED' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
		status,
		metadata: {},
	};
}

function send(res: Response, e: unknown) {
	if (e instanceof BfError) {
		res.status(e.status).json(brightflagErrorBody(e.status, e.message, e.errorCode, e.errors, e.errorCategory));
		return;
	}
	throw e;
}

function parseInstant(value: unknown, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const s = String(value);
	const ms = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(/T/.test(s) && !/([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s);
	if (Number.isNaN(ms)) throw new BfError(400, `${name} must be an ISO-8601 date-time or epoch milliseconds, got "${s}"`, 'INVALID_PARAMETER');
	return ms;
}

function intParam(value: unknown, name: string, def: number, min: number, max: number): number {
	if (value === undefined || value === '') return def;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw new BfError(400, `${name} must be an integer from ${min} to ${max}, got "${String(value)}"`, 'INVALID_PARAMETER');
	return n;
}

/** `paging.pageSize` (literal key) or `paging[pageSize]` (nested). */
function pagingParam(q: Record<string, unknown>, name: string): unknown {
	const nested = q.paging as Record<string, unknown> | undefined;
	return q[`paging.${name}`] ?? nested?.[name];
}

/** `InvoiceSummaryAPI` exactly as facts.md:64 lists it (no other field). */
export function summaryOf(inv: BfInvoice, api: string) {
	return {
		invoiceID: inv.invoiceID,
		invoiceGroupId: inv.invoiceGroupId,
		invoiceNumber: inv.invoiceNumber,
		invoiceDate: inv.invoiceDate,
		invoiceStatus: inv.invoiceStatus,
		invoiceStatusChangeTimestamp: inv.invoiceStatusChangeTimestamp,
		approvedGrossTotal: inv.approvedGrossTotal,
		originalGrossTotal: inv.originalGrossTotal,
		taxTotal: '0.00',
		exposurePercentage: null,
		currencyIsoCode: inv.currency,
		invoiceCurrencyDetails: null,
		vendorLink: `${api}/v1/vendor/${encodeURIComponent(inv.vendorId)}`,
		matterLink: `${api}/v1/matter/${inv.matterId}`,
	};
}

/** UNVERIFIED endpoint's body (facts.md:53: no public single-invoice read); fields modelled. */
export function detailOf(inv: BfInvoice, api: string) {
	return {
		...summaryOf(inv, api),
		isPreviousDraft: inv.isPreviousDraft,
		customerName: inv.customerName,
		submittedDate: inv.submittedDate,
		vendorName: inv.vendorName,
		matterName: inv.matterName,
		lawFirmMatterId: inv.lawFirmMatterId,
		clientMatterId: inv.clientMatterId,
		billingStartDate: inv.billingStartDate,
		billingEndDate: inv.billingEndDate,
		...(inv.paymentStatus ? { paymentStatus: inv.paymentStatus } : {}),
		...(inv.paymentDate ? { paymentDate: inv.paymentDate } : {}),
		...(inv.paymentAmount ? { paymentAmount: inv.paymentAmount } : {}),
		...(inv.paymentRef ? { paymentRef: inv.paymentRef } : {}),
		rejectionReasons: inv.rejectionReasons,
		lineItems: inv.lineItems,
		statusHistory: inv.statusHistory,
	};
}

export const brightflag: VendorModule<BrightflagState> = {
	name: 'brightflag',
	prefix: '/brightflag',
	title: 'Brightflag',
	// every request judged against the fact sheet first (./contract.ts)
	contract: () => brightflagContract(),
	create(ctx) {
		const oauth = ctx.createOAuth({
			title: 'Brightflag',
			clients: [{ clientId: BRIGHTFLAG_CLIENT_ID, clientSecret: BRIGHTFLAG_CLIENT_SECRET }],
			grants: ['client_credentials'],
			accessTokenTtlSeconds: 3600,
			tokenPrefix: 'bf',
		});
		const state = buildBrightflagState(ctx.firm, ctx.vendorOptions);
		let seeded: ReturnType<typeof seedBrightflagRejectionCases> | undefined;
		const api = () => `${ctx.vendorUrl()}/api`;
		const now = () => ctx.clock.now().toISOString();

		const getInvoice = (idText: string): BfInvoice => {
			const id = Number(idText);
			const inv = Number.isInteger(id) ? state.invoices.get(id) : undefined;
			if (!inv) throw new BfError(404, `Invoice ${idText} not found`, 'INVOICE_NOT_FOUND');
			return inv;
		};

		const setStatus = (inv: BfInvoice, status: string, extra: Record<string, unknown> = {}) => {
			const previous = inv.invoiceStatus;
			inv.invoiceStatus = status;
			inv.invoiceStatusChangeTimestamp = now();
			inv.statusHistory.push({ status, at: inv.invoiceStatusChangeTimestamp });
			ctx.log.record('status-change', { invoiceID: inv.invoiceID, invoiceNumber: inv.invoiceNumber, from: previous, to: status, ...extra });
		};

		/** The sandbox reviewer's automatic checks on a submitted line. */
		const autoFlags = (line: BfLine, clientId: number): void => {
			const client = ctx.firm.clients.find((c) => c.id === clientId);
			const words = line.description.trim().split(/\s+/).filter(Boolean);
			if (line.type === 'F' && (line.description.trim().length < 20 || words.length < 4)) line.flags.push(flag('NARRATIVE_TOO_SHORT'));
			if (line.type === 'F' && line.description.split(';').filter((p) => p.trim()).length >= 3) line.flags.push(flag('BLOCK_BILLING'));
			const cap = client && line.timekeeperClassification ? (client.rateCaps as Record<string, string>)[line.timekeeperClassification] : undefined;
			if (line.type === 'F' && cap && Decimal.tryFrom(line.rate)?.gt(cap)) line.flags.push(flag('RATE_ABOVE_APPROVED'));
			if (line.type === 'F' && line.taskCode && !ctx.firm.utbmsCodes.some((c) => c.type === 'UtbmsTask' && c.code === line.taskCode)) line.flags.push(flag('INVALID_TASK_CODE'));
		};

		const apiRouter = express.Router();
		apiRouter.get('/v1/invoice-summary', (req, res) => {
			try {
				const q = req.query as Record<string, unknown>;
				const pageSize = intParam(pagingParam(q, 'pageSize'), 'paging.pageSize', 50, 1, 100);
				const pageNumber = intParam(pagingParam(q, 'pageNumber'), 'paging.pageNumber', 1, 1, 1_000_000);
				// single-valued, no enum in OAS (facts.md:63): one status per request, the customers' own names
				if (Array.isArray(q.invoiceStatus)) throw new BfError(400, 'invoiceStatus takes one status per request', 'INVALID_PARAMETER');
				const statuses = q.invoiceStatus === undefined || q.invoiceStatus === '' ? [] : [String(q.invoiceStatus).trim()];
				const known = allStatuses(state);
				for (const s of statuses) {
					if (!known.has(s)) throw new BfError(400, `Unknown invoiceStatus "${s}"; statuses configured for your customers: ${[...known].sort().join(', ')}`, 'INVALID_STATUS');
				}
				const start = parseInstant(q.invoiceStatusChangeStartDate, 'invoiceStatusChangeStartDate');
				const end = parseInstant(q.invoiceStatusChangeEndDate, 'invoiceStatusChangeEndDate');
				const includeDrafts = String(q.includePreviousDrafts ?? 'false').toLowerCase() === 'true';
				const list = [...state.invoices.values()]
					.filter((i) => includeDrafts || !i.isPreviousDraft)
					.filter((i) => statuses.length === 0 || statuses.includes(i.invoiceStatus))
					.filter((i) => start === undefined || Date.parse(i.invoiceStatusChangeTimestamp) >= start)
					.filter((i) => end === undefined || Date.parse(i.invoiceStatusChangeTimestamp) < end)
					.sort((a, b) => Date.parse(a.invoiceStatusChangeTimestamp) - Date.parse(b.invoiceStatusChangeTimestamp) || a.invoiceID - b.invoiceID);
				const totalPages = Math.max(1, Math.ceil(list.length / pageSize));
				const page = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
				res.json({
					invoiceSummaries: page.map((i) => summaryOf(i, api())),
					paging: { pageNumber, pageSize, totalPages, totalRecords: list.length },
				});
			} catch (e) {
				send(res, e);
			}
		});
		// UNVERIFIED: no public single-invoice read (facts.md:53)
		apiRouter.get('/v1/invoice/:id', (req, res) => {
			try {
				res.json(detailOf(getInvoice(String(req.params.id)), api()));
			} catch (e) {
				send(res, e);
			}
		});
		apiRouter.get('/ap-batch/v1/batch/:batchId/invoices', (req, res) => {
			try {
				const batch = state.batches.get(Number(req.params.batchId));
				if (!batch) throw new BfError(404, `AP batch ${String(req.params.batchId)} not found`, 'BATCH_NOT_FOUND');
				// BatchDTO (facts.md:43, 60): invoice ids only, no amounts or numbers
				res.json({ batchID: batch.batchID, invoices: batch.invoiceIDs.map((invoiceID) => ({ invoiceID })) });
			} catch (e) {
				send(res, e);
			}
		});
		/** `Batch` (facts.md:59) */
		const batchOf = (b: BfBatch) => ({ batchID: b.batchID, batchCreated: b.batchCreated, customerBatchID: b.customerBatchID });
		// getAPBatches: every batch, no window (facts.md:41)
		apiRouter.get('/ap-batch/v1', (_req, res) => {
			res.json([...state.batches.values()].map(batchOf));
		});
		apiRouter.get('/ap-batch/v1/:start/:end', (req, res) => {
			try {
				const start = Number(req.params.start);
				const end = Number(req.params.end);
				if (!/^\d+$/.test(String(req.params.start)) || !/^\d+$/.test(String(req.params.end))) throw new BfError(400, 'startEpochMs and endEpochMs must be epoch milliseconds', 'INVALID_PARAMETER');
				if (start > end) throw new BfError(400, 'startEpochMs is after endEpochMs', 'INVALID_PARAMETER');
				res.json(
					[...state.batches.values()]
						.filter((b) => b.createdEpochMs >= start && b.createdEpochMs <= end)
						.map(batchOf),
				);
			} catch (e) {
				send(res, e);
			}
		});
		// runAPIApPaidStatusFeed (facts.md:45, 68-71): ONE InvoicePaymentStatus per call, echoed back
		apiRouter.post('/v1/invoicePayment/invoice-payment-status', (req, res) => {
			try {
				const b = (req.body ?? {}) as Record<string, unknown>;
				if (Array.isArray(b) || typeof b !== 'object') throw new BfError(400, 'The body is one InvoicePaymentStatus object (one invoice per call)', 'INVALID_BODY');
				const ps = String(b.paymentStatus ?? '');
				if (!ps) throw new BfError(400, 'paymentStatus is required', 'MISSING_FIELD');
				if (!PAYMENT_STATUSES.includes(ps)) throw new BfError(400, `paymentStatus must be one of ${PAYMENT_STATUSES.join(', ')}`, 'INVALID_PAYMENT_STATUS');
				for (const k of ['paymentAmount', 'postedAmount', 'postedFXRate']) {
					if (b[k] === undefined || b[k] === null) continue;
					if (typeof b[k] !== 'string') throw new BfError(400, `${k} must be a string (e.g. "1250.00")`, 'INVALID_AMOUNT');
					if (!Decimal.isDecimal(String(b[k]))) throw new BfError(400, `${k} must be a decimal amount, got "${String(b[k])}"`, 'INVALID_AMOUNT');
				}
				for (const k of ['paymentDate', 'postedDate', 'invoiceDate']) {
					if (b[k] === undefined || b[k] === null) continue;
					if (!/^\d{4}\/\d{2}\/\d{2}$/.test(String(b[k]))) throw new BfError(400, `${k} must be YYYY/MM/DD (e.g. 2019/10/30), got "${String(b[k])}"`, 'INVALID_DATE');
				}
				const inv =
					b.invoiceID !== undefined && b.invoiceID !== null && b.invoiceID !== ''
						? getInvoice(String(b.invoiceID))
						: [...state.invoices.values()].find((i) => b.invoiceNumber !== undefined && i.invoiceNumber === String(b.invoiceNumber) && !i.isPreviousDraft);
				if (!inv) throw new BfError(404, `No invoice matches invoiceID ${String(b.invoiceID ?? '')} / invoiceNumber ${String(b.invoiceNumber ?? '')}`, 'INVOICE_NOT_FOUND');
				const scheme = schemeFor(state, inv.customerId);
				if (inv.invoiceStatus !== scheme.approved && inv.invoiceStatus !== scheme.paid) {
					throw new BfError(409, `Invoice ${inv.invoiceID} is ${inv.invoiceStatus}; only ${scheme.approved} invoices take a payment status`, 'INVALID_STATE');
				}
				inv.paymentStatus = ps;
				if (b.paymentDate) inv.paymentDate = String(b.paymentDate);
				if (b.paymentAmount !== undefined && b.paymentAmount !== null) inv.paymentAmount = String(b.paymentAmount);
				if (b.paymentRef) inv.paymentRef = String(b.paymentRef);
				ctx.log.record('payment-status', { invoiceID: inv.invoiceID, paymentStatus: ps, paymentAmount: inv.paymentAmount, paymentDate: inv.paymentDate, paymentRef: inv.paymentRef });
				if (ps === 'PAID' && inv.invoiceStatus !== scheme.paid) setStatus(inv, scheme.paid, { by: 'payment' });
				res.json(b);
			} catch (e) {
				send(res, e);
			}
		});
		// SANDBOX ONLY — see BRIGHTFLAG_SUBMISSION_NOTICE
		apiRouter.post('/sandbox/v1/ledes-submissions', express.raw({ type: () => true, limit: '50mb' }), (req: Request, res: Response) => {
			try {
				res.setHeader('X-Sandbox-Only', 'true');
				const raw = rawBody(req) ?? (Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : ''));
				const text = raw.toString('utf8');
				const fileName = String((req.query as Record<string, unknown>).fileName ?? 'invoice.txt');
				const submissionId = `SUB-${String(state.nextSubmissionId++).padStart(6, '0')}`;
				ctx.log.record('ledes-file', { submissionId, fileName, bytes: raw.length, content: text.length <= 200_000 ? text : `${text.slice(0, 200_000)}…` });
				if (!text.trim()) throw new BfError(400, 'The request body is empty: send the LEDES file as the body', 'EMPTY_FILE');
				if (!looksLikeLedes(text)) throw new BfError(422, `${fileName} is not a LEDES file (expected LEDES1998B[], LEDES98BI V2[] or LEDES XML)`, 'NOT_LEDES');
				const intake = readLedesFile(text);
				if (!intake.valid) {
					throw new BfError(
						422,
						`The LEDES file has ${intake.errors.length} error(s)`,
						'LEDES_INVALID',
						intake.errors.slice(0, 100).map((e) => ({ line: e.line, field: e.fieldName, code: e.code, message: e.message })),
					);
				}
				const clients = brightflagClients(ctx.firm);
				const created: BfInvoice[] = [];
				for (const inv of intake.invoices) {
					const client = clients.find((c) => c.ledesClientId === inv.ledesClientId);
					if (!client) throw new BfError(422, `CLIENT_ID "${inv.ledesClientId}" of invoice ${inv.invoiceNumber} is not a Brightflag customer of this firm`, 'UNKNOWN_CLIENT');
					const matter = ctx.firm.matters.find((m) => m.clientId === client.id && (m.clientMatterId === inv.clientMatterId || m.displayNumber === inv.lawFirmMatterId));
					if (!matter) throw new BfError(422, `No matter of ${client.name} matches CLIENT_MATTER_ID "${inv.clientMatterId ?? ''}" / LAW_FIRM_MATTER_ID "${inv.lawFirmMatterId ?? ''}"`, 'UNKNOWN_MATTER');
					const previous = [...state.invoices.values()].find((i) => i.invoiceNumber === inv.invoiceNumber && i.customerId === client.id && !i.isPreviousDraft);
					const scheme = schemeFor(state, client.id);
					if (previous && previous.invoiceStatus !== scheme.rejected) {
						throw new BfError(409, `Invoice number ${inv.invoiceNumber} was already submitted (invoice ${previous.invoiceID}, ${previous.invoiceStatus})`, 'DUPLICATE_INVOICE');
					}
					if (inv.currency && inv.currency !== ctx.firm.currency) throw new BfError(422, `Invoice currency ${inv.currency} differs from the matter currency ${ctx.firm.currency}`, 'CURRENCY_MISMATCH');
					const lines: BfLine[] = inv.lines.map((l) => ({ ...l, approvedTotal: l.total, flags: [] }));
					for (const l of lines) autoFlags(l, client.id);
					const at = now();
					if (previous) previous.isPreviousDraft = true;
					const id = state.nextInvoiceId++;
					const record: BfInvoice = {
						invoiceID: id,
						invoiceGroupId: previous ? previous.invoiceGroupId : state.nextGroupId++,
						invoiceNumber: inv.invoiceNumber,
						invoiceDate: inv.invoiceDate,
						invoiceStatus: scheme.submitted,
						invoiceStatusChangeTimestamp: at,
						submittedDate: at,
						currency: inv.currency ?? ctx.firm.currency,
						originalGrossTotal: inv.total,
						approvedGrossTotal: inv.total,
						customerId: client.id,
						customerName: client.name,
						ledesClientId: client.ledesClientId,
						vendorId: inv.lawFirmId,
						vendorName: ctx.firm.name,
						matterId: matter.id,
						matterName: matter.description,
						lawFirmMatterId: inv.lawFirmMatterId ?? matter.displayNumber,
						clientMatterId: inv.clientMatterId ?? matter.clientMatterId,
						billingStartDate: inv.billingStartDate,
						billingEndDate: inv.billingEndDate,
						isPreviousDraft: false,
						lineItems: lines,
						rejectionReasons: [],
						statusHistory: [{ status: scheme.submitted, at }],
						source: 'submission',
					};
					state.invoices.set(id, record);
					created.push(record);
					ctx.log.record('invoice', { submissionId, invoiceID: id, invoiceNumber: record.invoiceNumber, total: record.originalGrossTotal, status: record.invoiceStatus, flags: lines.flatMap((l) => l.flags.map((f) => `${l.lineItemNumber}:${f.code}`)) });
				}
				res.status(201).json({
					submissionId,
					sandboxOnly: true,
					notice: BRIGHTFLAG_SUBMISSION_NOTICE,
					format: intake.format,
					invoices: created.map((i) => ({ ...summaryOf(i, api()), flaggedLines: i.lineItems.filter((l) => l.flags.length).length })),
				});
			} catch (e) {
				send(res, e);
			}
		});

		return {
			state,
			mount(router: Router) {
				router.post('/oauth/token', ...oauth.tokenHandler());
				router.use(
					'/api',
					oauth.bearer((res, result) => {
						res.status(401).json(brightflagErrorBody(401, result.message, result.reason === 'expired' ? 'TOKEN_EXPIRED' : 'UNAUTHORIZED', [], 'AUTHENTICATION'));
					}),
					apiRouter,
				);
			},
			mountAdmin(router: Router) {
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
				Object.assign(state, buildBrightflagState(ctx.firm, ctx.vendorOptions));
			},
			errorBody: (status, message) => brightflagErrorBody(status, message),
			describe: (url) => ({
				urls: {
					api: `${url}/brightflag/api`,
					token: `${url}/brightflag/oauth/token`,
					'credential custom URL': `${url}/brightflag`,
					'LEDES submission (sandbox only)': `${url}/brightflag/api/sandbox/v1/ledes-submissions`,
					review: `${url}/_admin/brightflag/invoices/:id/review`,
				},
				clientId: BRIGHTFLAG_CLIENT_ID,
				clientSecret: BRIGHTFLAG_CLIENT_SECRET,
				notes: [BRIGHTFLAG_SUBMISSION_NOTICE, 'Grant: client credentials. Statuses are configured per customer: GET /_admin/brightflag/statuses.'],
			}),
		};
	},
};
