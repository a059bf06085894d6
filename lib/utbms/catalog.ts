import { z } from 'zod/v3';
import { entryKindOf } from '../model/entry';
import { BUILTIN_CODE_SETS } from './sets';
import { UTBMS_KINDS, type UtbmsCodeDef, type UtbmsCodeInfo, type UtbmsCodeSet, type UtbmsKind } from './types';

/** Stable identifiers of the problems validation reports. */
export type UtbmsIssueCode =
	| 'empty'
	| 'malformed'
	| 'unknown'
	| 'unverified'
	| 'wrong-kind'
	| 'wrong-set'
	| 'phase-not-task'
	| 'not-a-phase'
	| 'not-in-phase'
	| 'missing'
	| 'unexpected';

export interface UtbmsIssue {
	/** which code of the entry: task, activity, expense or the phase given for checking */
	field?: UtbmsKind | 'phase';
	code: UtbmsIssueCode;
	severity: 'error' | 'warning';
	/** the value that was checked, as given */
	value?: string;
	message: string;
}

export interface CodeCheckOptions {
	/** the column the code is meant for; a code of another kind is `wrong-kind` */
	kind?: UtbmsKind;
	/** ids of the sets the code must come from (e.g. the client's task set); any set when absent */
	sets?: readonly string[];
	/** accept a phase code (L100) where a task is expected. Default false. */
	allowPhase?: boolean;
	/** the task must belong to this phase */
	phase?: string;
	/**
	 * Treat a code that is not listed but has the shape of a partial set (B120 in the bankruptcy set)
	 * as an error instead of an "unverified" warning. Default false.
	 */
	strict?: boolean;
}

export interface CodeCheckResult {
	/** no error-severity issue */
	valid: boolean;
	/** the normalised code (trimmed, upper case) */
	code: string;
	info?: UtbmsCodeInfo;
	issues: UtbmsIssue[];
}

/** What `UtbmsCatalog.status()` says of a code. */
export type UtbmsCodeStatus = 'known' | 'unverified' | 'unknown' | 'wrong-kind';

const KIND_LABEL: Record<UtbmsKind, string> = { task: 'task', activity: 'activity', expense: 'expense' };
const CODE_SHAPE = /^[A-Z0-9][A-Z0-9._-]{0,19}$/;

/** zod schema of a code set, for sets loaded from JSON (the node's "Additional Code Sets"). */
export const codeSetSchema = z
	.object({
		id: z.string().trim().min(1).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only'),
		name: z.string().trim().min(1),
		kind: z.enum(['task', 'activity', 'expense']),
		partial: z.boolean().default(false),
		note: z.string().optional(),
		pattern: z
			.string()
			.optional()
			.refine((p) => p === undefined || isRegExp(p), 'not a valid regular expression'),
		codes: z
			.array(
				z
					.object({
						code: z
							.string()
							.trim()
							.transform((c) => c.toUpperCase())
							.pipe(z.string().regex(CODE_SHAPE, 'a code is 1–20 letters, digits, ".", "-" or "_"')),
						name: z.string().trim().min(1),
						phase: z
							.string()
							.trim()
							.transform((c) => c.toUpperCase())
							.optional(),
						isPhase: z.boolean().optional(),
					})
					.strict(),
			)
			.min(1),
	})
	.strict()
	.superRefine((set, ctx) => {
		const byCode = new Map<string, UtbmsCodeDef>();
		set.codes.forEach((c, i) => {
			if (byCode.has(c.code))
				ctx.addIssue({ code: 'custom', path: ['codes', i, 'code'], message: `duplicate code "${c.code}"` });
			byCode.set(c.code, c);
		});
		set.codes.forEach((c, i) => {
			if (c.phase === undefined) return;
			const p = byCode.get(c.phase);
			if (!p?.isPhase)
				ctx.addIssue({
					code: 'custom',
					path: ['codes', i, 'phase'],
					message: `"${c.phase}" is not a phase (isPhase: true) of set "${set.id}"`,
				});
			if (c.isPhase)
				ctx.addIssue({ code: 'custom', path: ['codes', i, 'phase'], message: 'a phase cannot itself belong to a phase' });
		});
	});

function isRegExp(p: string) {
	try {
		new RegExp(p);
		return true;
	} catch {
		return false;
	}
}

/** Normalises a code as written by a user or a file: trimmed, upper case. */
export function normalizeUtbmsCode(code: unknown): string {
	return typeof code === 'string' ? code.trim().toUpperCase() : typeof code === 'number' ? String(code) : '';
}

