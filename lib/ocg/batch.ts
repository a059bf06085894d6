/**
 * Pass 1: aggregates over the whole batch, computed once and shared by every rule (and rule set)
 * that needs them. All are built in input order, so results are deterministic.
 */
import type { BillingEntry } from '../model';
import { lower, type Prepared, type Scales } from './prepare';

export interface EvaluationContext {
	/** invoice date (ISO); stale-charge ages are counted to it (else to `today`) */
	invoiceDate?: string;
	/** billing period (ISO, inclusive) */
	periodStart?: string;
	periodEnd?: string;
	/** "today" for future-date checks; pass it explicitly, the engine never reads the clock */
	today?: string;
	/** the invoice currency; also the currency of entries that name none */
	currency?: string;
	/**
	 * Which invoice each entry will be billed on, for the invoice-level rules (multi-matter): by
	 * default the whole batch is one invoice. Aggregates (daily hours, duplicates…) stay batch-wide.
	 */
	invoiceOf?: (entry: BillingEntry, index: number) => string;
}

export interface DayHours {
	/** hours (quantity scale) the timekeeper billed that day before this entry, in input order */
	before: Float64Array;
	/** hours (quantity scale) the timekeeper billed that whole day */
	day: Float64Array;
}

export interface Duplicates {
	/** index of the first entry with the same key, or -1 */
	of: Int32Array;
}

export interface MatterTimekeepers {
	/** 1-based order in which the entry's timekeeper first appears on the entry's matter (0 = no timekeeper) */
	rank: Int32Array;
	/** number of distinct timekeepers on the entry's matter */
	count: Int32Array;
}

export class Batch {
	private readonly memo = new Map<string, unknown>();
	constructor(
		readonly entries: ReadonlyArray<Prepared | undefined>,
		readonly context: EvaluationContext,
		/** integer scales of quantities, rates and amounts in this batch */
		readonly scales: Scales,
	) {}

	get size() {
		return this.entries.length;
	}

	cached<T>(key: string, build: () => T): T {
		let v = this.memo.get(key) as T | undefined;
		if (v === undefined) {
			v = build();
			this.memo.set(key, v);
		}
		return v;
	}

	/**
	 * Entries grouped by who and when: fees by timekeeper and date, other lines by kind, expense code
	 * and date; each group lists entry indices in input order. Daily hours and duplicates use it.
	 */
	whoDayGroups(): number[][] {
		return this.cached('whoDay', () => {
			const groups = new Map<string, number[]>();
			for (let i = 0; i < this.size; i++) {
				const p = this.entries[i];
				if (!p) continue;
				const key = p.kindBit === 1 ? p.tk + '\u0000' + p.date : p.kind + '\u0001' + p.expense + '\u0000' + p.date;
				const g = groups.get(key);
				if (g) g.push(i);
				else groups.set(key, [i]);
			}
			return [...groups.values()];
		});
	}

	/** Hours per timekeeper per day (fees only), across the whole batch. */
	dayHours(): DayHours {
		return this.cached('dayHours', () => {
			const n = this.size;
			const before = new Float64Array(n);
			const day = new Float64Array(n);
			for (const g of this.whoDayGroups()) {
				const first = this.entries[g[0]]!;
				if (first.kindBit !== 1 || !first.tk) continue;
				let sum = 0;
				for (const i of g) {
					before[i] = sum;
					sum += this.entries[i]!.q;
				}
				for (const i of g) day[i] = sum;
			}
			return { before, day };
		});
	}

	/** Potential duplicates: same kind, matter, timekeeper (fees) or expense code, date, quantity, rate and (optionally) narrative. */
	duplicates(compareNarrative: boolean): Duplicates {
		return this.cached(`dup:${compareNarrative}`, () => {
			const of = new Int32Array(this.size).fill(-1);
			for (const g of this.whoDayGroups()) {
				if (g.length < 2) continue;
				for (let a = 1; a < g.length; a++) {
					const p = this.entries[g[a]]!;
					for (let b = 0; b < a; b++) {
						const o = this.entries[g[b]]!;
						if (of[g[b]] !== -1) continue; // compare with first occurrences only
						if (o.kind === p.kind && o.q === p.q && o.r === p.r && o.matter === p.matter && (!compareNarrative || lower(o) === lower(p))) {
							of[g[a]] = g[b];
							break;
						}
					}
				}
			}
			return { of };
		});
	}

	/** Distinct timekeepers per matter (fees only), ranked by first appearance. */
	matterTimekeepers(): MatterTimekeepers {
		return this.cached('matterTk', () => {
			const n = this.size;
			const rank = new Int32Array(n);
			const count = new Int32Array(n);
			const byMatter = new Map<string, Map<string, number>>();
			for (let i = 0; i < n; i++) {
				const p = this.entries[i];
				if (!p || p.kindBit !== 1 || !p.tk) continue;
				let tks = byMatter.get(p.matter);
				if (!tks) byMatter.set(p.matter, (tks = new Map()));
				let r = tks.get(p.tk);
				if (r === undefined) tks.set(p.tk, (r = tks.size + 1));
				rank[i] = r;
			}
			for (let i = 0; i < n; i++) {
				const p = this.entries[i];
				if (p && rank[i]) count[i] = byMatter.get(p.matter)!.size;
			}
			return { rank, count };
		});
	}

	/** Spend (total, amount scale) per matter across the batch. */
	matterSpend(): Map<string, number> {
		return this.cached('matterSpend', () => {
			const m = new Map<string, number>();
			for (const p of this.entries) if (p) m.set(p.matter, (m.get(p.matter) ?? 0) + p.t);
			return m;
		});
	}

	/** Distinct matters per invoice (see EvaluationContext.invoiceOf), in order of appearance; `key` holds each entry's invoice. */
	invoiceMatters(): { key: string[]; matters: Map<string, string[]> } {
		return this.cached('invoiceMatters', () => {
			const key: string[] = new Array(this.size);
			const sets = new Map<string, Set<string>>();
			const of = this.context.invoiceOf;
			for (let i = 0; i < this.size; i++) {
				const p = this.entries[i];
				if (!p) continue;
				const k = of ? of(p.e, i) : '';
				key[i] = k;
				let s = sets.get(k);
				if (!s) sets.set(k, (s = new Set()));
				if (p.matter) s.add(p.matter);
			}
			const matters = new Map<string, string[]>();
			for (const [k, s] of sets) matters.set(k, [...s]);
			return { key, matters };
		});
	}

	/** The first currency named in the batch (the invoice currency when the context gives none). */
	firstCurrency(): string {
		return this.cached('firstCurrency', () => {
			for (const p of this.entries) if (p?.currency) return p.currency;
			return '';
		});
	}
}
