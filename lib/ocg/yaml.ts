/**
 * A small YAML reader for rule sets. The `yaml` package cannot ship in the node bundle (its code
 * requires `process` and logs to the console, which n8n's verification scan rejects), so rule sets
 * in YAML are read by this subset, which covers what a rule set needs:
 *
 *   block mappings and sequences (also "- key: value" items), flow collections ([a, b], {k: v})
 *   on one or several lines, plain / 'single' / "double" quoted scalars, | and > block scalars
 *   (with - and + chomping), comments, a leading "---", null / booleans / numbers as in YAML 1.2.
 *
 * Anchors, aliases, tags, directives and several documents are refused with the line number, never
 * misread. Tests compare it with the `yaml` package on the same documents.
 *
 * Linear in the text (issue 13): a value spanning lines is read once from the joined text. js-yaml
 * was considered instead; its lib/ would pass the scan, but it always expands aliases (an alias bomb
 * then costs every later walk of the tree) with no switch to refuse them, and its default schema
 * turns dates into Date objects; keeping this reader (and its refusals) was the smaller risk.
 */

export class YamlSubsetError extends Error {
	constructor(
		readonly line: number,
		message: string,
	) {
		super(`line ${line}: ${message}`);
		this.name = 'YamlSubsetError';
	}
}

interface Line {
	/** 1-based line number in the text */
	no: number;
	indent: number;
	/** the line without its indentation and comment */
	text: string;
	/** the raw line (for block scalars) */
	raw: string;
}

function stripComment(s: string): string {
	let quote = '';
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (quote) {
			if (quote === "'" && c === "'" && s[i + 1] === "'") i++;
			else if (quote === '"' && c === '\\') i++;
			else if (c === quote) quote = '';
		} else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:-]/.test(s[i - 1]))) quote = c;
		else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return s.slice(0, i).trimEnd();
	}
	return s.trimEnd();
}

const PLAIN_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);
const PLAIN_TRUE = new Set(['true', 'True', 'TRUE']);
const PLAIN_FALSE = new Set(['false', 'False', 'FALSE']);
const INT = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$/;

function plain(text: string, no: number): unknown {
	const t = text.trim();
	if (PLAIN_NULL.has(t)) return null;
	if (PLAIN_TRUE.has(t)) return true;
	if (PLAIN_FALSE.has(t)) return false;
	if (INT.test(t) || FLOAT.test(t)) return Number(t);
	const c = t[0];
	if (c === '&' || c === '*') throw new YamlSubsetError(no, `anchors and aliases are not supported ("${t}")`);
	if (c === '!') throw new YamlSubsetError(no, `tags are not supported ("${t}")`);
	if (c === '@' || c === '`') throw new YamlSubsetError(no, `a plain value cannot start with "${c}": quote it`);
	return t;
}

