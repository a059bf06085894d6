import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createPrng, type Prng } from './prng';

/**
 * Fault injection, per vendor. Set at start (`startSandbox({ faults: { clio: {...} } })`,
 * `npm run sandbox -- --faults '{"clio":{"errorRate":0.1}}'`) or at run time through
 * `POST /_admin/faults`. Decisions come from a PRNG seeded by (sandbox seed, vendor) and reset
 * every time the configuration is set, so the same configuration and the same request sequence
 * give the same faults.
 *
 * Faults apply to a vendor's API routes; its OAuth routes (any path containing `/oauth/`) are
 * exempt unless `includeOAuth` is set, so a client can always get a token.
 */
export interface FaultConfig {
	/** fixed latency added to every request, ms */
	latencyMs?: number;
	/** plus a uniform random 0..latencyJitterMs */
	latencyJitterMs?: number;
	/** share (0–1) of requests answered with a 5xx from `errorStatuses` */
	errorRate?: number;
	/** default [500, 502, 503] */
	errorStatuses?: number[];
	/** share (0–1) of requests that START a burst of 429 answers */
	rateLimitBurstRate?: number;
	/** number of consecutive 429 answers in a burst (default 3) */
	rateLimitBurstLength?: number;
	/** Retry-After of injected 429s, seconds (default 1) */
	retryAfterSeconds?: number;
	/** 'seconds' (default) or 'http-date' (an IMF-fixdate, as some vendors send) */
	retryAfterFormat?: 'seconds' | 'http-date';
	/** share (0–1) of requests whose connection is destroyed without an answer */
	dropRate?: number;
	/** share (0–1) of answers whose JSON body is cut in half */
	malformedRate?: number;
	/** every bearer token is answered as expired (401) */
	expiredTokens?: boolean;
	/** every bearer token is answered as revoked (401) */
	revokedTokens?: boolean;
	/** share (0–1) of outgoing webhook / resthook delivery attempts that fail (then retried) */
	webhookFailureRate?: number;
	/**
	 * Exact outcomes for the next requests, consumed in order before any random fault:
	 * 'ok', 'drop', 'malformed', or an HTTP status (429 gets Retry-After). E.g. [503, 503, 'ok'].
	 */
	script?: FaultAction[];
	/** also inject into OAuth endpoints */
	includeOAuth?: boolean;
	/**
	 * only requests whose path (under the vendor prefix, e.g. "/api/v4/activities.json") matches
	 * one of these regular expressions get faults; others pass untouched (and draw no random number)
	 */
	paths?: string[];
}

export type FaultAction = 'ok' | 'drop' | 'malformed' | number;

export interface FaultStats {
	requests: number;
	injected: Record<string, number>;
}

export type ErrorBodyFn = (status: number, message: string) => unknown;

/** The fault state of one vendor. */
export class VendorFaults {
	private config: FaultConfig = {};
	private prng: Prng;
	private script: FaultAction[] = [];
	private burstLeft = 0;
	private generation = 0;
	private pathPatterns: RegExp[] | undefined;
	stats: FaultStats = { requests: 0, injected: {} };

	constructor(
		private readonly seed: string,
		readonly vendor: string,
		private readonly clockNowMs: () => number,
	) {
		this.prng = createPrng(`${seed}/faults/${vendor}/0`);
	}

	get(): FaultConfig {
		return { ...this.config, script: [...this.script] };
	}

	/** Replaces the configuration (and restarts the fault PRNG). */
	set(config: FaultConfig): void {
		validateFaultConfig(config, this.vendor);
		this.config = { ...config };
		this.pathPatterns = config.paths?.map((p) => new RegExp(p));
		this.script = [...(config.script ?? [])];
		this.burstLeft = 0;
		this.generation++;
		this.prng = createPrng(`${this.seed}/faults/${this.vendor}/${this.generation}`);
	}

	clear(): void {
		this.set({});
		this.stats = { requests: 0, injected: {} };
	}

	get tokensExpired(): boolean {
		return this.config.expiredTokens === true;
	}

	get tokensRevoked(): boolean {
		return this.config.revokedTokens === true;
	}

	/** Decides whether one outgoing delivery attempt fails (deterministic). */
	webhookDeliveryFails(): boolean {
		const fails = this.prng.chance(this.config.webhookFailureRate ?? 0);
		if (fails) this.count('webhookFailure');
		return fails;
	}

	/** Decides the outcome of the next request. */
	decide(): { action: FaultAction; latencyMs: number } {
		this.stats.requests++;
		const c = this.config;
		let latencyMs = c.latencyMs ?? 0;
		if (c.latencyJitterMs) latencyMs += Math.floor(this.prng.next() * c.latencyJitterMs);
		let action: FaultAction = 'ok';
		if (this.script.length) {
			action = this.script.shift() as FaultAction;
		} else if (this.burstLeft > 0) {
			this.burstLeft--;
			action = 429;
		} else if (this.prng.chance(c.rateLimitBurstRate ?? 0)) {
			this.burstLeft = Math.max(0, (c.rateLimitBurstLength ?? 3) - 1);
			action = 429;
		} else if (this.prng.chance(c.dropRate ?? 0)) {
			action = 'drop';
		} else if (this.prng.chance(c.errorRate ?? 0)) {
			action = this.prng.pick(c.errorStatuses?.length ? c.errorStatuses : [500, 502, 503]);
		} else if (this.prng.chance(c.malformedRate ?? 0)) {
			action = 'malformed';
		}
		if (action !== 'ok') this.count(String(action));
		return { action, latencyMs };
	}

