/**
 * Timekeeper classifications: the one table between the legacy LEDES codes (PT, AS …) and the
 * revised six-letter ones (PARTNR, ASSOC …), where the two lists clearly correspond. Used by the
 * LEDES writer (rewrite either way) and the OCG engine (judge by the revised code).
 */
export const CLASSIFICATION_LEGACY_TO_REVISED: Readonly<Record<string, string>> = Object.freeze({
	PT: 'PARTNR',
	AS: 'ASSOC',
	OC: 'OFCOUN',
	PL: 'PARALG',
	LA: 'LGLAST',
});

export const CLASSIFICATION_REVISED_TO_LEGACY: Readonly<Record<string, string>> = Object.freeze(
	Object.fromEntries(Object.entries(CLASSIFICATION_LEGACY_TO_REVISED).map(([a, b]) => [b, a])),
);

/** Upper-cased and trimmed, a legacy code mapped to its revised one; '' for anything not a non-empty string. */
export function normalizeClassification(c: unknown): string {
	if (typeof c !== 'string' || !c) return '';
	const u = c.trim().toUpperCase();
	return CLASSIFICATION_LEGACY_TO_REVISED[u] ?? u;
}