/**
 * An immutable set of UTBMS code sets with lookup and validation. `utbmsCatalog` holds the sets
 * shipped with the package; `withSets()` derives a catalog with more (or replaced) sets.
 */
export class UtbmsCatalog {
	private readonly setList: readonly UtbmsCodeSet[];
	private readonly byId = new Map<string, UtbmsCodeSet>();
	private readonly byCode = new Map<string, UtbmsCodeInfo>();

	constructor(sets: readonly UtbmsCodeSet[]) {
		this.setList = sets;
		for (const set of sets) {
			if (this.byId.has(set.id)) throw new Error(`UTBMS code set "${set.id}" is defined twice`);
			this.byId.set(set.id, set);
			const names = new Map(set.codes.map((c) => [c.code, c.name]));
			for (const def of set.codes) {
				const other = this.byCode.get(def.code);
				if (other)
					throw new Error(`UTBMS code "${def.code}" is in both set "${other.set}" and set "${set.id}"`);
				const info: UtbmsCodeInfo = {
					...def,
					kind: set.kind,
					set: set.id,
					setName: set.name,
					partialSet: set.partial,
				};
				if (def.phase) info.phaseName = names.get(def.phase);
				if (def.isPhase) info.tasks = set.codes.filter((c) => c.phase === def.code).map((c) => c.code);
				this.byCode.set(def.code, info);
			}
		}
	}

	/**
	 * A catalog with these sets added; a set whose id is already present replaces it (load a
	 * complete bankruptcy table over the partial one). Sets are validated (codeSetSchema).
	 */
	withSets(sets: readonly unknown[]): UtbmsCatalog {
		const parsed = sets.map((s, i) => {
			const r = codeSetSchema.safeParse(s);
			if (!r.success) {
				const first = r.error.issues
					.map((iss) => `${formatPath([i, ...iss.path])}: ${iss.message}`)
					.join('; ');
				throw new Error(`Invalid UTBMS code set: ${first}`);
			}
			return r.data as UtbmsCodeSet;
		});
		const ids = new Set(parsed.map((s) => s.id));
		return new UtbmsCatalog([...this.setList.filter((s) => !ids.has(s.id)), ...parsed]);
	}

	sets(): readonly UtbmsCodeSet[] {
		return this.setList;
	}

	getSet(id: string): UtbmsCodeSet | undefined {
		return this.byId.get(id);
	}

	/** The code's definition and set, or undefined. Case and surrounding spaces are ignored. */
	lookup(code: unknown): UtbmsCodeInfo | undefined {
		const info = this.byCode.get(normalizeUtbmsCode(code));
		return info ? { ...info, ...(info.tasks ? { tasks: [...info.tasks] } : {}) } : undefined;
	}

	/** Codes of the catalog, filtered; in set then table order. */
	list(filter: { kind?: UtbmsKind; sets?: readonly string[]; includePhases?: boolean } = {}): UtbmsCodeInfo[] {
		const out: UtbmsCodeInfo[] = [];
		for (const set of this.setList) {
			if (filter.kind && set.kind !== filter.kind) continue;
			if (filter.sets && filter.sets.length > 0 && !filter.sets.includes(set.id)) continue;
			for (const c of set.codes) {
				if (c.isPhase && filter.includePhases === false) continue;
				out.push(this.lookup(c.code)!);
			}
		}
		return out;
	}

	/** The partial set whose code shape this code has, if any (among `sets` when given). */
	private partialSetFor(code: string, kind?: UtbmsKind, sets?: readonly string[]): UtbmsCodeSet | undefined {
		return this.setList.find(
			(s) =>
				s.partial &&
				s.pattern !== undefined &&
				(!kind || s.kind === kind) &&
				(!sets || sets.length === 0 || sets.includes(s.id)) &&
				new RegExp(s.pattern).test(code),
		);
	}

	/**
	 * Plug-in for validators: is `code` a UTBMS code of this kind? Phases count as known codes.
	 * A code of the shape of a partial set that is not listed (B120) counts as known unless
	 * `acceptUnverified` is false, because the table is known to be incomplete.
	 */
	isKnown(kind: UtbmsKind, code: unknown, opts: { sets?: readonly string[]; acceptUnverified?: boolean } = {}): boolean {
		const s = this.status(kind, code, opts.sets);
		return s === 'known' || (s === 'unverified' && opts.acceptUnverified !== false);
	}

