/**
 * Chunks of text → lines, for the LEDES stream reader: linear in the text, bounded in memory. A line
 * that spans chunks is kept as a list of pieces and joined once; a line longer than maxLineLength is
 * dropped as it arrives (never joined, never split) and only its start is passed on. The first line
 * end decides the file's terminator: LF or CRLF (lines keep their CR, which the readers skip), or CR
 * alone (old Mac files).
 */
import { LEDES_LIMITS } from './limits';

const NON_ASCII = /[^\x00-\x7f]/;
const EOL_UNKNOWN = 0;
const EOL_LF = 1;
const EOL_CR = 2;
const CR_LINE_END = /\r\n?/g;

export interface LineSink {
	/** one complete line (it may end with the CR of a CRLF) */
	line(text: string): void;
	/** a line over the cap: its first LEDES_LIMITS.headerChars characters */
	tooLong(head: string): void;
}

export class LineSplitter {
	/** the chunk of the line being handed over (and any carried-over part) is pure ASCII */
	ascii = false;
	/** the current partial line, as pieces of the chunks it came in (joined once, when it ends) */
	private parts: string[] = [];
	private partLen = 0;
	/** the current partial line passed maxLineLength: its text is dropped, only its start is kept */
	private overlong = false;
	private overlongHead = '';
	private restAscii = true;
	/** line terminators: not seen yet, LF/CRLF (lines split at LF), or CR alone (old Mac files) */
	private eol: 0 | 1 | 2 = EOL_UNKNOWN;
	/** the last chunk ended with a CR taken as a line end: an LF starting the next one is its pair */
	private skipLf = false;

	constructor(
		private readonly maxLine: number,
		private readonly sink: LineSink,
	) {}

	/**
	 * Feed text; lines are processed as soon as they are complete. Linear in the text: a line that
	 * spans chunks is kept as a list of pieces and joined once, and a line longer than maxLineLength
	 * is dropped as it arrives (never joined, never split).
	 */
	push(chunk: string): void {
		if (chunk.length === 0) return;
		if (this.skipLf) {
			// the CR that ended the last chunk: CRLF when an LF follows, else a CR-only file
			this.skipLf = false;
			const lf = chunk.charCodeAt(0) === 10;
			if (this.eol === EOL_UNKNOWN) this.eol = lf ? EOL_LF : EOL_CR;
			if (lf) chunk = chunk.slice(1);
			if (chunk.length === 0) return;
		}
		if (this.eol !== EOL_LF) chunk = this.crLineEnds(chunk);
		// One regex pass per chunk: lines are only searched for non-ASCII characters when their chunk has some.
		const chunkAscii = !NON_ASCII.test(chunk);
		this.ascii = chunkAscii && this.restAscii;
		let nl = chunk.indexOf('\n');
		if (nl === -1) {
			this.carry(chunk, 0, chunk.length);
			this.restAscii = this.ascii;
			return;
		}
		// A line keeps its CR (CRLF files), which the line readers skip.
		if (this.partLen > 0 || this.overlong) {
			this.carry(chunk, 0, nl);
			this.flushCarried();
		} else this.lineAt(chunk, 0, nl);
		let start = nl + 1;
		while ((nl = chunk.indexOf('\n', start)) !== -1) {
			this.lineAt(chunk, start, nl);
			start = nl + 1;
		}
		if (start < chunk.length) {
			this.carry(chunk, start, chunk.length);
			this.restAscii = chunkAscii || !NON_ASCII.test(this.parts[0] ?? '');
		} else this.restAscii = true;
	}

	/**
	 * The file's line terminator is decided by the first one: LF or CRLF (lines are split at LF and
	 * keep their CR), or CR alone (old Mac files), whose CRs become LFs here, one linear pass per
	 * chunk. A CR ending a chunk while undecided ends the line; an LF opening the next chunk is its pair.
	 */
	private crLineEnds(chunk: string): string {
		if (this.eol === EOL_UNKNOWN) {
			const cr = chunk.indexOf('\r');
			const lf = chunk.indexOf('\n');
			if (cr === -1 || (lf !== -1 && lf < cr) || lf === cr + 1) {
				if (lf !== -1) this.eol = EOL_LF;
				return chunk;
			}
			if (cr === chunk.length - 1) {
				this.skipLf = true;
				return `${chunk.slice(0, cr)}\n`;
			}
			this.eol = EOL_CR;
		}
		if (chunk.indexOf('\r') === -1) return chunk;
		if (chunk.charCodeAt(chunk.length - 1) === 13) this.skipLf = true;
		return chunk.replace(CR_LINE_END, '\n');
	}

	/** A complete line chunk[from, to). */
	private lineAt(chunk: string, from: number, to: number): void {
		if (to - from > this.maxLine) this.sink.tooLong(chunk.slice(from, from + LEDES_LIMITS.headerChars));
		else this.sink.line(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
	}

	/** chunk[from, to) continues the current partial line. */
	private carry(chunk: string, from: number, to: number): void {
		if (this.overlong || to === from) return;
		if (this.partLen + (to - from) > this.maxLine) {
			this.overlong = true;
			this.overlongHead = (this.partLen < LEDES_LIMITS.headerChars ? this.parts.join('') + chunk.slice(from, from + LEDES_LIMITS.headerChars) : this.parts.join('')).slice(0, LEDES_LIMITS.headerChars);
			this.parts = [];
			this.partLen = 0;
			return;
		}
		this.parts.push(from === 0 && to === chunk.length ? chunk : chunk.slice(from, to));
		this.partLen += to - from;
	}

	/** The partial line is complete. */
	private flushCarried(): void {
		if (this.overlong) {
			this.overlong = false;
			this.sink.tooLong(this.overlongHead);
			this.overlongHead = '';
			return;
		}
		const parts = this.parts;
		this.parts = [];
		this.partLen = 0;
		this.sink.line(parts.length === 1 ? parts[0] : parts.join(''));
	}

	/** The text has ended: the last line, if it had no line end. */
	end(): void {
		this.ascii = this.restAscii;
		if (this.partLen > 0 || this.overlong) this.flushCarried();
	}
}
