/**
 * Rate and hours rules: approved and increased rates, unknown timekeepers, daily hours, minimum
 * increments, timekeepers per matter and non-working travel at a percentage.
 */
import { Decimal } from '../money/decimal';
import { decimalFromScaled as decScaled, decimalsOf, formatMoneyScaled as moneyScaled, formatScaled as fmtScaled, POW10, toScaled } from '../money/fixed';
import { normalizeClassification } from './prepare';
import type { RuleDefinition } from './schema';
import { wordListRegExp } from './text';
import { codeMatcher } from './code-lists';
import { buildCard, lookup, scaled } from './rate-cards';
import { FEE, ZERO, type Factory } from './rule-kit';

export const approvedRate: Factory<'approvedRate'> = (params) => {
	const card = buildCard(params);
	return {
		kinds: FEE,
		needs: { r: card.decimals },
		vars: ['approvedRate', 'basis'],
		defaultMessage: 'Timekeeper {{timekeeper}} rate {{rate}}/hr exceeds the negotiated rate of {{approvedRate}}/hr',
		bind: (batch) => {
			const sr = batch.scales.r;
			return (p) => {
				const a = lookup(card, p);
				if (!a) return undefined;
				const cap = scaled(a, sr);
				if (p.r <= cap) return undefined;
				return { ops: [{ k: 'rate', v: cap }], details: { approvedRate: a.rate, basis: a.basis } };
			};
		},
	};
};

export const unknownTimekeeper: Factory<'unknownTimekeeper'> = (params, env) => {
	const listed = params.timekeepers !== undefined || params.classifications !== undefined;
	const tks = new Set(params.timekeepers ?? []);
	const classes = new Set((params.classifications ?? []).map(normalizeClassification));
	const cards = env.ruleSet.rules
		.filter((r): r is RuleDefinition<'approvedRate'> => r.type === 'approvedRate' && r.enabled)
		.map((r) => buildCard(r.params));
	return {
		kinds: FEE,
		vars: ['reason'],
		defaultMessage: 'Unknown timekeeper {{timekeeper}}: {{reason}}',
		bind: () => (p) => {
			if (!p.tk && !p.cls) return { ops: ZERO, details: { reason: 'the entry names no timekeeper' } };
			if (listed) {
				if (tks.has(p.tk) || classes.has(p.cls)) return undefined;
				return { ops: ZERO, details: { reason: 'not on the approved staffing list' } };
			}
			for (const c of cards) if (lookup(c, p)) return undefined;
			return { ops: ZERO, details: { reason: `no approved rate submitted for ${p.date}` } };
		},
	};
};

export const rateIncrease: Factory<'rateIncrease'> = (params) => {
	const factor = Decimal.from(100).add(params.maxPercent);
	// the highest rate allowed, in whole cents, never above the limit
	const capOf = (base: Decimal) => {
		const x = base.mul(factor); // = cap × 100 → whole cents = floor(x)
		const cents = x.coef / 10n ** BigInt(x.scale);
		return Decimal.from(cents).div(100, 2);
	};
	const baseCard = buildCard(params.baseRates);
	const capCard = buildCard(params.baseRates, capOf);
	return {
		kinds: FEE,
		needs: { r: Math.max(capCard.decimals, baseCard.decimals) },
		vars: ['baseRate', 'maxRate', 'maxPercent', 'increasePercent'],
		defaultMessage: 'Timekeeper {{timekeeper}} rate {{rate}} is {{increasePercent}}% above the base rate {{baseRate}} (limit {{maxPercent}}%)',
		bind: (batch) => {
			const sr = batch.scales.r;
			return (p) => {
				const cap = lookup(capCard, p);
				if (!cap) return undefined;
				const capR = scaled(cap, sr);
				if (p.r <= capR) return undefined;
				const base = lookup(baseCard, p)!;
				const b = Decimal.from(base.value);
				const inc = b.isZero() ? Decimal.ZERO : decScaled(p.r, sr).sub(b).mul(100).div(b, 2);
				return {
					ops: [{ k: 'rate', v: capR }],
					details: { baseRate: base.rate, maxRate: cap.rate, maxPercent: params.maxPercent, increasePercent: inc.toString() },
				};
			};
		},
	};
};

