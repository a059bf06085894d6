/**
 * User-written rules: JSON Logic expressions compiled once with json-logic-engine's `build`
 * (compiled to a JavaScript function, near hand-written speed). An expression sees:
 *
 *   entry   id, kind, date, hours/quantity, rate, adjustment, total (numbers), narrative, words,
 *           chars, timekeeper, classification, matter, matterType, client, task, activity,
 *           expense, currency, billable, extra
 *   agg     dayHours (the timekeeper's hours that day, whole batch), duplicate (boolean),
 *           matterTimekeepers (distinct timekeepers on the matter), matterSpend (matter total)
 *   invoice date, periodStart, periodEnd, currency, today
 *
 * Numbers in expressions are for comparisons; any adjustment is still computed exactly.
 *
 * Before compiling, an expression is checked (issue 13, item 14): every operator must be on the
 * allow-list OPERATORS (json-logic-engine looks operators up on a plain object, so "constructor",
 * "toString" or "__defineGetter__" compiled, and one ended the process through an unhandled
 * rejection), and every `var` path must name a field of the views below (a typo such as
 * `entry.hourz` is an error, not a rule that never fires). NOTE: json-logic-engine compiles with
 * `eval` (an indirect eval in the bundle), which runs inside the n8n process; the allow-list is what
 * keeps user text from reaching it as anything but the engine's own operators.
 */
import { LogicEngine } from 'json-logic-engine';
import type { Batch } from './batch';
import { POW10 } from '../money/fixed';
import type { Prepared } from './prepare';
import { countWords } from './text';

let engine: LogicEngine | undefined;

export class ExpressionError extends Error {}

function describeError(e: unknown): string {
	if (e && typeof e === 'object' && 'type' in e) {
		const o = e as { type: string; key?: string };
		if (o.type === 'Unknown Operator') return `unknown operator "${o.key}"`;
		return `${o.type}${o.key ? ` "${o.key}"` : ''}`;
	}
	return e instanceof Error ? e.message : String(e);
}

/** The operators an expression may use: JSON Logic's own, plus json-logic-engine's ?:, ?? , not and length. */
export const OPERATORS: ReadonlySet<string> = new Set([
	'var', 'missing', 'missing_some',
	'if', '?:', '??',
	'==', '===', '!=', '!==', '!', '!!', 'not', 'or', 'and',
	'>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%',
	'map', 'reduce', 'filter', 'all', 'none', 'some', 'merge', 'in', 'cat', 'substr', 'length',
]);
/** Operators whose second argument (reduce: and not the third) runs once per element of the first. */
const ITERATORS = new Set(['map', 'reduce', 'filter', 'all', 'none', 'some']);
/** [min, max] arguments of the operators whose count is fixed (checked when the arguments are a list). */
const ARITY: Record<string, [number, number]> = {
	'==': [2, 2], '===': [2, 2], '!=': [2, 2], '!==': [2, 2], in: [2, 2], '%': [2, 2],
	'<': [2, 3], '<=': [2, 3], '>': [2, 2], '>=': [2, 2],
	'!': [1, 1], '!!': [1, 1], not: [1, 1], length: [1, 1],
	map: [2, 2], filter: [2, 2], all: [2, 2], none: [2, 2], some: [2, 2], reduce: [2, 3], substr: [2, 3],
	min: [1, Infinity], max: [1, Infinity], if: [1, Infinity], '?:': [3, 3],
};
/** Path segments never readable, in any scope. */
const FORBIDDEN_SEGMENT = /^(?:__.*|constructor|prototype)$/;
const MAX_DEPTH = 64;
const MAX_NODES = 10_000;

