/**
 * Compiling a rule set: validate the definition, build each enabled rule (factory, message template,
 * entry kinds, scope filter), and the rule set's scope matcher, specificity and scale needs.
 */
import type { BillingEntry } from '../model';
import { ExpressionError } from './expression';
import { chooseScales, isError, prepareEntry, type Prepared, type Scales } from './prepare';
import { FACTORIES, type RuleImpl } from './rules';
import {
	parseDefinition,
	RuleSetValidationError,
	type RuleDefinition,
	type RuleSetDefinition,
	type Scope,
	type ValidationIssue,
} from './schema';
import { COMMON_VARS, compileTemplate, type Template } from './messages';

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
