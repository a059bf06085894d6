/**
 * Pass 0: every entry is read once into a flat record of exact scaled integers and normalised keys
 * that all rules share, or into an error naming the field and what was expected.
 */
import type { BillingEntry } from '../model';
import { dayNumber, MAX_AMOUNT8, ONE, toScaled4 } from './num';

export interface Prepared {
	e: BillingEntry;
	/** index in the batch */
	i: number;
	kind: string;
	/** bit of the kind: 1 fee, 2 expense, 4 feeAdjustment, 8 expenseAdjustment */
	kindBit: number;
	/** quantity at scale 4 (hours or units) */
	q: number;
	/** rate at scale 4 */
	r: number;
	/** line adjustment at scale 8 */
	a8: number;
	/** line total at scale 8 (the stated total, or quantity × rate + adjustment) */
	t8: number;
	date: string;
	day: number;
	/** timekeeper id ('' when none) */
	tk: string;
	/** classification, upper-case, legacy codes mapped to the revised ones */
	cls: string;
	/** matter key ('' when none): matter.id, else number, else clientMatterId */
	matter: string;
	narrative: string;
	task: string;
	activity: string;
	expense: string;
	currency: string;
	/** lazily: narrative lower-cased and trimmed */
	low?: string;
	/** lazily: the object user-written expressions see */
	view?: object;
}

export interface EntryError {
	field: string;
	message: string;
}

export const KIND_BITS: Record<string, number> = { fee: 1, expense: 2, feeAdjustment: 4, expenseAdjustment: 8 };

/** Legacy LEDES classifications (and Collaborati's additions) → the revised six-letter codes. */
export const LEGACY_CLASSIFICATIONS: Record<string, string> = {
	PT: 'PARTNR',
	AS: 'ASSOC',
	OC: 'OFCOUN',
	PL: 'PARALG',
	LA: 'LGLAST',
};

export function normalizeClassification(c: unknown): string {
	if (typeof c !== 'string' || !c) return '';
	const u = c.trim().toUpperCase();
	return LEGACY_CLASSIFICATIONS[u] ?? u;
}

function str(v: unknown): string {
	return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function describe(v: unknown): string {
	return v === undefined ? 'nothing' : v === null ? 'null' : typeof v === 'string' ? `"${v}"` : typeof v === 'object' ? 'an object' : String(v);
}

export function prepareEntry(e: BillingEntry, i: number, defaultCurrency: string): Prepared | EntryError {
	if (e === null || typeof e !== 'object') return { field: '', message: `expected a billing entry object, got ${describe(e)}` };
	const kindBit = KIND_BITS[e.kind];
	if (kindBit === undefined) return { field: 'kind', message: `expected "fee", "expense", "feeAdjustment" or "expenseAdjustment", got ${describe(e.kind)}` };
	const day = dayNumber(e.date);
	if (Number.isNaN(day)) return { field: 'date', message: `expected an ISO date "YYYY-MM-DD", got ${describe(e.date)}` };
	const q = toScaled4(e.quantity);
	if (Number.isNaN(q)) return { field: 'quantity', message: `expected a decimal with at most 4 decimal places, got ${describe(e.quantity)}` };
	const r = toScaled4(e.rate);
	if (Number.isNaN(r)) return { field: 'rate', message: `expected a decimal with at most 4 decimal places, got ${describe(e.rate)}` };
	let a8 = 0;
	if (e.adjustment !== undefined && e.adjustment !== null && e.adjustment !== '') {
		const a = toScaled4(e.adjustment);
		if (Number.isNaN(a)) return { field: 'adjustment', message: `expected a decimal with at most 4 decimal places, got ${describe(e.adjustment)}` };
		a8 = a * ONE;
	}
	const full = q * r;
	if (!(Math.abs(full) <= MAX_AMOUNT8)) return { field: 'quantity', message: 'quantity × rate is above 22,000,000, too large to check exactly' };
	if (!(Math.abs(a8) <= MAX_AMOUNT8)) return { field: 'adjustment', message: 'the adjustment is above 22,000,000, too large to check exactly' };
	let t8 = full + a8;
	if (e.total !== undefined && e.total !== null && e.total !== '') {
		const t = toScaled4(e.total);
		if (Number.isNaN(t)) return { field: 'total', message: `expected a decimal with at most 4 decimal places, got ${describe(e.total)}` };
		t8 = t * ONE;
	}
	if (!(Math.abs(t8) <= MAX_AMOUNT8)) return { field: 'total', message: 'the line total is above 22,000,000, too large to check exactly' };
	const tkp = e.timekeeper;
	const m = e.matter;
	const codes = e.codes;
	return {
		e,
		i,
		kind: e.kind,
		kindBit,
		q,
		r,
		a8,
		t8,
		date: e.date,
		day,
		tk: tkp ? str(tkp.id) : '',
		cls: tkp ? normalizeClassification(tkp.classification) : '',
		matter: m ? str(m.id) || str(m.number) || str(m.clientMatterId) : '',
		narrative: typeof e.narrative === 'string' ? e.narrative : '',
		task: codes?.task ? codes.task.toUpperCase() : '',
		activity: codes?.activity ? codes.activity.toUpperCase() : '',
		expense: codes?.expense ? codes.expense.toUpperCase() : '',
		currency: typeof e.currency === 'string' && e.currency ? e.currency.toUpperCase() : defaultCurrency,
	};
}

export function lower(p: Prepared): string {
	return (p.low ??= p.narrative.trim().toLowerCase());
}

export function isError(p: Prepared | EntryError): p is EntryError {
	return (p as Prepared).e === undefined;
}