	/** known, unverified (shape of a partial set, not listed), unknown, or wrong-kind (a code of another column). */
	status(kind: UtbmsKind, code: unknown, sets?: readonly string[]): UtbmsCodeStatus {
		const c = normalizeUtbmsCode(code);
		const info = this.byCode.get(c);
		if (info) {
			if (info.kind !== kind) return 'wrong-kind';
			if (sets && sets.length > 0 && !sets.includes(info.set)) return 'unknown';
			return 'known';
		}
		return c !== '' && this.partialSetFor(c, kind, sets) ? 'unverified' : 'unknown';
	}

	/** Checks one code: exists, is of the expected kind and set, is a task (not a phase), is in the phase. */
	check(value: unknown, opts: CodeCheckOptions = {}): CodeCheckResult {
		const code = normalizeUtbmsCode(value);
		const raw = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
		const issues: UtbmsIssue[] = [];
		const field = opts.kind;
		const err = (c: UtbmsIssueCode, message: string, severity: UtbmsIssue['severity'] = 'error') =>
			issues.push({ ...(field ? { field } : {}), code: c, severity, value: raw, message });
		const kindLabel = opts.kind ? `${KIND_LABEL[opts.kind]} ` : '';
		if (code === '') {
			err('empty', `No ${kindLabel}code given`);
			return { valid: false, code, issues };
		}
		if (!CODE_SHAPE.test(code)) {
			err('malformed', `"${raw}" is not a UTBMS code: codes are 1–20 letters and digits, like L110, A103 or E101`);
			return { valid: false, code, issues };
		}
		const info = this.lookup(code);
		if (!info) {
			const partial = this.partialSetFor(code, opts.kind, opts.sets);
			if (partial)
				err(
					'unverified',
					`"${code}" is not listed in the ${partial.name}, which is only partly known: check it against the client's code list`,
					opts.strict ? 'error' : 'warning',
				);
			else err('unknown', `"${code}" is not a UTBMS ${kindLabel}code${this.setsHint(opts)}`);
			return { valid: !issues.some((i) => i.severity === 'error'), code, issues };
		}
		if (opts.kind && info.kind !== opts.kind) {
			err('wrong-kind', `"${code}" (${info.name}) is ${article(info.kind)} ${info.kind} code, not ${article(opts.kind)} ${opts.kind} code`);
		} else if (opts.sets && opts.sets.length > 0 && !opts.sets.includes(info.set)) {
			err('wrong-set', `"${code}" is from the ${info.setName}; expected a code from ${this.setNames(opts.sets)}`);
		}
		if (info.isPhase && !opts.allowPhase && info.kind === 'task') {
			err(
				'phase-not-task',
				`"${code}" is a phase (${info.name}), not a task: use one of its tasks${info.tasks?.length ? ` (${info.tasks.join(', ')})` : ''}`,
			);
		}
		if (opts.phase !== undefined && opts.phase !== '') {
			const phase = normalizeUtbmsCode(opts.phase);
			const p = this.lookup(phase);
			if (!p?.isPhase) {
				issues.push({ field: 'phase', code: 'not-a-phase', severity: 'error', value: String(opts.phase), message: `"${opts.phase}" is not a UTBMS phase code (like L100)` });
			} else if (!info.isPhase && info.phase !== phase) {
				err('not-in-phase', `Task "${code}" (${info.name}) is not in phase ${phase} (${p.name})${info.phase ? `; it belongs to ${info.phase} (${info.phaseName})` : ''}`);
			} else if (info.isPhase && info.code !== phase) {
				err('not-in-phase', `"${code}" is phase ${code}, not phase ${phase}`);
			}
		}
		return { valid: !issues.some((i) => i.severity === 'error'), code, info, issues };
	}

