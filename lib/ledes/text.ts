/**
 * Neutralising text for LEDES text formats, so a narrative can never break the file:
 * "|" (field separator) → "/", "[" and "]" (the "[]" line terminator) → "(" and ")",
 * CR, LF, tabs and other control characters → one space, typographic characters → their ASCII
 * look-alikes, accented letters → the letter without the accent, anything else non-ASCII → "?".
 * Leading/trailing spaces are trimmed and runs of spaces collapsed.
 */

const REPLACEMENTS: Record<string, string> = {
	'\u2018': "'",
	'\u2019': "'",
	'\u201a': "'",
	'\u201b': "'",
	'\u2032': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u201e': '"',
	'\u2033': '"',
	'\u2013': '-',
	'\u2014': '-',
	'\u2015': '-',
	'\u2212': '-',
	'\u2010': '-',
	'\u2011': '-',
	'\u2026': '...',
	'\u00a0': ' ',
	'\u2007': ' ',
	'\u202f': ' ',
	'\u2022': '*',
	'\u00b7': '.',
	'\u00df': 'ss',
	'\u00e6': 'ae',
	'\u00c6': 'AE',
	'\u0153': 'oe',
	'\u0152': 'OE',
	'\u00f8': 'o',
	'\u00d8': 'O',
	'\u0142': 'l',
	'\u0141': 'L',
	'\u20ac': 'EUR',
	'\u00a3': 'GBP',
	'\u00a9': '(c)',
	'\u00ae': '(R)',
	'\u2122': 'TM',
	'\u00bd': '1/2',
	'\u00bc': '1/4',
	'\u00be': '3/4',
};

/** True when the text is printable ASCII without | [ ], leading/trailing or double spaces: nothing to change. */
const UNCLEAN = /[^\x20-\x5a\x5c\x5e-\x7b\x7d\x7e]| {2}/;
export function isClean(s: string): boolean {
	const n = s.length;
	if (n > 24) return s.charCodeAt(0) !== 32 && s.charCodeAt(n - 1) !== 32 && !UNCLEAN.test(s);
	if (n === 0) return true;
	if (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) return false;
	let prev = 0;
	for (let i = 0; i < n; i++) {
		const c = s.charCodeAt(i);
		if (c < 32 || c > 126 || c === 124 || c === 91 || c === 93 || (c === 32 && prev === 32)) return false;
		prev = c;
	}
	return true;
}

export function neutraliseText(input: string): string {
	if (isClean(input)) return input;
	let out = '';
	for (const ch of input.normalize('NFC')) {
		const c = ch.codePointAt(0)!;
		if (c === 0x7c) out += '/';
		else if (c === 0x5b) out += '(';
		else if (c === 0x5d) out += ')';
		else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) out += ' ';
		else if (c < 0x80) out += ch;
		else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
		else {
			const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
			out += /^[\x20-\x5a\x5c\x5e-\x7b\x7d\x7e]+$/.test(base) ? base : /\s/u.test(ch) ? ' ' : '?';
		}
	}
	return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * XML text: keep Unicode, drop characters XML 1.0 cannot carry (controls other than tab/LF/CR,
 * lone surrogates), and write line breaks as LF (XML parsers turn CRLF and CR into LF anyway).
 */
export function xmlSafeText(input: string): string {
	return input.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

const neutralised = new Map<string, string>();
/** neutraliseText of a value that may be absent (''); short values (ids, codes, names) repeat a lot and are cached. */
export function neutraliseCached(v: string | undefined | null): string {
	if (v === undefined || v === null) return '';
	const s = typeof v === 'string' ? v : String(v);
	if (s.length > 64) return neutraliseText(s);
	let out = neutralised.get(s);
	if (out === undefined) {
		out = neutraliseText(s);
		if (neutralised.size >= 50_000) neutralised.clear();
		neutralised.set(s, out);
	}
	return out;
}
