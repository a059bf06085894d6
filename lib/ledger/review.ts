import { str } from './types';

/** One row of the review queue (Data Table `legal_billing_review_queue`). */
export interface ReviewRow {
	entryId: string;
	stage: string;
	clientId: string;
	matter: string;
	timekeeper: string;
	date: string;
	quantity: string;
	total: string;
	narrative: string;
	reasons: string;
	guidelineRefs: string;
	queuedAt: string;
}

interface EntryLike {
	id?: unknown;
	client?: { ledesClientId?: unknown; id?: unknown } | null;
	matter?: { number?: unknown; id?: unknown } | null;
	timekeeper?: { name?: unknown } | null;
	date?: unknown;
	quantity?: unknown;
	total?: unknown;
	narrative?: unknown;
	error?: unknown;
	utbmsUnmapped?: { reason?: unknown } | null;
	ocg?: { status?: unknown; violations?: Array<{ message?: unknown; ref?: unknown; guidelineRef?: unknown }> } | null;
}

/**
 * An entry that must not reach a file, as a review-queue row with the reason and the guideline
 * reference: `utbms` (the UTBMS node's Unmapped output) or `ocg` (the OCG node's Review/Rejected outputs).
 */
export function reviewRow(e: EntryLike, stage: 'utbms' | 'ocg', queuedAt: string): ReviewRow {
	let reasons: string[];
	let refs: string[] = [];
	if (stage === 'utbms') {
		reasons = [str(e.utbmsUnmapped?.reason) || 'no UTBMS code for the firm code'];
	} else {
		const v = Array.isArray(e.ocg?.violations) ? e.ocg!.violations : [];
		reasons = v.map((x) => str(x.message));
		refs = v.map((x) => str(x.ref ?? x.guidelineRef ?? '')).filter(Boolean);
		if (e.error) reasons.push(str(e.error));
	}
	return {
		entryId: str(e.id),
		stage: stage === 'utbms' ? 'utbms-unmapped' : `ocg-${str(e.ocg?.status) || 'review'}`,
		clientId: str(e.client?.ledesClientId ?? e.client?.id),
		matter: str(e.matter?.number ?? e.matter?.id),
		timekeeper: str(e.timekeeper?.name),
		date: str(e.date),
		quantity: str(e.quantity),
		total: str(e.total),
		narrative: str(e.narrative).slice(0, 500),
		reasons: reasons.join(' | ').slice(0, 2000),
		guidelineRefs: [...new Set(refs)].join(', '),
		queuedAt,
	};
}
