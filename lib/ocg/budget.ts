/**
 * Budget and alternative-fee-arrangement rules (issue 16 part 2), in the same batch pass as every
 * other OCG rule and on the same exact scaled integers:
 *
 *   budget       a line that pushes a matter (or UTBMS phase) past its budget: flag, reject, or
 *                adjust (cut to what remains)
 *   cappedFee    a capped fee: the line passing the cap is cut to what remains, the excess written
 *                off and shown (`writtenOff`, and the line's adjustment)
 *   flatFee      the lines of a flat-fee phase (or event) are replaced by ONE line at the flat fee
 *                (see flatFeeLines): each covered line is zeroed, the flat line is built from them
 *   blendedRate  every fee line of the matter (or phase) at the one blended rate
 *
 * Budgets and caps count lines in input order, as submitted (before other rules' adjustments).
 */
import type { BillingEntry } from '../model';
import { Decimal } from '../money/decimal';
import type { Batch } from './batch';
import type { EvaluationResult } from './results';
import { decimalsOf, formatMoney as money, formatMoneyScaled as moneyScaled, toScaled } from '../money/fixed';
import type { Prepared } from './prepare';
import type { Details, Hit, RuleImpl } from './rule-impl';
import { FEE, LINES, NEVER, type Factory } from './rule-kit';

/** A phase code covers its tasks (L300 → L310…L390); any other code only itself. */
function phaseMatcher(phase: string | undefined): ((task: string) => boolean) | undefined {
	if (!phase) return undefined;
	if (/^[A-Z]\d00$/.test(phase)) {
		const prefix = phase.slice(0, 2);
		return (task) => task.startsWith(prefix);
	}
	return (task) => task === phase;
}

/** True when the entry is on the matter named by id, firm number or client matter id. */
function inMatter(p: Prepared, m: string): boolean {
	const mm = p.e.matter;
	return !!mm && (mm.id === m || mm.number === m || mm.clientMatterId === m);
}

interface Limit {
	matter: string;
	phase?: string;
	amount: string;
	/** spent (budget) or billed (cap) before this batch */
	before: string;
}

/**
 * The lines that push a matter or phase past a limit, counted in input order from what was spent
 * before the batch: for each, the limit and the spend before it. A line passing several limits
 * (the matter's and its phase's) is judged by the one with the least left.
 */
function limitRule(
	limits: readonly Limit[],
	show: (o: { amount: string; key: string; before: string; over: string }) => Details,
	vars: readonly string[],
	defaultMessage: string,
): RuleImpl {
	const defs = limits.map((b) => ({ ...b, key: b.phase ? `${b.matter} ${b.phase}` : b.matter, match: phaseMatcher(b.phase) }));
	return {
		kinds: LINES,
		needs: { t: Math.max(...defs.map((b) => Math.max(decimalsOf(b.amount), decimalsOf(b.before)))) },
		vars,
		defaultMessage,
		bind: (batch: Batch) => {
			const st = batch.scales.t;
			const over = new Map<number, { b: (typeof defs)[number]; amountT: number; before: number; left: number }>();
			for (const b of defs) {
				const amountT = toScaled(b.amount, st);
				let cum = toScaled(b.before, st);
				for (const p of batch.entries) {
					if (!p || !(p.kindBit & LINES) || !inMatter(p, b.matter)) continue;
					if (b.match && !b.match(p.task)) continue;
					const before = cum;
					cum += p.t;
					if (cum <= amountT || p.t <= 0) continue;
					const left = Math.max(0, amountT - before);
					const prev = over.get(p.i);
					if (!prev || left < prev.left) over.set(p.i, { b, amountT, before, left });
				}
			}
			if (over.size === 0) return NEVER;
			return (p): Hit | undefined => {
				const o = over.get(p.i);
				if (!o) return undefined;
				return {
					ops: [{ k: 'total', v: o.left }],
					details: show({
						amount: money(Decimal.from(o.b.amount)),
						key: o.b.key,
						before: moneyScaled(o.before, st),
						over: moneyScaled(Math.min(p.t, o.before + p.t - o.amountT), st),
					}),
				};
			};
		},
	};
}

export const budget: Factory<'budget'> = (params) =>
	limitRule(
		params.budgets.map((b) => ({ matter: b.matter, phase: b.phase, amount: b.amount, before: b.spent })),
		(o) => ({ budget: o.amount, budgetKey: o.key, spentBefore: o.before, over: o.over }),
		['budget', 'budgetKey', 'spentBefore', 'over'],
		'Budget for {{budgetKey}} of {{budget}} exceeded by {{over}}',
	);

export const cappedFee: Factory<'cappedFee'> = (params) =>
	limitRule(
		params.caps.map((c) => ({ matter: c.matter, phase: c.phase, amount: c.amount, before: c.billed })),
		(o) => ({ cap: o.amount, capKey: o.key, billedBefore: o.before, writtenOff: o.over }),
		['cap', 'capKey', 'billedBefore', 'writtenOff'],
		'Capped fee for {{capKey}} of {{cap}} reached: {{writtenOff}} written off',
	);

