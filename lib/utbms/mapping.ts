import { z } from 'zod/v3';
import type { BillingEntry, UtbmsCodes } from '../model';
import { formatPath, normalizeEntryKind, normalizeUtbmsCode, requiredKinds, utbmsCatalog, type UtbmsCatalog } from './catalog';
import { UTBMS_KINDS, type UtbmsKind } from './types';

/*
 * Mapping tables: a firm's own task/activity/expense codes (and narrative keywords) → the UTBMS
 * codes a given client wants, per client, with a default and an explicit "unmapped" result.
 *
 * {
 *   "clients": {
 *     "ACME": {
 *       "taskSets": ["litigation"],
 *       "task":     { "RESEARCH": "L120", "DEPO": "L330" },
 *       "activity": { "RES": "A102", "CALL": "A106" },
 *       "expense":  { "PHOTOCOPY": "E101" },
 *       "keywords": [ { "words": ["deposition", "depo"], "task": "L330", "activity": "A109" } ],
 *       "default":  { "activity": "A111", "expense": "E124" }
 *     },
 *     "*": { … used for clients without their own table … }
 *   }
 * }
 */

const codeValue = z.string().trim().min(1, 'empty code').max(20, 'a code is at most 20 characters');

const targetsSchema = z
	.object({ task: codeValue.optional(), activity: codeValue.optional(), expense: codeValue.optional() })
	.strict();

const keywordRuleSchema = z
	.object({
		/** whole words or phrases, matched case-insensitively in the narrative */
		words: z.array(z.string().trim().min(1, 'empty keyword')).min(1, 'give at least one word'),
		/** only for fee or only for expense lines */
		kind: z.enum(['fee', 'expense']).optional(),
		task: codeValue.optional(),
		activity: codeValue.optional(),
		expense: codeValue.optional(),
	})
	.strict()
	.refine((r) => r.task !== undefined || r.activity !== undefined || r.expense !== undefined, {
		message: 'a keyword rule needs at least one of task, activity, expense',
	});

const codeMapSchema = z.record(z.string(), codeValue).default({});

const clientMappingSchema = z
	.object({
		name: z.string().optional(),
		/** the client's task code set(s), e.g. ["litigation"]; targets must come from them. Any when absent. */
		taskSets: z.array(z.string().min(1)).min(1).optional(),
		task: codeMapSchema,
		activity: codeMapSchema,
		expense: codeMapSchema,
		keywords: z.array(keywordRuleSchema).default([]),
		default: targetsSchema.optional(),
		/** accept phase codes (L100) as task targets. Default false. */
		allowPhaseCodes: z.boolean().default(false),
		/** a firm code that is already a valid UTBMS code for this client is used as is. Default false. */
		passThroughUtbmsCodes: z.boolean().default(false),
		/** firm codes compared case-sensitively. Default false (RES = res). */
		caseSensitive: z.boolean().default(false),
		/** kinds each line kind must get; default fee → task + activity, expense → expense */
		require: z
			.object({
				fee: z.array(z.enum(['task', 'activity', 'expense'])).optional(),
				expense: z.array(z.enum(['task', 'activity', 'expense'])).optional(),
			})
			.strict()
			.optional(),
	})
	.strict();

export const mappingTableSchema = z
	.object({
		version: z.literal(1).optional(),
		description: z.string().optional(),
		clients: z
			.record(z.string().min(1, 'empty client id'), clientMappingSchema)
			.refine((c) => Object.keys(c).length > 0, { message: 'no clients: add at least one client table (or "*")' }),
	})
	.strict();

export type MappingTableInput = z.input<typeof mappingTableSchema>;

export interface MappingTableIssue {
	/** where in the table, e.g. `clients.ACME.task.RES` */
	path: string;
	message: string;
}

export class MappingTableError extends Error {
	constructor(readonly issues: MappingTableIssue[]) {
		super(
			`Invalid UTBMS mapping table: ${issues
				.slice(0, 10)
				.map((i) => `${i.path}: ${i.message}`)
				.join('; ')}${issues.length > 10 ? `; … ${issues.length - 10} more` : ''}`,
		);
		this.name = 'MappingTableError';
	}
}

interface CompiledRule {
	index: number;
	kind?: 'fee' | 'expense';
	words: Array<{ word: string; re: RegExp }>;
	targets: Partial<Record<UtbmsKind, string>>;
}

