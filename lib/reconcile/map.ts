import type { RejectionAction, RejectionMap, RejectionMapInput, RejectionReason, RejectionRule } from './types';
import { reasonMatches } from './pattern';
import { rejectionMapSchema } from './types';

export class RejectionMapError extends Error {
	constructor(
		message: string,
		readonly issues: Array<{ path: string; message: string }>,
	) {
		super(message);
		this.name = 'RejectionMapError';
	}
}

/**
 * Validates a rejection map given as JSON text or an object. Throws RejectionMapError naming every
 * problem by its path (e.g. `rules[2].actions[0].role: must not be empty`).
 */
export function parseRejectionMap(input: string | unknown): RejectionMap {
	let value: unknown = input;
	if (typeof input === 'string') {
		let jsonError: string | undefined;
		try {
			value = JSON.parse(input);
		} catch (e) {
			jsonError = (e as Error).message;
		}
		if (jsonError !== undefined) {
			throw new RejectionMapError(`Rejection map is not valid JSON: ${jsonError}`, [{ path: '', message: jsonError }]);
		}
	}
	const parsed = rejectionMapSchema.safeParse(value);
	if (!parsed.success) {
		const issues = parsed.error.issues.map((i) => ({
			path: i.path.reduce<string>(
				(acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
				'',
			),
			message: i.message,
		}));
		throw new RejectionMapError(
			`Invalid rejection map: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
			issues,
		);
	}
	return parsed.data;
}

function scopeMatches(rule: RejectionRule, reason: RejectionReason): boolean {
	if (rule.platform !== '*' && rule.platform.toLowerCase() !== String(reason.platform).toLowerCase()) return false;
	return rule.kind === '*' || rule.kind === reason.kind;
}

function codeMatches(rule: RejectionRule, reason: RejectionReason): boolean {
	if (!rule.codes || rule.codes.length === 0 || !reason.code) return false;
	const code = reason.code.toUpperCase();
	return rule.codes.some((c) => c.toUpperCase() === code);
}

function patternMatches(rule: RejectionRule, reason: RejectionReason): boolean {
	if (rule.reasonPattern === undefined) return false;
	const text = [reason.reason, reason.comment].filter(Boolean).join(' ');
	return text !== '' && reasonMatches(rule.reasonPattern, text);
}

/** A rule whose codes name the reason's code wins over any text match; among each kind, the first rule. */
function findRule(map: RejectionMap, reason: RejectionReason): RejectionRule | undefined {
	const inScope = map.rules.filter((r) => scopeMatches(r, reason));
	return inScope.find((r) => codeMatches(r, reason)) ?? inScope.find((r) => patternMatches(r, reason));
}

/** Replaces {{placeholder}} with the reason's values; unknown placeholders are left visible. */
export function renderTemplate(template: string, reason: RejectionReason): string {
	const values: Record<string, string | undefined> = {
		platform: reason.platform,
		kind: reason.kind,
		code: reason.code,
		reason: reason.reason,
		comment: reason.comment,
		invoiceId: reason.invoiceId,
		invoiceNumber: reason.invoiceNumber,
		lineItemNumber: reason.lineItemNumber === undefined ? undefined : String(reason.lineItemNumber),
		amount: reason.amount,
	};
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
		key in values ? (values[key] ?? '') : whole,
	);
}

function renderAction(action: RejectionAction, reason: RejectionReason): RejectionAction {
	switch (action.type) {
		case 'setStatus':
			return { ...action, status: renderTemplate(action.status, reason) };
		case 'writeCustomField':
			return { ...action, field: renderTemplate(action.field, reason), value: renderTemplate(action.value, reason) };
		case 'createTask':
			return {
				...action,
				subject: renderTemplate(action.subject, reason),
				...(action.description !== undefined ? { description: renderTemplate(action.description, reason) } : {}),
			};
		case 'notify':
			return { ...action, to: renderTemplate(action.to, reason), message: renderTemplate(action.message, reason) };
	}
}

export interface ResolvedReason {
	reason: RejectionReason;
	/** the rule that matched, or "fallback" */
	ruleId: string;
	actions: RejectionAction[];
}

/** Code match first, then reason-text match (rules in order); no match → the map's fallback actions. */
export function resolveRejection(map: RejectionMap, reason: RejectionReason): ResolvedReason {
	const rule = findRule(map, reason);
	const actions = rule ? rule.actions : map.fallback;
	return { reason, ruleId: rule ? rule.id : 'fallback', actions: actions.map((a) => renderAction(a, reason)) };
}

export interface ReconciliationPlan {
	resolved: ResolvedReason[];
	/** the actions of all reasons, with identical actions (same type and fields) kept once */
	actions: RejectionAction[];
}

/** Resolves every reason of an invoice and merges the actions (one status change, not five). */
export function planReconciliation(map: RejectionMap | RejectionMapInput, reasons: RejectionReason[]): ReconciliationPlan {
	const table = parseRejectionMap(map);
	const resolved = reasons.map((r) => resolveRejection(table, r));
	const seen = new Set<string>();
	const actions: RejectionAction[] = [];
	for (const r of resolved) {
		for (const a of r.actions) {
			const key = JSON.stringify(a, Object.keys(a).sort());
			if (seen.has(key)) continue;
			seen.add(key);
			actions.push(a);
		}
	}
	return { resolved, actions };
}
