/**
 * The OCG engine: compile a rule set once, then evaluate batches of canonical billing entries.
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
import { ExpressionError } from './expression';
import { isIsoDate } from '../model/dates';
import { FixedSum, formatScaled as fmtScaled, formatMoneyScaled as moneyScaled } from '../money/fixed';
import { chooseScales, isError, prepareEntry, type EntryError, type Prepared, type Scales } from './prepare';
import { FACTORIES, tkName, type Checker, type Hit, type Op, type RuleImpl } from './rules';
import {
	parseDefinition,
	RuleSetValidationError,
	type RuleDefinition,
	type RuleSetDefinition,
	type Scope,
	type ValidationIssue,
} from './schema';

export type { EvaluationContext } from './batch';

// ---------------------------------------------------------------- results (./results.ts)

export type { EntryResult, EntryStatus, EvaluationResult, EvaluationSummary, LineValues, Violation } from './results';
import type { EntryResult, EvaluationResult, EvaluationSummary, LineValues, Violation } from './results';

// ---------------------------------------------------------------- compiled rule sets

interface Template {
	render(get: (name: string) => string | number | undefined): string;
}

export interface CompiledRule {
	def: RuleDefinition;
	impl: RuleImpl;
	kinds: number;
	filter?: (p: Prepared) => boolean;
	template: Template;
}

export interface CompiledRuleSet {
	readonly definition: RuleSetDefinition;
	readonly id: string;
	readonly version: string;
	readonly rules: readonly CompiledRule[];
	/** how specific the scope is: matters 4, matter types 2, clients 1 */
	readonly specificity: number;
	/** true when the rule set's scope and effective dates cover the entry */
	appliesTo(entry: BillingEntry): boolean;
	/** internal */
	readonly matches: (p: Prepared) => boolean;
	/** internal: decimals the rule parameters need */
	readonly needs: Partial<Scales>;
}

const COMMON_VARS = [
	'ruleId',
	'ref',
	'line',
	'entryId',
	'date',
	'timekeeper',
	'timekeeperId',
	'classification',
	'matter',
	'narrative',
	'quantity',
	'rate',
	'total',
	'currency',
	'amountAtStake',
	'task',
	'activity',
	'expense',
];

function compileTemplate(text: string, allowed: ReadonlySet<string>): { template: Template; unknown: string[] } {
	const parts: Array<string | { name: string }> = [];
	const unknown: string[] = [];
	const re = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;
	let last = 0;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) !== null) {
		if (m.index > last) parts.push(text.slice(last, m.index));
		if (!allowed.has(m[1]) && !unknown.includes(m[1])) unknown.push(m[1]);
		parts.push({ name: m[1] });
		last = re.lastIndex;
	}
	if (last < text.length) parts.push(text.slice(last));
	return {
		unknown,
		template: {
			render: (get) => {
				let out = '';
				for (const part of parts) {
					if (typeof part === 'string') out += part;
					else {
						const v = get(part.name);
						out += v === undefined ? '' : String(v);
					}
				}
				return out;
			},
		},
	};
}

function scopeMatcher(scope: Scope | undefined, effective: { from?: string; to?: string } | undefined): ((p: Prepared) => boolean) | undefined {
	const clients = scope?.clients?.length ? new Set(scope.clients) : undefined;
	const types = scope?.matterTypes?.length ? new Set(scope.matterTypes.map((t) => t.toLowerCase())) : undefined;
	const matters = scope?.matters?.length ? new Set(scope.matters) : undefined;
	const from = effective?.from;
	const to = effective?.to;
	if (!clients && !types && !matters && !from && !to) return undefined;
	return (p) => {
		if (from && p.date < from) return false;
		if (to && p.date > to) return false;
		const e = p.e;
		if (clients && !(e.client && (clients.has(e.client.id) || (e.client.ledesClientId !== undefined && clients.has(e.client.ledesClientId)))))
			return false;
		if (types && !(e.matter?.matterType && types.has(e.matter.matterType.toLowerCase()))) return false;
		if (
			matters &&
			!(
				e.matter &&
				(matters.has(e.matter.id) ||
					(e.matter.number !== undefined && matters.has(e.matter.number)) ||
					(e.matter.clientMatterId !== undefined && matters.has(e.matter.clientMatterId)))
			)
		)
			return false;
		return true;
	};
}

const KIND_MASK: Record<string, number> = { fee: 1, expense: 2, feeAdjustment: 4, expenseAdjustment: 8 };

/** Validates a rule set (shape, expressions, message templates): every problem, with its path. */
export function validateRuleSet(input: unknown): { valid: boolean; issues: ValidationIssue[] } {
	let failure: unknown;
	try {
		compileRuleSet(input);
	} catch (e) {
		failure = e;
	}
	if (failure === undefined) return { valid: true, issues: [] };
	if (failure instanceof RuleSetValidationError) return { valid: false, issues: failure.issues };
	throw failure;
}

