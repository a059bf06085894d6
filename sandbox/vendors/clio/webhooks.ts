import { randomBytes } from 'node:crypto';
import type { VendorContext } from '../../context';
import { checkSelection, parseFields, render, type FieldSelection, type Model } from './fields';
import type { ClioModels } from './models';
import type { ClioState, ClioWebhook } from './state';

/**
 * Clio webhooks:
 * - create (`POST /webhooks.json`): url, model, fields required; events default all three;
 *   `expires_at` default now + 3 days, at most now + 31 days (422 beyond, or in the past);
 *   status `pending` until the handshake succeeds;
 * - handshake: right after creation the sandbox POSTs `{}` to the URL with `X-Hook-Secret`;
 *   a 200 echoing the same `X-Hook-Secret` header enables the hook. A failed handshake is retried
 *   on the delivery schedule; `PUT /webhooks/{id}/activate` (the documented path, no `.json`) with
 *   the secret in an `X-Hook-Secret` header enables it too;
 * - deliveries: on every create/update/delete of a record of the model (and matter_opened /
 *   matter_pended / matter_closed), to every enabled, unexpired hook subscribed to the event:
 *   `{"data":{…the hook's fields…},"meta":{"event":"updated","webhook_id":N}}` with
 *   `X-Hook-Signature` = hex HMAC-SHA256(shared_secret, raw body). 2xx/3xx/410 count as delivered
 *   (410 also suspends the hook); anything else is retried with backoff (sandbox clock);
 * - expiry: at `expires_at` (sandbox clock) the hook stops delivering and disappears (404).
 */
export const WEBHOOK_MODELS = ['activity', 'bill', 'calendar_entry', 'clio_payments_payment', 'communication', 'contact', 'document', 'folder', 'matter', 'task'] as const;
export const WEBHOOK_EVENTS = ['created', 'updated', 'deleted', 'matter_opened', 'matter_pended', 'matter_closed'] as const;
export const DEFAULT_WEBHOOK_TTL_MS = 3 * 24 * 3600 * 1000;
export const MAX_WEBHOOK_TTL_MS = 31 * 24 * 3600 * 1000;
/** Clio's documented backoff: 2 minutes, doubling, 5 re-attempts. */
export const DEFAULT_RETRY_DELAYS_MS = [120_000, 240_000, 480_000, 960_000, 1_920_000];

export class WebhookError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export interface WebhookInput {
	url?: unknown;
	model?: unknown;
	fields?: unknown;
	events?: unknown;
	expires_at?: unknown;
}

export class ClioWebhooks {
	private readonly retryDelays: number[];
	/** parsed `fields` per webhook id */
	private readonly selections = new Map<number, FieldSelection[]>();

	constructor(
		private readonly ctx: VendorContext,
		private readonly state: ClioState,
		private readonly models: ClioModels,
	) {
		this.retryDelays = ctx.options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
	}

	private modelFor(name: string): Model<unknown> | undefined {
		const map: Record<string, Model<unknown>> = {
			activity: this.models.activity as Model<unknown>,
			bill: this.models.bill as Model<unknown>,
			contact: this.models.contact as Model<unknown>,
			matter: this.models.matter as Model<unknown>,
		};
		return map[name];
	}

	/** Removes hooks whose expires_at has passed (sandbox clock). */
	purgeExpired(): void {
		const now = this.ctx.clock.nowMs();
		for (const w of this.state.webhooks.all()) {
			if (Date.parse(w.expires_at) <= now) {
				this.state.webhooks.delete(w.id);
				this.selections.delete(w.id);
				this.ctx.log.record('webhook-expired', { webhook_id: w.id, expires_at: w.expires_at });
			}
		}
	}