export const flatFee: Factory<'flatFee'> = (params) => {
	const fees = params.fees.map((f) => ({ ...f, match: phaseMatcher(f.phase) }));
	return {
		kinds: FEE,
		vars: ['flatFee', 'flatFeeKey', 'flatFeeLine', 'description'],
		defaultMessage: 'Flat fee for {{flatFeeKey}}: billed as one line of {{flatFee}}',
		bind: () => (p) => {
			for (const f of fees) {
				if (!inMatter(p, f.matter)) continue;
				if (f.match ? !f.match(p.task) : p.activity !== f.activity) continue;
				// a flat fee per phase is one line for the phase; per event, one line per event (matter, date, activity)
				const what = f.phase ?? `${f.activity} ${p.date}`;
				return {
					ops: [{ k: 'zero' }],
					details: {
						flatFee: money(Decimal.from(f.amount)),
						flatFeeKey: `${f.matter} ${what}`,
						flatFeeLine: `flat:${f.matter}:${what.replace(' ', ':')}`,
						description: f.description ?? `Flat fee: ${f.phase ? `phase ${f.phase}` : `${f.activity} on ${p.date}`}`,
						per: f.phase ? 'phase' : 'event',
						code: f.phase ?? f.activity!,
						alreadyBilled: f.billed ? 'yes' : 'no',
					},
				};
			}
			return undefined;
		},
	};
};

export const blendedRate: Factory<'blendedRate'> = (params) => {
	const rates = params.rates.map((r) => ({ ...r, key: r.phase ? `${r.matter} ${r.phase}` : r.matter, match: phaseMatcher(r.phase) }));
	return {
		kinds: FEE,
		needs: { r: Math.max(...rates.map((r) => decimalsOf(r.rate))) },
		vars: ['blendedRate', 'rateKey'],
		defaultMessage: 'Blended rate for {{rateKey}}: {{blendedRate}} instead of {{rate}}',
		bind: (batch) => {
			const sr = batch.scales.r;
			const scaled = rates.map((r) => toScaled(r.rate, sr));
			return (p) => {
				for (let k = 0; k < rates.length; k++) {
					const r = rates[k];
					if (!inMatter(p, r.matter) || (r.match && !r.match(p.task))) continue;
					if (p.r === scaled[k]) return undefined;
					return { ops: [{ k: 'setRate', v: scaled[k] }], details: { blendedRate: money(Decimal.from(r.rate)), rateKey: r.key } };
				}
				return undefined;
			};
		},
	};
};

/** One flat-fee line and the entries it replaces. */
export interface FlatFeeLine {
	/** the line as a canonical billing entry (quantity 1 at the flat fee), ready for the LEDES writer */
	line: BillingEntry;
	ruleId: string;
	key: string;
	amount: string;
	/** batch indices and ids of the entries the line replaces, in input order */
	covers: number[];
	entryIds: string[];
	/** what the covered entries were worth at their own rates */
	hourlyValue: string;
}

/**
 * The flat-fee lines of an evaluated batch: one per flat-fee phase (or event) that an `adjust`
 * flatFee rule covered, built from the covered entries (client, matter, currency and timekeeper
 * of the first, date of the last). A fee marked `billed` yields no line (its entries stay zeroed).
 */
export function flatFeeLines(entries: readonly BillingEntry[], result: EvaluationResult): FlatFeeLine[] {
	const byLine = new Map<string, { ruleId: string; d: Record<string, string | number>; covers: number[]; value: Decimal }>();
	for (const r of result.results) {
		for (const v of r.violations) {
			if (v.type !== 'flatFee' || v.action !== 'adjust') continue;
			const id = String(v.details.flatFeeLine);
			let g = byLine.get(id);
			if (!g) byLine.set(id, (g = { ruleId: v.ruleId, d: v.details, covers: [], value: Decimal.ZERO }));
			g.covers.push(r.index);
			g.value = g.value.add(v.amountAtStake);
			break;
		}
	}
	const out: FlatFeeLine[] = [];
	for (const [id, g] of byLine) {
		if (g.d.alreadyBilled === 'yes') continue;
		const first = entries[g.covers[0]];
		const last = g.covers.reduce((d, i) => (entries[i].date > d ? entries[i].date : d), first.date);
		const amount = String(g.d.flatFee);
		const code = String(g.d.code);
		// a whole phase (L100) bills under the first covered entry's task code: LEDES wants a task, not a phase
		const codes = g.d.per === 'event' ? { ...first.codes, activity: code } : { ...first.codes, task: /^[A-Z]\d00$/.test(code) ? (first.codes?.task ?? code) : code };
		const line: BillingEntry = {
			id,
			source: { system: 'flatFee', id },
			kind: 'fee',
			date: last,
			...(first.timeZone ? { timeZone: first.timeZone } : {}),
			...(first.timekeeper ? { timekeeper: first.timekeeper } : {}),
			...(first.client ? { client: first.client } : {}),
			...(first.matter ? { matter: first.matter } : {}),
			quantity: '1',
			rate: amount,
			adjustment: '0',
			total: amount,
			...(first.currency ? { currency: first.currency } : {}),
			codes,
			narrative: String(g.d.description),
			billable: true,
		};
		out.push({
			line,
			ruleId: g.ruleId,
			key: String(g.d.flatFeeKey),
			amount,
			covers: g.covers,
			entryIds: g.covers.map((i) => entries[i].id),
			hourlyValue: money(g.value),
		});
	}
	return out;
}
