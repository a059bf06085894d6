import { z } from 'zod/v3';
import { patternProblem } from './pattern';

/**
 * The rejection map: what a firm does in its practice-management system (Actionstep, Clio) when an
 * e-billing platform (Brightflag, Legal Tracker) rejects an invoice or adjusts a line.
 * Plain JSON so users can edit it in a node parameter or a file; validated with zod.
 */

const templated = z.string().min(1, 'must not be empty');

export const setStatusActionSchema = z
	.object({
		type: z.literal('setStatus'),
		/** which PMS record: the bill/invoice (default) or the matter */
		target: z.enum(['bill', 'matter']).default('bill'),
		/**
		 * the invoice's e-billing status as the firm tracks it, e.g. "For Review", "Approved", "Paid".
		 * Actionstep's bill statuses are fixed (Draft/Open/Closed/Deleted), so workflows write it to the
		 * "E-billing Status" data-collection field; "Draft"/"Open" here may also be applied as a bill status.
		 */
		status: templated,
	})
	.strict();

export const writeCustomFieldActionSchema = z
	.object({
		type: z.literal('writeCustomField'),
		target: z.enum(['bill', 'matter']).default('matter'),
		/** the custom field's name (Actionstep data-collection field, Clio custom field) */
		field: templated,
		/** value template: {{code}}, {{reason}}, {{comment}}, {{invoiceNumber}}, {{lineItemNumber}}, {{amount}}, {{platform}} */
		value: templated,
	})
	.strict();

export const createTaskActionSchema = z
	.object({
		type: z.literal('createTask'),
		/** the role to assign to, e.g. "billingClerk", "responsibleAttorney"; the workflow maps roles to people */
		role: templated,
		subject: templated,
		description: z.string().optional(),
		dueInDays: z.number().int().min(0).max(365).default(2),
		priority: z.enum(['low', 'normal', 'high']).default('normal'),
	})
	.strict();

export const notifyActionSchema = z
	.object({
		type: z.literal('notify'),
		/** role or address to notify; the workflow decides the channel (email, Slack, Teams…) */
		to: templated,
		channel: z.string().optional(),
		message: templated,
	})
	.strict();

export const rejectionActionSchema = z.discriminatedUnion('type', [
	setStatusActionSchema,
	writeCustomFieldActionSchema,
	createTaskActionSchema,
	notifyActionSchema,
]);

export const rejectionRuleSchema = z
	.object({
		/** a short id for logs and outputs */
		id: z.string().min(1),
		description: z.string().optional(),
		/** the platform the rule applies to; "*" (default) for any */
		platform: z.enum(['brightflag', 'legalTracker', '*']).default('*'),
		/** "rejection" (whole invoice), "adjustment" (a line cut), or "*" (default) */
		kind: z.enum(['rejection', 'adjustment', 'postingError', '*']).default('*'),
		/** reason codes this rule handles (exact, case-insensitive) */
		codes: z.array(z.string().min(1)).optional(),
		/**
		 * or a regular expression tried on the free-text reason (case-insensitive). Bounded (see
		 * ./pattern): no repetition of a repeating or alternating group, no backreferences, at most
		 * 2 repeating quantifiers and 200 characters; it runs on the first 300 characters of the text.
		 */
		reasonPattern: z
			.string()
			.optional()
			.superRefine((p, ctx) => {
				if (p === undefined) return;
				const problem = patternProblem(p, '; use plain words or a simpler pattern, e.g. "duplicate|block billing"');
				if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
			}),
		actions: z.array(rejectionActionSchema).min(1, 'a rule needs at least one action'),
	})
	.strict()
	.refine((r) => (r.codes && r.codes.length > 0) || r.reasonPattern !== undefined, {
		message: 'a rule needs "codes" or "reasonPattern"',
	});

export const rejectionMapSchema = z
	.object({
		version: z.literal(1),
		description: z.string().optional(),
		rules: z.array(rejectionRuleSchema),
		/** actions for reasons no rule matches; nothing is silently dropped */
		fallback: z.array(rejectionActionSchema).min(1, 'the fallback needs at least one action'),
	})
	.strict()
	.superRefine((m, ctx) => {
		const seen = new Set<string>();
		m.rules.forEach((r, i) => {
			if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
			seen.add(r.id);
		});
	});

export type SetStatusAction = z.infer<typeof setStatusActionSchema>;
export type WriteCustomFieldAction = z.infer<typeof writeCustomFieldActionSchema>;
export type CreateTaskAction = z.infer<typeof createTaskActionSchema>;
export type NotifyAction = z.infer<typeof notifyActionSchema>;
export type RejectionAction = z.infer<typeof rejectionActionSchema>;
export type RejectionRule = z.infer<typeof rejectionRuleSchema>;
export type RejectionMap = z.infer<typeof rejectionMapSchema>;
/** What a user writes (defaults may be left out). */
export type RejectionMapInput = z.input<typeof rejectionMapSchema>;

/** One reason reported by a platform, normalised. */
export interface RejectionReason {
	platform: 'brightflag' | 'legalTracker' | string;
	kind: 'rejection' | 'adjustment' | 'postingError';
	/** the platform's code, e.g. "BLOCK_BILLING", "RATE_ABOVE_APPROVED", "003" */
	code?: string;
	/** free text */
	reason?: string;
	comment?: string;
	invoiceId?: string;
	invoiceNumber?: string;
	lineItemNumber?: string | number;
	/** decimal string, e.g. "-125.00" */
	amount?: string;
}
