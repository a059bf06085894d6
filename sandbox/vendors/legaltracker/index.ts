/**
 * Thomson Reuters Legal Tracker simulator, served at `${url}/legaltracker`:
 * OAuth 2.0 client credentials (/oauth/token), the Billing API (/billing-api/v1) and the eFiles
 * API (/efiles-api/v1), both requiring the `Company-ID` header. Facts cited as facts.md:<line> are
 * ../../../../shared/vendor-specs/legaltracker/facts.md; the request contract is ./contract.ts.
 *
 * Official (TR developer portal): integer Company-ID header (facts.md:49); OData $select, $filter,
 * $orderby, $top, $skip, $count, $expand (facts.md:50); `$select` required on /matters with the
 * names `id, clientMatterName, clientMatterNumber, status, matterType, substantiveLaw,
 * countryOrRegion, state, leadCompanyPersonEmail` (facts.md:51); the invoice id is `id`, with
 * `companyId, firmId, firmOfficeID` (facts.md:60-61); $expand invoiceFileInfo {fileName, size,
 * uploadedDateTime, md5Hash, downloadLink}, adjustments {type, amount, adjusterID, adjusterName,
 * dateTime, reason, comment, lineItemNumber}, attachments, taxes (facts.md:59-65); POST /invoices
 * requires firmId, firmOfficeId, matterId, typeId (facts.md:68) and takes the eFiles key of the
 * uploaded file (facts.md:69).
 * Modelled [gap]: the token endpoint path (three conflicting candidates, facts.md:39-41), the eFiles
 * upload-link shape, the response envelope `{value, @odata.count}` (facts.md:53), the invoice
 * fields beyond facts.md:60 (invoiceNumber, matterId, status, statusDate, statusReason*,
 * totalAmount, …), the status names (facts.md:70), `reasonCode` on adjustments, error bodies,
 * LEDES posting errors 003–007.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { Decimal } from '../../../lib/money/decimal';
import { rawBody } from '../../context';
import { looksLikeLedes, readLedesFile } from '../brightflag/ledes-intake';
import type { VendorModule } from '../../framework/vendor';
import { legalTrackerContract } from './contract';
import { applyQuery, ODataError, parseQuery, project } from './odata';
import { seedRejectionCases } from './rejection-cases';
import {
	buildLegalTrackerState,
	LT_COMPANY_ID,
	LT_FIRM_ID,
	LT_FIRM_OFFICE_ID,
	LT_INVOICE_TYPE_ID,
	LT_REASONS,
	LT_STATUSES,
	type LegalTrackerState,
	type LtInvoice,
	type LtMatter,
	type LtStatus,
} from './state';

export const LEGALTRACKER_CLIENT_ID = 'sandbox-legaltracker-client';
export const LEGALTRACKER_CLIENT_SECRET = 'sandbox-legaltracker-secret';
export { LT_COMPANY_ID, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID } from './state';
export type { LegalTrackerState } from './state';

/** GET invoice fields: `id, companyId, firmId, firmOfficeID` official (facts.md:60-61); the rest modelled */
const INVOICE_FIELDS = [
	'id', 'companyId', 'invoiceNumber', 'firmId', 'firmOfficeID', 'matterId', 'currency', 'status', 'statusDate', 'statusReasonCode', 'statusReason',
	'statusComment', 'invoiceDate', 'submittedDate', 'billingStartDate', 'billingEndDate', 'totalAmount', 'approvedAmount', 'isLedes', 'isMemo',
	'isProforma', 'typeId', 'invoiceFileKey', 'lineItemCount',
];
/** the `$select` names of GET /matters as far as the official enum was read (facts.md:51) */
const MATTER_FIELDS = ['id', 'clientMatterName', 'clientMatterNumber', 'status', 'matterType', 'substantiveLaw', 'countryOrRegion', 'state', 'leadCompanyPersonEmail'];
const EXPANDABLE = ['adjustments', 'invoiceFileInfo', 'attachments', 'taxes'];

/** LEDES issue code (lib/ledes) → Legal Tracker posting error number. */
const POSTING_ERROR: Record<string, string> = {
	DATE_INVALID: '003',
	NUMBER_INVALID: '004',
	TOO_MANY_DECIMALS: '004',
	NUMBER_TOO_LARGE: '004',
	REQUIRED: '005',
	LINE_TOTAL_MISMATCH: '006',
	INVOICE_TOTAL_INCONSISTENT: '007',
};

