/**
 * The mechanical corrections, each on the lines of one parsed invoice. A fix that cannot be made
 * from the client's own rule set or mapping table says why and changes nothing (the reason then
 * goes to a person): nothing here guesses.
 */
import type { CompiledRuleSet, EvaluationResult } from '../ocg';
import { evaluateOcg } from '../ocg';
import type { BillingEntry } from '../model';
import { canonicalAmount } from '../ledes';
import { Decimal } from '../money/decimal';
import type { RejectionReason } from '../reconcile/types';
import type { UtbmsMappingTable } from '../utbms';
import type { FixableClass } from './settings';

export interface Change {
	/** the line's number in the rejected invoice (null: the invoice as a whole) */
	lineItemNumber: number | null;
	class: FixableClass;
	/** the reason-class rule, and the client's OCG rule or mapping that gave the new value */
	classRule: string;
	rule: string;
	field: 'rate' | 'taskCode' | 'activityCode' | 'expenseCode' | 'date' | 'total' | 'line';
	before: string;
	after: string;
	/** line total before − after (positive: written off) */
	writtenOff: string;
}

export interface FixContext {
	/** the lines, keyed by their number in the rejected invoice; a dropped line is deleted */
	lines: Map<number, BillingEntry>;
	periodStart: string;
	periodEnd: string;
	invoiceDate: string;
	currency?: string;
	ruleSet?: CompiledRuleSet;
	mapping?: UtbmsMappingTable;
	acceptDefaultCodes: boolean;
	/** OCG verdicts on the original lines (computed once) */
	ocg?: EvaluationResult;
	original: BillingEntry[];
}

export type FixResult = { changes: Change[] } | { why: string };

