/**
 * Rule sets are data: JSON (or YAML) validated here with zod. Every mistake is reported with its
 * path ("rules[3].params.maxHours") and what was expected; all mistakes at once, not the first.
 */
// zod's v3 API (shipped inside zod 4): its bundled code passes n8n's verification scan
import { z } from 'zod/v3';
import { Decimal } from '../money/decimal';
import { isIsoDate } from '../model/dates';

export const RULE_TYPES = [
	'approvedRate',
	'unknownTimekeeper',
	'rateIncrease',
	'maxDailyHours',
	'minimumIncrement',
	'blockBilling',
	'bannedWords',
	'vagueNarrative',
	'shortNarrative',
	'clericalWork',
	'duplicates',
	'billingPeriod',
	'staleCharge',
	'lateInvoice',
	'taskCodes',
	'expenseCap',
	'bannedExpenseCodes',
	'maxTimekeepersPerMatter',
	'eventAttendance',
	'travel',
	'budget',
	'cappedFee',
	'flatFee',
	'blendedRate',
	'currency',
	'multiMatter',
	'expression',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** Rule types that judge the invoice as a whole: their action is flag or reject, never adjust. */
export const INVOICE_LEVEL_TYPES: ReadonlySet<RuleType> = new Set<RuleType>(['lateInvoice', 'multiMatter']);

export const ACTIONS = ['flag', 'adjust', 'reject'] as const;
export type RuleAction = (typeof ACTIONS)[number];
export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];
export { ENTRY_KINDS } from '../model/entry';
import { ENTRY_KINDS } from '../model/entry';

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'string' ? `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"` : typeof v);

