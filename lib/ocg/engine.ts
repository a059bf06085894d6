/**
 * The OCG engine: evaluate batches of canonical billing entries against compiled rule sets
 * (compiling: ./compile; adjustments: ./adjustments; messages: ./messages).
 *
 *   pass 0  every entry read once into exact scaled integers (or an error naming the field)
 *   pass 1  batch aggregates (hours per timekeeper-day, duplicate keys, attendees per event,
 *           timekeepers per matter, spend per matter/phase), shared by all rules that need them
 *   pass 2  per line, every applicable rule in rule-set order
 *
 * Deterministic: the result depends only on the rule sets, the entries (in order) and the context.
 */
import type { BillingEntry } from '../model';
import { Batch, type EvaluationContext } from './batch';
import { isIsoDate } from '../model/dates';
import { FixedSum, formatMoneyScaled as moneyScaled } from '../money/fixed';
import { chooseScales, isError, prepareEntry, type EntryError, type Prepared, type Scales } from './prepare';
import type { Checker, Hit, Op } from './rules';
import type { CompiledRule, CompiledRuleSet } from './compile';
import { applyOps, lineValues, stateOf, totalOf } from './adjustments';
import { commonVar } from './messages';

export type { EvaluationContext } from './batch';
export { compileRuleSet, validateRuleSet, type CompiledRule, type CompiledRuleSet } from './compile';

// ---------------------------------------------------------------- results (./results.ts)

export type { EntryResult, EntryStatus, EvaluationResult, EvaluationSummary, LineValues, Violation } from './results';
import type { EntryResult, EvaluationResult, EvaluationSummary, Violation } from './results';

// ---------------------------------------------------------------- evaluation

export interface EvaluateOptions extends EvaluationContext {
	/** choose the rule set of each entry yourself (otherwise: the most specific one in scope) */
	ruleSetFor?: (entry: BillingEntry, index: number) => CompiledRuleSet | undefined;
}

const EMPTY: readonly Violation[] = Object.freeze([]);

function checkContext(c: EvaluationContext) {
	for (const k of ['invoiceDate', 'periodStart', 'periodEnd', 'today'] as const) {
		const v = c[k];
		if (v !== undefined && !isIsoDate(v)) throw new RangeError(`OCG context: ${k} must be an ISO date "YYYY-MM-DD", got "${String(v)}"`);
	}
	if (c.periodStart && c.periodEnd && c.periodStart > c.periodEnd) throw new RangeError(`OCG context: periodStart ${c.periodStart} is after periodEnd ${c.periodEnd}`);
}

function sortSets(sets: readonly CompiledRuleSet[]): CompiledRuleSet[] {
	return sets
		.map((s, i) => ({ s, i }))
		.sort(
			(x, y) =>
				y.s.specificity - x.s.specificity ||
				(y.s.definition.effective?.from ?? '').localeCompare(x.s.definition.effective?.from ?? '') ||
				y.s.version.localeCompare(x.s.version, 'en', { numeric: true }) ||
				x.i - y.i,
		)
		.map((x) => x.s);
}

/** Picks the rule set for an entry: the most specific scope (matter > matter type > client), then the latest effective date, then the highest version. */
export function selectRuleSet(sets: readonly CompiledRuleSet[], entry: BillingEntry): CompiledRuleSet | undefined {
	return sortSets(sets).find((s) => s.appliesTo(entry));
}

interface BoundRule {
	rule: CompiledRule;
	check: Checker;
}