	retryAfterHeader(): string {
		const seconds = this.config.retryAfterSeconds ?? 1;
		if (this.config.retryAfterFormat === 'http-date') return new Date(this.clockNowMs() + seconds * 1000).toUTCString();
		return String(seconds);
	}

	/** Express middleware injecting the configured faults. `errorBody` gives the vendor's error shape. */
	middleware(errorBody: ErrorBodyFn): RequestHandler {
		return (req: Request, res: Response, next: NextFunction) => {
			if (!this.config.includeOAuth && /\/oauth\//.test(req.path)) return next();
			if (this.pathPatterns && !this.pathPatterns.some((re) => re.test(req.path))) return next();
			const { action, latencyMs } = this.decide();
			const run = () => {
				if (action === 'ok') return next();
				if (action === 'drop') {
					req.socket.destroy();
					return;
				}
				if (action === 'malformed') {
					const send = res.send.bind(res);
					res.send = ((body?: unknown) => {
						const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body ?? '');
						return send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
					}) as Response['send'];
					return next();
				}
				const status = action;
				if (status === 429) res.setHeader('Retry-After', this.retryAfterHeader());
				res.status(status).json(errorBody(status, status === 429 ? 'Too many requests (injected fault)' : `Injected fault ${status}`));
			};
			if (latencyMs > 0) setTimeout(run, latencyMs);
			else run();
		};
	}

	private count(kind: string) {
		this.stats.injected[kind] = (this.stats.injected[kind] ?? 0) + 1;
	}
}

const RATE_KEYS = ['errorRate', 'rateLimitBurstRate', 'dropRate', 'malformedRate', 'webhookFailureRate'] as const;
const KNOWN_KEYS = new Set([
	...RATE_KEYS,
	'latencyMs',
	'latencyJitterMs',
	'errorStatuses',
	'rateLimitBurstLength',
	'retryAfterSeconds',
	'retryAfterFormat',
	'expiredTokens',
	'revokedTokens',
	'script',
	'includeOAuth',
	'paths',
]);

export function validateFaultConfig(config: unknown, vendor: string): asserts config is FaultConfig {
	if (!config || typeof config !== 'object' || Array.isArray(config)) throw new FaultConfigError(`faults for ${vendor}: expected an object`);
	const c = config as Record<string, unknown>;
	for (const key of Object.keys(c)) {
		if (!KNOWN_KEYS.has(key)) throw new FaultConfigError(`faults for ${vendor}: unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')})`);
	}
	for (const key of RATE_KEYS) {
		const v = c[key];
		if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) throw new FaultConfigError(`faults for ${vendor}: ${key} must be a number between 0 and 1, got ${JSON.stringify(v)}`);
	}
	for (const key of ['latencyMs', 'latencyJitterMs', 'rateLimitBurstLength', 'retryAfterSeconds']) {
		const v = c[key];
		if (v !== undefined && (typeof v !== 'number' || v < 0 || !Number.isFinite(v))) throw new FaultConfigError(`faults for ${vendor}: ${key} must be a non-negative number, got ${JSON.stringify(v)}`);
	}
	if (c.retryAfterFormat !== undefined && c.retryAfterFormat !== 'seconds' && c.retryAfterFormat !== 'http-date') {
		throw new FaultConfigError(`faults for ${vendor}: retryAfterFormat must be "seconds" or "http-date"`);
	}
	if (c.errorStatuses !== undefined && (!Array.isArray(c.errorStatuses) || c.errorStatuses.some((s) => typeof s !== 'number' || s < 400 || s > 599))) {
		throw new FaultConfigError(`faults for ${vendor}: errorStatuses must be a list of HTTP error statuses`);
	}
	if (c.paths !== undefined) {
		if (!Array.isArray(c.paths) || c.paths.some((p) => typeof p !== 'string')) throw new FaultConfigError(`faults for ${vendor}: paths must be a list of regular expressions`);
		for (const p of c.paths as string[]) {
			try {
				new RegExp(p);
			} catch (e) {
				throw new FaultConfigError(`faults for ${vendor}: paths entry ${JSON.stringify(p)} is not a regular expression: ${(e as Error).message}`);
			}
		}
	}
	if (c.script !== undefined) {
		if (!Array.isArray(c.script)) throw new FaultConfigError(`faults for ${vendor}: script must be a list`);
		for (const a of c.script) {
			const ok = a === 'ok' || a === 'drop' || a === 'malformed' || (typeof a === 'number' && a >= 400 && a <= 599);
			if (!ok) throw new FaultConfigError(`faults for ${vendor}: script entry ${JSON.stringify(a)} is not 'ok', 'drop', 'malformed' or an HTTP error status`);
		}
	}
}

export class FaultConfigError extends Error {}