/** A decimal given as a string ("250.00") or a number (250); normalised to a string. */
export const decimal = (opts: { positive?: boolean; nonNegative?: boolean } = {}) =>
	z.unknown().transform((v, ctx) => {
		const d = typeof v === 'string' || typeof v === 'number' ? Decimal.tryFrom(v) : undefined;
		if (!d) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a decimal number such as "250.00", got ${describe(v)}` });
			return z.NEVER;
		}
		if (opts.positive && !d.gt(0)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number greater than 0, got ${d.toString()}` });
			return z.NEVER;
		}
		if (opts.nonNegative && d.isNegative()) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number of 0 or more, got ${d.toString()}` });
			return z.NEVER;
		}
		return d.toString();
	});

const isoDate = z
	.string({ invalid_type_error: 'expected an ISO date "YYYY-MM-DD"' })
	.refine(isIsoDate, (v) => ({ message: `expected an ISO date "YYYY-MM-DD", got ${describe(v)}` }));
export const nonEmpty = z.string().trim().min(1, { message: 'expected a non-empty string' });
const words = z.array(nonEmpty).min(1, { message: 'expected at least one word' });
const codeList = z.array(nonEmpty.transform((s) => s.toUpperCase()));
const count = z.number().int({ message: 'expected a whole number' }).min(1, { message: 'expected a whole number of 1 or more' });
const days = z.number().int({ message: 'expected a whole number of days' }).min(0, { message: 'expected 0 or more days' });

const effective = z
	.strictObject({ from: isoDate.optional(), to: isoDate.optional() })
	.refine((e) => !e.from || !e.to || e.from <= e.to, { message: 'expected "from" on or before "to"' });

export const scopeSchema = z.strictObject({
	clients: z.array(nonEmpty).optional(),
	matterTypes: z.array(nonEmpty).optional(),
	matters: z.array(nonEmpty).optional(),
});
export type Scope = z.infer<typeof scopeSchema>;

const ratedTimekeeper = z.strictObject({ id: nonEmpty, rate: decimal({ nonNegative: true }), from: isoDate.optional(), to: isoDate.optional() });
const ratedClass = z.strictObject({
	classification: nonEmpty,
	rate: decimal({ nonNegative: true }),
	from: isoDate.optional(),
	to: isoDate.optional(),
});
const rateCard = z
	.strictObject({ timekeepers: z.array(ratedTimekeeper).optional(), classifications: z.array(ratedClass).optional() })
	.refine((c) => (c.timekeepers?.length ?? 0) + (c.classifications?.length ?? 0) > 0, {
		message: 'expected at least one rate in "timekeepers" or "classifications"',
	});
export type RateCard = z.infer<typeof rateCard>;

const DEFAULT_VAGUE = [
	'attention to',
	'attention to file',
	'attention to matter',
	'work on file',
	'work on matter',
	'review',
	'review file',
	'review documents',
	'research',
	'various activities',
	'follow up',
	'misc',
	'miscellaneous',
];
/** attendance, not the mere mention of an event ("trial exhibit list" is not an event attended) */
const DEFAULT_EVENTS = [
	'attend hearing',
	'attend deposition',
	'attend mediation',
	'attend trial',
	'attend meeting',
	'attend conference',
	'attendance at hearing',
	'attendance at deposition',
	'attendance at trial',
	'appear at hearing',
	'appearance at hearing',
];
const DEFAULT_TRAVEL = ['travel', 'travelled', 'traveled', 'travelling', 'traveling'];

export const paramSchemas = {
	approvedRate: rateCard,
	unknownTimekeeper: z.strictObject({ timekeepers: z.array(nonEmpty).optional(), classifications: z.array(nonEmpty).optional() }),
	rateIncrease: z.strictObject({ maxPercent: decimal({ nonNegative: true }), baseRates: rateCard }),
	maxDailyHours: z.strictObject({ maxHours: decimal({ positive: true }) }),
	minimumIncrement: z.strictObject({ increment: decimal({ positive: true }) }),
	blockBilling: z.strictObject({
		minSeparators: count.default(2),
		minHours: decimal({ nonNegative: true }).default('1'),
		separators: z.array(z.string().min(1)).default([';']),
		countAndVerbs: z.boolean().default(true),
		countInlineTimes: z.boolean().default(true),
	}),
	bannedWords: z.strictObject({ words }),
	vagueNarrative: z.strictObject({ exact: z.array(nonEmpty).default(DEFAULT_VAGUE), contains: z.array(nonEmpty).default([]) }),
	shortNarrative: z
		.strictObject({ minWords: count.optional(), minChars: count.optional() })
		.refine((p) => p.minWords !== undefined || p.minChars !== undefined, { message: 'expected "minWords" or "minChars"' }),
	clericalWork: z
		.strictObject({ keywords: z.array(nonEmpty).default([]), activityCodes: codeList.default([]), taskCodes: codeList.default([]) })
		.refine((p) => p.keywords.length + p.activityCodes.length + p.taskCodes.length > 0, {
			message: 'expected at least one of "keywords", "activityCodes", "taskCodes"',
		}),
	duplicates: z.strictObject({ compareNarrative: z.boolean().default(true) }),
	billingPeriod: z.strictObject({}),
	staleCharge: z.strictObject({ maxDays: days }),
	lateInvoice: z.strictObject({ maxDaysAfterPeriodEnd: days.optional(), allowFutureInvoiceDate: z.boolean().default(false) }),
	taskCodes: z
		.strictObject({
			required: z.array(z.enum(['task', 'activity', 'expense'])).default([]),
			allowed: codeList.optional(),
			blocked: codeList.default([]),
		})
		.refine((p) => p.required.length > 0 || p.allowed !== undefined || p.blocked.length > 0, {
			message: 'expected at least one of "required", "allowed", "blocked"',
		}),
	expenseCap: z.strictObject({
		caps: z
			.array(
				z
					.strictObject({
						codes: codeList.min(1, { message: 'expected at least one expense code (or "*")' }),
						maxUnitCost: decimal({ nonNegative: true }).optional(),
						maxLineTotal: decimal({ nonNegative: true }).optional(),
					})
					.refine((c) => c.maxUnitCost !== undefined || c.maxLineTotal !== undefined, {
						message: 'expected "maxUnitCost" or "maxLineTotal"',
					}),
			)
			.min(1, { message: 'expected at least one cap' }),
	}),
	bannedExpenseCodes: z.strictObject({ codes: codeList.min(1, { message: 'expected at least one expense code' }) }),
	maxTimekeepersPerMatter: z.strictObject({ max: count }),
	eventAttendance: z.strictObject({
		maxAttendees: count,
		keywords: z.array(nonEmpty).default(DEFAULT_EVENTS),
		activityCodes: codeList.default([]),
	}),
	travel: z.strictObject({
		percent: decimal({ nonNegative: true }).refine((p) => Decimal.from(p).lte(100), { message: 'expected a percentage from 0 to 100' }),
		keywords: z.array(nonEmpty).default(DEFAULT_TRAVEL),
		codes: codeList.default([]),
		excludeKeywords: z.array(nonEmpty).default(['working travel', 'worked while traveling', 'worked while travelling']),
	}),
	budget: z.strictObject({
		budgets: z
			.array(
				z.strictObject({
					matter: nonEmpty,
					phase: nonEmpty.transform((s) => s.toUpperCase()).optional(),
					amount: decimal({ nonNegative: true }),
					spent: decimal({ nonNegative: true }).default('0'),
				}),
			)
			.min(1, { message: 'expected at least one budget' }),
	}),
	cappedFee: z.strictObject({
		caps: z
			.array(
				z.strictObject({
					matter: nonEmpty,
					phase: nonEmpty.transform((s) => s.toUpperCase()).optional(),
					amount: decimal({ nonNegative: true }),
					billed: decimal({ nonNegative: true }).default('0'),
				}),
			)
			.min(1, { message: 'expected at least one cap' }),
	}),
	flatFee: z.strictObject({
		fees: z
			.array(
				z
					.strictObject({
						matter: nonEmpty,
						phase: nonEmpty.transform((s) => s.toUpperCase()).optional(),
						activity: nonEmpty.transform((s) => s.toUpperCase()).optional(),
						amount: decimal({ nonNegative: true }),
						description: z.string().max(500).optional(),
						billed: z.boolean().default(false),
					})
					.refine((f) => (f.phase === undefined) !== (f.activity === undefined), {
						message: 'expected either "phase" (a flat fee per phase) or "activity" (a flat fee per event), not both',
					}),
			)
			.min(1, { message: 'expected at least one flat fee' }),
	}),
	blendedRate: z.strictObject({
		rates: z
			.array(
				z.strictObject({
					matter: nonEmpty,
					phase: nonEmpty.transform((s) => s.toUpperCase()).optional(),
					rate: decimal({ nonNegative: true }),
				}),
			)
			.min(1, { message: 'expected at least one blended rate' }),
	}),
	currency: z.strictObject({ currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as "USD"' }).optional() }),
	multiMatter: z.strictObject({}),
	expression: z.strictObject({ when: z.unknown() }),
} satisfies Record<RuleType, z.ZodType>;

export type RuleParams = { [K in RuleType]: z.output<(typeof paramSchemas)[K]> };

const ruleBase = z.strictObject({
	id: nonEmpty,
	type: z.enum(RULE_TYPES),
	ref: nonEmpty,
	description: z.string().optional(),
	severity: z.enum(SEVERITIES).optional(),
	action: z.enum(ACTIONS),
	message: z.string().min(1).optional(),
	params: z.unknown().optional(),
	appliesTo: z.array(z.enum(ENTRY_KINDS)).min(1).optional(),
	scope: scopeSchema.optional(),
	effective: effective.optional(),
	enabled: z.boolean().default(true),
});

export interface RuleDefinition<T extends RuleType = RuleType> {
	id: string;
	type: T;
	ref: string;
	description?: string;
	severity: Severity;
	action: RuleAction;
	message?: string;
	params: RuleParams[T];
	appliesTo?: Array<(typeof ENTRY_KINDS)[number]>;
	scope?: Scope;
	effective?: { from?: string; to?: string };
	enabled: boolean;
}

const header = z.strictObject({
	$schema: z.string().optional(),
	id: nonEmpty,
	name: z.string().optional(),
	description: z.string().optional(),
	version: z.union([nonEmpty, z.number().transform(String)], { errorMap: () => ({ message: 'expected a version such as "2026.1"' }) }),
	currency: z.string().regex(/^[A-Z]{3}$/, { message: 'expected an ISO 4217 code such as "USD"' }).optional(),
	scope: scopeSchema.optional(),
	effective: effective.optional(),
	rules: z.array(z.unknown(), { invalid_type_error: 'expected an array of rules', required_error: 'required: expected an array of rules' }),
});

export interface RuleSetDefinition {
	id: string;
	name?: string;
	description?: string;
	version: string;
	currency?: string;
	scope?: Scope;
	effective?: { from?: string; to?: string };
	rules: RuleDefinition[];
}

export interface ValidationIssue {
	/** where: "rules[2].params.maxHours" ("" = the rule set itself) */
	path: string;
	message: string;
}

export class RuleSetValidationError extends Error {
	constructor(
		readonly issues: ValidationIssue[],
		readonly ruleSetId?: string,
	) {
		super(
			`Invalid OCG rule set${ruleSetId ? ` "${ruleSetId}"` : ''}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n` +
				issues.map((i) => `  - ${i.path || '(rule set)'}: ${i.message}`).join('\n'),
		);
		this.name = 'RuleSetValidationError';
	}
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const p of path) {
		if (typeof p === 'number') out += `[${p}]`;
		else out += out ? `.${String(p)}` : String(p);
	}
	return out;
}

function joinPath(prefix: string, rest: string): string {
	if (!rest) return prefix;
	if (!prefix) return rest;
	return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

const article = (t: string) =>
	t === 'string' ? 'a string' : t === 'number' ? 'a number' : t === 'boolean' ? 'true or false' : t === 'array' ? 'an array' : t === 'object' ? 'an object' : t;

export function issuesOf(error: z.ZodError, prefix: string): ValidationIssue[] {
	return error.issues.map((i) => {
		let message = i.message;
		if (i.code === z.ZodIssueCode.unrecognized_keys) message = `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
		else if (i.code === z.ZodIssueCode.invalid_type && message === 'Required') message = `required: expected ${article(i.expected)}`;
		else if (i.code === z.ZodIssueCode.invalid_type && message.startsWith('Expected ')) message = `expected ${article(i.expected)}, got ${i.received}`;
		else if (i.code === z.ZodIssueCode.invalid_enum_value)
			message = `expected one of ${i.options.map((o) => `"${String(o)}"`).join(', ')}, got ${describe(i.received)}`;
		return { path: joinPath(prefix, formatPath(i.path)), message };
	});
}