/** Checks a batch of entries (typically one invoice, or everything to be billed) against rule sets. */
export function evaluate(
	entries: readonly BillingEntry[],
	ruleSets: CompiledRuleSet | readonly CompiledRuleSet[],
	options: EvaluateOptions = {},
): EvaluationResult {
	checkContext(options);
	const sets = Array.isArray(ruleSets) ? sortSets(ruleSets) : [ruleSets as CompiledRuleSet];
	const n = entries.length;
	const defaultCurrency = options.currency ? options.currency.toUpperCase() : '';

	// pass 0: integer scales for the batch, then every entry read once
	const needs: Partial<Scales> = {};
	for (const s of options.ruleSetFor ? [...new Set(entries.map((e, i) => options.ruleSetFor!(e, i)))] : sets)
		if (s) for (const k of ['q', 'r', 't'] as const) if (s.needs[k] !== undefined) needs[k] = Math.max(needs[k] ?? 0, s.needs[k]!);
	const scales = chooseScales(entries, needs);
	const prepared: Array<Prepared | undefined> = new Array(n);
	const errors: Array<EntryError | undefined> = new Array(n);
	for (let i = 0; i < n; i++) {
		const p = prepareEntry(entries[i], i, defaultCurrency, scales);
		if (isError(p)) errors[i] = p;
		else prepared[i] = p;
	}
	const batch = new Batch(prepared, options, scales);

	// which rule set judges each entry
	const setOf: Array<CompiledRuleSet | undefined> = new Array(n);
	const used = new Set<CompiledRuleSet>();
	for (let i = 0; i < n; i++) {
		const p = prepared[i];
		if (!p) continue;
		let s: CompiledRuleSet | undefined;
		if (options.ruleSetFor) s = options.ruleSetFor(entries[i], i);
		else if (sets.length === 1) s = sets[0].matches(p) ? sets[0] : undefined;
		else for (const c of sets) if (c.matches(p)) {
			s = c;
			break;
		}
		setOf[i] = s;
		if (s) used.add(s);
	}

	// pass 1: bind rules (aggregates)
	const skipped: EvaluationSummary['skipped'] = [];
	const bound = new Map<CompiledRuleSet, BoundRule[]>();
	for (const s of used) {
		const list: BoundRule[] = [];
		for (const rule of s.rules) {
			const c = rule.impl.bind(batch);
			if (typeof c === 'string') skipped.push({ ruleSetId: s.id, ruleId: rule.def.id, reason: c });
			else list.push({ rule, check: c });
		}
		bound.set(s, list);
	}

	// pass 2
	const results: EntryResult[] = new Array(n);
	const sum = { compliant: 0, adjusted: 0, review: 0, rejected: 0, errors: 0, violations: 0 };
	const byRule = new Map<string, { count: number; amount: FixedSum }>();
	const atStake = new FixedSum(scales.t);
	const reduction = new FixedSum(scales.t);
	const setRefs = new Map<CompiledRuleSet, { id: string; version: string }>();
	for (let i = 0; i < n; i++) {
		const p = prepared[i];
		const entryId = entries[i] && typeof entries[i].id === 'string' ? entries[i].id : '';
		if (!p) {
			results[i] = { index: i, entryId, status: 'error', violations: EMPTY, error: errors[i] };
			sum.errors++;
			continue;
		}
		const s = setOf[i];
		if (!s) {
			results[i] = { index: i, entryId, status: 'compliant', violations: EMPTY };
			sum.compliant++;
			continue;
		}
		const rules = bound.get(s)!;
		let hits: Array<[CompiledRule, Hit]> | undefined;
		let failed: EntryError | undefined;
		for (let k = 0; k < rules.length; k++) {
			const br = rules[k];
			const rule = br.rule;
			if (!(rule.kinds & p.kindBit)) continue;
			if (rule.filter && !rule.filter(p)) continue;
			let h: Hit | undefined;
			try {
				h = br.check(p);
			} catch (e) {
				// a rule that cannot judge this entry (e.g. a user expression failing on its values) makes
				// the entry an error: never a silent pass, never an exception out of the batch
				failed = { field: `rules.${rule.def.id}`, message: `rule ${rule.def.id} could not be evaluated on this entry: ${failureText(e)}` };
				break;
			}
			if (h) (hits ??= []).push([rule, h]);
		}
		let ruleSet = setRefs.get(s);
		if (!ruleSet) setRefs.set(s, (ruleSet = { id: s.id, version: s.version }));
		if (failed) {
			results[i] = { index: i, entryId, status: 'error', violations: EMPTY, error: failed, ruleSet };
			sum.errors++;
			continue;
		}
		if (!hits) {
			results[i] = { index: i, entryId, status: 'compliant', violations: EMPTY, ruleSet };
			sum.compliant++;
			continue;
		}
		// violations: exact amounts (only for lines that break a rule)
		const original = stateOf(p);
		const total0 = totalOf(original);
		const violations: Violation[] = [];
		let rejected = false;
		let flagged = false;
		const adjustOps: Op[] = [];
		for (const [rule, hit] of hits) {
			const def = rule.def;
			const after = applyOps(original, hit.ops);
			const stake = total0 - totalOf(after);
			const v: Violation = {
				ruleId: def.id,
				type: def.type,
				ref: def.ref,
				severity: def.severity,
				action: def.action,
				level: rule.impl.invoice ? 'invoice' : 'line',
				message: '',
				amountAtStake: moneyScaled(stake, scales.t),
				details: hit.details,
			};
			if (def.action === 'adjust') {
				v.adjustment = lineValues(after, scales);
				adjustOps.push(...hit.ops);
			} else if (def.action === 'reject') rejected = true;
			else flagged = true;
			v.message = rule.template.render((name) => hit.details[name] ?? commonVar(name, p, v, scales));
			violations.push(v);
			let br = byRule.get(def.id);
			if (!br) byRule.set(def.id, (br = { count: 0, amount: new FixedSum(scales.t) }));
			br.count++;
			br.amount.add(stake);
			atStake.add(stake);
		}
		sum.violations += violations.length;
		const result: EntryResult = { index: i, entryId, status: rejected ? 'rejected' : flagged ? 'review' : 'adjusted', violations, ruleSet };
		if (adjustOps.length) {
			const after = applyOps(original, adjustOps);
			const red = total0 - totalOf(after);
			result.adjusted = { ...lineValues(after, scales), reduction: moneyScaled(red, scales.t) };
			reduction.add(red);
		}
		sum[result.status as 'rejected' | 'review' | 'adjusted']++;
		results[i] = result;
	}
	const byRuleOut: EvaluationSummary['byRule'] = {};
	for (const [id, v] of byRule) byRuleOut[id] = { count: v.count, amountAtStake: v.amount.toMoney() };
	return {
		results,
		summary: { entries: n, ...sum, amountAtStake: atStake.toMoney(), reduction: reduction.toMoney(), byRule: byRuleOut, skipped },
	};
}

/** What went wrong in a rule, as text (json-logic-engine throws plain objects such as { type: "Invalid Arguments" }). */
function failureText(e: unknown): string {
	const t = e instanceof Error ? e.message : e && typeof e === 'object' && 'type' in e ? String((e as { type: unknown }).type) : String(e);
	return t.length > 200 ? t.slice(0, 200) + '…' : t;
}
