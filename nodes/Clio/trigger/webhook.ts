/**
 * The Clio Trigger's webhook mode: the subscription's lifecycle (create, check, renew before it
 * lapses, delete), the delayed handshake, signed deliveries and replay refusal.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions, type IPollFunctions, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { describeHttpError, type RequestContext } from '../../shared/transport/http';
import { CLIO_DEFAULT_FIELDS } from '../helpers/fields';
import { clioApiRequest, clioApiRequestFull } from '../transport';
import { DAY_MS, defaultFields, formatRecord, isoSeconds, option, outputRecords } from './records';

/** Clio's longest webhook lifetime. */
export const CLIO_WEBHOOK_MAX_LIFETIME_MS = 31 * DAY_MS;
/** Asked-for lifetime stays this far under the maximum, so clock skew never makes Clio refuse it. */
export const LIFETIME_MARGIN_MS = 3600 * 1000;

export const WEBHOOK_MODELS = [
	{ name: 'Activity (Time & Expense Entry)', value: 'activity' },
	{ name: 'Bill', value: 'bill' },
	{ name: 'Calendar Entry', value: 'calendar_entry' },
	{ name: 'Clio Payments Payment', value: 'clio_payments_payment' },
	{ name: 'Communication', value: 'communication' },
	{ name: 'Contact', value: 'contact' },
	{ name: 'Document', value: 'document' },
	{ name: 'Folder', value: 'folder' },
	{ name: 'Matter', value: 'matter' },
	{ name: 'Task', value: 'task' },
];

export interface WebhookStatic extends IDataObject {
	webhookId?: number;
	secret?: string;
	expiresAt?: string;
	lastExpiryCheck?: number;
	renewals?: number;
	/** deliveries accepted inside the replay window: body digest → first accepted (ms) */
	delivered?: Record<string, number>;
}

/**
 * Replays. Clio sends no delivery id and no timestamp with a delivery, so a delivery is known by the
 * digest of its signed body. A signed body accepted once is refused again for this long: Clio's
 * documented retry schedule (2, 4, 8, 16, 32 minutes) ends within ~62 minutes, with margin.
 * The same change is never delivered twice with the same body: every update changes the record's
 * etag, which the trigger always asks for (webhookFields).
 */
export const REPLAY_WINDOW_MS = 3 * 3600 * 1000;
/** at most this many digests are kept (oldest dropped first), so static data stays small */
export const REPLAY_MAX_ENTRIES = 2000;

function deliveryDigest(raw: Buffer): string {
	return createHash('sha256').update(raw).digest('base64').slice(0, 32);
}

/** The digests still inside the replay window (expired and future-dated ones dropped). */
function liveDeliveries(sd: WebhookStatic, nowMs: number): Record<string, number> {
	const seen: Record<string, number> = { ...(sd.delivered ?? {}) };
	for (const [k, at] of Object.entries(seen)) if (!(nowMs - at < REPLAY_WINDOW_MS && at <= nowMs + REPLAY_WINDOW_MS)) delete seen[k];
	return seen;
}

/** Whether this signed body was already accepted inside the window (a replay). */
export function isReplay(sd: WebhookStatic, raw: Buffer, nowMs: number): boolean {
	return liveDeliveries(sd, nowMs)[deliveryDigest(raw)] !== undefined;
}

/**
 * Remembers an accepted delivery: called once its items are built, so a delivery that failed here
 * (n8n answers 5xx) is taken again when Clio retries it. Keeps at most REPLAY_MAX_ENTRIES.
 */
export function rememberDelivery(sd: WebhookStatic, raw: Buffer, nowMs: number): void {
	const seen = liveDeliveries(sd, nowMs);
	seen[deliveryDigest(raw)] = nowMs;
	const keys = Object.keys(seen);
	if (keys.length > REPLAY_MAX_ENTRIES) {
		keys.sort((x, y) => seen[x] - seen[y]);
		for (const k of keys.slice(0, keys.length - REPLAY_MAX_ENTRIES)) delete seen[k];
	}
	sd.delivered = seen;
}

