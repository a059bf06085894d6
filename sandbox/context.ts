import { createHmac } from 'node:crypto';
import { createClock, type ClockOptions, type SandboxClock } from './framework/clock';
import { VendorFaults, type FaultConfig } from './framework/faults';
import { InspectionLog } from './framework/inspection';
import { OAuthProvider, type OAuthProviderOptions } from './framework/oauth';
import { createPrng, type Prng } from './framework/prng';
import { Scheduler } from './framework/scheduler';
import { dateInZone, generateFirm, type Firm } from './seed';
import type { VendorModule } from './vendors';

export type { SandboxClock, ClockOptions } from './framework/clock';
export type { FaultConfig, FaultAction } from './framework/faults';
export { VendorFaults, FaultConfigError } from './framework/faults';
export { OAuthProvider, type OAuthClient, type TokenRecord, type OAuthProviderOptions, type GrantType } from './framework/oauth';
export { InspectionLog, type InspectionEntry } from './framework/inspection';
export { createPrng, type Prng } from './framework/prng';
export { Scheduler } from './framework/scheduler';

/** The raw body of a request (kept by the sandbox's body parsers, for signature checks). */
export function rawBody(req: unknown): Buffer | undefined {
	return (req as { rawBody?: Buffer }).rawBody;
}

/** Names of the vendors the sandbox can simulate. */
export type VendorName = 'clio' | 'actionstep' | 'brightflag' | 'legaltracker';

export interface SandboxOptions {
	/** TCP port; 0 (default for tests) picks a free one */
	port?: number;
	/** interface to listen on (default 127.0.0.1) */
	host?: string;
	/** seed for the firm data and every random choice (default "sandbox") */
	seed?: string | number;
	/** number of time/expense entries in the firm (default 60) */
	size?: number;
	/**
	 * last date of the seeded data, YYYY-MM-DD. Default: the sandbox clock's date in the firm's time
	 * zone, so the demo data moves with the clock (a reset after moving the clock regenerates it).
	 */
	asOf?: string;
	/** faults per vendor at start */
	faults?: Partial<Record<VendorName, FaultConfig>>;
	/** Clio per-token rate limit per window (default 50) */
	clioRateLimitPerMinute?: number;
	/** Clio rate-limit window in seconds (default 60; shorter windows make pacing tests quick) */
	clioRateLimitWindowSeconds?: number;
	/** how Clio's 429 writes Retry-After: 'seconds' (default) or 'http-date' */
	clioRetryAfterFormat?: 'seconds' | 'http-date';
	/** sandbox clock: start instant, frozen or following real time */
	clock?: ClockOptions;
	/** only these vendors (default: all registered) */
	vendors?: VendorName[];
	/** delays (sandbox-clock ms) between webhook delivery attempts; default Clio's: 2, 4, 8, 16, 32 min */
	webhookRetryDelaysMs?: number[];
	/** free-form options per vendor module */
	vendorOptions?: Partial<Record<VendorName, Record<string, unknown>>>;
	/** request contracts (framework/contracts.ts): 'enforce' (default; env LB_CONTRACTS), 'record' or 'off' */
	contracts?: 'enforce' | 'record' | 'off';
	/** replace the registered vendor modules (tests of the framework or of one module alone) */
	modules?: VendorModule<unknown>[];
}

/** Result of one outgoing callback (webhook / resthook) attempt. */
export interface CallbackResult {
	/** HTTP status, or 0 when no answer (network error, timeout, injected failure) */
	status: number;
	headers: Record<string, string>;
	body: string;
	error?: string;
	/** true when the failure was injected by the fault configuration (nothing was sent) */
	injected?: boolean;
}

export interface CallbackRequest {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	timeoutMs?: number;
}

/**
 * Everything a vendor module gets. One per vendor per sandbox instance. Do not keep state in
 * module-level variables: several sandboxes run side by side in tests.
 */
export interface VendorContext {
	vendor: VendorName;
	/** "/clio" */
	prefix: string;
	/** the sandbox seed text */
	seed: string;
	/** the shared firm (same for every vendor); treat it as read-only and copy into your state */
	firm: Firm;
	clock: SandboxClock;
	/** sandbox-time task runner (retries, handshakes, deadlines) */
	scheduler: Scheduler;
	/** a PRNG of this vendor (seeded from the sandbox seed and the vendor name) */
	prng: Prng;
	/** this vendor's fault configuration; the framework already mounts its middleware */
	faults: VendorFaults;
	/** this vendor's inspection log (GET /_admin/<vendor>/received) */
	log: InspectionLog;
	options: SandboxOptions;
	/** this vendor's free-form options (SandboxOptions.vendorOptions[vendor]) */
	vendorOptions: Record<string, unknown>;
	/** "http://127.0.0.1:PORT" (known once listening) */
	baseUrl(): string;
	/** baseUrl() + prefix */
	vendorUrl(): string;
	/** Creates (once) and returns this vendor's OAuth provider; used by issueToken() and the admin API. */
	createOAuth(options: Omit<OAuthProviderOptions, 'vendor'>): OAuthProvider;
	oauth(): OAuthProvider | undefined;
	/** One outgoing HTTP call (webhooks, resthooks). Applies `webhookFailureRate` faults. Never throws. */
	callback(request: CallbackRequest): Promise<CallbackResult>;
	/** hex HMAC-SHA256 */
	hmacHex(secret: string, body: string): string;
	/** ISO timestamp of the sandbox clock, without milliseconds ("2026-11-27T17:00:00Z") */
	nowIso(): string;
}

