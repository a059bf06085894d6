import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	compileRuleSet,
	EXAMPLE_RULE_SETS,
	parseRuleSetText,
	RuleSetValidationError,
	type CompiledRuleSet,
	type ValidationIssue,
} from '../../../lib/ocg';
import { withBudget, type BudgetModel } from '../../../lib/budget';
import { readOptionalDate } from '../../shared/params';

/** Field paths: the shared reader (dots and list indexes, a[0].b). */
export { getPath, setPath } from '../../shared/params';
import { getPath } from '../../shared/params';

/** One rule set, or a list of them (each entry is judged by the most specific one in scope). */
export type RuleSetOutcome = { ruleSets: CompiledRuleSet[]; raw: unknown } | { issues: ValidationIssue[]; raw: unknown };

/** Caches compiled rule sets by their text, so a rule set shared by many items is compiled once. */
export class RuleSetCache {
	private readonly byKey = new Map<string, RuleSetOutcome>();
	get(raw: unknown): RuleSetOutcome {
		const key = typeof raw === 'string' ? raw : JSON.stringify(raw);
		let out = this.byKey.get(key);
		if (!out) {
			out = compileOutcome(raw);
			this.byKey.set(key, out);
		}
		return out;
	}
}

function compileOutcome(raw: unknown): RuleSetOutcome {
	let value: unknown = raw;
	let failure: unknown;
	try {
		if (typeof raw === 'string') value = parseRuleSetText(raw);
	} catch (e) {
		failure = e;
	}
	if (failure === undefined && Array.isArray(value)) {
		if (value.length === 0) return { issues: [{ path: '', message: 'expected a rule set, or a list of rule sets, got an empty list' }], raw: value };
		// a list: every set is compiled, problems are reported with the set's position
		const ruleSets: CompiledRuleSet[] = [];
		const issues: ValidationIssue[] = [];
		value.forEach((one, k) => {
			const out = compileOutcome(one);
			if ('ruleSets' in out) ruleSets.push(...out.ruleSets);
			else issues.push(...out.issues.map((x) => ({ path: x.path ? `[${k}].${x.path}`.replace('.[', '[') : `[${k}]`, message: x.message })));
		});
		return issues.length ? { issues, raw: value } : { ruleSets, raw: value };
	}
	if (failure === undefined) {
		try {
			return { ruleSets: [compileRuleSet(value)], raw: value };
		} catch (e) {
			failure = e;
		}
	}
	if (failure instanceof RuleSetValidationError) return { issues: failure.issues, raw: value };
	return { issues: [{ path: '', message: (failure as Error).message }], raw: value };
}

/** The raw rule set (object or text) for item i, from the chosen source. */
export async function rawRuleSet(this: IExecuteFunctions, i: number): Promise<unknown> {
	const source = this.getNodeParameter('ruleSetSource', i) as string;
	const node = this.getNode();
	switch (source) {
		case 'example': {
			const name = this.getNodeParameter('exampleRuleSet', i) as keyof typeof EXAMPLE_RULE_SETS;
			const set = EXAMPLE_RULE_SETS[name];
			if (!set) throw new NodeOperationError(node, `Unknown example rule set "${name}"`, { itemIndex: i });
			return set;
		}
		case 'json':
			return this.getNodeParameter('ruleSetJson', i);
		case 'binary': {
			const prop = this.getNodeParameter('binaryPropertyName', i) as string;
			this.helpers.assertBinaryData(i, prop);
			const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
			return buffer.toString('utf8');
		}
		case 'field': {
			const path = this.getNodeParameter('ruleSetField', i) as string;
			const v = getPath(this.getInputData()[i].json, path);
			if (v === undefined || v === null || v === '')
				throw new NodeOperationError(node, `Item ${i} has no rule set in field "${path}"`, {
					itemIndex: i,
					description: 'Expected an object, or JSON or YAML text, with the rule set',
				});
			return v;
		}
		default:
			throw new NodeOperationError(node, `Unknown rule set source "${source}"`, { itemIndex: i });
	}
}

/** The compiled rule set(s) for item i, or a NodeOperationError listing every problem with its path. */
export async function ruleSetFor(this: IExecuteFunctions, i: number, cache: RuleSetCache, budget?: BudgetModel): Promise<CompiledRuleSet[]> {
	const out = cache.get(await budgetedRuleSet.call(this, i, budget));
	if ('ruleSets' in out) return out.ruleSets;
	throw new NodeOperationError(this.getNode(), `Invalid OCG rule set: ${out.issues.length} problem${out.issues.length === 1 ? '' : 's'}`, {
		itemIndex: i,
		description: out.issues.map((x) => `${x.path || '(rule set)'}: ${x.message}`).join('\n'),
	});
}

/** The raw rule set of item i with its budget rules: its own `budget` section and the node's Budgets option (lib/budget). */
async function budgetedRuleSet(this: IExecuteFunctions, i: number, budget: BudgetModel | undefined): Promise<unknown> {
	const raw = await rawRuleSet.call(this, i);
	try {
		return withBudget(raw, budget);
	} catch (e) {
		// text that is no rule set at all is reported by the compiler, with the rest
		if (e instanceof RuleSetValidationError && e.ruleSetId !== 'budget') return raw;
		throw budgetError(this, e, i);
	}
}

/** A budget model's problems as a NodeOperationError listing each with its path. */
export function budgetError(ctx: IExecuteFunctions, e: unknown, i: number): NodeOperationError {
	const issues = e instanceof RuleSetValidationError ? e.issues : [{ path: '', message: (e as Error).message }];
	return new NodeOperationError(ctx.getNode(), `Invalid budget: ${issues.length} problem${issues.length === 1 ? '' : 's'}`, {
		itemIndex: i,
		description: issues.map((x) => `${x.path || '(budget)'}: ${x.message}`).join('\n'),
	});
}

/** An ISO date from a date option (the shared reader: "2026-11-05", a date-time); undefined when empty. */
export function isoDateParam(this: IExecuteFunctions, value: unknown, name: string): string | undefined {
	return readOptionalDate.call(this, value, `Option "${name}"`);
}

/** Today's date in the workflow's time zone. */
export function todayIn(timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
	const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')}`;
}
