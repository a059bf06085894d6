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
 */
import { LogicEngine } from 'json-logic-engine';
import type { Batch } from './batch';
import { POW10 } from './num';
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

/** Compiles a JSON Logic expression; throws ExpressionError saying what is wrong. */
export function compileExpression(when: unknown): (data: object) => unknown {
	if (when === undefined || when === null || typeof when === 'string' || typeof when === 'number')
		throw new ExpressionError('expected a JSON Logic expression object such as {">": [{"var": "entry.hours"}, 8]}');
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

export function expressionView(batch: Batch): (p: Prepared) => object {
	const c = batch.context;
	const invoice = { date: c.invoiceDate ?? null, periodStart: c.periodStart ?? null, periodEnd: c.periodEnd ?? null, currency: c.currency ?? null, today: c.today ?? null };
	return (p) => (p.view ??= new View(p, batch, invoice));
}