/**
 * X-Hook-Signature against HMAC-SHA256(secret, raw body). Clio documents the HMAC-SHA256 but not
 * its encoding (lowercase hex or base64 is not public), so both are accepted; each is compared in
 * constant time.
 */
export function validClioSignature(secret: string | undefined, header: string | undefined, raw: Buffer | undefined): boolean {
	const given = String(header ?? '').trim();
	if (!secret || !given || !raw) return false;
	const mac = createHmac('sha256', secret).update(raw).digest();
	const same = (a: string, b: string) => {
		const x = Buffer.from(a, 'utf8');
		const y = Buffer.from(b, 'utf8');
		return x.length === y.length && timingSafeEqual(x, y);
	};
	const hex = same(given.toLowerCase(), mac.toString('hex'));
	const b64 = same(given, mac.toString('base64'));
	return hex || b64;
}

/** The fields a subscription asks for: the node's choice plus `etag`, so that two changes never give the same body (replay check). */
function webhookFields(ctx: IHookFunctions, model: string): string {
	const fields = String(option(ctx, 'fields', '')).replace(/\s+/g, '') || defaultFields(model);
	const top = new Set(fields.replace(/\{[^}]*\}/g, '').split(',').filter(Boolean));
	return top.has('etag') ? fields : `${fields},etag`;
}

function isNotFound(error: unknown): boolean {
	const info = describeHttpError(error);
	const code = (error as { httpCode?: string }).httpCode;
	return info.status === 404 || code === '404';
}

/** Latest moment Clio is known to have reached: its Date header and timestamps it wrote itself. */
export function clioNowEstimate(dateHeader: string | undefined, evidence: unknown[]): number | undefined {
	let best: number | undefined;
	for (const v of [dateHeader, ...evidence]) {
		const t = typeof v === 'string' ? Date.parse(v) : NaN;
		if (Number.isFinite(t) && (best === undefined || t > best)) best = t;
	}
	return best;
}

export interface RenewOptions {
	/** ignore the check interval */
	force?: boolean;
	/** push the expiry to the maximum even when the window is not reached */
	always?: boolean;
	/** timestamps Clio wrote (a delivery's updated_at, the hook's created_at): lower bounds of Clio's clock */
	evidence?: unknown[];
}

/**
 * Keeps the subscription alive: reads the webhook's `expires_at` and, when less than the renewal
 * window remains by CLIO's clock, PATCHes it to the maximum (31 days minus an hour) again. Clio's
 * clock is estimated from what Clio says (Date header, timestamps it wrote), never from ours alone.
 * Runs on activation (checkExists), on deliveries and on the schedule tick; at most once per
 * check interval unless forced.
 */
export async function renewWebhookIfDue(
	this: IHookFunctions | IWebhookFunctions | IPollFunctions,
	opts: RenewOptions = {},
): Promise<IDataObject | undefined> {
	const sd = this.getWorkflowStaticData('node') as WebhookStatic;
	if (!sd.webhookId) return undefined;
	const intervalMs = Number(option(this, 'expiryCheckMinutes', 60)) * 60_000;
	const localNow = Date.now();
	if (!opts.force && sd.lastExpiryCheck !== undefined && localNow - sd.lastExpiryCheck < intervalMs) return undefined;
	sd.lastExpiryCheck = localNow;
	const ctx = this as unknown as RequestContext;
	const res = await clioApiRequestFull.call(ctx, 'GET', `/webhooks/${sd.webhookId}.json`, { qs: { fields: 'id,status,expires_at,updated_at' } });
	const hook = (res.body as IDataObject).data as IDataObject;
	const serverNow = clioNowEstimate(res.headers.date, [hook.updated_at, ...(opts.evidence ?? [])]) ?? localNow;
	const expires = Date.parse(String(hook.expires_at ?? ''));
	const windowMs = Number(option(this, 'renewWithinDays', 7)) * DAY_MS;
	sd.expiresAt = hook.expires_at as string;
	if (!opts.always && Number.isFinite(expires) && expires - serverNow >= windowMs) return undefined;
	const expiresAt = isoSeconds(serverNow + CLIO_WEBHOOK_MAX_LIFETIME_MS - LIFETIME_MARGIN_MS);
	const patched = (await clioApiRequest.call(ctx, 'PATCH', `/webhooks/${sd.webhookId}.json`, {
		qs: { fields: 'id,status,expires_at' },
		body: { data: { expires_at: expiresAt } },
	})) as IDataObject;
	const data = patched.data as IDataObject;
	sd.expiresAt = (data.expires_at as string) ?? expiresAt;
	sd.renewals = Number(sd.renewals ?? 0) + 1;
	return data;
}

