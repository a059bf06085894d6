/**
 * Pass 0: every entry is read once into a flat record of exact scaled integers and normalised keys
 * that all rules share, or into an error naming the field and what was expected.
 */
import type { BillingEntry } from '../model';
import { dayNumber } from '../model/dates';
import { normalizeClassification } from '../model/classification';
import { describeValue as describe, isEntryKind } from '../model/entry';
import { decimalsOf, MAX_SCALED, toScaled } from '../money/fixed';

export interface Prepared {
	e: BillingEntry;
	/** index in the batch */
	i: number;
	kind: string;
	/** bit of the kind: 1 fee, 2 expense, 4 feeAdjustment, 8 expenseAdjustment */
	kindBit: number;
	/** quantity (hours or units) as an integer at the batch's quantity scale */
	q: number;
	/** rate at the batch's rate scale */
	r: number;
	/** line adjustment at the batch's amount scale */
	a: number;
	/** line total at the batch's amount scale (the stated total, or quantity × rate + adjustment) */
	t: number;
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

/** The classification table: lib/model/classification.ts. */
export { normalizeClassification };

/**
 * The integer scales of one batch: quantities at `q` decimals, rates at `r`, amounts (quantity ×
 * rate, adjustments, totals) at `t` = q + r. Chosen from the data and the rule parameters, so any
 * LEDES, Clio (hours to 6 decimals) or Actionstep value is exact (lib/money/fixed.ts reads them).
 */
export interface Scales {
	q: number;
	r: number;
	t: number;
}

function str(v: unknown): string {
	return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}


/** Most decimals the engine reads: quantities (Clio hours have 6), rates (LEDES allows 4). */
export const MAX_Q_DECIMALS = 8;
export const MAX_R_DECIMALS = 6;

/**
 * Chooses the batch's integer scales: enough decimals for every quantity, rate and amount in the
 * batch and in the rule parameters (`needs`), at least 2.
 */
export function chooseScales(entries: readonly BillingEntry[], needs: Partial<Scales>): Scales {
	let dq = Math.max(2, needs.q ?? 0);
	let dr = Math.max(2, needs.r ?? 0);
	let dt = needs.t ?? 0;
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e === null || typeof e !== 'object') continue;
		const q = decimalsOf(e.quantity);
		if (q > dq && q <= MAX_Q_DECIMALS) dq = q;
		const r = decimalsOf(e.rate);
		if (r > dr && r <= MAX_R_DECIMALS) dr = r;
		if (e.adjustment !== undefined) {
			const a = decimalsOf(e.adjustment);
			if (a > dt && a <= MAX_Q_DECIMALS + MAX_R_DECIMALS) dt = a;
		}
		if (e.total !== undefined) {
			const t = decimalsOf(e.total);
			if (t > dt && t <= MAX_Q_DECIMALS + MAX_R_DECIMALS) dt = t;
		}
	}
	if (dt > dq + dr) dq = dt - dr;
	return { q: dq, r: dr, t: dq + dr };
}

export function prepareEntry(e: BillingEntry, i: number, defaultCurrency: string, sc: Scales): Prepared | EntryError {
	if (e === null || typeof e !== 'object') return { field: '', message: `expected a billing entry object, got ${describe(e)}` };
	if (!isEntryKind(e.kind)) return { field: 'kind', message: `expected "fee", "expense", "feeAdjustment" or "expenseAdjustment", got ${describe(e.kind)}` };
	const kindBit = KIND_BITS[e.kind];
	const day = dayNumber(e.date);
	if (Number.isNaN(day)) return { field: 'date', message: `expected an ISO date "YYYY-MM-DD", got ${describe(e.date)}` };
	const q = toScaled(e.quantity, sc.q);
	if (Number.isNaN(q)) return { field: 'quantity', message: `expected a decimal number with at most ${MAX_Q_DECIMALS} decimals, got ${describe(e.quantity)}` };
	const r = toScaled(e.rate, sc.r);
	if (Number.isNaN(r)) return { field: 'rate', message: `expected a decimal number with at most ${MAX_R_DECIMALS} decimals, got ${describe(e.rate)}` };
	let a = 0;
	if (e.adjustment !== undefined && e.adjustment !== null && e.adjustment !== '') {
		a = toScaled(e.adjustment, sc.t);
		if (Number.isNaN(a) || Math.abs(a) > MAX_SCALED) return { field: 'adjustment', message: `expected a decimal number within ±${limit(sc)}, got ${describe(e.adjustment)}` };
	}
	const full = q * r;
	if (!(Math.abs(full) <= MAX_SCALED)) return { field: 'quantity', message: `quantity × rate is above ${limit(sc)}, too large to check exactly` };
	let t = full + a;
	if (e.total !== undefined && e.total !== null && e.total !== '') {
		t = toScaled(e.total, sc.t);
		if (Number.isNaN(t) || Math.abs(t) > MAX_SCALED) return { field: 'total', message: `expected a decimal number within ±${limit(sc)}, got ${describe(e.total)}` };
	}
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
		a,
		t,
		date: e.date,
		day,
		tk: tkp ? str(tkp.id) : '',
		cls: tkp ? normalizeClassification(tkp.classification) : '',
		matter: m ? str(m.id) || str(m.number) || str(m.clientMatterId) : '',
		narrative: typeof e.narrative === 'string' ? e.narrative : '',
		task: codes?.task ? upper(codes.task) : '',
		activity: codes?.activity ? upper(codes.activity) : '',
		expense: codes?.expense ? upper(codes.expense) : '',
		currency: typeof e.currency === 'string' && e.currency ? upper(e.currency) : defaultCurrency,
	};
}

function upper(s: string): string {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 97 && c <= 122) return s.toUpperCase();
	}
	return s;
}

function limit(sc: Scales): string {
	return Math.floor(MAX_SCALED / 10 ** sc.t).toLocaleString('en-US');
}

export function lower(p: Prepared): string {
	return (p.low ??= p.narrative.trim().toLowerCase());
}

export function isError(p: Prepared | EntryError): p is EntryError {
	return (p as Prepared).e === undefined;
}