/** Sandbox-wide shared state; `startSandbox` builds it, vendor contexts are views on it. */
export class SandboxContext {
	readonly seed: string;
	/** the firm; regenerated IN PLACE (same object) when a reset finds the clock on another date */
	readonly firm: Firm;
	readonly clock: SandboxClock;
	readonly scheduler: Scheduler;
	private readonly faultsByVendor = new Map<string, VendorFaults>();
	private readonly logs = new Map<string, InspectionLog>();
	private readonly oauthByVendor = new Map<string, OAuthProvider>();
	private base = '';

	constructor(readonly options: SandboxOptions) {
		this.seed = String(options.seed ?? 'sandbox');
		// LB_SANDBOX_NOW (an ISO instant) starts every sandbox clock there unless the options say
		// otherwise: how the test suites are re-run at pinned dates (test/dates/, npm run test:dates)
		const envStart = process.env.LB_SANDBOX_NOW;
		this.clock = createClock(envStart && options.clock?.start === undefined ? { ...options.clock, start: envStart } : options.clock);
		this.firm = generateFirm({ seed: this.seed, size: options.size, asOf: options.asOf, now: this.clock.nowMs() });
		this.scheduler = new Scheduler(this.clock);
	}

	/**
	 * The firm's data follows the clock: when the clock's date (firm time zone) is no longer the
	 * firm's `asOf`, the firm is generated again for the new date, in place. A fixed `asOf` option
	 * pins the data. Returns true when the data changed. Vendors reload it on their reset().
	 */
	refreshFirm(): boolean {
		if (this.options.asOf !== undefined) return false;
		const now = this.clock.nowMs();
		if (dateInZone(now) === this.firm.asOf) return false;
		Object.assign(this.firm, generateFirm({ seed: this.seed, size: this.options.size, now }));
		return true;
	}

	setBaseUrl(url: string): void {
		this.base = url;
	}

	baseUrl(): string {
		return this.base;
	}

	faults(vendor: string): VendorFaults {
		let f = this.faultsByVendor.get(vendor);
		if (!f) {
			f = new VendorFaults(this.seed, vendor, () => this.clock.nowMs());
			this.faultsByVendor.set(vendor, f);
		}
		return f;
	}

	log(vendor: string): InspectionLog {
		let l = this.logs.get(vendor);
		if (!l) {
			l = new InspectionLog(vendor, () => this.nowIso());
			this.logs.set(vendor, l);
		}
		return l;
	}

	oauth(vendor: string): OAuthProvider | undefined {
		return this.oauthByVendor.get(vendor);
	}

	nowIso(): string {
		return this.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
	}

	forVendor(vendor: VendorName, prefix: string): VendorContext {
		const faults = this.faults(vendor);
		const ctx: VendorContext = {
			vendor,
			prefix,
			seed: this.seed,
			firm: this.firm,
			clock: this.clock,
			scheduler: this.scheduler,
			prng: createPrng(`${this.seed}/vendor/${vendor}`),
			faults,
			log: this.log(vendor),
			options: this.options,
			vendorOptions: this.options.vendorOptions?.[vendor] ?? {},
			baseUrl: () => this.base,
			vendorUrl: () => this.base + prefix,
			createOAuth: (options) => {
				let p = this.oauthByVendor.get(vendor);
				if (!p) {
					p = new OAuthProvider({ ...options, vendor }, this.clock, faults);
					this.oauthByVendor.set(vendor, p);
				}
				return p;
			},
			oauth: () => this.oauthByVendor.get(vendor),
			callback: (request) => callback(request, faults),
			hmacHex: (secret, body) => createHmac('sha256', secret).update(body).digest('hex'),
			nowIso: () => this.nowIso(),
		};
		return ctx;
	}

	close(): void {
		this.scheduler.close();
	}
}

async function callback(request: CallbackRequest, faults: VendorFaults): Promise<CallbackResult> {
	if (faults.webhookDeliveryFails()) return { status: 0, headers: {}, body: '', error: 'delivery failure injected by the fault configuration', injected: true };
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), request.timeoutMs ?? 10_000);
	try {
		const res = await fetch(request.url, {
			method: request.method ?? 'POST',
			headers: request.headers,
			body: request.body,
			signal: controller.signal,
			redirect: 'manual',
		});
		const body = await res.text();
		const headers: Record<string, string> = {};
		res.headers.forEach((v, k) => (headers[k] = v));
		return { status: res.status, headers, body };
	} catch (e) {
		return { status: 0, headers: {}, body: '', error: (e as Error).message };
	} finally {
		clearTimeout(timer);
	}
}