interface CompiledClient {
	key: string;
	name?: string;
	taskSets?: string[];
	maps: Record<UtbmsKind, Map<string, string>>;
	rules: CompiledRule[];
	defaults: Partial<Record<UtbmsKind, string>>;
	allowPhaseCodes: boolean;
	passThrough: boolean;
	caseSensitive: boolean;
	require: { fee: UtbmsKind[]; expense: UtbmsKind[] };
}

/** How a code was found. */
export interface MappingSource {
	by: 'firmCode' | 'passThrough' | 'existing' | 'keyword' | 'default';
	/** the firm code that was looked up */
	firmCode?: string;
	/** the keyword that matched the narrative, and the rule's 0-based index */
	keyword?: string;
	rule?: number;
	/** e.g. why a default was used */
	note?: string;
}

export interface MappingInput {
	/** client ids to try in order (e.g. client.id, client.ledesClientId); the first with a table wins, then "*" */
	clientIds?: Array<string | undefined | null>;
	/** fee, expense, feeAdjustment, expenseAdjustment, or LEDES F / E / IF / IE */
	kind?: string;
	firmCodes?: Partial<Record<UtbmsKind, unknown>>;
	narrative?: unknown;
	/** UTBMS codes the entry already carries (used with keepExisting) */
	existing?: UtbmsCodes;
}

export interface MappingOptions {
	/** keep a code the entry already carries when it is valid for the client. Default false. */
	keepExisting?: boolean;
	/** use this client table whatever the entry says */
	clientId?: string;
}

export type UnmappedReason = 'no-client' | 'unknown-client' | 'unknown-kind' | 'missing-codes';

export interface MappingResult {
	mapped: boolean;
	/** the table key used ("*" for the fallback table) */
	client?: string;
	/** the codes that could be mapped (all required ones when mapped) */
	codes: UtbmsCodes;
	sources: Partial<Record<UtbmsKind, MappingSource>>;
	/** required kinds that could not be mapped */
	missing: UtbmsKind[];
	reasonCode?: UnmappedReason;
	/** why the entry is unmapped, in words a billing clerk understands */
	reason?: string;
}

/** A validated, compiled mapping table. Build with `compileMappingTable`. */
export class UtbmsMappingTable {
	private constructor(
		private readonly clients: Map<string, CompiledClient>,
		private readonly catalog: UtbmsCatalog,
		/** non-fatal remarks, e.g. targets that are not in a partial code set */
		readonly warnings: MappingTableIssue[],
	) {}

	/** client ids that have a table ("*" included when present) */
	clientIds(): string[] {
		return [...this.clients.keys()];
	}

