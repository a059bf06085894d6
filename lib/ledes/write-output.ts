/**
 * The LEDES writer's output: one reusable byte buffer that the writer fills field by field. Text
 * is copied when it is already LEDES-safe ASCII (checked while it is copied) and neutralised only
 * when it is not; integers, money and units are written digit by digit from 1/10,000 units. No
 * per-field strings are made.
 */
import { isClean, neutraliseCached } from './text';

/** Four ASCII digits for each of 0–9999. */
const DIGITS = new Uint8Array(40000);
for (let i = 0; i < 10000; i++) {
	DIGITS[i * 4] = 48 + Math.floor(i / 1000);
	DIGITS[i * 4 + 1] = 48 + (Math.floor(i / 100) % 10);
	DIGITS[i * 4 + 2] = 48 + (Math.floor(i / 10) % 10);
	DIGITS[i * 4 + 3] = 48 + (i % 10);
}

export class LedesByteOutput {
	buf = Buffer.allocUnsafe(1 << 16);
	/** bytes written */
	pos = 0;

	/** Room for `n` more bytes in the buffer. */
	room(n: number): void {
		if (this.pos + n <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < this.pos + n) size *= 2;
		const next = Buffer.allocUnsafe(size);
		this.buf.copy(next, 0, 0, this.pos);
		this.buf = next;
	}

	/** Text of bytes [from, to) (ASCII). */
	slice(from: number, to: number): string {
		return this.buf.toString('latin1', from, to);
	}

	/** Text written once as bytes, e.g. the header lines (room made as needed). */
	write(s: string): void {
		this.room(s.length);
		this.pos += this.buf.write(s, this.pos, 'latin1');
	}

	/** Prepared bytes, e.g. an invoice-level run of fields with its separators (undefined: a bare "|"). */
	run(c: Uint8Array | undefined): void {
		if (c === undefined) {
			this.buf[this.pos++] = 124;
			return;
		}
		const n = c.length;
		if (n > 16) {
			if (n > 32) this.room(n);
			this.buf.set(c, this.pos);
			this.pos += n;
			return;
		}
		const b = this.buf;
		let pos = this.pos;
		for (let i = 0; i < n; i++) b[pos++] = c[i];
		this.pos = pos;
	}

	/** Copies text that is already LEDES-safe ASCII (short text by hand, longer natively). */
	putAscii(s: string): void {
		const n = s.length;
		if (n > 16) {
			if (n > 32) this.room(n);
			this.pos += this.buf.write(s, this.pos, 'latin1');
			return;
		}
		const b = this.buf;
		let pos = this.pos;
		for (let i = 0; i < n; i++) b[pos++] = s.charCodeAt(i);
		this.pos = pos;
	}

	/**
	 * Copies a text value when it needs no neutralising (printable ASCII without | [ ], no leading,
	 * trailing or double spaces: checked while copying short text, by text.ts's isClean for longer
	 * text), else writes neutraliseText(value).
	 */
	putText(v: string | undefined | null): void {
		if (v === undefined || v === null) return;
		const s = typeof v === 'string' ? v : String(v);
		const n = s.length;
		if (n === 0) return;
		if (n > 24) {
			if (n > 32) this.room(n);
			if (isClean(s)) this.pos += this.buf.write(s, this.pos, 'latin1');
			else this.putAscii(neutraliseCached(s));
			return;
		}
		const b = this.buf;
		const start = this.pos;
		let pos = start;
		let prev = 32; // a leading space counts as unclean
		for (let i = 0; i < n; i++) {
			const c = s.charCodeAt(i);
			if (c < 32 || c > 126 || c === 124 || c === 91 || c === 93 || (c === 32 && prev === 32)) return this.putAscii(neutraliseCached(s));
			b[pos++] = c;
			prev = c;
		}
		if (prev === 32) return this.putAscii(neutraliseCached(s));
		this.pos = pos;
	}

	/** A non-negative safe integer in decimal digits (room already made). */
	uint(v: number): void {
		const b = this.buf;
		let pos = this.pos;
		if (v >= 10000) {
			const hi = Math.floor(v / 10000);
			this.uint(hi);
			pos = this.pos;
			const o = (v - hi * 10000) * 4;
			b[pos] = DIGITS[o];
			b[pos + 1] = DIGITS[o + 1];
			b[pos + 2] = DIGITS[o + 2];
			b[pos + 3] = DIGITS[o + 3];
			this.pos = pos + 4;
			return;
		}
		const o = v * 4;
		if (v >= 1000) b[pos++] = DIGITS[o];
		if (v >= 100) b[pos++] = DIGITS[o + 1];
		if (v >= 10) b[pos++] = DIGITS[o + 2];
		b[pos++] = DIGITS[o + 3];
		this.pos = pos;
	}

	/** "." and the first `keep` of the four fraction digits of `frac` (0–9999). */
	private frac4(frac: number, keep: number): void {
		const b = this.buf;
		const o = frac * 4;
		let pos = this.pos;
		b[pos++] = 46;
		b[pos++] = DIGITS[o];
		b[pos++] = DIGITS[o + 1];
		if (keep > 2) b[pos++] = DIGITS[o + 2];
		if (keep > 3) b[pos++] = DIGITS[o + 3];
		this.pos = pos - (keep === 1 ? 1 : 0);
	}

	/** Money in 1/10,000 units (a safe integer): 2 decimals, or up to 4 when needed (as formatMoneyScaled). */
	money(v4: number): void {
		const neg = v4 < 0;
		const abs = neg ? -v4 : v4;
		const int = abs < 2147483648 ? (abs / 10000) | 0 : split4(abs)[0];
		const frac = abs - int * 10000;
		if (neg && abs !== 0) this.buf[this.pos++] = 45;
		this.uint(int);
		this.frac4(frac, frac % 100 === 0 ? 2 : frac % 10 === 0 ? 3 : 4);
	}

	/** Units in 1/10,000 units (non-negative), with as few decimals as needed. */
	units(q4: number): void {
		const int = q4 < 2147483648 ? (q4 / 10000) | 0 : split4(q4)[0];
		const frac = q4 - int * 10000;
		this.uint(int);
		if (frac !== 0) this.frac4(frac, frac % 10 !== 0 ? 4 : frac % 100 !== 0 ? 3 : frac % 1000 !== 0 ? 2 : 1);
	}
}

/** Integer part and 1/10,000 fraction of a non-negative safe integer in 1/10,000 units. */
function split4(abs: number): [number, number] {
	let int = Math.floor(abs / 10000);
	let frac = abs - int * 10000;
	if (frac < 0) {
		int -= 1;
		frac += 10000;
	} else if (frac >= 10000) {
		int += 1;
		frac -= 10000;
	}
	return [int, frac];
}
