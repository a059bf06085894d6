/**
 * Bytes → text for LEDES text files, the same rule for a whole buffer (Parse, Validate in memory)
 * and for a stream of chunks (Validate of a file kept on disk, readLedesStream):
 *
 *   UTF-8 (a leading BOM dropped) up to the first byte sequence that is not UTF-8, and Latin-1
 *   (ISO-8859-1, "ANSI" files) from that byte on.
 *
 * A Latin-1 file is ASCII up to its first accented letter, so it reads the same as a whole Latin-1
 * decode; the result never depends on where chunks are cut. UTF-16 files are not decoded here: their
 * NUL bytes come through, and the engine reports them once (ENCODING_INVALID).
 */

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function latin1(b: Uint8Array): string {
	return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

/** Offset of the first byte that does not start a complete, valid UTF-8 sequence (b.length when all are valid). */
export function firstInvalidUtf8(b: Uint8Array): number {
	const n = b.length;
	let i = 0;
	while (i < n) {
		const c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		let need: number;
		if (c >= 0xc2 && c <= 0xdf) need = 1;
		else if (c >= 0xe0 && c <= 0xef) need = 2;
		else if (c >= 0xf0 && c <= 0xf4) need = 3;
		else return i;
		if (i + need >= n) return i;
		const c1 = b[i + 1];
		const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
		const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
		if (c1 < lo || c1 > hi) return i;
		for (let k = 2; k <= need; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
		i += need + 1;
	}
	return n;
}

/** Length of an incomplete UTF-8 sequence at the end of b (0 when none): kept for the next chunk. */
function incompleteTail(b: Uint8Array): number {
	const n = b.length;
	for (let k = 1; k <= 3 && k <= n; k++) {
		const c = b[n - k];
		if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
		const len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 1;
		return len > k ? k : 0;
	}
	return 0;
}

export class LedesDecoder {
	private latin = false;
	private start = true;
	private pending: Uint8Array | undefined;

	/** Decodes the next chunk; `stream: false` (the last call) flushes an incomplete sequence as Latin-1. */
	decode(chunk: Uint8Array, stream = true): string {
		let b = chunk;
		if (this.pending) {
			const joined = new Uint8Array(this.pending.length + chunk.length);
			joined.set(this.pending);
			joined.set(chunk, this.pending.length);
			b = joined;
			this.pending = undefined;
		}
		if (this.start) {
			if (b.length < 3 && stream && b.length > 0 && b[0] === 0xef) {
				this.pending = b; // maybe a BOM cut by the chunk boundary
				return '';
			}
			this.start = b.length === 0;
			if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
		}
		if (this.latin) return latin1(b);
		if (stream) {
			const tail = incompleteTail(b);
			if (tail) {
				this.pending = b.slice(b.length - tail);
				b = b.subarray(0, b.length - tail);
			}
		}
		try {
			return utf8.decode(b);
		} catch {
			const k = firstInvalidUtf8(b);
			this.latin = true;
			return utf8.decode(b.subarray(0, k)) + latin1(b.subarray(k));
		}
	}

	/** The end of the input: an incomplete sequence left over is read as Latin-1. */
	end(): string {
		if (!this.pending) return '';
		return this.decode(new Uint8Array(0), false);
	}
}

/** Decodes a whole LEDES file held in memory (same rule as LedesDecoder on a stream). */
export function decodeLedesBytes(bytes: Uint8Array): string {
	return new LedesDecoder().decode(bytes, false);
}