const DEFAULT_SEVERITY: Record<RuleAction, Severity> = { flag: 'warning', adjust: 'warning', reject: 'error' };

/** Validates the shape of a rule set (not yet the expressions and templates: see compileRuleSet). */
export function parseDefinition(input: unknown): { definition?: RuleSetDefinition; issues: ValidationIssue[]; positions: number[] } {
	const h = header.safeParse(input);
	if (!h.success) {
		// still validate the rules when only the header is wrong, so every mistake is listed
		const issues = issuesOf(h.error, '');
		const rules = (input as { rules?: unknown })?.rules;
		if (Array.isArray(rules)) issues.push(...rules.flatMap((r, i) => parseRule(r, i).issues));
		return { issues, positions: [] };
	}
	const issues: ValidationIssue[] = [];
	const rules: RuleDefinition[] = [];
	/** index in the input of each valid rule */
	const positions: number[] = [];
	const seen = new Map<string, number>();
	h.data.rules.forEach((raw, i) => {
		const r = parseRule(raw, i);
		issues.push(...r.issues);
		if (!r.rule) return;
		const prev = seen.get(r.rule.id);
		if (prev !== undefined) issues.push({ path: `rules[${i}].id`, message: `duplicate rule id "${r.rule.id}" (also rules[${prev}]): expected unique ids` });
		else seen.set(r.rule.id, i);
		rules.push(r.rule);
		positions.push(i);
	});
	// the valid rules are returned even when others are wrong, so compiling them can add its issues
	return { definition: { ...h.data, rules }, issues, positions };
}