export function lineNumberOf(e: BillingEntry, fallback: number): number {
	const n = Number((e.extra as { lineItemNumber?: string } | undefined)?.lineItemNumber);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** q × r + a (+ tax), to the cent. */
export function lineTotal(e: BillingEntry): Decimal {
	return Decimal.from(e.quantity || '0')
		.mul(e.rate || '0')
		.add(e.adjustment || '0')
		.add(e.tax?.amount || '0')
		.round(2);
}

function targets(ctx: FixContext, reason: RejectionReason): { nos: number[] } | { why: string } {
	if (reason.lineItemNumber === undefined || reason.lineItemNumber === null || reason.lineItemNumber === '') return { nos: [...ctx.lines.keys()] };
	const n = Number(reason.lineItemNumber);
	if (!Number.isInteger(n) || !ctx.lines.has(n)) return { why: `the invoice has no line ${String(reason.lineItemNumber)}` };
	return { nos: [n] };
}

function ocgHits(ctx: FixContext, no: number, type: string) {
	const idx = ctx.original.findIndex((e, i) => lineNumberOf(e, i + 1) === no);
	return idx < 0 ? [] : (ctx.ocg?.results[idx]?.violations ?? []).filter((v) => v.type === type);
}

function change(no: number | null, cls: FixableClass, classRule: string, rule: string, field: Change['field'], before: string, after: string, writtenOff: Decimal): Change {
	return { lineItemNumber: no, class: cls, classRule, rule, field, before, after, writtenOff: writtenOff.toFixed(2) };
}

/** Applies one fixable reason's correction to ctx.lines; returns the changes or why it cannot. */
export function applyFix(ctx: FixContext, cls: FixableClass, classRule: string, reason: RejectionReason): FixResult {
	const t = targets(ctx, reason);
	if ('why' in t) return t;
	const lineLevel = t.nos.length === 1 && reason.lineItemNumber !== undefined;
	const changes: Change[] = [];
	const missing: string[] = [];
	for (const no of t.nos) {
		const e = ctx.lines.get(no) as BillingEntry;
		switch (cls) {
			case 'rateAboveApproved': {
				if (!ctx.ruleSet) return { why: 'no client rule set to read the approved rate from' };
				// the rule's own adjustment (action adjust) or the approved rate it names (flag / reject)
				const hit = ocgHits(ctx, no, 'approvedRate')[0];
				const cap = hit ? (hit.adjustment?.rate ?? (hit.details.approvedRate === undefined ? undefined : String(hit.details.approvedRate))) : undefined;
				if (!hit || !cap || !Decimal.tryFrom(cap)?.lt(e.rate)) {
					if (lineLevel) missing.push(`line ${no}: the client's rule set gives no approved rate below ${e.rate}`);
					break;
				}
				const before = lineTotal(e);
				const old = canonicalAmount(Decimal.from(e.rate));
				e.rate = canonicalAmount(Decimal.from(cap));
				delete e.total;
				changes.push(change(no, cls, classRule, hit.ruleId, 'rate', old, e.rate, before.sub(lineTotal(e))));
				break;
			}
			case 'disallowedExpense': {
				if (!ctx.ruleSet) return { why: 'no client rule set to read the expense codes it never pays from' };
				const hit = ocgHits(ctx, no, 'bannedExpenseCodes')[0];
				if (!hit || e.kind !== 'expense') {
					if (lineLevel) missing.push(`line ${no}: the client's rule set does not bar its expense code ${e.codes?.expense ?? '(none)'}`);
					break;
				}
				changes.push(change(no, cls, classRule, hit.ruleId, 'line', `${e.codes?.expense ?? ''} ${lineTotal(e).toFixed(2)}`.trim(), 'dropped', lineTotal(e)));
				ctx.lines.delete(no);
				break;
			}
			case 'utbmsCode': {
				if (!ctx.mapping) return { why: 'no UTBMS mapping table for the client' };
				const kind = e.kind === 'expense' ? 'expense' : /ACTIVITY/i.test(`${reason.code ?? ''} ${reason.reason ?? ''}`) ? 'activity' : 'task';
				const old = e.codes?.[kind] ?? '';
				const input = { clientIds: [e.client?.ledesClientId, e.client?.id], kind: e.kind, firmCodes: { [kind]: old }, narrative: e.narrative ?? '' };
				// an invoice-level reason: a line whose code is already valid for the client is not the problem
				if (!lineLevel && old !== '' && ctx.mapping.map({ ...input, existing: e.codes }, { keepExisting: true }).sources[kind]?.by === 'existing') break;
				const m = ctx.mapping.map(input);
				const code = m.codes[kind];
				const by = m.sources[kind]?.by;
				if (!code || code === old || (by === 'default' && !ctx.acceptDefaultCodes)) {
					missing.push(`line ${no}: the client's mapping table gives no other ${kind} code for "${old || '(none)'}"${by === 'default' ? ' (only its default)' : ''}`);
					break;
				}
				e.codes = { ...e.codes, [kind]: code };
				changes.push(change(no, cls, classRule, `mapping:${m.client ?? '*'}:${by ?? ''}`, `${kind}Code` as Change['field'], old, code, Decimal.ZERO));
				break;
			}
			case 'billingPeriod': {
				const to = e.date < ctx.periodStart ? ctx.periodStart : e.date > ctx.periodEnd ? ctx.periodEnd : undefined;
				if (!to) {
					if (lineLevel) missing.push(`line ${no} is dated ${e.date}, within the period ${ctx.periodStart}..${ctx.periodEnd}: nothing to re-date`);
					break;
				}
				changes.push(change(no, cls, classRule, 'billingPeriod', 'date', e.date, to, Decimal.ZERO));
				e.date = to;
				break;
			}
			case 'arithmetic': {
				const stated = Decimal.tryFrom(e.total ?? '');
				const computed = lineTotal(e);
				if (stated && !stated.eq(computed)) changes.push(change(no, cls, classRule, 'rebuild', 'total', stated.toFixed(2), computed.toFixed(2), stated.sub(computed)));
				delete e.total;
				break;
			}
		}
	}
	if (missing.length) return { why: missing.join('; ') };
	// an invoice-level reason: the lines that show the problem are fixed; none at all → a person
	if (changes.length === 0 && cls !== 'arithmetic') return { why: `no line of the invoice shows the ${cls} problem the reason names, by the client's rule set and mapping` };
	return { changes };
}

/** The OCG verdicts on the original lines, with the client's rule set forced (not selected by scope). */
export function judgeOriginal(lines: BillingEntry[], ruleSet: CompiledRuleSet | undefined, ctx: { periodStart: string; periodEnd: string; invoiceDate: string; currency?: string }) {
	if (!ruleSet) return undefined;
	return evaluateOcg(lines, ruleSet, { periodStart: ctx.periodStart, periodEnd: ctx.periodEnd, invoiceDate: ctx.invoiceDate, ...(ctx.currency ? { currency: ctx.currency } : {}), ruleSetFor: () => ruleSet });
}
