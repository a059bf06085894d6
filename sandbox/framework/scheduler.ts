import type { SandboxClock } from './clock';

/**
 * Runs tasks when the SANDBOX clock reaches their due time: checked on a short real-time tick and
 * at once whenever the clock is advanced or set. Used for webhook handshakes, delivery retries
 * with backoff and anything else that must happen "later" in sandbox time.
 */
export class Scheduler {
	private tasks: { dueMs: number; seq: number; run: () => void | Promise<void> }[] = [];
	private seq = 0;
	private timer: NodeJS.Timeout | undefined;
	private readonly unsubscribe: () => void;
	private closed = false;
	private running = new Set<Promise<void>>();

	constructor(
		private readonly clock: SandboxClock,
		tickMs = 25,
	) {
		this.timer = setInterval(() => this.runDue(), tickMs);
		this.timer.unref();
		this.unsubscribe = clock.onChange(() => this.runDue());
	}

	/** Runs `run` once the sandbox clock is at or past `dueMs` (sandbox time). */
	at(dueMs: number, run: () => void | Promise<void>): void {
		if (this.closed) return;
		this.tasks.push({ dueMs, seq: this.seq++, run });
	}

	/** Starts `run` at once (still awaited by idle()): what a vendor does "immediately", e.g. Clio's handshake. */
	now(run: () => void | Promise<void>): void {
		if (this.closed) return;
		this.track(run);
	}

	/** Runs `run` `delayMs` of sandbox time from now (0: on the next tick). */
	after(delayMs: number, run: () => void | Promise<void>): void {
		this.at(this.clock.nowMs() + delayMs, run);
	}

	get pending(): number {
		return this.tasks.length;
	}

	/** Resolves when no task is due and none is running (tests). */
	async idle(): Promise<void> {
		for (;;) {
			this.runDue();
			if (this.running.size === 0 && !this.tasks.some((t) => t.dueMs <= this.clock.nowMs())) return;
			await Promise.all([...this.running]);
			await new Promise((r) => setImmediate(r));
		}
	}

	runDue(): void {
		if (this.closed || this.tasks.length === 0) return;
		const now = this.clock.nowMs();
		const due = this.tasks.filter((t) => t.dueMs <= now).sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
		if (due.length === 0) return;
		this.tasks = this.tasks.filter((t) => t.dueMs > now);
		for (const t of due) this.track(t.run);
	}

	private track(run: () => void | Promise<void>): void {
		const p: Promise<void> = Promise.resolve()
			.then(run)
			.catch(() => undefined)
			.finally(() => this.running.delete(p));
		this.running.add(p);
	}

	close(): void {
		this.closed = true;
		this.tasks = [];
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.unsubscribe();
	}
}
