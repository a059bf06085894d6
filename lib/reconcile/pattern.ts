/**
 * Bounds on the rejection map's `reasonPattern` (issue 13, item 15): a user regex runs on vendor
 * text, and a pattern such as `^(\w+\s?)+$` backtracks exponentially (0.93 s on 27 characters,
 * more on each added one). A pattern is accepted only when its backtracking stays polynomial and
 * small, and the text it runs on is capped:
 *
 * - no repetition of something that itself repeats or alternates (star height ≤ 1): `(a+)+`,
 *   `(\w+\s?)*`, `(a|ab)+` are refused;
 * - no backreferences (`\1`, `\k<name>`);
 * - at most MAX_REPEATS repeating quantifiers and MAX_PATTERN characters (each further overlapping
 *   quantifier multiplies the worst case by the text length: `a*a*a*!` on 300 characters took 4 s);
 * - the reason text is cut to MAX_REASON_TEXT characters before matching.
 *
 * Worst case then is about n³ steps on n = 300 characters (under 0.1 s on the 2-core VM).
 */

export const MAX_PATTERN = 200;
export const MAX_REPEATS = 2;
export const MAX_REASON_TEXT = 300;

interface Frame {
	/** holds a repeating quantifier */
	repeats: boolean;
	/** holds an alternation */
	alt: boolean;
}

/** Why a pattern is refused, or undefined when it is safe (syntax errors are left to new RegExp). */
export function unsafePatternReason(pattern: string): string | undefined {
	if (pattern.length > MAX_PATTERN) return `is longer than ${MAX_PATTERN} characters`;
	const stack: Frame[] = [{ repeats: false, alt: false }];
	let repeats = 0;
	// the last atom: a closed group (its frame), a single atom (null), or none (undefined)
	let last: Frame | null | undefined;
	const n = pattern.length;
	for (let i = 0; i < n; i++) {
		const c = pattern[i];
		const top = stack[stack.length - 1];
		if (c === '\\') {
			const d = pattern[i + 1] ?? '';
			if (/[1-9]/.test(d) || d === 'k') return 'uses a backreference (\\1, \\k<name>), which can take exponential time';
			i++;
			last = null;
			continue;
		}
		if (c === '[') {
			// a character class is one atom
			let j = i + 1;
			if (pattern[j] === '^') j++;
			if (pattern[j] === ']') j++;
			while (j < n && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
			i = j;
			last = null;
			continue;
		}
		if (c === '(') {
			stack.push({ repeats: false, alt: false });
			if (pattern[i + 1] === '?') {
				// (?: (?= (?! (?<= (?<! (?<name>
				i++;
				if (pattern[i + 1] === '<' && pattern[i + 2] !== '=' && pattern[i + 2] !== '!') {
					const close = pattern.indexOf('>', i);
					if (close !== -1) i = close;
				} else i += pattern[i + 1] === '<' ? 2 : 1;
			}
			last = undefined;
			continue;
		}
		if (c === ')') {
			if (stack.length === 1) return undefined; // unbalanced: new RegExp reports it
			const closed = stack.pop()!;
			const parent = stack[stack.length - 1];
			parent.repeats ||= closed.repeats;
			parent.alt ||= closed.alt;
			last = closed;
			continue;
		}
		if (c === '|') {
			top.alt = true;
			last = undefined;
			continue;
		}
		const q = quantifier(pattern, i);
		if (q) {
			if (q.repeating) {
				if (last && (last.repeats || last.alt))
					return 'repeats a group that itself repeats or alternates (like (a+)+ or (a|b)*), which can take exponential time';
				if (++repeats > MAX_REPEATS) return `has more than ${MAX_REPEATS} repeating quantifiers (*, +, {n,})`;
				top.repeats = true;
			}
			i += q.length - 1;
			if (pattern[i + 1] === '?') i++; // lazy
			last = undefined;
			continue;
		}
		last = null;
	}
	return undefined;
}

function quantifier(p: string, i: number): { length: number; repeating: boolean } | undefined {
	const c = p[i];
	if (c === '*' || c === '+') return { length: 1, repeating: true };
	if (c === '?') return { length: 1, repeating: false };
	if (c !== '{') return undefined;
	const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
	if (!m) return undefined;
	const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
	return { length: m[0].length, repeating: max > 1 };
}

const compiled = new Map<string, RegExp>();

/**
 * Why a user-written reason pattern is refused (not a regular expression, or not safe: see
 * unsafePatternReason), or undefined when it is accepted. `hint` is added to the "not safe" message.
 */
export function patternProblem(pattern: string, hint = ''): string | undefined {
	try {
		new RegExp(pattern, 'i');
	} catch {
		return 'is not a valid regular expression';
	}
	const why = unsafePatternReason(pattern);
	return why ? `is not a safe pattern: it ${why}${hint}` : undefined;
}

/** Tests a (validated) reason pattern on vendor text, case-insensitive, on at most MAX_REASON_TEXT characters. */
export function reasonMatches(pattern: string, text: string): boolean {
	if (unsafePatternReason(pattern) !== undefined) return false;
	let re = compiled.get(pattern);
	if (!re) {
		re = new RegExp(pattern, 'i');
		if (compiled.size > 256) compiled.clear();
		compiled.set(pattern, re);
	}
	return re.test(text.length > MAX_REASON_TEXT ? text.slice(0, MAX_REASON_TEXT) : text);
}
