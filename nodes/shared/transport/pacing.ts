/**
 * Rate-limit pacing per access token (issue 14 item 2), the state of the shared runtime: this file
 * is bundled into dist/nodes/shared/transport/http.js, which every node bundle require()s, so one
 * process (an n8n main or queue worker, running ~10 executions at once) holds one state per token
 * (test/package/shared-runtime.test.ts). Processes share nothing but the vendor's answers, which
 * carry the token's global state: Clio sends X-RateLimit-Limit, -Remaining and -Reset (unix time)
 * on every answer and Retry-After on a 429 (docs.developers.clio.com/api-docs/rate-limits, in
 * /work/shared/reference/vendor-apis.md "Rate limits [DOC]": "handle both, never retry-storm"; the
 * sandbox's Clio sends the same, sandbox/vendors/clio/api.ts). So:
 *  - one waiter at a time: requests of a token queue up, and each takes its slot when the one before
 *    it has gone, spaced by the current interval — never a herd reading one shared wait;
 *  - continuous pacing: once fewer than PACE_FROM_SHARED of the limit remain (PACE_FROM_ALONE while
 *    no other process is seen using the token), what is left is spread over the time to the reset:
 *    Remaining less this process's requests in flight and what the others are likely to have sent
 *    since, shared with them at the rate they have been using. Other processes' requests show in
 *    the next answer's Remaining, so every process slows down as the window drains;
 *  - after a 429: Retry-After plus jitter (callers: holdOff), then one request at a time until one
 *    is answered without a 429 — two processes do not retry in lockstep, a worker not as a herd.
 * Pure reading of the headers is in answers.ts (rateWindow); test/shared/pacing.test.ts.
 */
import { sleep } from 'n8n-workflow';
import { rateWindow, type RateWindow } from './answers';

/**
 * Free requests while more than this fraction of the limit remains, paced below it: half when
 * other processes use the token (two of them free together then spend the window at most once),
 * a tenth when this process has seen none (for Clio's 50/min, pacing from 5 left, as before).
 */
export const PACE_FROM_SHARED = 0.5;
export const PACE_FROM_ALONE = 0.1;
/** other processes count as present this long after they were last seen using the token */
const OTHERS_MEMORY_MS = 120_000;
/**
 * and until this process has read the token's answers this long: two processes starting together
 * must not both take a tenth as their share before either has seen the other
 */
const ALONE_AFTER_MS = 2000;
/** other processes' rate is measured over at least this long */
const RATE_SAMPLE_MS = 200;
/** after the announced reset, so the first request of the next window is not early */
const RESET_MARGIN_MS = 50;
/** a waiting request re-reads the state this often (answers arriving meanwhile move its slot) */
const RECHECK_MS = 250;
/** after a 429 one request at a time, unless its answer takes longer than this */
const PROBE_TIMEOUT_MS = 30_000;
/** two answers whose resets are nearer than this announce the same window (Reset has whole seconds) */
const SAME_WINDOW_MS = 1500;

interface TokenState {
	/** the queue: each request waits for the one before it to take its slot */
	gate: Promise<void>;
	/** requests sent (each one's sequence number) and when the last one went */
	sent: number;
	lastSentAt: number;
	inflight: number;
	/** the window as last announced, by the answer to request `seenSeq`, received at `seenAt` */
	seenSeq: number;
	seenAt: number;
	/** requests per ms other processes send with the token: what Remaining fell by beyond ours */
	othersRate: number;
	/** when an answer last showed requests that were surely not this process's */
	othersSeenAt: number;
	/** when the first answer with rate-limit headers arrived */
	knownSince: number;
	/** the window whose requests are counted (its reset, the first answer read of it, the last rate sample) */
	countedReset?: number;
	countedSeq: number;
	countedSince: number;
	/** this process's requests answered in that window */
	ownInWindow: number;
	/** the others' requests counted in that window, when last sampled for othersRate */
	othersCounted: number;
	limit?: number;
	maxRemaining: number;
	remaining?: number;
	/** local ms, never before the real reset (from the lower bound of the vendor's clock) */
	resetAt?: number;
	/** how much earlier the reset may be (Reset and Date have whole seconds): pacing aims at the middle */
	resetSlack: number;
	/** the vendor clock minus ours, bounded from below and above by the Date headers seen */
	skewLow?: number;
	skewHigh?: number;
	/** no request before this (429 Retry-After, a 5xx backoff) */
	blockedUntil: number;
	/** after a 429, and when a window has reset: one request at a time until an answer without 429 */
	probe: boolean;
	probeSince: number;
}

