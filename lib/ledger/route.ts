import { str } from './types';

/** Per LEDES client ID (`*`: everyone else): the client's e-billing platform and guideline set. */
export type ClientRules = Record<string, { platform?: string; guidelines?: string }>;

export interface HubRoute {
	platform: string;
	guidelines: string;
	/** the system the entry came from (clio, actionstep) */
	source: string;
	/** the id of the same entry kept from another system (a migration overlap), or null */
	duplicateOf: string | null;
}

interface EntryLike {
	id?: unknown;
	billable?: unknown;
	source?: { system?: unknown } | null;
	client?: { ledesClientId?: unknown } | null;
	matter?: { clientMatterId?: unknown; number?: unknown } | null;
	date?: unknown;
	timekeeper?: { name?: unknown } | null;
	quantity?: unknown;
	narrative?: unknown;
}

const DEFAULT_RULE = { platform: 'none', guidelines: 'corporate' };

/** Checks the client rules of the hub's settings; the error names the client and field. */
export function parseClientRules(value: unknown): ClientRules {
	const rules = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
	if (!rules || typeof rules !== 'object' || Array.isArray(rules)) throw new Error('client rules must be an object: { "<LEDES client ID>": { "platform": …, "guidelines": … } }');
	for (const [k, v] of Object.entries(rules as Record<string, unknown>)) {
		if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`client rules: "${k}" must be an object with platform and guidelines`);
	}
	return rules as ClientRules;
}

/**
 * The hub's router: each billable entry gets its client's platform and guidelines; an entry present
 * in two systems (same client matter, date, timekeeper, quantity, narrative) is marked as the
 * duplicate of the first one seen. Only ACROSS systems: two identical entries in one system are the
 * OCG duplicates rule's business. Non-billable entries are left out (undefined).
 */
export function hubRouter(rules: ClientRules): (e: EntryLike) => HubRoute | undefined {
	const seen = new Map<string, Array<{ id: string; source: string }>>();
	const own = (k: string) => (Object.prototype.hasOwnProperty.call(rules, k) ? rules[k] : undefined);
	return (e) => {
		if (e.billable === false) return undefined;
		const rule = own(str(e.client?.ledesClientId)) ?? own('*') ?? DEFAULT_RULE;
		const key = [str(e.matter?.clientMatterId ?? e.matter?.number), str(e.date), str(e.timekeeper?.name), str(e.quantity), str(e.narrative).trim().toLowerCase()].join('|');
		const source = str(e.source?.system ?? str(e.id).split(':')[0]);
		const list = seen.get(key) ?? [];
		const first = list.find((x) => x.source !== source);
		if (!first) seen.set(key, [...list, { id: str(e.id), source }]);
		return { platform: str(rule.platform ?? DEFAULT_RULE.platform), guidelines: str(rule.guidelines ?? DEFAULT_RULE.guidelines), source, duplicateOf: first ? first.id : null };
	};
}