/**
 * Enables a webhook still `pending` because Clio's immediate handshake could not reach n8n (n8n
 * registers the webhook route only after create() returns): Clio's activate call with the shared
 * secret. Failure is not fatal — Clio retries the handshake, which webhook() answers.
 */
async function activateIfPending(this: IHookFunctions, status: unknown): Promise<void> {
	const sd = this.getWorkflowStaticData('node') as WebhookStatic;
	if (status !== 'pending' || !sd.webhookId || !sd.secret) return;
	try {
		// Clio's API documentation ("Delayed" handshake): PUT /api/v4/webhooks/:webhook_id/activate with
		// the secret in an X-Hook-Secret header (no .json suffix, no body)
		await clioApiRequest.call(this, 'PUT', `/webhooks/${sd.webhookId}/activate`, {
			headers: { 'X-Hook-Secret': sd.secret },
		});
	} catch (error) {
		this.logger.warn(`Clio Trigger: webhook ${sd.webhookId} is pending; activation failed (${(error as Error).message}). Waiting for Clio's handshake.`);
	}
}

/** The subscription's lifecycle, as n8n calls it on activation and deactivation. */
export const webhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			if (this.getNodeParameter('mode') !== 'webhook') return true;
			const sd = this.getWorkflowStaticData('node') as WebhookStatic;
			if (!sd.webhookId) return false;
			let hook: IDataObject;
			try {
				const body = (await clioApiRequest.call(this, 'GET', `/webhooks/${sd.webhookId}.json`, {
					qs: { fields: 'id,url,model,fields,events,status,expires_at' },
				})) as IDataObject;
				hook = body.data as IDataObject;
			} catch (error) {
				if (!isNotFound(error)) {
					const apiError = error as Error; // already a NodeApiError from the transport
					throw apiError;
				}
				delete sd.webhookId;
				delete sd.secret;
				delete sd.expiresAt;
				return false;
			}
			const url = this.getNodeWebhookUrl('default');
			const model = this.getNodeParameter('model') as string;
			const events = [...(this.getNodeParameter('events', []) as string[])].sort().join(',');
			const hookEvents = [...((hook.events as string[] | undefined) ?? [])].sort().join(',');
			const fields = webhookFields(this, model);
			const sameFields = hook.fields === undefined || String(hook.fields).replace(/\s+/g, '') === fields;
			if (hook.url !== url || hook.model !== model || hookEvents !== events || !sameFields || hook.status === 'suspended') {
				// the subscription no longer matches the node (or Clio stopped it): replace it
				await clioApiRequest.call(this, 'DELETE', `/webhooks/${sd.webhookId}.json`).catch(() => undefined);
				delete sd.webhookId;
				delete sd.secret;
				return false;
			}
			await renewWebhookIfDue.call(this, { force: true });
			await activateIfPending.call(this, hook.status);
			return true;
		},

		async create(this: IHookFunctions): Promise<boolean> {
			if (this.getNodeParameter('mode') !== 'webhook') return true;
			const url = this.getNodeWebhookUrl('default');
			if (!url) throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this node');
			const model = this.getNodeParameter('model') as string;
			const events = this.getNodeParameter('events', []) as string[];
			if (!events.length) throw new NodeOperationError(this.getNode(), 'Choose at least one event');
			const fields = webhookFields(this, model);
			const sd = this.getWorkflowStaticData('node') as WebhookStatic;
			// Created with Clio's default lifetime, then pushed to the maximum by Clio's own clock (its
			// created_at), so a skewed local clock can never ask for more than Clio allows.
			const body = (await clioApiRequest.call(this, 'POST', '/webhooks.json', {
				qs: { fields: CLIO_DEFAULT_FIELDS.webhook },
				body: { data: { url, model, fields, events } },
			})) as IDataObject;
			const hook = body.data as IDataObject;
			sd.webhookId = hook.id as number;
			// The shared secret signs every delivery; Clio also sends it in the X-Hook-Secret handshake.
			if (typeof hook.shared_secret === 'string' && hook.shared_secret) sd.secret = hook.shared_secret;
			sd.expiresAt = hook.expires_at as string;
			try {
				const renewed = await renewWebhookIfDue.call(this, { force: true, always: true, evidence: [hook.created_at] });
				await activateIfPending.call(this, renewed?.status ?? hook.status);
			} catch (error) {
				// a webhook that cannot be kept alive must not be left behind
				await clioApiRequest.call(this, 'DELETE', `/webhooks/${String(hook.id)}.json`).catch(() => undefined);
				delete sd.webhookId;
				delete sd.secret;
				const apiError = error as Error;
				throw apiError;
			}
			return true;
		},

		async delete(this: IHookFunctions): Promise<boolean> {
			const sd = this.getWorkflowStaticData('node') as WebhookStatic;
			if (!sd.webhookId) return true;
			try {
				await clioApiRequest.call(this, 'DELETE', `/webhooks/${sd.webhookId}.json`);
			} catch (error) {
				if (!isNotFound(error)) return false;
			}
			delete sd.webhookId;
			delete sd.secret;
			delete sd.expiresAt;
			delete sd.lastExpiryCheck;
			delete sd.delivered;
			return true;
		},
	},
};