const tokens = new Map<string, TokenState>();

function stateOf(key: string): TokenState {
	let s = tokens.get(key);
	if (!s) {
		s = { gate: Promise.resolve(), sent: 0, lastSentAt: 0, inflight: 0, seenSeq: 0, seenAt: 0, othersRate: 0, othersSeenAt: -Infinity, knownSince: Infinity, countedSeq: 0, countedSince: 0, ownInWindow: 0, othersCounted: 0, maxRemaining: 0, resetSlack: 0, blockedUntil: 0, probe: false, probeSince: 0 };
		tokens.set(key, s);
	}
	return s;
}

/** The earliest time the next request of the token may go (local ms). */
function earliest(s: TokenState, now: number, pace: boolean): number {
	const at = s.blockedUntil;
	if (!pace || s.remaining === undefined || s.resetAt === undefined) return at;
	if (s.resetAt <= now) {
		// The announced window is over, and how much of the next one other processes have used is
		// unknown: one request goes alone, and its answer tells (two workers each assuming a full
		// window would spend it twice).
		s.remaining = undefined;
		s.resetAt = undefined;
		s.probe = true;
		s.probeSince = now;
		return at;
	}
	const limit = s.limit ?? s.maxRemaining + 1;
	// the lowest Remaining of the window came last; this process's requests still unanswered come after it
	const left = s.remaining - s.inflight;
	if (left <= 0) return Math.max(at, s.resetAt + RESET_MARGIN_MS);
	// less what other processes have likely sent since that answer (at least one is left to try)
	const shared = now - s.othersSeenAt < OTHERS_MEMORY_MS || now - s.knownSince < ALONE_AFTER_MS;
	const othersRate = shared ? s.othersRate : 0;
	const likely = Math.max(Math.min(left, 1), left - othersRate * (now - s.seenAt));
	if (likely > limit * (shared ? PACE_FROM_SHARED : PACE_FROM_ALONE)) return at;
	// Spread what is left up to the likeliest reset, sharing it with the other processes at the rate
	// they have been using; waiting for a window that has run out uses the safe reset (above). A
	// spread that ends a little early costs a short wait at the reset, one that ends late leaves
	// requests of the window unused.
	const toReset = s.resetAt - now;
	const span = toReset - Math.min(s.resetSlack, toReset / 2);
	const mine = likely / span - othersRate;
	return Math.max(at, s.lastSentAt + (mine > 0 ? Math.min(span, 1 / mine) : span));
}

export interface Slot {
	seq: number;
	sentAt: number;
	/** call once the answer (or an error) is in */
	done(): void;
}

/** Waits for this request's turn on the token `key`, then takes it (see the top of the file). */
export async function takeSlot(key: string, pace: boolean): Promise<Slot> {
	const s = stateOf(key);
	const before = s.gate;
	let open!: () => void;
	s.gate = new Promise<void>((r) => (open = r));
	await before;
	try {
		for (;;) {
			const now = Date.now();
			const at = earliest(s, now, pace);
			const probing = s.probe && s.inflight > 0 && now - s.probeSince < PROBE_TIMEOUT_MS;
			if (at <= now && !probing) break;
			await sleep(probing ? 25 : Math.min(at - now, RECHECK_MS));
		}
		const seq = ++s.sent;
		s.lastSentAt = Date.now();
		s.inflight++;
		if (s.probe) s.probeSince = s.lastSentAt;
		let finished = false;
		return {
			seq,
			sentAt: s.lastSentAt,
			done: () => {
				if (!finished) s.inflight--;
				finished = true;
			},
		};
	} finally {
		open();
	}
}

