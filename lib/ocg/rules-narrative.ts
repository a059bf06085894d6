/**
 * Narrative rules: block billing, banned words, vague and short narratives, clerical work and
 * event attendance (several timekeepers billing the same meeting or hearing).
 */
import { decimalsOf, toScaled } from '../money/fixed';
import type { Prepared } from './prepare';
import { blockSignals, countWords, findWords, normalizeNarrative, wordListRegExp } from './text';
import { codeMatcher } from './code-lists';
import { FEE, LINES, ZERO, type Factory } from './rule-kit';

export const blockBilling: Factory<'blockBilling'> = (params) => {
	return {
		kinds: FEE,
		needs: { q: decimalsOf(params.minHours) },
		vars: ['tasks', 'separators', 'minHours'],
		defaultMessage: 'Block billing: {{tasks}} tasks in one entry of {{quantity}} h',
		bind: (batch) => {
			const minQ = toScaled(params.minHours, batch.scales.q);
			return (p) => {
			if (p.q <= minQ || !p.narrative) return undefined;
			const s = blockSignals(p.narrative, params.separators, params.countAndVerbs, params.countInlineTimes);
			if (s.separators < params.minSeparators) return undefined;
			return { ops: ZERO, details: { tasks: s.separators + 1, separators: s.separators, minHours: params.minHours } };
			};
		},
	};
};

export const bannedWords: Factory<'bannedWords'> = (params) => {
	const re = wordListRegExp(params.words)!;
	const all = wordListRegExp(params.words, true);
	return {
		kinds: LINES,
		vars: ['words'],
		defaultMessage: 'Line item description contains a disallowed word: {{words}}',
		bind: () => (p) => {
			if (!p.narrative || !re.test(p.narrative)) return undefined;
			return { ops: ZERO, details: { words: findWords(all, p.narrative).join(', ') } };
		},
	};
};

export const vagueNarrative: Factory<'vagueNarrative'> = (params) => {
	const exact = new Set(params.exact.map(normalizeNarrative));
	let longest = 0;
	for (const e of exact) longest = Math.max(longest, e.length);
	const limit = longest * 2 + 8; // longer narratives cannot normalise to a listed phrase
	const contains = wordListRegExp(params.contains);
	const containsAll = wordListRegExp(params.contains, true);
	return {
		kinds: FEE,
		vars: ['phrase'],
		defaultMessage: 'Vague narrative ("{{phrase}}"): say what was done and why',
		bind: () => (p) => {
			const n = p.narrative;
			if (!n) return undefined;
			if (n.length <= limit) {
				const norm = normalizeNarrative(n);
				if (exact.has(norm)) return { ops: ZERO, details: { phrase: norm } };
			}
			if (contains && contains.test(n)) return { ops: ZERO, details: { phrase: findWords(containsAll, n)[0] } };
			return undefined;
		},
	};
};

export const shortNarrative: Factory<'shortNarrative'> = (params) => {
	const { minWords, minChars } = params;
	const minimum = [minWords !== undefined ? `${minWords} words` : '', minChars !== undefined ? `${minChars} characters` : '']
		.filter(Boolean)
		.join(' and ');
	return {
		kinds: FEE,
		vars: ['words', 'chars', 'minWords', 'minChars', 'minimum'],
		defaultMessage: 'Narrative too short ({{words}} words, {{chars}} characters; minimum {{minimum}})',
		bind: () => (p) => {
			const n = p.narrative;
			const chars = minChars !== undefined ? n.trim().length : -1;
			const words = minWords !== undefined ? countWords(n) : -1;
			if ((minChars === undefined || chars >= minChars) && (minWords === undefined || words >= minWords)) return undefined;
			return {
				ops: ZERO,
				details: { words: countWords(n), chars: n.trim().length, minWords: minWords ?? '', minChars: minChars ?? '', minimum },
			};
		},
	};
};

export const clericalWork: Factory<'clericalWork'> = (params) => {
	const re = wordListRegExp(params.keywords);
	const all = wordListRegExp(params.keywords, true);
	const act = codeMatcher(params.activityCodes);
	const task = codeMatcher(params.taskCodes);
	return {
		kinds: FEE,
		vars: ['keyword'],
		defaultMessage: 'Clerical or administrative work is not billable ("{{keyword}}")',
		bind: () => (p) => {
			if (act(p.activity)) return { ops: ZERO, details: { keyword: p.activity } };
			if (task(p.task)) return { ops: ZERO, details: { keyword: p.task } };
			if (re && p.narrative && re.test(p.narrative)) return { ops: ZERO, details: { keyword: findWords(all, p.narrative)[0] } };
			return undefined;
		},
	};
};

export const eventAttendance: Factory<'eventAttendance'> = (params) => {
	const re = wordListRegExp(params.keywords);
	const all = wordListRegExp(params.keywords, true);
	const act = codeMatcher(params.activityCodes);
	const eventOf = (p: Prepared): string => {
		if (act(p.activity)) return p.activity;
		if (re && p.narrative && re.test(p.narrative)) return findWords(all, p.narrative)[0];
		return '';
	};
	return {
		kinds: FEE,
		vars: ['event', 'attendees', 'max'],
		defaultMessage: '{{attendees}} timekeepers billed the same event ("{{event}}") on {{date}} (maximum {{max}})',
		bind: (batch) => {
			const n = batch.size;
			const rank = new Int32Array(n);
			const events: string[] = new Array(n);
			const keys: string[] = new Array(n);
			const groups = new Map<string, Map<string, number>>();
			for (let i = 0; i < n; i++) {
				const p = batch.entries[i];
				if (!p || p.kindBit !== FEE || !p.tk) continue;
				const ev = eventOf(p);
				if (!ev) continue;
				const key = p.matter + '\u0000' + p.date + '\u0000' + ev;
				let g = groups.get(key);
				if (!g) groups.set(key, (g = new Map()));
				let r = g.get(p.tk);
				if (r === undefined) g.set(p.tk, (r = g.size + 1));
				rank[i] = r;
				events[i] = ev;
				keys[i] = key;
			}
			return (p) => {
				const r = rank[p.i];
				if (r <= params.maxAttendees) return undefined;
				return { ops: ZERO, details: { event: events[p.i], attendees: groups.get(keys[p.i])!.size, max: params.maxAttendees } };
			};
		},
	};
};
