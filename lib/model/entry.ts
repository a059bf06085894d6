/**
 * Reading canonical billing entries from loose input (n8n items, mapped fields, JSON): the one
 * table of entry-kind aliases and the field readers the LEDES build, the OCG preparation and the
 * UTBMS mapper share. A reader throws `EntryFieldError` naming the field; callers add where (item, line).
 */
import { Decimal } from '../money/decimal';
import type { BillingEntry, EntryKind } from './index';

export const ENTRY_KINDS = ['fee', 'expense', 'feeAdjustment', 'expenseAdjustment'] as const;

/**
 * Every accepted spelling of an entry kind (lower case): the canonical names, the LEDES type codes
 * (F, E, IF, IE) and the vendors' words (time, time entry, disbursement).
 */
export const ENTRY_KIND_ALIASES: Readonly<Record<string, EntryKind>> = Object.freeze({
	fee: 'fee',
	f: 'fee',
	time: 'fee',
	timeentry: 'fee',
	expense: 'expense',
	e: 'expense',
	disbursement: 'expense',
	feeadjustment: 'feeAdjustment',
	if: 'feeAdjustment',
	expenseadjustment: 'expenseAdjustment',
	ie: 'expenseAdjustment',
});

/** True for the four canonical kind names exactly (no alias). */
export function isEntryKind(v: unknown): v is EntryKind {
	return v === 'fee' || v === 'expense' || v === 'feeAdjustment' || v === 'expenseAdjustment';
}

/** The kind an alias names (any case, trimmed); undefined when it names none. */
export function entryKindOf(v: unknown): EntryKind | undefined {
	return typeof v === 'string' ? ENTRY_KIND_ALIASES[v.trim().toLowerCase()] : undefined;
}

export function isAdjustmentKind(k: EntryKind): boolean {
	return k === 'feeAdjustment' || k === 'expenseAdjustment';
}

/** A value as the reader saw it, for messages: "nothing", "null", "\"1,5\"", "an object". */
export function describeValue(v: unknown): string {
	return v === undefined ? 'nothing' : v === null ? 'null' : typeof v === 'string' ? `"${v}"` : typeof v === 'object' ? 'an object' : String(v);
}

/** A field of an entry could not be read. */
export class EntryFieldError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'EntryFieldError';
	}
}

/** Trimmed text of a string, number, boolean or date-like value (Luxon's toISODate); undefined when empty. */
export function textOf(v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (typeof v === 'object' && typeof (v as { toISODate?: unknown }).toISODate === 'function') return String((v as { toISODate: () => string }).toISODate());
	return undefined;
}

/** A decimal number as text; throws EntryFieldError(field) when it is not one (or is empty and not optional). */
export function readDecimal(v: unknown, field: string, optional = false): string | undefined {
	const s = textOf(v);
	if (s === undefined) {
		if (optional) return undefined;
		throw new EntryFieldError(field, 'is empty; a decimal number is expected');
	}
	if (!Decimal.tryFrom(s)) throw new EntryFieldError(field, `"${s.slice(0, 40)}" is not a decimal number (digits, one "." and an optional "-")`);
	return s;
}

/** An ISO calendar date (a date-time keeps its date part); throws EntryFieldError(field) otherwise. */
export function readIsoDate(v: unknown, field: string, optional = false): string | undefined {
	const s = textOf(v);
	if (s === undefined) {
		if (optional) return undefined;
		throw new EntryFieldError(field, 'is empty; a date YYYY-MM-DD is expected');
	}
	const m = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(s);
	if (!m) throw new EntryFieldError(field, `"${s.slice(0, 40)}" is not a date YYYY-MM-DD`);
	return m[1];
}

export interface ReadEntryOptions {
	/** the entry needs matter.number or matter.id (LEDES does) */
	requireMatter?: boolean;
	/** added to the kind message, e.g. a hint to choose another input shape */
	kindHint?: string;
}

/**
 * Reads a value as a canonical billing entry: the kind (any alias, written back canonical), the
 * date (ISO; a date-time keeps its date), quantity and rate (decimals; optional, "0", on
 * adjustments) and adjustment (optional, "0"). Other fields are kept as given.
 */
export function readCanonicalEntry(value: unknown, options: ReadEntryOptions = {}): BillingEntry {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new EntryFieldError('', `expected a billing entry object, got ${describeValue(value)}`);
	const json = value as Partial<BillingEntry> & Record<string, unknown>;
	const kind = entryKindOf(json.kind);
	if (!kind) throw new EntryFieldError('kind', `"${String(json.kind ?? '')}" is not fee, expense, feeAdjustment or expenseAdjustment${options.kindHint ?? ''}`);
	const adj = isAdjustmentKind(kind);
	const entry: BillingEntry = {
		...(json as BillingEntry),
		kind,
		date: readIsoDate(json.date, 'date')!,
		quantity: readDecimal(json.quantity, 'quantity', adj) ?? '0',
		rate: readDecimal(json.rate, 'rate', adj) ?? '0',
		adjustment: readDecimal(json.adjustment, 'adjustment', true) ?? '0',
	};
	if (options.requireMatter && !entry.matter?.number && !entry.matter?.id)
		throw new EntryFieldError('matter', 'matter.number (or matter.id) is missing; LEDES needs the matter ID on every line');
	return entry;
}