	create(input: WebhookInput, userId: number): ClioWebhook {
		const url = this.checkUrl(input.url);
		if (typeof input.model !== 'string' || !(WEBHOOK_MODELS as readonly string[]).includes(input.model)) {
			throw new WebhookError(422, `model must be one of: ${WEBHOOK_MODELS.join(', ')}`);
		}
		const selection = this.checkFields(input.model, input.fields);
		const events = this.checkEvents(input.events, input.model) ?? ['created', 'updated', 'deleted'];
		const now = this.ctx.clock.nowMs();
		const expiresAt = input.expires_at === undefined ? now + DEFAULT_WEBHOOK_TTL_MS : this.checkExpiry(input.expires_at);
		const nowIso = this.ctx.nowIso();
		const hook: ClioWebhook = {
			id: this.state.webhooks.nextId(),
			url,
			model: input.model,
			fields: input.fields as string,
			events,
			shared_secret: randomBytes(20).toString('hex'),
			status: 'pending',
			expires_at: isoNoMs(expiresAt),
			user_id: userId,
			created_at: nowIso,
			updated_at: nowIso,
			version: 1,
		};
		this.state.webhooks.add(hook);
		this.selections.set(hook.id, selection);
		// Clio "POSTs at once": the first handshake leaves before the creation response does
		this.ctx.scheduler.now(() => this.handshake(hook.id, 0));
		return hook;
	}

	update(hook: ClioWebhook, input: WebhookInput): ClioWebhook {
		if (input.url !== undefined) hook.url = this.checkUrl(input.url);
		if (input.model !== undefined && input.model !== hook.model) throw new WebhookError(422, 'model cannot be changed; create a new webhook');
		if (input.fields !== undefined) {
			this.selections.set(hook.id, this.checkFields(hook.model, input.fields));
			hook.fields = input.fields as string;
		}
		const events = this.checkEvents(input.events, hook.model);
		if (events) hook.events = events;
		if (input.expires_at !== undefined) hook.expires_at = isoNoMs(this.checkExpiry(input.expires_at));
		hook.updated_at = this.ctx.nowIso();
		hook.version++;
		this.state.webhooks.touch();
		return hook;
	}

	delete(id: number): boolean {
		this.selections.delete(id);
		return this.state.webhooks.delete(id) !== undefined;
	}

	activate(hook: ClioWebhook, secret: string | undefined): void {
		if (!secret || secret !== hook.shared_secret) throw new WebhookError(422, 'The X-Hook-Secret does not match this webhook');
		hook.status = 'enabled';
		hook.updated_at = this.ctx.nowIso();
		hook.version++;
		this.ctx.log.record('webhook-enabled', { webhook_id: hook.id, via: 'activate' });
	}

	/** Tells subscribed hooks about a change. `record` is the record as it is (or was, for deleted). */
	emit(model: string, event: string, record: unknown): void {
		this.purgeExpired();
		const m = this.modelFor(model);
		if (!m) return;
		for (const hook of this.state.webhooks.all()) {
			if (hook.model !== model || hook.status !== 'enabled' || !hook.events.includes(event)) continue;
			const selection = this.selections.get(hook.id) ?? parseFields(hook.fields);
			const body = JSON.stringify({ data: render(m, record, selection), meta: { event, webhook_id: hook.id } });
			const recordId = (record as { id?: number }).id;
			this.ctx.scheduler.after(0, () => this.deliver(hook.id, event, recordId, body, 0));
		}
	}

	private async handshake(hookId: number, attempt: number): Promise<void> {
		const hook = this.state.webhooks.get(hookId);
		if (!hook || hook.status !== 'pending' || Date.parse(hook.expires_at) <= this.ctx.clock.nowMs()) return;
		const result = await this.ctx.callback({ url: hook.url, headers: { 'content-type': 'application/json', 'x-hook-secret': hook.shared_secret }, body: '{}' });
		const echoed = result.headers['x-hook-secret'];
		const ok = result.status === 200 && echoed === hook.shared_secret;
		this.ctx.log.record('webhook-handshake', { webhook_id: hook.id, url: hook.url, attempt: attempt + 1, status: result.status, error: result.error, echoed: echoed !== undefined, enabled: ok });
		if (ok) {
			if (this.state.webhooks.get(hookId) === hook && hook.status === 'pending') {
				hook.status = 'enabled';
				hook.updated_at = this.ctx.nowIso();
				hook.version++;
			}
			return;
		}
		if (attempt < this.retryDelays.length) this.ctx.scheduler.after(this.retryDelays[attempt], () => this.handshake(hookId, attempt + 1));
	}