function parseRule(raw: unknown, i: number): { rule?: RuleDefinition; issues: ValidationIssue[] } {
	const prefix = `rules[${i}]`;
	const b = ruleBase.safeParse(raw);
	if (!b.success) {
		const issues = issuesOf(b.error, prefix);
		// validate the params as well when the type is known
		const t = (raw as { type?: unknown })?.type;
		if (typeof t === 'string' && (RULE_TYPES as readonly string[]).includes(t)) {
			const p = paramSchemas[t as RuleType].safeParse((raw as { params?: unknown }).params ?? {});
			if (!p.success) issues.push(...issuesOf(p.error, `${prefix}.params`));
		}
		return { issues };
	}
	const base = b.data;
	const issues: ValidationIssue[] = [];
	const p = paramSchemas[base.type].safeParse(base.params ?? {});
	if (!p.success) issues.push(...issuesOf(p.error, `${prefix}.params`));
	if (base.action === 'adjust' && INVOICE_LEVEL_TYPES.has(base.type))
		issues.push({ path: `${prefix}.action`, message: `rule type "${base.type}" judges the whole invoice: expected "flag" or "reject", got "adjust"` });
	if (issues.length) return { issues };
	const rule: RuleDefinition = {
		...base,
		severity: base.severity ?? DEFAULT_SEVERITY[base.action],
		params: p.data as RuleParams[RuleType],
	};
	return { rule, issues };
}
