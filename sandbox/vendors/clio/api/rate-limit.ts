/** Clio's per-token rate limit, on the sandbox clock. */
export interface RateLimitSettings {
	perWindow: number;
	windowSeconds: number;
	retryAfterFormat: 'seconds' | 'http-date';
}

/** Per-access-token fixed-window rate limiter on the sandbox clock. */
export class RateLimiter {
	private windows = new Map<string, { startMs: number; count: number }>();

	constructor(public settings: RateLimitSettings) {}

	reset(): void {
		this.windows.clear();
	}

	take(key: string, nowMs: number): { allowed: boolean; limit: number; remaining: number; resetMs: number } {
		const windowMs = this.settings.windowSeconds * 1000;
		let w = this.windows.get(key);
		if (!w || nowMs >= w.startMs + windowMs) {
			w = { startMs: nowMs, count: 0 };
			this.windows.set(key, w);
		}
		const limit = this.settings.perWindow;
		const allowed = w.count < limit;
		if (allowed) w.count++;
		return { allowed, limit, remaining: Math.max(0, limit - w.count), resetMs: w.startMs + windowMs };
	}
}
