/**
 * The sandbox clock. Every time-dependent behaviour of every simulator (token expiry, webhook
 * expiry and retries, rate-limit windows, created_at/updated_at stamps) reads THIS clock, never
 * Date.now(), so a test can move time instead of waiting for it.
 *
 * By default the clock runs with real time plus an offset (advance/set move the offset). With
 * `frozen: true` it only moves when told to.
 */
export interface SandboxClock {
	now(): Date;
	nowMs(): number;
	/** Moves the clock forward (or back with a negative value) by `ms`. */
	advance(ms: number): Date;
	/** Sets the clock to an ISO date-time. */
	set(iso: string | Date): Date;
	/** Listeners run after every advance/set (e.g. to deliver webhook retries that became due). */
	onChange(listener: (now: Date) => void): () => void;
}

export interface ClockOptions {
	/** start at this instant (default: the real current time) */
	start?: string | Date;
	/** when true the clock does not follow real time */
	frozen?: boolean;
}

export function createClock(options: ClockOptions = {}): SandboxClock {
	const frozen = options.frozen ?? false;
	const realStart = Date.now();
	let base = options.start !== undefined ? toMs(options.start) : realStart;
	let anchor = realStart;
	const listeners = new Set<(now: Date) => void>();

	const nowMs = () => (frozen ? base : base + (Date.now() - anchor));
	const changed = () => {
		const d = new Date(nowMs());
		for (const l of [...listeners]) l(d);
		return d;
	};

	return {
		now: () => new Date(nowMs()),
		nowMs,
		advance(ms: number) {
			if (!Number.isFinite(ms)) throw new RangeError(`advance: not a number of milliseconds: ${ms}`);
			base = nowMs() + ms;
			anchor = Date.now();
			return changed();
		},
		set(iso: string | Date) {
			base = toMs(iso);
			anchor = Date.now();
			return changed();
		},
		onChange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

function toMs(value: string | Date): number {
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	if (!Number.isFinite(ms)) throw new RangeError(`Not an ISO date-time: ${String(value)}`);
	return ms;
}
