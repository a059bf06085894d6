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
import { looksLikeLedes, readLedesFile } from './ledes-intake';
import { brightflagAdmin } from './admin';
import { batchOf, detailOf, summaryOf } from './dto';
import { BfError, brightflagErrorBody, intParam, pagingParam, parseInstant, send } from './errors';
import {
	allStatuses,
	brightflagClients,
	buildBrightflagState,
	flag,
	schemeFor,
	type BfInvoice,
	type BfLine,
	type BrightflagState,
} from './state';

export const BRIGHTFLAG_CLIENT_ID = 'sandbox-brightflag-client';
export const BRIGHTFLAG_CLIENT_SECRET = 'sandbox-brightflag-secret';
export const BRIGHTFLAG_SUBMISSION_NOTICE =
	'Sandbox-only endpoint: Brightflag publishes no vendor-side LEDES submission API (law firms upload through the Brightflag Law Firm Portal). This endpoint exists so flows can be tried end to end.';
export const PAYMENT_STATUSES = ['PAID', 'PARTIALLY PAID', 'POSTED', 'VOID'];

export { type BrightflagState } from './state';
export { brightflagErrorBody } from './errors';
export { detailOf, summaryOf } from './dto';

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

		const admin = brightflagAdmin({ state, ctx, api, getInvoice, setStatus });

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
				admin.mount(router);
			},
			reset() {
				admin.reset();
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
