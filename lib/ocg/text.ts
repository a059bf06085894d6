/**
 * Narrative text helpers. Words and phrases match WHOLE words, case-insensitively: "phone" never
 * matches inside "telephone", "one" never inside "phone". A phrase ("attention to") matches the
 * same words separated by any run of spaces or punctuation-free whitespace.
 */

const WORD_CHAR = '\\p{L}\\p{N}_';

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A case-insensitive regex matching any of the words/phrases as whole words; `undefined` for an empty list. */
export function wordListRegExp(words: readonly string[], global = false): RegExp | undefined {
	const parts = words
		.map((w) => w.trim())
		.filter((w) => w.length > 0)
		// longest first, so "attention to" wins over "attention"
		.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
		.map((w) => w.split(/\s+/).map(escapeRegExp).join('\\s+'));
	if (parts.length === 0) return undefined;
	return new RegExp(`(?<![${WORD_CHAR}])(?:${parts.join('|')})(?![${WORD_CHAR}])`, global ? 'giu' : 'iu');
}

/** All distinct matches (lower-cased, in order of first appearance). */
export function findWords(re: RegExp | undefined, text: string): string[] {
	if (!re || !text) return [];
	const g = re.global ? re : new RegExp(re.source, re.flags + 'g');
	g.lastIndex = 0;
	const seen: string[] = [];
	let m: RegExpExecArray | null;
	while ((m = g.exec(text)) !== null) {
		const w = m[0].toLowerCase().replace(/\s+/g, ' ');
		if (!seen.includes(w)) seen.push(w);
	}
	return seen;
}

/** Lower-case, punctuation to spaces, runs of spaces collapsed, trimmed: "Review." → "review". */
export function normalizeNarrative(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Number of words (runs of letters/digits). */
export function countWords(text: string): number {
	let n = 0;
	let inWord = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		const w = c < 128 ? (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : !/\s/.test(text[i]);
		if (w && !inWord) n++;
		inWord = w;
	}
	return n;
}

/** Verbs that, joined by "and", signal several tasks in one entry (block billing). */
export const TASK_VERBS = [
	'analyze',
	'analyse',
	'attend',
	'call',
	'conference',
	'confer',
	'correspond',
	'discuss',
	'draft',
	'edit',
	'email',
	'e-mail',
	'finalize',
	'finalise',
	'meet',
	'prepare',
	'research',
	'respond',
	'review',
	'revise',
	'summarize',
	'summarise',
	'telephone',
	'travel',
	'update',
];

const AND_VERB = new RegExp(
	`(?<![${WORD_CHAR}])and\\s+(?:${TASK_VERBS.map(escapeRegExp).join('|')})[\\p{L}]*(?![${WORD_CHAR}])`,
	'giu',
);
/** An inline time split such as "(.4)", "(0.4)", "(1.2 h)", "(.3 hrs)". */
const INLINE_TIME = /\(\s*\d*\.\d+\s*(?:h|hr|hrs|hours?)?\s*\)/gi;

export interface BlockSignals {
	semicolons: number;
	andVerbs: number;
	inlineTimes: number;
	/** task separators found: semicolons + "and <verb>" joins, or inline time splits − 1 when larger */
	separators: number;
}

export function blockSignals(text: string, separators: readonly string[], countAndVerbs: boolean, countInlineTimes: boolean): BlockSignals {
	let semicolons = 0;
	const trimmed = text.trim();
	for (const sep of separators) {
		if (!sep) continue;
		let from = 0;
		for (;;) {
			const at = trimmed.indexOf(sep, from);
			if (at === -1) break;
			// a separator at the very end separates nothing
			if (at + sep.length < trimmed.length) semicolons++;
			from = at + sep.length;
		}
	}
	let andVerbs = 0;
	if (countAndVerbs && trimmed.length > 8) {
		AND_VERB.lastIndex = 0;
		while (AND_VERB.exec(trimmed) !== null) andVerbs++;
	}
	let inlineTimes = 0;
	if (countInlineTimes && trimmed.indexOf('(') !== -1) {
		INLINE_TIME.lastIndex = 0;
		while (INLINE_TIME.exec(trimmed) !== null) inlineTimes++;
	}
	const joined = semicolons + andVerbs;
	return { semicolons, andVerbs, inlineTimes, separators: Math.max(joined, inlineTimes - 1) };
}
