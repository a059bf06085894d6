/**
 * The resolver's settings: which platform reason means which class, and the firm's policy.
 * Plain JSON, validated with zod, every problem named by its path.
 *
 * Sources (../../../shared/vendor-specs): Legal Tracker documents an adjustment's `type`, `amount`,
 * `reason`, `comment` and `lineItemNumber` (legaltracker/facts.md §4, official) but no reason code
 * list ("the code list is not given") and no invoice statuses; Brightflag's public API gives the
 * invoice status only (brightflag/facts.md §3: no reason field; `invoiceStatus` vocabularies are per
 * customer). So every reason code and text pattern below is UNVERIFIED: the defaults name the
 * codes the sandbox's reviewers use; change them in the node's "Reason Classes (JSON)" option.
 * Neither platform documents an invoice-number convention for a corrected resubmission (nor an
 * appeal operation), so the version suffix is configurable too (`versionPattern`, UNVERIFIED).
 */
import { z } from 'zod/v3';
import { patternProblem } from '../reconcile/pattern';

/** Fixable without judgement. */
export const FIXABLE_CLASSES = ['rateAboveApproved', 'utbmsCode', 'arithmetic', 'disallowedExpense', 'billingPeriod'] as const;
/** Needs a person: routed with the rule and the reason, never guessed. */
export const PERSON_CLASSES = ['narrative', 'staffing', 'notAuthorised', 'other'] as const;
export const RESOLUTION_CLASSES = [...FIXABLE_CLASSES, ...PERSON_CLASSES] as const;
export type FixableClass = (typeof FIXABLE_CLASSES)[number];
export type ResolutionClass = (typeof RESOLUTION_CLASSES)[number];

export function isFixable(c: ResolutionClass): c is FixableClass {
	return (FIXABLE_CLASSES as readonly string[]).includes(c);
}

const safePattern = z
	.string()
	.max(200)
	.superRefine((p, ctx) => {
		const problem = patternProblem(p);
		if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
	});

export const classRuleSchema = z
	.object({
		id: z.string().min(1),
		class: z.enum(RESOLUTION_CLASSES),
		platform: z.enum(['brightflag', 'legalTracker', '*']).default('*'),
		/** reason codes (exact, case-insensitive) */
		codes: z.array(z.string().min(1)).optional(),
		/** or a bounded pattern tried on the reason text and comment */
		reasonPattern: safePattern.optional(),
		/** who gets the item when it needs a person (a role the workflow maps to someone) */
		role: z.string().min(1).optional(),
	})
	.strict()
	.refine((r) => (r.codes?.length ?? 0) > 0 || r.reasonPattern !== undefined, { message: 'a rule needs "codes" or "reasonPattern"' });

export const resolverSettingsSchema = z
	.object({
		/** "resubmit": send the corrected invoice at once; "approval": prepare it and wait for a person's approval */
		mode: z.enum(['resubmit', 'approval']).default('approval'),
		/**
		 * whether the platform takes a corrected invoice by API. Off (e.g. Brightflag, whose fact sheet
		 * documents no vendor-side submission: brightflag/facts.md §2): a fully corrected invoice goes to
		 * a person with the corrected file attached, to upload by hand
		 */
		canResubmit: z.boolean().default(true),
		/** a matter is never resubmitted automatically more than this many times */
		maxResubmissionsPerMatter: z.number().int().min(0).max(20).default(2),
		/** UNVERIFIED convention: {base} = the original number without a version suffix, {version} = 2, 3, … */
		versionPattern: z
			.string()
			.min(1)
			.max(60)
			.refine((p) => p.includes('{base}') && p.indexOf('{base}') < p.indexOf('{version}'), { message: 'must contain {base} and then {version}' })
			.default('{base}-R{version}'),
		/** statuses that mean "rejected, send a corrected invoice" (anything else, e.g. disputed, is never resubmitted) */
		rejectedStatuses: z.array(z.string().min(1)).default(['rejected', 'REJECTED', 'DECLINED']),
		/** accept a UTBMS code the mapping table gives only as the client's default (not by firm code or keyword) */
		acceptDefaultCodes: z.boolean().default(false),
		/** the role that gets items needing a person when their rule names none */
		defaultRole: z.string().min(1).default('billingClerk'),
		rules: z.array(classRuleSchema).optional(),
	})
	.strict();

