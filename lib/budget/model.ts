/**
 * Matter budgets and alternative fee arrangements as data (issue 16 part 2), validated with zod
 * like rule sets: every mistake at once, with its path. A budget model comes from
 *   - JSON or YAML (a `budget` section of a rule-set file, or a file of its own): parseBudgetModel
 *   - rows of an n8n Data Table (one row per budget, cap, flat fee or blended rate): budgetFromRows
 *   - Clio's own matter budget (Matter.matter_budget in Clio's OpenAPI): budgetFromClioMatter
 * and becomes OCG rules (budget, cappedFee, flatFee, blendedRate: budgetRules / withBudget) and the
 * budget-watch figures (watch.ts). See docs/budgets.md.
 */
import { z } from 'zod/v3';
import { Decimal } from '../money/decimal';
import { parseRuleSetText, RuleSetValidationError, type ValidationIssue } from '../ocg';
import { decimal, issuesOf, nonEmpty } from '../ocg/schema';

const code = nonEmpty.transform((s) => s.toUpperCase());
const amount = decimal({ nonNegative: true });
const percent = z.number().positive({ message: 'expected a percentage greater than 0' }).max(1000, { message: 'expected a percentage of at most 1000' });

const flatFee = z
	.strictObject({
		phase: code.optional(),
		activity: code.optional(),
		amount,
		description: z.string().max(500).optional(),
		billed: z.boolean().default(false),
	})
	.refine((f) => (f.phase === undefined) !== (f.activity === undefined), {
		message: 'expected either "phase" (a flat fee per phase) or "activity" (a flat fee per event), not both',
	});

const matterBudget = z.strictObject({
	/** the matter's id, firm number or client matter id */
	matter: nonEmpty,
	client: z.string().optional(),
	name: z.string().optional(),
	/** the responsible attorney, who receives the budget alerts */
	responsible: z.string().optional(),
	responsibleEmail: z.string().optional(),
	/** total budget of the matter */
	total: amount.optional(),
	/** budget per UTBMS phase: { "L100": "5000.00" } (a phase covers its tasks: L100 → L110…L190) */
	phases: z.record(code, amount).optional(),
	/** spending not in the checked batch or the warehouse (before either began) */
	spent: amount.default('0'),
	/** whether expenses count against the budget (Clio's include_expenses) */
	includeExpenses: z.boolean().default(true),
	/** capped fees: what is billed past the cap is written off */
	caps: z.array(z.strictObject({ phase: code.optional(), amount, billed: amount.default('0') })).optional(),
	/** flat fees per phase or per event, each billed as one line */
	flatFees: z.array(flatFee).optional(),
	/** one hourly rate for every fee line of the matter */
	blendedRate: amount.optional(),
});

export const budgetModelSchema = z.strictObject({
	$schema: z.string().optional(),
	id: z.string().optional(),
	currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as "USD"' }).optional(),
	/** the guideline reference violations name */
	ref: nonEmpty.default('Budget'),
	/** what a line pushing a matter or phase past its budget does */
	overBudget: z.enum(['flag', 'reject', 'adjust']).default('flag'),
	/** alert thresholds, percent of the budget */
	thresholds: z.array(percent).min(1).default([80, 100]),
	matters: z.array(matterBudget).max(100_000),
});

export type BudgetModel = z.output<typeof budgetModelSchema>;
export type MatterBudget = BudgetModel['matters'][number];

/** Validates a budget model (object, or JSON/YAML text). Throws RuleSetValidationError listing every problem with its path. */
export function parseBudgetModel(input: unknown, prefix = ''): BudgetModel {
	const value = typeof input === 'string' ? parseRuleSetText(input) : input;
	if (Array.isArray(value)) return budgetFromRows(value);
	const r = budgetModelSchema.safeParse(value);
	if (!r.success) throw new RuleSetValidationError(issuesOf(r.error, prefix), 'budget');
	return r.data;
}

const row = z.object({
	matter: z.union([nonEmpty, z.number().transform(String)]),
	phase: z.string().optional().nullable(),
	kind: z.enum(['budget', 'cap', 'flatFee', 'blendedRate', '']).optional().nullable(),
	amount: z.union([z.string(), z.number()]),
	activity: z.string().optional().nullable(),
	description: z.string().optional().nullable(),
	responsible: z.string().optional().nullable(),
	responsibleEmail: z.string().optional().nullable(),
	spent: z.union([z.string(), z.number()]).optional().nullable(),
	billed: z.union([z.string(), z.number(), z.boolean()]).optional().nullable(),
});

/**
 * A budget model from Data Table rows (at most 100,000): one row per budget (kind `budget` or
 * empty; no phase = the matter's total), cap (`cap`), flat fee (`flatFee`, with a phase or an
 * activity) or blended rate (`blendedRate`); columns matter, phase, kind, amount, activity,
 * description, responsible, responsibleEmail, spent, billed. Other columns (id, createdAt…) are ignored.
 */