/** Checks operators and var paths; returns the problems (empty when the expression is fine). */
export function checkExpression(when: unknown): string[] {
	const problems: string[] = [];
	let nodes = 0;
	const add = (at: string, message: string) => {
		if (problems.length < 20) problems.push(`${message}${at ? ` (at when${at})` : ''}`);
	};
	const path = (p: unknown, at: string, inItem: boolean) => {
		const text = Array.isArray(p) ? p[0] : p;
		if (text === undefined || text === null) return add(at, inItem ? '' : '"var" needs a path such as "entry.hours"');
		if (typeof text === 'number' && inItem) return;
		if (typeof text !== 'string') return add(at, '"var" paths must be written out as text, e.g. {"var": "entry.hours"}');
		const segs = text === '' ? [] : text.split('.');
		const bad = segs.find((s) => FORBIDDEN_SEGMENT.test(s));
		if (bad !== undefined) return add(at, `"${short(bad)}" cannot be read in a path`);
		if (inItem) return; // inside map/filter/…: paths are relative to the element
		if (segs.length === 0) return add(at, `"var" needs a path such as "entry.hours"`);
		const fields = MODEL[segs[0]];
		if (!fields) return add(at, `unknown variable "${short(text)}": paths start with entry., agg. or invoice.`);
		if (segs.length === 1) return add(at, `"${segs[0]}" is a group; name a field, e.g. ${segs[0]}.${[...fields][0]}`);
		if (!fields.has(segs[1])) return add(at, `unknown variable "${short(text)}": ${segs[0]} has ${[...fields].join(', ')}`);
		if (segs.length > 2 && !(segs[0] === 'entry' && segs[1] === 'extra')) add(at, `"${short(text)}": ${segs[0]}.${segs[1]} has no fields (only entry.extra has)`);
	};
	const walk = (node: unknown, at: string, inItem: boolean, depth: number): void => {
		if (++nodes > MAX_NODES) return add('', `the expression is too large (more than ${MAX_NODES} parts)`);
		if (depth > MAX_DEPTH) return add(at, `the expression is nested more than ${MAX_DEPTH} levels deep`);
		if (Array.isArray(node)) {
			node.forEach((x, i) => walk(x, `${at}[${i}]`, inItem, depth + 1));
			return;
		}
		if (node === null || typeof node !== 'object') return;
		const keys = Object.keys(node);
		if (keys.length !== 1) return add(at, `an operation is an object with exactly one key (the operator); found ${keys.length}`);
		const op = keys[0];
		if (!OPERATORS.has(op)) return add(at, `unknown operator "${short(op)}"`);
		const args = (node as Record<string, unknown>)[op];
		const here = `${at}.${op}`;
		if (op === 'var') {
			if (args !== null && typeof args === 'object' && !Array.isArray(args)) return add(here, '"var" paths must be written out as text, e.g. {"var": "entry.hours"}');
			path(args, here, inItem);
			if (Array.isArray(args)) args.slice(1).forEach((x, i) => walk(x, `${here}[${i + 1}]`, inItem, depth + 1));
			return;
		}
		if ((op === 'missing' || op === 'missing_some') && !inItem) {
			const list = op === 'missing_some' && Array.isArray(args) ? args[1] : args;
			for (const p of Array.isArray(list) ? list : [list]) if (typeof p === 'string') path(p, here, false);
		}
		const arity = ARITY[op];
		if (arity && Array.isArray(args) && (args.length < arity[0] || args.length > arity[1]))
			add(here, `"${op}" takes ${arity[0] === arity[1] ? arity[0] : arity[1] === Infinity ? `at least ${arity[0]}` : `${arity[0]} or ${arity[1]}`} argument${arity[0] === 1 && (arity[1] === 1 || arity[1] === Infinity) ? '' : 's'}, got ${args.length}`);
		if (ITERATORS.has(op) && Array.isArray(args)) {
			args.forEach((x, i) => walk(x, `${here}[${i}]`, i === 1 ? true : inItem, depth + 1));
			return;
		}
		walk(args, here, inItem, depth + 1);
	};
	walk(when, '', false, 0);
	return problems;
}