export type ClassRule = z.infer<typeof classRuleSchema>;
export type ResolverSettings = z.infer<typeof resolverSettingsSchema> & { rules: ClassRule[] };
export type ResolverSettingsInput = z.input<typeof resolverSettingsSchema>;

/**
 * Default reason classes (UNVERIFIED: the codes the sandbox's reviewers use, and plain-word
 * patterns for free-text reasons such as Legal Tracker's documented adjustment `reason`).
 */
export const DEFAULT_CLASS_RULES: ClassRule[] = [
	{ id: 'rate-cap', class: 'rateAboveApproved', platform: '*', codes: ['RATE_ABOVE_APPROVED', 'RATE_EXCEEDS_APPROVED'], reasonPattern: 'rate (exceeds|is above) the approved' },
	{ id: 'utbms-code', class: 'utbmsCode', platform: '*', codes: ['INVALID_TASK_CODE', 'MISSING_TASK_CODE', 'INVALID_ACTIVITY_CODE'], reasonPattern: '(task|activity) code (not allowed|is missing|missing|invalid)' },
	{ id: 'arithmetic', class: 'arithmetic', platform: '*', codes: ['ARITHMETIC_ERROR', 'LINE_TOTAL_MISMATCH', 'INVOICE_TOTAL_INCONSISTENT', 'FORMAT_ERROR', '006', '007'], reasonPattern: 'line total|does not add up|arithmetic' },
	{ id: 'expense-not-allowed', class: 'disallowedExpense', platform: '*', codes: ['EXPENSE_NOT_ALLOWED', 'EXPENSE_NOT_REIMBURSABLE'], reasonPattern: 'expense not (reimbursable|allowed)' },
	{ id: 'billing-period', class: 'billingPeriod', platform: '*', codes: ['DATE_OUTSIDE_PERIOD', 'BILLING_PERIOD_ERROR'], reasonPattern: 'outside the billing period' },
	{ id: 'narrative', class: 'narrative', platform: '*', codes: ['NARRATIVE_TOO_SHORT', 'BLOCK_BILLING', 'VAGUE_NARRATIVE'], role: 'timekeeper' },
	{ id: 'staffing', class: 'staffing', platform: '*', codes: ['TIMEKEEPER_NOT_APPROVED', 'TIMEKEEPER_MISMATCH', 'OVERSTAFFING', 'MISSING_RATE'], role: 'billingManager' },
	{ id: 'not-authorised', class: 'notAuthorised', platform: '*', codes: ['WORK_NOT_AUTHORIZED', 'WORK_NOT_AUTHORISED'], role: 'responsibleAttorney' },
];

export class ResolverSettingsError extends Error {
	constructor(readonly issues: Array<{ path: string; message: string }>) {
		super(`Invalid resolver settings: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
		this.name = 'ResolverSettingsError';
	}
}

/** Validates settings (object or JSON text); the default reason classes when `rules` is absent. */
export function parseResolverSettings(input: unknown = {}): ResolverSettings {
	let value = input;
	if (typeof input === 'string') {
		let jsonError: string | undefined;
		try {
			value = input.trim() === '' ? {} : JSON.parse(input);
		} catch (e) {
			jsonError = (e as Error).message;
		}
		if (jsonError !== undefined) throw new ResolverSettingsError([{ path: '', message: `not valid JSON: ${jsonError}` }]);
	}
	const parsed = resolverSettingsSchema.safeParse(value ?? {});
	if (!parsed.success) {
		throw new ResolverSettingsError(
			parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, ''), message: i.message })),
		);
	}
	return { ...parsed.data, rules: parsed.data.rules ?? DEFAULT_CLASS_RULES };
}