	private async deliver(hookId: number, event: string, recordId: number | undefined, body: string, attempt: number): Promise<void> {
		this.purgeExpired();
		const hook = this.state.webhooks.get(hookId);
		if (!hook || hook.status !== 'enabled') return;
		const signature = this.ctx.hmacHex(hook.shared_secret, body);
		const result = await this.ctx.callback({ url: hook.url, headers: { 'content-type': 'application/json', 'x-hook-signature': signature }, body });
		const delivered = (result.status >= 200 && result.status < 400) || result.status === 410;
		const willRetry = !delivered && attempt < this.retryDelays.length;
		this.ctx.log.record('webhook-delivery', {
			webhook_id: hook.id,
			model: hook.model,
			event,
			record_id: recordId,
			url: hook.url,
			attempt: attempt + 1,
			status: result.status,
			error: result.error,
			injected: result.injected,
			delivered,
			willRetry,
			signature,
			body,
		});
		if (result.status === 410) {
			hook.status = 'suspended';
			hook.updated_at = this.ctx.nowIso();
			hook.version++;
			return;
		}
		if (willRetry) this.ctx.scheduler.after(this.retryDelays[attempt], () => this.deliver(hookId, event, recordId, body, attempt + 1));
	}

	private checkUrl(value: unknown): string {
		if (typeof value !== 'string' || !value) throw new WebhookError(422, 'url is required');
		let u: URL;
		try {
			u = new URL(value);
		} catch {
			throw new WebhookError(422, `url is not a valid URL: ${value}`);
		}
		if (u.protocol === 'https:') return value;
		if (u.protocol === 'http:' && (this.ctx.vendorOptions.allowAnyHttpWebhook === true || isLocalHost(u.hostname))) return value;
		throw new WebhookError(422, 'Only URLs using the https protocol will be accepted (the sandbox also accepts http on localhost and private networks)');
	}

	private checkFields(model: string, value: unknown): FieldSelection[] {
		if (typeof value !== 'string' || !value) throw new WebhookError(422, 'fields is required (e.g. "id,etag,updated_at")');
		const m = this.modelFor(model);
		const selection = parseFields(value);
		if (m) checkSelection(m, selection);
		return selection;
	}

	private checkEvents(value: unknown, model: string): string[] | undefined {
		if (value === undefined) return undefined;
		if (!Array.isArray(value) || value.length === 0 || value.some((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e))) {
			throw new WebhookError(422, `events must be a non-empty list of: ${WEBHOOK_EVENTS.join(', ')}`);
		}
		if (model !== 'matter' && value.some((e: string) => e.startsWith('matter_'))) throw new WebhookError(422, 'matter_opened, matter_pended and matter_closed are only for the matter model');
		return [...new Set(value as string[])];
	}

	private checkExpiry(value: unknown): number {
		const ms = typeof value === 'string' ? Date.parse(value) : NaN;
		if (!Number.isFinite(ms)) throw new WebhookError(422, 'expires_at must be an ISO-8601 timestamp');
		const now = this.ctx.clock.nowMs();
		if (ms <= now) throw new WebhookError(422, 'expires_at must be in the future');
		if (ms > now + MAX_WEBHOOK_TTL_MS) throw new WebhookError(422, 'expires_at can be at most 31 days in the future');
		return ms;
	}
}

function isoNoMs(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isLocalHost(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '');
	return (
		h === 'localhost' ||
		h.endsWith('.localhost') ||
		h === 'host.docker.internal' ||
		h === '::1' ||
		/^127\./.test(h) ||
		/^10\./.test(h) ||
		/^192\.168\./.test(h) ||
		/^172\.(1[6-9]|2\d|3[01])\./.test(h)
	);
}