function short(s: string): string {
	return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/** Compiles a JSON Logic expression; throws ExpressionError saying what is wrong. */
export function compileExpression(when: unknown): (data: object) => unknown {
	if (when === undefined || when === null || typeof when === 'string' || typeof when === 'number')
		throw new ExpressionError('expected a JSON Logic expression object such as {">": [{"var": "entry.hours"}, 8]}');
	const problems = checkExpression(when);
	if (problems.length) throw new ExpressionError(problems.join('; '));
	engine ??= new LogicEngine();
	let failure: unknown;
	let fn: ((data: object) => unknown) | undefined;
	try {
		fn = engine.build(when as never) as unknown as (data: object) => unknown;
	} catch (e) {
		failure = e;
	}
	if (!fn) throw new ExpressionError(describeError(failure));
	return fn;
}

class AggView {
	constructor(
		private readonly b: Batch,
		private readonly p: Prepared,
	) {}
	get dayHours() {
		return this.b.dayHours().day[this.p.i] / POW10[this.b.scales.q];
	}
	get duplicate() {
		return this.b.duplicates(true).of[this.p.i] >= 0;
	}
	get matterTimekeepers() {
		return this.b.matterTimekeepers().count[this.p.i];
	}
	get matterSpend() {
		return (this.b.matterSpend().get(this.p.matter) ?? 0) / POW10[this.b.scales.t];
	}
}

/** What `entry.*` reads: computed on first access, so an expression pays only for what it uses. */
class EntryView {
	constructor(
		private readonly p: Prepared,
		private readonly b: Batch,
	) {}
	get id() {
		return this.p.e.id;
	}
	get kind() {
		return this.p.kind;
	}
	get date() {
		return this.p.date;
	}
	get hours() {
		return this.p.q / POW10[this.b.scales.q];
	}
	get quantity() {
		return this.p.q / POW10[this.b.scales.q];
	}
	get rate() {
		return this.p.r / POW10[this.b.scales.r];
	}
	get adjustment() {
		return this.p.a / POW10[this.b.scales.t];
	}
	get total() {
		return this.p.t / POW10[this.b.scales.t];
	}
	get narrative() {
		return this.p.narrative;
	}
	get words() {
		return countWords(this.p.narrative);
	}
	get chars() {
		return this.p.narrative.trim().length;
	}
	get timekeeper() {
		return this.p.tk;
	}
	get classification() {
		return this.p.cls;
	}
	get matter() {
		return this.p.matter;
	}
	get matterType() {
		return this.p.e.matter?.matterType ?? null;
	}
	get client() {
		return this.p.e.client?.id ?? null;
	}
	get task() {
		return this.p.task;
	}
	get activity() {
		return this.p.activity;
	}
	get expense() {
		return this.p.expense;
	}
	get currency() {
		return this.p.currency;
	}
	get billable() {
		return this.p.e.billable ?? null;
	}
	get extra() {
		return this.p.e.extra ?? {};
	}
}

class View {
	private e?: EntryView;
	private a?: AggView;
	constructor(
		private readonly p: Prepared,
		private readonly b: Batch,
		readonly invoice: object,
	) {}
	get entry() {
		return (this.e ??= new EntryView(this.p, this.b));
	}
	get agg() {
		return (this.a ??= new AggView(this.b, this.p));
	}
}

/** What a var path may name: the getters of the views, so the check and the views cannot drift apart. */
const fieldsOf = (proto: object) => new Set(Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor'));
const MODEL: Record<string, ReadonlySet<string>> = Object.assign(Object.create(null) as object, {
	entry: fieldsOf(EntryView.prototype),
	agg: fieldsOf(AggView.prototype),
	invoice: new Set(['date', 'periodStart', 'periodEnd', 'currency', 'today']),
});

export function expressionView(batch: Batch): (p: Prepared) => object {
	const c = batch.context;
	const invoice = { date: c.invoiceDate ?? null, periodStart: c.periodStart ?? null, periodEnd: c.periodEnd ?? null, currency: c.currency ?? null, today: c.today ?? null };
	return (p) => (p.view ??= new View(p, batch, invoice));
}