	/**
	 * Checks the codes of one entry: each given code (see `check`), the required ones present for the
	 * entry's kind (fee: task + activity; expense: expense; adjustments: none), no expense code on a
	 * fee, the task inside `phase` when given.
	 */
	checkEntry(
		codes: { task?: unknown; activity?: unknown; expense?: unknown; phase?: unknown },
		opts: {
			entryKind?: string;
			/** kinds that must be present; default from entryKind */
			require?: readonly UtbmsKind[];
			taskSets?: readonly string[];
			allowPhase?: boolean;
			strict?: boolean;
		} = {},
	): { valid: boolean; issues: UtbmsIssue[]; codes: Partial<Record<UtbmsKind, UtbmsCodeInfo>> } {
		const issues: UtbmsIssue[] = [];
		const found: Partial<Record<UtbmsKind, UtbmsCodeInfo>> = {};
		const entryKind = normalizeEntryKind(opts.entryKind);
		const required = opts.require ?? requiredKinds(entryKind);
		const phase = normalizeUtbmsCode(codes.phase);
		for (const kind of UTBMS_KINDS) {
			const value = codes[kind];
			const present = normalizeUtbmsCode(value) !== '';
			if (!present) {
				if (required.includes(kind))
					issues.push({ field: kind, code: 'missing', severity: 'error', message: `${cap(kindLabelOf(entryKind))} has no ${kind} code` });
				continue;
			}
			if (kind === 'expense' && entryKind === 'fee')
				issues.push({ field: kind, code: 'unexpected', severity: 'error', value: String(value), message: `A fee line carries expense code "${String(value)}": expense codes belong on expense lines` });
			if (kind === 'activity' && entryKind === 'expense')
				issues.push({ field: kind, code: 'unexpected', severity: 'warning', value: String(value), message: `An expense line carries activity code "${String(value)}"; activity codes are normally on fee lines` });
			const r = this.check(value, {
				kind,
				sets: kind === 'task' ? opts.taskSets : undefined,
				allowPhase: opts.allowPhase,
				phase: kind === 'task' && phase !== '' ? phase : undefined,
				strict: opts.strict,
			});
			issues.push(...r.issues);
			if (r.info) found[kind] = r.info;
		}
		if (phase !== '' && normalizeUtbmsCode(codes.task) === '') {
			const p = this.lookup(phase);
			if (!p?.isPhase)
				issues.push({ field: 'phase', code: 'not-a-phase', severity: 'error', value: String(codes.phase), message: `"${String(codes.phase)}" is not a UTBMS phase code (like L100)` });
		}
		return { valid: !issues.some((i) => i.severity === 'error'), issues, codes: found };
	}

	private setNames(ids: readonly string[]) {
		return ids.map((id) => this.byId.get(id)?.name ?? `set "${id}"`).join(' or ');
	}

	private setsHint(opts: CodeCheckOptions) {
		return opts.sets && opts.sets.length > 0 ? ` in ${this.setNames(opts.sets)}` : '';
	}
}

/** Maps canonical / LEDES entry kinds to fee, expense or adjustment. */
export function normalizeEntryKind(kind: unknown): 'fee' | 'expense' | 'adjustment' | undefined {
	// the kind aliases: lib/model/entry.ts; UTBMS also takes a plain "adjustment" (no code on either kind)
	const k = entryKindOf(kind);
	if (k === 'fee' || k === 'expense') return k;
	if (k || (typeof kind === 'string' && kind.trim().toLowerCase() === 'adjustment')) return 'adjustment';
	return undefined;
}

/** Kinds of code a line must carry: fee → task + activity, expense → expense, adjustment → none. */
export function requiredKinds(entryKind: 'fee' | 'expense' | 'adjustment' | undefined): UtbmsKind[] {
	if (entryKind === 'fee') return ['task', 'activity'];
	if (entryKind === 'expense') return ['expense'];
	return [];
}

function kindLabelOf(k: 'fee' | 'expense' | 'adjustment' | undefined) {
	return k === undefined ? 'the line' : `${article(k)} ${k} line`;
}
function article(word: string) {
	return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
function cap(s: string) {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Formats a zod/JSON path as `clients["ACME"].task["RES"]` (identifier keys dotted, others quoted). */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const p of path) {
		if (typeof p === 'number') out += `[${p}]`;
		else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === '' ? p : `.${p}`;
		else out += `[${JSON.stringify(String(p))}]`;
	}
	return out === '' ? '(root)' : out;
}

/** The catalog of the code sets shipped with the package. */
export const utbmsCatalog = new UtbmsCatalog(BUILTIN_CODE_SETS);

/**
 * For the LEDES validator: is `code` a known UTBMS code of this kind (task, activity, expense)?
 * Empty codes are not known. See `UtbmsCatalog.isKnown` for phases and partial sets.
 */
export function isKnownUtbmsCode(
	kind: UtbmsKind,
	code: unknown,
	opts?: { sets?: readonly string[]; acceptUnverified?: boolean; catalog?: UtbmsCatalog },
): boolean {
	return (opts?.catalog ?? utbmsCatalog).isKnown(kind, code, opts);
}

/** Looks a code up in the shipped catalog. */
export function lookupUtbmsCode(code: unknown): UtbmsCodeInfo | undefined {
	return utbmsCatalog.lookup(code);
}
