import { reasonMatches } from '../reconcile/pattern';
import type { RejectionReason } from '../reconcile/types';
import type { ClassRule, ResolutionClass } from './settings';

export interface Classified {
	reason: RejectionReason;
	class: ResolutionClass;
	/** the reason-class rule that matched, or "unclassified" */
	classRule: string;
	role?: string;
}

/** A rule whose codes name the reason's code wins over a text match; nothing matched → "other" (a person). */
export function classifyReason(rules: readonly ClassRule[], reason: RejectionReason): Classified {
	const inScope = rules.filter((r) => r.platform === '*' || r.platform.toLowerCase() === String(reason.platform).toLowerCase());
	const code = reason.code?.toUpperCase();
	const text = [reason.reason, reason.comment].filter(Boolean).join(' ');
	const rule =
		(code ? inScope.find((r) => r.codes?.some((c) => c.toUpperCase() === code)) : undefined) ??
		(text ? inScope.find((r) => r.reasonPattern !== undefined && reasonMatches(r.reasonPattern, text)) : undefined);
	if (!rule) return { reason, class: 'other', classRule: 'unclassified' };
	return { reason, class: rule.class, classRule: rule.id, ...(rule.role ? { role: rule.role } : {}) };
}
