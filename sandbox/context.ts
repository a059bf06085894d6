import { createHmac } from 'node:crypto';
import { createClock, type SandboxClock } from './framework/clock';
import { VendorFaults } from './framework/faults';
import { InspectionLog } from './framework/inspection';
import { OAuthProvider } from './framework/oauth';
import { createPrng } from './framework/prng';
import { Scheduler } from './framework/scheduler';
import { dateInZone, generateFirm, type Firm } from './seed';
import type { CallbackRequest, CallbackResult, SandboxOptions, VendorContext, VendorName } from './framework/vendor';

export type { SandboxClock, ClockOptions } from './framework/clock';
export type { FaultConfig, FaultAction } from './framework/faults';
export { VendorFaults, FaultConfigError } from './framework/faults';
export { OAuthProvider, type OAuthClient, type TokenRecord, type OAuthProviderOptions, type GrantType } from './framework/oauth';
export { InspectionLog, type InspectionEntry } from './framework/inspection';
export { createPrng, type Prng } from './framework/prng';
export { Scheduler } from './framework/scheduler';
export type { CallbackRequest, CallbackResult, SandboxOptions, VendorContext, VendorDescription, VendorInstance, VendorModule, VendorName } from './framework/vendor';

/** The raw body of a request (kept by the sandbox's body parsers, for signature checks). */
export function rawBody(req: unknown): Buffer | undefined {
	return (req as { rawBody?: Buffer }).rawBody;
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
		this.firm = generateFirm({ seed: this.seed, size: options.size, maxClients: options.maxClients, asOf: options.asOf, now: this.clock.nowMs() });
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
		Object.assign(this.firm, generateFirm({ seed: this.seed, size: this.options.size, maxClients: this.options.maxClients, now }));
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