export const maxDailyHours: Factory<'maxDailyHours'> = (params) => {
	return {
		kinds: FEE,
		needs: { q: decimalsOf(params.maxHours) },
		vars: ['dayHours', 'maxHours', 'excessHours'],
		defaultMessage: 'Timekeeper {{timekeeper}} billed {{dayHours}} h on {{date}}, more than the maximum of {{maxHours}} h',
		bind: (batch) => {
			const dh = batch.dayHours();
			const sq = batch.scales.q;
			const max = toScaled(params.maxHours, sq);
			return (p) => {
				const day = dh.day[p.i];
				if (day <= max) return undefined;
				const before = dh.before[p.i];
				if (before + p.q <= max) return undefined; // the hours over the limit are on later lines
				const keep = Math.max(0, max - before);
				return {
					ops: [{ k: 'qty', v: keep }],
					details: { dayHours: fmtScaled(day, sq), maxHours: params.maxHours, excessHours: fmtScaled(p.q - keep, sq) },
				};
			};
		},
	};
};

export const minimumIncrement: Factory<'minimumIncrement'> = (params) => {
	return {
		kinds: FEE,
		needs: { q: decimalsOf(params.increment) },
		vars: ['increment', 'roundedQuantity'],
		defaultMessage: '{{quantity}} h is not a multiple of the minimum increment of {{increment}} h',
		bind: (batch) => {
			const sq = batch.scales.q;
			const inc = toScaled(params.increment, sq);
			return (p) => {
				const rest = p.q % inc;
				if (rest === 0) return undefined;
				const down = p.q - rest;
				return { ops: [{ k: 'qty', v: down }], details: { increment: params.increment, roundedQuantity: fmtScaled(down, sq) } };
			};
		},
	};
};
export const maxTimekeepersPerMatter: Factory<'maxTimekeepersPerMatter'> = (params) => ({
	kinds: FEE,
	vars: ['max', 'count', 'rank'],
	defaultMessage: 'Timekeeper {{timekeeper}} is one of {{count}} timekeepers on matter {{matter}} (maximum {{max}})',
	bind: (batch) => {
		const mt = batch.matterTimekeepers();
		return (p) => (mt.rank[p.i] > params.max ? { ops: ZERO, details: { max: params.max, count: mt.count[p.i], rank: mt.rank[p.i] } } : undefined);
	},
});

export const travel: Factory<'travel'> = (params) => {
	const re = wordListRegExp(params.keywords)!;
	const ex = wordListRegExp(params.excludeKeywords);
	const codes = codeMatcher(params.codes);
	const pct = Decimal.from(params.percent);
	return {
		kinds: FEE,
		vars: ['percent', 'allowedTotal'],
		defaultMessage: 'Non-working travel is billable at {{percent}}%: {{allowedTotal}} instead of {{total}}',
		bind: (batch) => {
			const st = batch.scales.t;
			// allowed total in whole cents, rounded half up: quantity × rate × percent / 100
			// cents = full × pct.coef / 10^(t + pct.scale)
			const div = 10n ** BigInt(st + pct.scale);
			const half = div / 2n;
			const toT = POW10[st - 2];
			return (p) => {
				const coded = codes(p.task) || codes(p.activity);
				if (!coded && !(p.narrative && re.test(p.narrative) && !(ex && ex.test(p.narrative)))) return undefined;
				const x = BigInt(p.q * p.r) * pct.coef;
				const cents = x >= 0n ? (x + half) / div : -((-x + half) / div);
				const allowed = Number(cents) * toT;
				if (p.t <= allowed) return undefined;
				return { ops: [{ k: 'total', v: allowed }], details: { percent: params.percent, allowedTotal: moneyScaled(allowed, st) } };
			};
		},
	};
};
