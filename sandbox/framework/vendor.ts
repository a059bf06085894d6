/**
 * The contract between the sandbox framework and its vendor simulators: the options, the context a
 * vendor module gets, and the module interface itself. Types only; vendor modules import them from
 * here, so the framework never imports a vendor (no import cycle).
 */
import type { Router } from 'express';
import type { Firm } from '../seed';
import type { ClockOptions, SandboxClock } from './clock';
import type { ContractMode, ContractValidator } from './contracts';
import type { FaultConfig, VendorFaults } from './faults';
import type { InspectionLog } from './inspection';
import type { OAuthProvider, OAuthProviderOptions } from './oauth';
import type { Prng } from './prng';
import type { Scheduler } from './scheduler';

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
	/** most clients in the firm (default 120; see FirmOptions.maxClients) */
	maxClients?: number;
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

/**
 * THE VENDOR MODULE INTERFACE — how a simulator plugs into the sandbox.
 *
 * A vendor lives in `sandbox/vendors/<vendor>/index.ts` and exports a `VendorModule`:
 *
 * ```ts
 * export const brightflag: VendorModule<BrightflagState> = {
 *   name: 'brightflag',
 *   prefix: '/brightflag',
 *   title: 'Brightflag',
 *   create(ctx) {                 // called once per sandbox instance
 *     const oauth = ctx.createOAuth({ title: 'Brightflag', clients: [{ clientId: 'sandbox-brightflag-client',
 *       clientSecret: 'sandbox-brightflag-secret' }], grants: ['client_credentials'], accessTokenTtlSeconds: 3600 });
 *     const state = buildState(ctx.firm);
 *     return {
 *       state,
 *       mount(router) {            // router is mounted at `${url}/brightflag`
 *         router.post('/oauth/token', ...oauth.tokenHandler());
 *         router.use('/api', oauth.bearer(), apiRouter);
 *       },
 *       mountAdmin(router) { ... }, // optional, mounted at `${url}/_admin/brightflag`
 *       reset() { ... },            // optional: back to the seeded state (POST /_admin/reset)
 *       errorBody: (status, message) => ({ message, status }),  // the vendor's error JSON (faults use it)
 *       describe: (url) => ({ ... }),   // what `npm run sandbox` prints
 *     };
 *   },
 * };
 * ```
 * then add it to `vendorModules` in sandbox/vendors/index.ts (one import line + one array entry).
 *
 * What the framework already does for every vendor router, before your routes:
 * - JSON (`application/json`, `application/*+json`), urlencoded and text bodies are parsed, and
 *   the raw body is kept for signature checks (`rawBody(req)` from sandbox/context);
 * - fault injection (`ctx.faults`) on every path except those containing `/oauth/`;
 * - `GET/DELETE /_admin/<vendor>/received` serves `ctx.log` (record with `ctx.log.record(kind, data)`);
 * - `POST /_admin/tokens {vendor}` / `sandbox.issueToken(vendor)` issue tokens from the provider made
 *   by `ctx.createOAuth(...)`.
 * Use `ctx.clock` for every time, `ctx.prng` for every random choice, `ctx.callback()` for outgoing
 * webhooks (it applies `webhookFailureRate`), `ctx.scheduler` for retries in sandbox time.
 */
export interface VendorModule<State = unknown> {
	name: VendorName;
	/** path prefix, e.g. "/clio" */
	prefix: `/${string}`;
	/** human name, e.g. "Clio" */
	title: string;
	create(ctx: VendorContext): VendorInstance<State>;
	/**
	 * Optional request contract: returns the validator that judges every request against the
	 * vendor's published spec or fact sheet (see ./contracts.ts for how to write one).
	 */
	contract?(ctx: VendorContext): ContractValidator;
	/** the module's default contract mode when no option or env says otherwise (default 'enforce') */
	contractMode?: ContractMode;
}

export interface VendorInstance<State = unknown> {
	/** the simulator's in-memory data (exposed to tests as sandbox.state.<vendor>) */
	state: State;
	/** mounts the vendor routes on a router served at `${url}${prefix}` */
	mount(router: Router): void;
	/** mounts admin routes on a router served at `${url}/_admin/${name}` */
	mountAdmin?(router: Router): void;
	/** back to the seeded state */
	reset?(): void;
	/** the vendor's error JSON for a status + message (used for injected faults and 404s) */
	errorBody?(status: number, message: string): unknown;
	/** base URLs and credentials for the CLI banner and GET /_admin */
	describe(url: string): VendorDescription;
	/** called on sandbox close */
	close?(): void;
}

export interface VendorDescription {
	/** lines "label: value" printed by `npm run sandbox` */
	urls: Record<string, string>;
	clientId?: string;
	clientSecret?: string;
	notes?: string[];
}