	static compile(input: unknown, catalog: UtbmsCatalog = utbmsCatalog): UtbmsMappingTable {
		let data: unknown = input;
		if (typeof input === 'string') {
			let jsonError: string | undefined;
			try {
				data = JSON.parse(input);
			} catch (e) {
				jsonError = (e as Error).message;
			}
			if (jsonError !== undefined) throw new MappingTableError([{ path: '(root)', message: `not valid JSON: ${jsonError}` }]);
		}
		const parsed = mappingTableSchema.safeParse(data);
		if (!parsed.success) {
			throw new MappingTableError(
				parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
			);
		}
		const issues: MappingTableIssue[] = [];
		const warnings: MappingTableIssue[] = [];
		const clients = new Map<string, CompiledClient>();
		for (const [key, c] of Object.entries(parsed.data.clients)) {
			const base: PropertyKey[] = ['clients', key];
			for (const [i, s] of (c.taskSets ?? []).entries()) {
				const set = catalog.getSet(s);
				if (!set) issues.push({ path: formatPath([...base, 'taskSets', i]), message: `unknown code set "${s}"; known: ${catalog.sets().map((x) => x.id).join(', ')}` });
				else if (set.kind !== 'task') issues.push({ path: formatPath([...base, 'taskSets', i]), message: `"${s}" is the ${set.name} (${set.kind} codes), not a task code set` });
			}
			const checkTarget = (kind: UtbmsKind, value: string, path: PropertyKey[]) => {
				const r = catalog.check(value, { kind, sets: kind === 'task' ? c.taskSets : undefined, allowPhase: c.allowPhaseCodes });
				for (const iss of r.issues) (iss.severity === 'error' ? issues : warnings).push({ path: formatPath(path), message: iss.message });
				return r.code;
			};
			const maps = { task: new Map(), activity: new Map(), expense: new Map() } as CompiledClient['maps'];
			for (const kind of UTBMS_KINDS) {
				for (const [firm, target] of Object.entries(c[kind])) {
					const k = c.caseSensitive ? firm.trim() : firm.trim().toUpperCase();
					const path = [...base, kind, firm];
					if (k === '') {
						issues.push({ path: formatPath(path), message: 'empty firm code' });
						continue;
					}
					if (maps[kind].has(k)) {
						issues.push({ path: formatPath(path), message: `firm code "${firm}" is listed twice (codes are compared ${c.caseSensitive ? 'case-sensitively' : 'ignoring case'})` });
						continue;
					}
					maps[kind].set(k, checkTarget(kind, target, path));
				}
			}
			const rules: CompiledRule[] = c.keywords.map((r, index) => {
				const targets: CompiledRule['targets'] = {};
				for (const kind of UTBMS_KINDS) {
					const t = r[kind];
					if (t !== undefined) targets[kind] = checkTarget(kind, t, [...base, 'keywords', index, kind]);
				}
				if (r.kind === 'fee' && r.expense !== undefined)
					issues.push({ path: formatPath([...base, 'keywords', index, 'expense']), message: 'a rule for fee lines cannot set an expense code' });
				return { index, kind: r.kind, targets, words: r.words.map((w) => ({ word: w, re: wholeWordRegExp(w) })) };
			});
			const defaults: CompiledClient['defaults'] = {};
			for (const kind of UTBMS_KINDS) {
				const t = c.default?.[kind];
				if (t !== undefined) defaults[kind] = checkTarget(kind, t, [...base, 'default', kind]);
			}
			clients.set(key.trim(), {
				key: key.trim(),
				name: c.name,
				taskSets: c.taskSets,
				maps,
				rules,
				defaults,
				allowPhaseCodes: c.allowPhaseCodes,
				passThrough: c.passThroughUtbmsCodes,
				caseSensitive: c.caseSensitive,
				require: {
					fee: c.require?.fee ?? requiredKinds('fee'),
					expense: c.require?.expense ?? requiredKinds('expense'),
				},
			});
		}
		if (issues.length > 0) throw new MappingTableError(issues);
		return new UtbmsMappingTable(clients, catalog, warnings);
	}

	/** Maps one entry. Never throws on entry data: problems come back as an unmapped result. */
	map(input: MappingInput, opts: MappingOptions = {}): MappingResult {
		const candidates = opts.clientId !== undefined && opts.clientId !== '' ? [opts.clientId] : (input.clientIds ?? []);
		const ids = candidates.map((c) => (c === undefined || c === null ? '' : String(c).trim())).filter((c) => c !== '');
		const client = ids.map((id) => this.clients.get(id)).find((c) => c !== undefined) ?? this.clients.get('*');
		if (!client) {
			return ids.length === 0
				? unmapped('no-client', 'The entry names no client, and the mapping table has no "*" table for entries without one', [], undefined)
				: unmapped('unknown-client', `The mapping table has no table for client ${ids.map((i) => `"${i}"`).join(' / ')} and no "*" table`, [], undefined);
		}
		const entryKind = normalizeEntryKind(input.kind);
		if (entryKind === undefined) {
			const given = input.kind === undefined || input.kind === '' ? 'no entry kind' : `entry kind "${String(input.kind)}"`;
			return unmapped('unknown-kind', `The entry has ${given}: expected fee, expense, feeAdjustment, expenseAdjustment (or F, E, IF, IE)`, [], client.key);
		}
		const required = entryKind === 'adjustment' ? [] : client.require[entryKind];
		const narrative = typeof input.narrative === 'string' ? input.narrative : '';
		const codes: UtbmsCodes = {};
		const sources: MappingResult['sources'] = {};
		const missing: UtbmsKind[] = [];
		const why: string[] = [];
		for (const kind of UTBMS_KINDS) {
			const isRequired = required.includes(kind);
			const r = this.resolve(client, kind, entryKind, input, narrative, isRequired, opts);
			if (r.code) {
				codes[kind] = r.code;
				sources[kind] = r.source!;
			} else if (isRequired) {
				missing.push(kind);
				why.push(r.why);
			}
		}
		if (missing.length > 0) {
			const res = unmapped('missing-codes', `No ${missing.join(' or ')} code for this ${entryKind} entry of client "${client.key}": ${why.join('; ')}`, missing, client.key);
			return { ...res, codes, sources };
		}
		return { mapped: true, client: client.key, codes, sources, missing: [] };
	}