/** A request to the webhook URL: handshake, or a signed delivery that becomes one item. */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const res = this.getResponseObject();
	const sd = this.getWorkflowStaticData('node') as WebhookStatic;

	// 1. Handshake: Clio proves the URL by sending X-Hook-Secret; echoing it activates the webhook.
	// Only a secret this node already holds is echoed: the secret comes from the activation flow
	// (create() stores Clio's shared_secret), never from a request anyone can send.
	const handshake = req.header('x-hook-secret');
	if (handshake) {
		const known = Boolean(sd.secret) && validSecret(sd.secret as string, handshake);
		if (!known) {
			res.status(401).json({ error: 'unknown X-Hook-Secret' });
			return { noWebhookResponse: true };
		}
		res.status(200).setHeader('X-Hook-Secret', handshake);
		res.end();
		return { noWebhookResponse: true };
	}

	// 2. Every delivery must carry a valid HMAC-SHA256 of the raw body under the shared secret.
	const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
	if (!validClioSignature(sd.secret, req.header('x-hook-signature'), raw)) {
		res.status(401).json({ error: 'invalid or missing X-Hook-Signature' });
		return { noWebhookResponse: true };
	}
	// 3. A signed delivery is accepted once: the same body again inside the window is a replay.
	// Answered 200 (a genuine retry by Clio must stop), but nothing runs.
	if (isReplay(sd, raw as Buffer, Date.now())) {
		res.status(200).json({ ignored: 'duplicate delivery (replay)' });
		return { noWebhookResponse: true };
	}

	const payload = this.getBodyData() as IDataObject;
	const meta = (payload.meta ?? {}) as IDataObject;
	const model = this.getNodeParameter('model') as string;
	// 4. Keep the subscription alive while it is in use.
	try {
		const d = (payload.data ?? {}) as IDataObject;
		await renewWebhookIfDue.call(this, { evidence: [d.updated_at, d.created_at] });
	} catch (error) {
		this.logger.warn(`Clio Trigger: could not renew webhook ${String(sd.webhookId)}: ${(error as Error).message}`);
	}

	const data = (payload.data ?? {}) as IDataObject;
	// a deleted record cannot be looked up or billed: it is passed on as Clio sent it
	const [out] = meta.event === 'deleted' ? [formatRecord(model, data)] : await outputRecords.call(this, model, [data]);
	const item: IDataObject = {
		event: meta.event ?? null,
		model,
		webhookId: meta.webhook_id ?? sd.webhookId ?? null,
		data: out,
	};
	rememberDelivery(sd, raw as Buffer, Date.now());
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}

function validSecret(secret: string, given: string): boolean {
	const a = Buffer.from(secret, 'utf8');
	const b = Buffer.from(given, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