/** Reads a quoted scalar starting at s[i]; returns the value and the index after the closing quote. */
function quoted(s: string, i: number, no: number): [string, number] {
	const q = s[i];
	if (q === "'") {
		let out = '';
		for (let k = i + 1; k < s.length; k++) {
			if (s[k] === "'") {
				if (s[k + 1] === "'") {
					out += "'";
					k++;
				} else return [out, k + 1];
			} else out += s[k];
		}
		throw new YamlSubsetError(no, 'unclosed single-quoted string');
	}
	for (let k = i + 1; k < s.length; k++) {
		if (s[k] === '\\') k++;
		else if (s[k] === '"') {
			const body = s.slice(i, k + 1);
			try {
				return [JSON.parse(body.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")) as string, k + 1];
			} catch {
				return [bad(no, `invalid escape in ${body}`), k + 1];
			}
		}
	}
	throw new YamlSubsetError(no, 'unclosed double-quoted string');
}

function shortText(s: string): string {
	return s.length > 60 ? s.slice(0, 60) + '…' : s;
}

function bad(no: number, message: string): never {
	throw new YamlSubsetError(no, message);
}

/** Flow collections and scalars: [a, "b", {k: v}] */
class Flow {
	i = 0;
	constructor(
		readonly s: string,
		readonly no: number,
	) {}
	ws() {
		while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
	}
	value(): unknown {
		this.ws();
		const c = this.s[this.i];
		if (c === '[') return this.seq();
		if (c === '{') return this.map();
		if (c === '"' || c === "'") {
			const [v, end] = quoted(this.s, this.i, this.no);
			this.i = end;
			return v;
		}
		const start = this.i;
		while (this.i < this.s.length && !',]}'.includes(this.s[this.i]) && !(this.s[this.i] === ':' && /\s|$/.test(this.s[this.i + 1] ?? ''))) this.i++;
		return plain(this.s.slice(start, this.i), this.no);
	}
	seq(): unknown[] {
		this.i++;
		const out: unknown[] = [];
		for (;;) {
			this.ws();
			if (this.s[this.i] === ']') {
				this.i++;
				return out;
			}
			if (this.i >= this.s.length) bad(this.no, 'unclosed "["');
			out.push(this.value());
			this.ws();
			if (this.s[this.i] === ',') this.i++;
			else if (this.s[this.i] !== ']') bad(this.no, `expected "," or "]" in a flow sequence, got "${this.s[this.i] ?? 'end of text'}"`);
		}
	}
	map(): Record<string, unknown> {
		this.i++;
		const out: Record<string, unknown> = {};
		for (;;) {
			this.ws();
			if (this.s[this.i] === '}') {
				this.i++;
				return out;
			}
			if (this.i >= this.s.length) bad(this.no, 'unclosed "{"');
			const key = this.value();
			this.ws();
			let v: unknown = null;
			if (this.s[this.i] === ':') {
				this.i++;
				this.ws();
				v = this.s[this.i] === ',' || this.s[this.i] === '}' ? null : this.value();
			}
			setKey(out, String(key), v, this.no);
			this.ws();
			if (this.s[this.i] === ',') this.i++;
			else if (this.s[this.i] !== '}') bad(this.no, `expected "," or "}" in a flow mapping, got "${this.s[this.i] ?? 'end of text'}"`);
		}
	}
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown, no: number) {
	if (Object.prototype.hasOwnProperty.call(obj, key)) bad(no, `duplicate key "${key}"`);
	if (key === '__proto__') bad(no, 'the key "__proto__" is not allowed');
	obj[key] = value;
}

/** Finds the ": " (or final ":") that ends a block mapping key, outside quotes; -1 if none. */
function keyEnd(text: string): number {
	let i = 0;
	if (text[0] === '"' || text[0] === "'") {
		const q = text[0];
		for (i = 1; i < text.length; i++) {
			if (q === "'" && text[i] === "'" && text[i + 1] === "'") i++;
			else if (q === '"' && text[i] === '\\') i++;
			else if (text[i] === q) break;
		}
		i++;
		while (text[i] === ' ') i++;
		return text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ') ? i : -1;
	}
	if (text[0] === '[' || text[0] === '{') return -1;
	for (; i < text.length; i++) if (text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
	return -1;
}

class Block {
	private k = 0;
	/** all line texts joined by one space, and where each ends in it: built once, when a flow collection or quoted string spans lines */
	private joined: { text: string; ends: number[] } | undefined;
	private readonly texts: string[];
	constructor(
		private readonly lines: Line[],
		private readonly raw: string[],
	) {
		this.texts = lines.map((l) => l.text);
	}

	private join(): { text: string; ends: number[] } {
		if (!this.joined) {
			const ends: number[] = [];
			let at = 0;
			for (const t of this.texts) {
				at += t.length;
				ends.push(at);
				at++;
			}
			this.joined = { text: this.texts.join(' '), ends };
		}
		return this.joined;
	}

	/** The line (index ≥ from) on which offset `at` of the joined text falls. */
	private lineAt(at: number, from: number): number {
		const ends = this.join().ends;
		let j = from;
		while (j < ends.length - 1 && ends[j] < at) j++;
		return j;
	}

	parse(): unknown {
		if (this.lines.length === 0) return null;
		const v = this.node(this.lines[0].indent);
		if (this.k < this.lines.length) bad(this.lines[this.k].no, `unexpected indentation or content: "${this.lines[this.k].text}"`);
		return v;
	}

	private get cur(): Line | undefined {
		return this.lines[this.k];
	}

	private node(indent: number): unknown {
		const l = this.cur!;
		if (l.text === '-' || l.text.startsWith('- ')) return this.seq(indent);
		if (keyEnd(l.text) !== -1) return this.map(indent);
		// a lone scalar or flow collection
		this.k++;
		return this.inline(l.text, l, indent);
	}

	private seq(indent: number): unknown[] {
		const out: unknown[] = [];
		while (this.cur && this.cur.indent === indent && (this.cur.text === '-' || this.cur.text.startsWith('- '))) {
			const l = this.cur;
			const rest = l.text.slice(1).replace(/^ +/, '');
			if (!rest) {
				this.k++;
				out.push(this.cur && this.cur.indent > indent ? this.node(this.cur.indent) : null);
			} else if (rest.startsWith('- ') || rest === '-' || keyEnd(rest) !== -1) {
				// "- key: value" / "- - x": the item is a block node starting on this line
				const col = indent + (l.text.length - rest.length);
				this.lines[this.k] = { ...l, indent: col, text: rest };
				out.push(this.node(col));
			} else {
				this.k++;
				out.push(this.inline(rest, l, indent));
			}
		}
		if (this.cur && this.cur.indent > indent) bad(this.cur.no, `unexpected indentation: "${this.cur.text}"`);
		return out;
	}

	private map(indent: number): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		while (this.cur && this.cur.indent === indent && !(this.cur.text === '-' || this.cur.text.startsWith('- '))) {
			const l = this.cur;
			const end = keyEnd(l.text);
			if (end === -1) bad(l.no, `expected "key: value", got "${l.text}"`);
			const keyText = l.text.slice(0, end).trim();
			const key = keyText[0] === '"' || keyText[0] === "'" ? quoted(keyText, 0, l.no)[0] : String(plain(keyText, l.no) ?? 'null');
			const rest = l.text.slice(end + 1).trim();
			this.k++;
			let value: unknown;
			if (!rest) {
				const n = this.cur;
				if (n && n.indent > indent) value = this.node(n.indent);
				else if (n && n.indent === indent && (n.text === '-' || n.text.startsWith('- '))) value = this.seq(indent);
				else value = null;
			} else if (/^[|>][-+]?$/.test(rest)) value = this.blockScalar(rest, indent, l.no);
			else value = this.inline(rest, l, indent);
			setKey(out, key, value, l.no);
		}
		if (this.cur && this.cur.indent > indent) bad(this.cur.no, `unexpected indentation: "${this.cur.text}"`);
		return out;
	}

	/**
	 * A value written on the line: flow collection (possibly continued), quoted or plain scalar (possibly
	 * folded over more-indented lines). `text` is a suffix of the text of line k − 1. A value that
	 * continues on later lines is read ONCE from the joined text of the document (lines joined by a
	 * space), so the work stays linear (re-reading the growing value for each line was quadratic:
	 * a 10,000-line flow list took 80 s).
	 */
	private inline(text: string, l: Line, indent: number): unknown {
		const k0 = this.k - 1;
		if (text[0] === '[' || text[0] === '{') {
			const f = new Flow(text, l.no);
			let v: unknown;
			let failure: unknown;
			try {
				v = f.value();
			} catch (e) {
				failure = e;
			}
			const continues = (e: unknown) => e instanceof YamlSubsetError && /unclosed|end of text/.test(e.message);
			if (failure !== undefined && !continues(failure)) throw failure;
			if (failure === undefined) {
				f.ws();
				if (f.i < text.length) bad(l.no, `unexpected text after a flow collection: "${shortText(text.slice(f.i))}"`);
				return v;
			}
			if (!this.cur) bad(l.no, `unclosed "${text[0]}"`);
			const { text: all, ends } = this.join();
			const g = new Flow(all, l.no);
			g.i = ends[k0] - text.length;
			failure = undefined;
			try {
				v = g.value();
			} catch (e) {
				failure = e;
			}
			if (failure !== undefined) {
				if (continues(failure)) bad(l.no, `unclosed "${text[0]}"`);
				throw failure;
			}
			const j = this.lineAt(g.i, k0);
			const after = all.slice(g.i, ends[j]).trim();
			if (after) bad(l.no, `unexpected text after a flow collection: "${shortText(after)}"`);
			this.k = j + 1;
			return v;
		}
		if (text[0] === '"' || text[0] === "'") {
			// a quoted string may continue on more-indented lines (each line break folds to a space)
			let r: [string, number] | undefined;
			let failure: unknown;
			try {
				r = quoted(text, 0, l.no);
			} catch (e) {
				failure = e;
			}
			if (r) {
				if (text.slice(r[1]).trim()) bad(l.no, `unexpected text after a quoted string: "${shortText(text.slice(r[1]).trim())}"`);
				return r[0];
			}
			if (!(failure instanceof YamlSubsetError && /unclosed/.test(failure.message) && this.cur && this.cur.indent > indent)) throw failure;
			const { text: all, ends } = this.join();
			const start = ends[k0] - text.length;
			// the string may only run over the more-indented lines that follow
			let last = k0;
			while (last + 1 < this.lines.length && this.lines[last + 1].indent > indent) last++;
			const [value, endIn] = quoted(all.slice(start, ends[last]), 0, l.no);
			const end = start + endIn;
			const j = this.lineAt(end, k0);
			const after = all.slice(end, ends[j]).trim();
			if (after) bad(l.no, `unexpected text after a quoted string: "${shortText(after)}"`);
			this.k = j + 1;
			return value;
		}
		if (text.startsWith('&') || text.startsWith('*') || text.startsWith('!')) plain(text, l.no);
		let folded = text;
		while (this.cur && this.cur.indent > indent && keyEnd(this.cur.text) === -1 && !this.cur.text.startsWith('- ')) {
			folded += ' ' + this.cur.text;
			this.k++;
		}
		return folded === text ? plain(text, l.no) : folded.trim();
	}

	/** | (literal) and > (folded) block scalars, with - (strip) and + (keep) chomping. */
	private blockScalar(header: string, indent: number, headerNo: number): string {
		let last = headerNo;
		while (this.cur && this.cur.indent > indent) last = this.lines[this.k++].no;
		if (last === headerNo) return '';
		// the raw lines, blank ones included (comments inside a block scalar are text)
		const body = this.raw.slice(headerNo, last);
		// a loop, not Math.min(...rows): a spread of 100,000+ rows overflows the stack
		let at = Infinity;
		for (const b of body) if (b.trim()) at = Math.min(at, b.length - b.trimStart().length);
		const rows = body.map((b) => b.slice(at));
		let text = '';
		if (header[0] === '|') text = rows.join('\n');
		else
			rows.forEach((r, i) => {
				if (i === 0) text = r;
				else if (r === '') text += '\n';
				else if (rows[i - 1] === '') text += r;
				else text += ' ' + r;
			});
		const chomp = header[1];
		if (chomp === '-') return text.replace(/\n+$/, '');
		return text.replace(/\n+$/, '') + '\n';
	}
}

/** Parses YAML (the subset described above) into plain JSON values. Throws YamlSubsetError with the line. */
export function parseYamlSubset(text: string): unknown {
	const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const lines: Line[] = [];
	let started = false;
	for (let n = 0; n < raw.length; n++) {
		const r = raw[n];
		const no = n + 1;
		if (/^ *\t/.test(r)) bad(no, 'tabs cannot indent YAML: use spaces');
		const t = stripComment(r);
		const body = t.trim();
		if (body === '') continue;
		if (!started && body === '---') {
			started = true;
			continue;
		}
		if (body === '---' || body === '...') {
			if (raw.slice(n + 1).some((x) => stripComment(x).trim())) bad(no, 'only one YAML document is supported');
			break;
		}
		if (body.startsWith('%')) bad(no, 'YAML directives are not supported');
		started = true;
		lines.push({ no, indent: t.length - t.trimStart().length, text: body, raw: r });
	}
	return new Block(lines, raw).parse();
}