	/** Maps a canonical BillingEntry (firmCodes, narrative, client.id / ledesClientId / name). */
	mapEntry(entry: Partial<BillingEntry>, opts: MappingOptions = {}): MappingResult {
		return this.map(billingEntryMappingInput(entry), opts);
	}

	private resolve(
		client: CompiledClient,
		kind: UtbmsKind,
		entryKind: 'fee' | 'expense' | 'adjustment',
		input: MappingInput,
		narrative: string,
		isRequired: boolean,
		opts: MappingOptions,
	): { code?: string; source?: MappingSource; why: string } {
		const tried: string[] = [];
		const existing = normalizeUtbmsCode(input.existing?.[kind]);
		if (opts.keepExisting && existing !== '') {
			if (this.validFor(client, kind, existing)) return { code: existing, source: { by: 'existing' }, why: '' };
			tried.push(`its existing ${kind} code "${existing}" is not valid for this client`);
		}
		const rawFirm = input.firmCodes?.[kind];
		const firm = rawFirm === undefined || rawFirm === null ? '' : String(rawFirm).trim();
		if (firm !== '') {
			const target = client.maps[kind].get(client.caseSensitive ? firm : firm.toUpperCase());
			if (target) return { code: target, source: { by: 'firmCode', firmCode: firm }, why: '' };
			if (client.passThrough && this.validFor(client, kind, normalizeUtbmsCode(firm)))
				return { code: normalizeUtbmsCode(firm), source: { by: 'passThrough', firmCode: firm }, why: '' };
			tried.push(`firm ${kind} code "${firm}" is not in the table`);
		} else tried.push(`the entry has no firm ${kind} code`);
		const lineKind = entryKind === 'adjustment' ? undefined : entryKind;
		for (const rule of client.rules) {
			const target = rule.targets[kind];
			if (!target || (rule.kind && rule.kind !== lineKind)) continue;
			const hit = narrative === '' ? undefined : rule.words.find((w) => w.re.test(narrative));
			if (hit) return { code: target, source: { by: 'keyword', keyword: hit.word, rule: rule.index }, why: '' };
		}
		if (client.rules.some((r) => r.targets[kind] && (!r.kind || r.kind === lineKind)))
			tried.push(narrative === '' ? 'the narrative is empty' : 'no keyword matched the narrative');
		if (isRequired && client.defaults[kind]) {
			return { code: client.defaults[kind], source: { by: 'default', ...(firm !== '' ? { firmCode: firm, note: tried.join('; ') } : {}) }, why: '' };
		}
		if (isRequired) tried.push(`no default ${kind} code`);
		return { why: tried.join(', ') };
	}

	private validFor(client: CompiledClient, kind: UtbmsKind, code: string) {
		return this.catalog.check(code, { kind, sets: kind === 'task' ? client.taskSets : undefined, allowPhase: client.allowPhaseCodes }).valid;
	}
}

function unmapped(reasonCode: UnmappedReason, reason: string, missing: UtbmsKind[], client: string | undefined): MappingResult {
	return { mapped: false, ...(client !== undefined ? { client } : {}), codes: {}, sources: {}, missing, reasonCode, reason };
}

/** The mapping input of a canonical entry: clients tried by id, then ledesClientId, then name. */
export function billingEntryMappingInput(entry: Partial<BillingEntry>): MappingInput {
	return {
		clientIds: [entry.client?.id, entry.client?.ledesClientId, entry.client?.name],
		kind: entry.kind,
		firmCodes: { task: entry.firmCodes?.task, activity: entry.firmCodes?.activity, expense: entry.firmCodes?.expense },
		narrative: entry.narrative,
		existing: entry.codes,
	};
}

/** Validates and compiles a mapping table (object or JSON text); throws MappingTableError listing every problem with its path. */
export function compileMappingTable(input: unknown, catalog?: UtbmsCatalog): UtbmsMappingTable {
	return UtbmsMappingTable.compile(input, catalog);
}

/** A case-insensitive whole-word (or whole-phrase) matcher: "depo" matches "Depo prep" but not "deposition". */
export function wholeWordRegExp(word: string): RegExp {
	const body = word
		.trim()
		.split(/\s+/)
		.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('\\s+');
	return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu');
}