class LtError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: unknown[] = [],
	) {
		super(message);
	}
}

export function legalTrackerErrorBody(status: number, message: string, code?: string, details: unknown[] = []) {
	return {
		error: {
			code: code ?? (status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'NotFound' : status === 429 ? 'TooManyRequests' : status >= 500 ? 'InternalServerError' : 'BadRequest'),
			message,
			...(details.length ? { details } : {}),
		},
	};
}

function send(res: Response, e: unknown) {
	if (e instanceof LtError) {
		res.status(e.status).json(legalTrackerErrorBody(e.status, e.message, e.code, e.details));
		return;
	}
	if (e instanceof ODataError) {
		res.status(400).json(legalTrackerErrorBody(400, e.message, 'InvalidQuery'));
		return;
	}
	throw e;
}

export const legaltracker: VendorModule<LegalTrackerState> = {
	name: 'legaltracker',
	prefix: '/legaltracker',
	title: 'Legal Tracker',
	// every request judged against the fact sheet first (./contract.ts)
	contract: () => legalTrackerContract(),
	create(ctx) {
		const oauth = ctx.createOAuth({
			title: 'Legal Tracker',
			clients: [{ clientId: LEGALTRACKER_CLIENT_ID, clientSecret: LEGALTRACKER_CLIENT_SECRET }],
			grants: ['client_credentials'],
			accessTokenTtlSeconds: 3600,
			tokenPrefix: 'lt',
		});
		const companyId = String(ctx.vendorOptions.companyId ?? LT_COMPANY_ID);
		const state = buildLegalTrackerState(ctx.firm);
		let seeded: ReturnType<typeof seedRejectionCases> | undefined;
		const now = () => ctx.clock.now().toISOString();

		const companyCheck = (req: Request, res: Response, next: () => void) => {
			const given = req.get('company-id');
			if (!given) {
				res.status(400).json(legalTrackerErrorBody(400, 'The Company-ID header is required', 'MissingCompanyId'));
				return;
			}
			if (!/^\d+$/.test(given)) {
				res.status(400).json(legalTrackerErrorBody(400, `Company-ID must be an integer, got "${given}"`, 'InvalidCompanyId'));
				return;
			}
			if (given !== companyId) {
				res.status(403).json(legalTrackerErrorBody(403, `Company-ID "${given}" is not a company this client may access`, 'InvalidCompanyId'));
				return;
			}
			next();
		};

		/** the wire name of a stored invoice field (state keeps invoiceId / firmOfficeId) */
		const stored = (inv: LtInvoice, k: string): unknown =>
			k === 'id' ? inv.invoiceId : k === 'firmOfficeID' ? inv.firmOfficeId : k === 'companyId' ? Number(companyId) : (inv as unknown as Record<string, unknown>)[k];
		const view = (inv: LtInvoice, expand: string[]) => {
			const out: Record<string, unknown> = {};
			for (const k of INVOICE_FIELDS) out[k] = stored(inv, k) ?? null;
			// adjustments as LT-EXGET shows them (facts.md:63), plus the modelled reasonCode
			if (expand.includes('adjustments')) {
				out.adjustments = inv.adjustments.map((a) => ({
					type: a.type,
					amount: a.amount,
					adjusterID: 'sandbox-reviewer',
					adjusterName: 'Sandbox Reviewer',
					dateTime: inv.statusDate,
					reason: a.reason,
					comment: a.comment ?? null,
					lineItemNumber: a.lineItemNumber === null ? null : String(a.lineItemNumber),
					reasonCode: a.reasonCode,
				}));
			}
			if (expand.includes('invoiceFileInfo')) {
				const f = inv.invoiceFileKey ? state.files.get(inv.invoiceFileKey) : undefined;
				// facts.md:62
				out.invoiceFileInfo = f ? { fileName: f.fileName, size: f.size, uploadedDateTime: f.createdDate, md5Hash: f.md5 ?? null, downloadLink: `${ctx.vendorUrl()}/efiles-download/${f.fileKey}` } : null;
			}
			if (expand.includes('attachments')) out.attachments = [];
			if (expand.includes('taxes')) out.taxes = [];
			return out;
		};

		const setStatus = (inv: LtInvoice, status: LtStatus, reason?: { code?: string; reason?: string; comment?: string }) => {
			const from = inv.status;
			inv.status = status;
			inv.statusDate = now();
			inv.statusReasonCode = reason?.code;
			inv.statusReason = reason?.reason;
			inv.statusComment = reason?.comment;
			ctx.log.record('status-change', { invoiceId: inv.invoiceId, invoiceNumber: inv.invoiceNumber, from, to: status, ...(reason?.code ? { reasonCode: reason.code } : {}) });
		};

		/** a matter under the official names (facts.md:51) */
		const matterView = (m: LtMatter): Record<string, unknown> => ({
			id: m.matterId,
			clientMatterName: m.name,
			clientMatterNumber: m.clientMatterId,
			status: m.status,
			matterType: m.practiceArea,
			substantiveLaw: m.practiceArea,
			countryOrRegion: 'US',
			state: null,
			leadCompanyPersonEmail: null,
		});

		const billing = express.Router();
		billing.get('/matters', (req, res) => {
			try {
				const q = req.query as Record<string, unknown>;
				if (q.$select === undefined || String(q.$select).trim() === '') throw new LtError(400, 'SelectRequired', '$select is required on /matters (e.g. $select=id,clientMatterNumber)');
				if (String(q.$select).trim() === '*') q.$select = MATTER_FIELDS.join(',');
				const query = parseQuery(q, new Set(MATTER_FIELDS), { maxTop: 500, defaultTop: 100, expandable: [] });
				const records = [...state.matters.values()].map((m) => matterView(m));
				const { page, count } = applyQuery(records, query);
				res.json({ ...(query.count ? { '@odata.count': count } : {}), value: page.map((m) => project(m, query.select)) });
			} catch (e) {
				send(res, e);
			}
		});
		billing.get('/invoices', (req, res) => {
			try {
				const query = parseQuery(req.query as Record<string, unknown>, new Set(INVOICE_FIELDS), { maxTop: 500, defaultTop: 100, expandable: EXPANDABLE });
				if (!query.orderBy.length) query.orderBy = [{ field: 'id', desc: false }];
				const records = [...state.invoices.values()].map((i) => ({ ...view(i, []), __inv: i }));
				const { page, count } = applyQuery(records, query);
				res.json({
					...(query.count ? { '@odata.count': count } : {}),
					value: page.map((r) => project(view(r.__inv as LtInvoice, query.expand), query.select, query.expand)),
				});
			} catch (e) {
				send(res, e);
			}
		});
		billing.get('/invoices/:id', (req, res) => {
			try {
				const inv = state.invoices.get(Number(req.params.id));
				if (!inv || !/^\d+$/.test(String(req.params.id))) throw new LtError(404, 'InvoiceNotFound', `Invoice ${String(req.params.id)} was not found`);
				const query = parseQuery(req.query as Record<string, unknown>, new Set(INVOICE_FIELDS), { maxTop: 500, defaultTop: 100, expandable: EXPANDABLE });
				res.json(project(view(inv, query.expand), query.select, query.expand));
			} catch (e) {
				send(res, e);
			}
		});
		billing.post('/invoices', (req, res) => {
			try {
				const b = (req.body ?? {}) as Record<string, unknown>;
				// firmId, firmOfficeId, matterId, typeId are mandatory (facts.md:68); the file key for a LEDES invoice (facts.md:69)
				const missing = ['firmId', 'firmOfficeId', 'matterId', 'typeId', 'invoiceFileKey'].filter((k) => b[k] === undefined || b[k] === '' || b[k] === null);
				if (missing.length) throw new LtError(400, 'MissingField', `Required field(s) missing: ${missing.join(', ')}`);
				if (b.isLedes === false) throw new LtError(400, 'NotSupported', 'Only LEDES invoices (isLedes: true) are accepted by this sandbox');
				const matter = state.matters.get(Number(b.matterId));
				if (!matter) throw new LtError(404, 'MatterNotFound', `Matter ${String(b.matterId)} was not found`);
				if (Number(b.firmId) !== LT_FIRM_ID) throw new LtError(400, 'InvalidFirm', `firmId ${String(b.firmId)} is not the firm of this account (${LT_FIRM_ID})`);
				if (Number(b.firmOfficeId) !== LT_FIRM_OFFICE_ID) throw new LtError(400, 'InvalidFirmOffice', `firmOfficeId ${String(b.firmOfficeId)} is not an office of firm ${LT_FIRM_ID} (${LT_FIRM_OFFICE_ID})`);
				if (Number(b.typeId) !== LT_INVOICE_TYPE_ID) throw new LtError(400, 'InvalidType', `typeId ${String(b.typeId)} is not an invoice type of this company (${LT_INVOICE_TYPE_ID}: LEDES invoice)`);
				const file = state.files.get(String(b.invoiceFileKey));
				if (!file) throw new LtError(400, 'InvalidFileKey', `invoiceFileKey "${String(b.invoiceFileKey)}" is unknown: upload the file through eFiles first`);
				if (!file.uploaded || !file.content) throw new LtError(400, 'FileNotUploaded', `No file was uploaded for invoiceFileKey "${file.fileKey}"`);
				if (file.usedBy !== undefined) throw new LtError(409, 'FileKeyUsed', `invoiceFileKey "${file.fileKey}" was already used by invoice ${file.usedBy}`);
				const text = file.content.toString('utf8');
				ctx.log.record('ledes-file', { fileKey: file.fileKey, fileName: file.fileName, bytes: file.size, content: text.length <= 200_000 ? text : `${text.slice(0, 200_000)}…` });
				if (!looksLikeLedes(text)) {
					throw new LtError(422, 'LedesPostingError', `${file.fileName} is not a LEDES file`, [{ code: 'FORMAT', line: 1, message: 'The first line must be LEDES1998B[] or LEDES98BI V2[] (or a LEDES XML root)' }]);
				}
				const intake = readLedesFile(text);
				if (!intake.valid) {
					const details = intake.errors.slice(0, 200).map((e) => ({ code: POSTING_ERROR[e.code] ?? e.code, line: e.line, field: e.fieldName ?? null, message: e.message }));
					ctx.log.record('posting-errors', { fileKey: file.fileKey, errors: details });
					throw new LtError(422, 'LedesPostingError', `The LEDES file could not be posted: ${details.length} error(s)`, details);
				}
				if (intake.invoices.length !== 1) throw new LtError(422, 'LedesPostingError', `The file holds ${intake.invoices.length} invoices; post one invoice per file`);
				const parsed = intake.invoices[0];
				if (parsed.ledesClientId !== matter.ledesClientId) {
					throw new LtError(422, 'LedesPostingError', `CLIENT_ID "${parsed.ledesClientId}" does not match the matter's client "${matter.ledesClientId}"`, [{ code: 'CLIENT_ID', line: 3, field: 'CLIENT_ID', message: 'Unknown client' }]);
				}
				const currency = String(b.currency ?? parsed.currency ?? 'USD').toUpperCase();
				const dup = [...state.invoices.values()].find((i) => i.invoiceNumber === parsed.invoiceNumber && i.matterId === matter.matterId && i.status !== 'rejected');
				if (dup) throw new LtError(409, 'DuplicateInvoice', `Invoice number ${parsed.invoiceNumber} already exists on matter ${matter.matterId} (invoice ${dup.invoiceId}, ${dup.status})`);
				const at = now();
				const inv: LtInvoice = {
					invoiceId: state.nextInvoiceId++,
					invoiceNumber: parsed.invoiceNumber,
					firmId: LT_FIRM_ID,
					firmOfficeId: Number(b.firmOfficeId),
					matterId: matter.matterId,
					currency,
					status: 'pending',
					statusDate: at,
					invoiceDate: parsed.invoiceDate,
					submittedDate: at,
					billingStartDate: parsed.billingStartDate,
					billingEndDate: parsed.billingEndDate,
					totalAmount: parsed.total,
					approvedAmount: '0.00',
					isLedes: true,
					isMemo: Boolean(b.isMemo),
					isProforma: Boolean(b.isProforma),
					typeId: Number(b.typeId),
					invoiceFileKey: file.fileKey,
					lineItemCount: parsed.lines.length,
					lines: parsed.lines.map((l) => ({ ...l })),
					adjustments: [],
				};
				file.usedBy = inv.invoiceId;
				state.invoices.set(inv.invoiceId, inv);
				ctx.log.record('invoice', { invoiceId: inv.invoiceId, invoiceNumber: inv.invoiceNumber, matterId: inv.matterId, total: inv.totalAmount, status: inv.status });
				res.status(201).json(view(inv, []));
			} catch (e) {
				send(res, e);
			}
		});

		const efiles = express.Router();
		efiles.post('/upload-links', (req, res) => {
			const b = (req.body ?? {}) as Record<string, unknown>;
			if (!b.fileName) {
				res.status(400).json(legalTrackerErrorBody(400, 'fileName is required', 'MissingField'));
				return;
			}
			const fileKey = `efile-${String(state.nextFileNo++).padStart(6, '0')}-${ctx.prng.int(0, 0xffffffff).toString(16).padStart(8, '0')}`;
			const expiresAtMs = ctx.clock.nowMs() + 15 * 60_000;
			state.files.set(fileKey, { fileKey, fileName: String(b.fileName), contentType: String(b.contentType ?? 'text/plain'), createdDate: now(), expiresAtMs, uploaded: false, size: 0 });
			res.status(201).json({ fileKey, uploadUrl: `${ctx.vendorUrl()}/efiles-upload/${fileKey}`, method: 'PUT', expiresAt: new Date(expiresAtMs).toISOString() });
		});
		efiles.get('/files/:key', (req, res) => {
			const f = state.files.get(String(req.params.key));
			if (!f) {
				res.status(404).json(legalTrackerErrorBody(404, `File ${String(req.params.key)} not found`, 'FileNotFound'));
				return;
			}
			res.json({ fileKey: f.fileKey, fileName: f.fileName, contentType: f.contentType, size: f.size, uploaded: f.uploaded, createdDate: f.createdDate });
		});

		return {
			state,
			mount(router: Router) {
				router.post('/oauth/token', ...oauth.tokenHandler());
				const bearer = oauth.bearer((res, result) => res.status(401).json(legalTrackerErrorBody(401, result.message, result.reason === 'expired' ? 'TokenExpired' : 'Unauthorized')));
				router.use('/billing-api/v1', bearer, companyCheck, billing);
				router.use('/efiles-api/v1', bearer, companyCheck, efiles);
				// invoiceFileInfo.downloadLink (facts.md:62): a link to the stored file
				router.get('/efiles-download/:key', bearer, (req: Request, res: Response) => {
					const f = state.files.get(String(req.params.key));
					if (!f?.content) {
						res.status(404).json(legalTrackerErrorBody(404, 'Unknown file', 'FileNotFound'));
						return;
					}
					res.type(f.contentType).send(f.content);
				});
				// the pre-signed upload URL: no bearer needed (the key is the capability), like an object-store link
				router.put('/efiles-upload/:key', express.raw({ type: () => true, limit: '50mb' }), (req: Request, res: Response) => {
					const f = state.files.get(String(req.params.key));
					if (!f) {
						res.status(404).json(legalTrackerErrorBody(404, 'Unknown upload link', 'FileNotFound'));
						return;
					}
					if (f.expiresAtMs <= ctx.clock.nowMs()) {
						res.status(403).json(legalTrackerErrorBody(403, 'The upload link expired', 'LinkExpired'));
						return;
					}
					const raw = rawBody(req) ?? (Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : ''));
					f.content = Buffer.from(raw);
					f.size = raw.length;
					f.uploaded = true;
					f.md5 = createHash('md5').update(raw).digest('base64');
					ctx.log.record('efile-upload', { fileKey: f.fileKey, fileName: f.fileName, bytes: f.size });
					res.status(200).json({ fileKey: f.fileKey, size: f.size });
				});
			},
			mountAdmin(router: Router) {
				router.get('/invoices', (_req, res) => {
					// admin view: the API shape plus the sandbox's own invoiceId and lines
					res.json({ data: [...state.invoices.values()].map((i) => ({ ...view(i, EXPANDABLE), invoiceId: i.invoiceId, lines: i.lines })) });
				});
				// The client's reviewer: approve, reject, dispute (with reason codes), or adjust lines.
				router.post('/invoices/:id/review', (req, res) => {
					try {
						const inv = state.invoices.get(Number(req.params.id));
						if (!inv) throw new LtError(404, 'InvoiceNotFound', `Invoice ${String(req.params.id)} was not found`);
						const b = (req.body ?? {}) as { action?: string; reasonCode?: string; reason?: string; comment?: string; adjustments?: Array<{ lineItemNumber?: number | null; amount?: string; reasonCode?: string; reason?: string; comment?: string }> };
						const reason = () => {
							const code = b.reasonCode ?? 'OTHER';
							if (!(code in LT_REASONS)) throw new LtError(400, 'InvalidReason', `Unknown reasonCode "${code}"; use one of ${Object.keys(LT_REASONS).join(', ')}`);
							return { code, reason: b.reason ?? LT_REASONS[code], ...(b.comment ? { comment: b.comment } : {}) };
						};
						if (b.action === 'approve') setStatus(inv, 'approved');
						else if (b.action === 'reject') setStatus(inv, 'rejected', reason());
						else if (b.action === 'dispute') setStatus(inv, 'disputed', reason());
						else if (b.action === 'pending') setStatus(inv, 'pending');
						else if (b.action === 'adjust') {
							if (!b.adjustments?.length) throw new LtError(400, 'MissingField', 'adjust needs adjustments: [{lineItemNumber, amount, reasonCode}]');
							for (const a of b.adjustments) {
								const line = a.lineItemNumber === null || a.lineItemNumber === undefined ? undefined : inv.lines.find((l) => l.lineItemNumber === Number(a.lineItemNumber));
								if (a.lineItemNumber !== null && a.lineItemNumber !== undefined && !line) throw new LtError(400, 'InvalidLine', `Invoice ${inv.invoiceId} has no line ${String(a.lineItemNumber)}`);
								const code = a.reasonCode ?? 'OTHER';
								if (!(code in LT_REASONS)) throw new LtError(400, 'InvalidReason', `Unknown reasonCode "${code}"`);
								const amount = Decimal.tryFrom(String(a.amount ?? ''));
								if (!amount || !amount.isNegative()) throw new LtError(400, 'InvalidAmount', 'adjustment amount must be a negative decimal');
								inv.adjustments.push({
									adjustmentId: state.nextAdjustmentId++,
									lineItemNumber: line ? line.lineItemNumber : null,
									type: line ? (line.type === 'E' ? 'Expense' : 'Fee') : 'Invoice',
									amount: amount.toFixed(2),
									reasonCode: code,
									reason: a.reason ?? LT_REASONS[code],
									...(a.comment ? { comment: a.comment } : {}),
								});
							}
							setStatus(inv, 'approved');
						} else throw new LtError(400, 'InvalidAction', `action must be one of approve, reject, dispute, adjust, pending (statuses: ${LT_STATUSES.join(', ')})`);
						if (inv.status === 'approved') inv.approvedAmount = Decimal.from(inv.totalAmount).add(Decimal.sum(inv.adjustments.map((a) => a.amount))).toFixed(2);
						else inv.approvedAmount = '0.00';
						res.json(view(inv, EXPANDABLE));
					} catch (e) {
						send(res, e);
					}
				});
				// rejected and adjusted invoices of every resolver class, at the sandbox clock (./rejection-cases.ts)
				router.post('/rejection-cases', (_req, res) => {
					try {
						if (seeded) throw new LtError(409, 'AlreadySeeded', 'The rejection cases were seeded already since the last reset');
						seeded = seedRejectionCases(state, ctx.firm, ctx.clock.nowMs());
						for (const c of seeded.cases) ctx.log.record('status-change', { invoiceId: c.invoiceId, invoiceNumber: c.invoiceNumber, to: c.kind === 'rejection' ? 'rejected' : 'approved', reasonCode: c.reasonCode, seededCase: c.key });
						res.status(201).json(seeded);
					} catch (e) {
						send(res, e);
					}
				});
				router.get('/rejection-cases', (_req, res) => {
					res.json(seeded ?? { cases: [], guidelines: [] });
				});
				router.get('/files', (_req, res) => {
					res.json({ data: [...state.files.values()].map((f) => ({ fileKey: f.fileKey, fileName: f.fileName, size: f.size, uploaded: f.uploaded, usedBy: f.usedBy ?? null })) });
				});
			},
			reset() {
				seeded = undefined;
				Object.assign(state, buildLegalTrackerState(ctx.firm));
			},
			errorBody: (status, message) => legalTrackerErrorBody(status, message),
			describe: (url) => ({
				urls: {
					billing: `${url}/legaltracker/billing-api/v1`,
					efiles: `${url}/legaltracker/efiles-api/v1`,
					token: `${url}/legaltracker/oauth/token`,
					'credential custom URL': `${url}/legaltracker`,
					review: `${url}/_admin/legaltracker/invoices/:id/review`,
				},
				clientId: LEGALTRACKER_CLIENT_ID,
				clientSecret: LEGALTRACKER_CLIENT_SECRET,
				notes: [
					`Company-ID header: ${companyId}`,
					`POST /invoices: firmId ${LT_FIRM_ID}, firmOfficeId ${LT_FIRM_OFFICE_ID}, typeId ${LT_INVOICE_TYPE_ID}`,
					'Grant: client credentials. Statuses: pending, approved, rejected, disputed.',
				],
			}),
		};
	},
};