/** Reads an answer's Date and rate-limit headers into the token's state. */
export function recordAnswer(key: string, slot: Slot, status: number, headers: Record<string, string>, pace: boolean): void {
	const s = stateOf(key);
	const receivedAt = Date.now();
	if (status !== 429) s.probe = false;
	// Date has whole seconds: the vendor's clock at the answer lies in [date, date + 1 s), so
	// date − received ≤ skew < date + 1 s − sent. The bounds narrow with every answer; a new
	// sample outside them means the vendor clock moved, and they start again.
	const date = headers.date ? Date.parse(headers.date) : NaN;
	if (Number.isFinite(date)) {
		const low = date - receivedAt;
		const high = date + 1000 - slot.sentAt;
		if (s.skewLow === undefined || s.skewHigh === undefined || low > s.skewHigh || high < s.skewLow) {
			s.skewLow = low;
			s.skewHigh = high;
		} else {
			s.skewLow = Math.max(s.skewLow, low);
			s.skewHigh = Math.min(s.skewHigh, high);
		}
	}
	if (!pace) return;
	// the lower bound of the vendor's clock: a reset is never thought nearer than it is
	const w = rateWindow(headers, receivedAt + (Number.isFinite(date) ? (s.skewLow ?? 0) : 0));
	if (!w) return;
	if (w.limit !== undefined) s.limit = w.limit;
	if (s.knownSince === Infinity) s.knownSince = receivedAt;
	s.maxRemaining = Math.max(s.maxRemaining, w.remaining);
	const resetAt = receivedAt + w.resetInMs;
	countOthers(s, slot, status, w, resetAt, receivedAt);
	// Answers of concurrent requests arrive in any order. Within one window the lowest Remaining is
	// the latest: keep it. Another window: the answer to a later request replaces it (a new window,
	// or a limit changed), an earlier one is old.
	const sameWindow = s.remaining !== undefined && s.resetAt !== undefined && Math.abs(resetAt - s.resetAt) < SAME_WINDOW_MS;
	if (sameWindow) {
		if (w.remaining >= s.remaining!) return;
	} else if (slot.seq < s.seenSeq) return;
	s.seenSeq = slot.seq;
	s.seenAt = receivedAt;
	s.remaining = w.remaining;
	s.resetAt = sameWindow ? Math.max(resetAt, s.resetAt!) : resetAt;
	// Reset in whole seconds may be up to 1 s late (the sandbox rounds it up); an epoch Reset is also
	// read against the lowest vendor clock the Date headers allow
	const skewWidth = Number.isFinite(date) && w.epoch ? Math.min(1000, (s.skewHigh ?? 0) - (s.skewLow ?? 0)) : 0;
	s.resetSlack = (1000 + skewWidth) / 2;
}

/**
 * Other processes using the token: what the window has used (limit − Remaining) beyond every
 * request this process has had answered in that window or still has in flight is surely theirs.
 */
function countOthers(s: TokenState, slot: Slot, status: number, w: RateWindow, resetAt: number, receivedAt: number): void {
	if (status === 429 || w.limit === undefined) return;
	if (s.countedReset === undefined || Math.abs(resetAt - s.countedReset) >= SAME_WINDOW_MS) {
		if (slot.seq < s.countedSeq) return; // an answer from an older window
		s.countedReset = resetAt;
		s.countedSeq = slot.seq;
		s.countedSince = receivedAt;
		s.ownInWindow = 0;
		s.othersCounted = 0;
	}
	s.ownInWindow++;
	const others = w.limit - w.remaining - s.ownInWindow - (s.inflight - 1);
	if (others > 0) s.othersSeenAt = receivedAt;
	// their recent rate: what they added since the last sample, at least RATE_SAMPLE_MS ago
	if (receivedAt - s.countedSince >= RATE_SAMPLE_MS) {
		const added = Math.max(0, others - s.othersCounted);
		s.othersRate = (s.othersRate + added / (receivedAt - s.countedSince)) / 2;
		s.othersCounted = Math.max(s.othersCounted, others);
		s.countedSince = receivedAt;
	}
}

/**
 * No request of the token for `ms` (every waiter of the process waits too). After a 429
 * (`probe`), the first request after the wait goes alone until it is answered.
 */
export function holdOff(key: string, ms: number, probe: boolean): void {
	const s = stateOf(key);
	s.blockedUntil = Math.max(s.blockedUntil, Date.now() + ms);
	if (probe) s.probe = true;
}

/** Jitter for a wait of `ms`: up to a tenth of it (at least 250 ms, at most 2 s), so processes do not wake in lockstep. */
export function jitter(ms: number): number {
	return Math.floor(Math.random() * Math.min(2000, Math.max(250, ms / 10)));
}