export function budgetFromRows(rows: readonly unknown[]): BudgetModel {
	if (rows.length > 100_000) throw new RuleSetValidationError([{ path: '', message: `expected at most 100000 budget rows, got ${rows.length}` }], 'budget');
	const issues: ValidationIssue[] = [];
	const byMatter = new Map<string, Record<string, unknown>>();
	const str = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v).trim());
	rows.forEach((raw, i) => {
		const r = row.safeParse(raw);
		if (!r.success) return void issues.push(...issuesOf(r.error, `rows[${i}]`));
		const x = r.data;
		let m = byMatter.get(x.matter);
		if (!m) byMatter.set(x.matter, (m = { matter: x.matter }));
		for (const k of ['responsible', 'responsibleEmail'] as const) if (str(x[k])) m[k] = str(x[k]);
		const phase = str(x.phase);
		const amt = typeof x.amount === 'number' ? x.amount : x.amount.trim();
		switch (x.kind || 'budget') {
			case 'budget':
				if (phase) m.phases = { ...(m.phases as object), [phase]: amt };
				else m.total = amt;
				if (str(x.spent)) m.spent = str(x.spent);
				break;
			case 'cap':
				m.caps = [...((m.caps as unknown[]) ?? []), { ...(phase ? { phase } : {}), amount: amt, ...(str(x.billed) ? { billed: str(x.billed) } : {}) }];
				break;
			case 'flatFee':
				m.flatFees = [
					...((m.flatFees as unknown[]) ?? []),
					{
						...(phase ? { phase } : {}),
						...(str(x.activity) ? { activity: str(x.activity) } : {}),
						amount: amt,
						...(str(x.description) ? { description: str(x.description) } : {}),
						billed: x.billed === true || x.billed === 'true' || x.billed === 'yes',
					},
				];
				break;
			case 'blendedRate':
				m.blendedRate = amt;
				break;
		}
	});
	if (issues.length) throw new RuleSetValidationError(issues, 'budget');
	return parseBudgetModel({ matters: [...byMatter.values()] }, 'rows');
}

/**
 * A matter budget from a Clio matter read with `fields=id,display_number,matter_budget{budget,include_expenses,notification_threshold}`.
 * Source: /work/shared/vendor-specs/clio-openapi.json, Matter.matter_budget → MatterBudget_base
 * (budget: "The amount allocated for the matter", a JSON number; include_expenses;
 * notification_threshold: percent, 0–100). Clio documents a total per matter only: no phases.
 * Returns undefined when the matter has no budget.
 */
export function budgetFromClioMatter(matter: {
	id?: number | string;
	display_number?: string;
	matter_budget?: { budget?: number | string | null; include_expenses?: boolean; notification_threshold?: number | null } | null;
}): { budget: MatterBudget; threshold?: number } | undefined {
	const b = matter.matter_budget;
	if (!b || b.budget === null || b.budget === undefined) return undefined;
	const total = Decimal.from(b.budget).round(2).toFixed(2);
	const m = parseBudgetModel({ matters: [{ matter: String(matter.display_number ?? matter.id), total, includeExpenses: b.include_expenses ?? true }] });
	const t = b.notification_threshold;
	return { budget: m.matters[0], ...(typeof t === 'number' && t > 0 ? { threshold: t } : {}) };
}

/** The OCG rules of a budget model (blended rates, flat fees, caps, then budgets): append them to a rule set. */
export function budgetRules(model: BudgetModel, idPrefix = 'budget'): object[] {
	const rules: object[] = [];
	const base = (id: string, type: string, action: string, params: object, extra: object = {}) =>
		rules.push({ id: id.replace(/^budget/, idPrefix), type, ref: model.ref, action, params, ...extra });
	const ms = model.matters;
	const blended = ms.filter((m) => m.blendedRate !== undefined).map((m) => ({ matter: m.matter, rate: m.blendedRate! }));
	if (blended.length) base('budget.blendedRate', 'blendedRate', 'adjust', { rates: blended });
	const flat = ms.flatMap((m) => (m.flatFees ?? []).map((f) => ({ matter: m.matter, ...f })));
	if (flat.length) base('budget.flatFee', 'flatFee', 'adjust', { fees: flat });
	const caps = ms.flatMap((m) => (m.caps ?? []).map((c) => ({ matter: m.matter, ...c })));
	if (caps.length) base('budget.cap', 'cappedFee', 'adjust', { caps });
	for (const withExpenses of [true, false]) {
		const budgets = ms
			.filter((m) => m.includeExpenses === withExpenses)
			.flatMap((m) => [
				...(m.total !== undefined ? [{ matter: m.matter, amount: m.total, spent: m.spent }] : []),
				...Object.entries(m.phases ?? {}).map(([phase, amount]) => ({ matter: m.matter, phase, amount, spent: '0' })),
			]);
		if (budgets.length)
			base(withExpenses ? 'budget.total' : 'budget.fees', 'budget', model.overBudget, { budgets }, withExpenses ? {} : { appliesTo: ['fee'] });
	}
	return rules;
}

/**
 * A rule set (object, JSON/YAML text, or a list of rule sets) with the budget model's rules added
 * to each set. A rule set may also carry its budget itself, in a top-level `budget` section.
 */
export function withBudget(ruleSet: unknown, model: BudgetModel | undefined): unknown {
	const value = typeof ruleSet === 'string' ? parseRuleSetText(ruleSet) : ruleSet;
	if (Array.isArray(value)) return value.map((s) => withBudget(s, model));
	if (value === null || typeof value !== 'object') return value;
	const { budget, ...set } = value as { budget?: unknown; rules?: unknown };
	const models = [...(budget !== undefined ? [parseBudgetModel(budget, 'budget')] : []), ...(model ? [model] : [])];
	if (!models.length) return value;
	const rules = Array.isArray(set.rules) ? set.rules : [];
	return { ...set, rules: [...rules, ...models.flatMap((m, k) => budgetRules(m, k ? `budget${k + 1}` : 'budget'))] };
}