/** Validates and compiles a rule set object. Throws RuleSetValidationError listing every problem. */
export function compileRuleSet(input: unknown): CompiledRuleSet {
	if (input === null || typeof input !== 'object' || Array.isArray(input))
		throw new RuleSetValidationError([{ path: '', message: `expected a rule set object, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}` }]);
	const { definition, issues: shapeIssues, positions } = parseDefinition(input);
	const issues = [...shapeIssues];
	const id = typeof (input as { id?: unknown }).id === 'string' ? (input as { id: string }).id : undefined;
	if (!definition) throw new RuleSetValidationError(issues, id);
	const rules: CompiledRule[] = [];
	definition.rules.forEach((def, k) => {
		const i = positions[k];
		if (!def.enabled) return;
		let impl: RuleImpl;
		try {
			impl = (FACTORIES[def.type] as (p: unknown, env: unknown) => RuleImpl)(def.params, { ruleSet: definition, rule: def });
		} catch (e) {
			const path = def.type === 'expression' ? `rules[${i}].params.when` : `rules[${i}].params`;
			issues.push({ path, message: e instanceof ExpressionError ? `invalid expression: ${e.message}` : (e as Error).message });
			return;
		}
		const allowed = new Set([...COMMON_VARS, ...impl.vars]);
		const t = compileTemplate(def.message ?? impl.defaultMessage, allowed);
		if (t.unknown.length)
			issues.push({
				path: `rules[${i}].message`,
				message: `unknown placeholder${t.unknown.length > 1 ? 's' : ''} ${t.unknown.map((u) => `{{${u}}}`).join(', ')}: expected one of ${[...allowed].map((a) => `{{${a}}}`).join(', ')}`,
			});
		const kinds = def.appliesTo ? def.appliesTo.reduce((m, k) => m | KIND_MASK[k], 0) : impl.kinds;
		rules.push({ def, impl, kinds, filter: scopeMatcher(def.scope, def.effective), template: t.template });
	});
	if (issues.length) throw new RuleSetValidationError(sortIssues(issues), definition.id);
	const s = definition.scope;
	const specificity = (s?.matters?.length ? 4 : 0) + (s?.matterTypes?.length ? 2 : 0) + (s?.clients?.length ? 1 : 0);
	const matcher = scopeMatcher(definition.scope, definition.effective);
	const matches = matcher ?? (() => true);
	const needs: Partial<Scales> = {};
	for (const r of rules)
		for (const k of ['q', 'r', 't'] as const) {
			const v = r.impl.needs?.[k];
			if (v !== undefined && !Number.isNaN(v)) needs[k] = Math.max(needs[k] ?? 0, v);
		}
	return {
		definition,
		needs,
		id: definition.id,
		version: definition.version,
		rules,
		specificity,
		matches,
		appliesTo(entry: BillingEntry) {
			const p = prepareEntry(entry, 0, '', chooseScales([entry], {}));
			return !isError(p) && matches(p);
		},
	};
}

function sortIssues(issues: ValidationIssue[]): ValidationIssue[] {
	const key = (p: string) => p.replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(6, '0')}]`);
	return issues.map((x, i) => ({ x, i })).sort((a, b) => key(a.x.path).localeCompare(key(b.x.path)) || a.i - b.i).map((o) => o.x);
}

// ---------------------------------------------------------------- adjustments

/**
 * A line as exact integers at the batch scales: quantity, rate, and at the amount scale the
 * adjustment and the rest of the stated total (tax on 98BI). prepareEntry bounds every amount to
 * 2^51, so every sum below stays an exact JavaScript integer.
 */
interface LineState {
	q: number;
	r: number;
	a: number;
	rest: number;
}

function stateOf(p: Prepared): LineState {
	return { q: p.q, r: p.r, a: p.a, rest: p.t - p.q * p.r - p.a };
}

const totalOf = (s: LineState) => s.q * s.r + s.a + s.rest;

function applyOps(s: LineState, ops: readonly Op[]): LineState {
	let { q, r, a, rest } = s;
	for (const op of ops) {
		switch (op.k) {
			case 'rate':
				if (op.v < r) r = op.v;
				break;
			case 'qty':
				if (op.v < q) q = op.v;
				break;
			case 'total': {
				const t = q * r + a + rest;
				if (t > op.v) a -= t - op.v;
				break;
			}
			case 'setRate':
				r = op.v;
				break;
			case 'zero':
				q = 0;
				a = 0;
				rest = 0;
				break;
		}
	}
	return { q, r, a, rest };
}

function lineValues(s: LineState, sc: Scales): LineValues {
	return { quantity: fmtScaled(s.q, sc.q), rate: moneyScaled(s.r, sc.r), adjustment: moneyScaled(s.a, sc.t), total: moneyScaled(totalOf(s), sc.t) };
}


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

function commonVar(name: string, p: Prepared, v: Violation, sc: Scales): string | number | undefined {
	const e = p.e;
	switch (name) {
		case 'ruleId':
			return v.ruleId;
		case 'ref':
			return v.ref;
		case 'line':
			return p.i + 1;
		case 'entryId':
			return e.id;
		case 'date':
			return p.date;
		case 'timekeeper':
			return tkName(p);
		case 'timekeeperId':
			return p.tk;
		case 'classification':
			return p.cls;
		case 'matter':
			return e.matter?.number ?? e.matter?.name ?? p.matter;
		case 'narrative':
			return p.narrative;
		case 'quantity':
			return fmtScaled(p.q, sc.q);
		case 'rate':
			return moneyScaled(p.r, sc.r);
		case 'total':
			return moneyScaled(p.t, sc.t);
		case 'currency':
			return p.currency;
		case 'amountAtStake':
			return v.amountAtStake;
		case 'task':
			return p.task;
		case 'activity':
			return p.activity;
		case 'expense':
			return p.expense;
		default:
			return undefined;
	}
}

/** What went wrong in a rule, as text (json-logic-engine throws plain objects such as { type: "Invalid Arguments" }). */
function failureText(e: unknown): string {
	const t = e instanceof Error ? e.message : e && typeof e === 'object' && 'type' in e ? String((e as { type: unknown }).type) : String(e);
	return t.length > 200 ? t.slice(0, 200) + '…' : t;
}
