/**
 * The built-in rule types. Each factory turns a validated rule into a `RuleImpl`; `bind(batch)`
 * reads the batch aggregates it needs (pass 1) and returns the per-line check (pass 2), or a
 * sentence saying why the rule cannot run on this batch (for example: no billing period given).
 *
 * A check returns `undefined` (no violation) or a hit: the proposed adjustment as operations on
 * the line (cap the rate, cap the quantity, cap the total, zero the line) plus the values the
 * message template may show. The hot path works on scaled integers; Decimal is used for output.
 */
import { Decimal } from '../money/decimal';
import { dayNumber } from '../model/dates';
import { decimalFromScaled as decScaled, decimalsOf, formatMoney as money, formatMoneyScaled as moneyScaled, formatScaled as fmtScaled, POW10, toScaled } from '../money/fixed';
import { KIND_BITS, normalizeClassification, type Prepared } from './prepare';
import type { RateCard, RuleDefinition, RuleParams, RuleType } from './schema';
import { blockSignals, countWords, findWords, normalizeNarrative, wordListRegExp } from './text';
import { compileExpression, expressionView } from './expression';
import { blendedRate, budget, cappedFee, flatFee } from './budget';

export type { Checker, Details, Hit, Op, RuleEnv, RuleImpl } from './rule-impl';
import type { Checker, Hit, Op, RuleEnv, RuleImpl } from './rule-impl';

const FEE = KIND_BITS.fee;
const EXPENSE = KIND_BITS.expense;
const LINES = FEE | EXPENSE;
const ZERO: Op[] = [{ k: 'zero' }];
const NEVER: Checker = () => undefined;

// ---------------------------------------------------------------- rate cards

interface Rate {
	from: string;
	to: string;
	/** the rate as a decimal string */
	value: string;
	/** the rate scaled to the batch's rate scale, cached per scale */
	byScale: number[];
	rate: string;
	basis: string;
}
interface Card {
	byTk: Map<string, Rate[]>;
	byCls: Map<string, Rate[]>;
	/** decimals of the most precise rate */
	decimals: number;
}

function scaled(rate: Rate, scale: number): number {
	let v = rate.byScale[scale];
	if (v === undefined) rate.byScale[scale] = v = toScaled(rate.value, scale);
	return v;
}

function buildCard(card: RateCard, adjust: (rate: Decimal) => Decimal = (r) => r): Card {
	const byTk = new Map<string, Rate[]>();
	const byCls = new Map<string, Rate[]>();
	let decimals = 0;
	const add = (m: Map<string, Rate[]>, key: string, rate: string, from = '', to = '', basis: string) => {
		const d = adjust(Decimal.from(rate));
		const value = d.toString();
		decimals = Math.max(decimals, decimalsOf(value));
		const list = m.get(key) ?? [];
		list.push({ from, to: to || '9999-12-31', value, byScale: [], rate: money(d), basis });
		m.set(key, list);
	};
	for (const t of card.timekeepers ?? []) add(byTk, t.id, t.rate, t.from, t.to, `timekeeper ${t.id}`);
	for (const c of card.classifications ?? []) {
		const key = normalizeClassification(c.classification);
		add(byCls, key, c.rate, c.from, c.to, `classification ${key}`);
	}
	return { byTk, byCls, decimals };
}

function pick(list: Rate[] | undefined, date: string): Rate | undefined {
	if (!list) return undefined;
	for (let k = 0; k < list.length; k++) {
		const r = list[k];
		if (date >= r.from && date <= r.to) return r;
	}
	return undefined;
}

function lookup(card: Card, p: Prepared): Rate | undefined {
	return (p.tk ? pick(card.byTk.get(p.tk), p.date) : undefined) ?? (p.cls ? pick(card.byCls.get(p.cls), p.date) : undefined);
}

function tkName(p: Prepared): string {
	const t = p.e.timekeeper;
	if (!t) return '(no timekeeper)';
	return t.name || [t.firstName, t.lastName].filter(Boolean).join(' ') || t.id;
}

// ---------------------------------------------------------------- code lists

function codeMatcher(codes: readonly string[]): (code: string) => boolean {
	const exact = new Set<string>();
	const prefixes: string[] = [];
	let any = false;
	for (const c of codes) {
		if (c === '*') any = true;
		else if (c.endsWith('*')) prefixes.push(c.slice(0, -1));
		else exact.add(c);
	}
	return (code) => {
		if (!code) return false;
		if (any || exact.has(code)) return true;
		for (let k = 0; k < prefixes.length; k++) if (code.startsWith(prefixes[k])) return true;
		return false;
	};
}

/** UTBMS phase of a task code: L110 → L100. */
export function phaseOf(task: string): string {
	return task.length === 4 ? task.slice(0, 2) + '00' : task;
}

// ---------------------------------------------------------------- factories

type Factory<T extends RuleType> = (params: RuleParams[T], env: RuleEnv) => RuleImpl;

const approvedRate: Factory<'approvedRate'> = (params) => {
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

const unknownTimekeeper: Factory<'unknownTimekeeper'> = (params, env) => {
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

const rateIncrease: Factory<'rateIncrease'> = (params) => {
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

const maxDailyHours: Factory<'maxDailyHours'> = (params) => {
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

const minimumIncrement: Factory<'minimumIncrement'> = (params) => {
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

const blockBilling: Factory<'blockBilling'> = (params) => {
	return {
		kinds: FEE,
		needs: { q: decimalsOf(params.minHours) },
		vars: ['tasks', 'separators', 'minHours'],
		defaultMessage: 'Block billing: {{tasks}} tasks in one entry of {{quantity}} h',
		bind: (batch) => {
			const minQ = toScaled(params.minHours, batch.scales.q);
			return (p) => {
			if (p.q <= minQ || !p.narrative) return undefined;
			const s = blockSignals(p.narrative, params.separators, params.countAndVerbs, params.countInlineTimes);
			if (s.separators < params.minSeparators) return undefined;
			return { ops: ZERO, details: { tasks: s.separators + 1, separators: s.separators, minHours: params.minHours } };
			};
		},
	};
};

const bannedWords: Factory<'bannedWords'> = (params) => {
	const re = wordListRegExp(params.words)!;
	const all = wordListRegExp(params.words, true);
	return {
		kinds: LINES,
		vars: ['words'],
		defaultMessage: 'Line item description contains a disallowed word: {{words}}',
		bind: () => (p) => {
			if (!p.narrative || !re.test(p.narrative)) return undefined;
			return { ops: ZERO, details: { words: findWords(all, p.narrative).join(', ') } };
		},
	};
};

const vagueNarrative: Factory<'vagueNarrative'> = (params) => {
	const exact = new Set(params.exact.map(normalizeNarrative));
	let longest = 0;
	for (const e of exact) longest = Math.max(longest, e.length);
	const limit = longest * 2 + 8; // longer narratives cannot normalise to a listed phrase
	const contains = wordListRegExp(params.contains);
	const containsAll = wordListRegExp(params.contains, true);
	return {
		kinds: FEE,
		vars: ['phrase'],
		defaultMessage: 'Vague narrative ("{{phrase}}"): say what was done and why',
		bind: () => (p) => {
			const n = p.narrative;
			if (!n) return undefined;
			if (n.length <= limit) {
				const norm = normalizeNarrative(n);
				if (exact.has(norm)) return { ops: ZERO, details: { phrase: norm } };
			}
			if (contains && contains.test(n)) return { ops: ZERO, details: { phrase: findWords(containsAll, n)[0] } };
			return undefined;
		},
	};
};

const shortNarrative: Factory<'shortNarrative'> = (params) => {
	const { minWords, minChars } = params;
	const minimum = [minWords !== undefined ? `${minWords} words` : '', minChars !== undefined ? `${minChars} characters` : '']
		.filter(Boolean)
		.join(' and ');
	return {
		kinds: FEE,
		vars: ['words', 'chars', 'minWords', 'minChars', 'minimum'],
		defaultMessage: 'Narrative too short ({{words}} words, {{chars}} characters; minimum {{minimum}})',
		bind: () => (p) => {
			const n = p.narrative;
			const chars = minChars !== undefined ? n.trim().length : -1;
			const words = minWords !== undefined ? countWords(n) : -1;
			if ((minChars === undefined || chars >= minChars) && (minWords === undefined || words >= minWords)) return undefined;
			return {
				ops: ZERO,
				details: { words: countWords(n), chars: n.trim().length, minWords: minWords ?? '', minChars: minChars ?? '', minimum },
			};
		},
	};
};

const clericalWork: Factory<'clericalWork'> = (params) => {
	const re = wordListRegExp(params.keywords);
	const all = wordListRegExp(params.keywords, true);
	const act = codeMatcher(params.activityCodes);
	const task = codeMatcher(params.taskCodes);
	return {
		kinds: FEE,
		vars: ['keyword'],
		defaultMessage: 'Clerical or administrative work is not billable ("{{keyword}}")',
		bind: () => (p) => {
			if (act(p.activity)) return { ops: ZERO, details: { keyword: p.activity } };
			if (task(p.task)) return { ops: ZERO, details: { keyword: p.task } };
			if (re && p.narrative && re.test(p.narrative)) return { ops: ZERO, details: { keyword: findWords(all, p.narrative)[0] } };
			return undefined;
		},
	};
};

const duplicates: Factory<'duplicates'> = (params) => ({
	kinds: LINES,
	vars: ['duplicateOf', 'duplicateOfLine'],
	defaultMessage: 'Potential duplicate charge, see line item {{duplicateOfLine}}',
	bind: (batch) => {
		const d = batch.duplicates(params.compareNarrative);
		return (p) => {
			const f = d.of[p.i];
			if (f < 0) return undefined;
			return { ops: ZERO, details: { duplicateOf: batch.entries[f]!.e.id, duplicateOfLine: f + 1 } };
		};
	},
});

const billingPeriod: Factory<'billingPeriod'> = () => ({
	kinds: LINES,
	vars: ['periodStart', 'periodEnd'],
	defaultMessage: 'Line date {{date}} is outside the billing period {{periodStart}} to {{periodEnd}}',
	bind: (batch) => {
		const { periodStart: start, periodEnd: end } = batch.context;
		if (!start || !end) return 'needs the billing period (periodStart and periodEnd)';
		return (p) => (p.date < start || p.date > end ? { ops: ZERO, details: { periodStart: start, periodEnd: end } } : undefined);
	},
});

const staleCharge: Factory<'staleCharge'> = (params) => ({
	kinds: LINES,
	vars: ['ageDays', 'maxDays', 'invoiceDate'],
	defaultMessage: 'Charge dated {{date}} is {{ageDays}} days old at {{invoiceDate}} (maximum {{maxDays}} days)',
	bind: (batch) => {
		const ref = batch.context.invoiceDate ?? batch.context.today;
		if (!ref) return 'needs the invoice date (or today)';
		const refDay = dayNumber(ref);
		return (p) => {
			const age = refDay - p.day;
			if (age <= params.maxDays) return undefined;
			return { ops: ZERO, details: { ageDays: age, maxDays: params.maxDays, invoiceDate: ref } };
		};
	},
});

const lateInvoice: Factory<'lateInvoice'> = (params) => ({
	kinds: LINES,
	invoice: true,
	vars: ['reason', 'invoiceDate'],
	defaultMessage: 'Invoice rejected: {{reason}}',
	bind: (batch) => {
		const { invoiceDate, today, periodEnd } = batch.context;
		if (!invoiceDate) return 'needs the invoice date';
		const canFuture = !params.allowFutureInvoiceDate && !!today;
		const canLate = params.maxDaysAfterPeriodEnd !== undefined && !!periodEnd;
		if (!canFuture && !canLate) return 'needs today (future dates) or the billing period end (late invoices)';
		let reason = '';
		if (canFuture && invoiceDate > today!) reason = `the invoice date ${invoiceDate} is in the future (today is ${today})`;
		else if (canLate) {
			const late = dayNumber(invoiceDate) - dayNumber(periodEnd);
			if (late > params.maxDaysAfterPeriodEnd!)
				reason = `invoice dated ${invoiceDate} is ${late} days after the billing period ended (maximum ${params.maxDaysAfterPeriodEnd})`;
		}
		if (!reason) return NEVER;
		const hit: Hit = { ops: ZERO, details: { reason, invoiceDate } };
		return () => hit;
	},
});

const taskCodes: Factory<'taskCodes'> = (params) => {
	const needTask = params.required.includes('task');
	const needActivity = params.required.includes('activity');
	const needExpense = params.required.includes('expense');
	const allowed = params.allowed ? codeMatcher(params.allowed) : undefined;
	const blocked = codeMatcher(params.blocked);
	return {
		kinds: LINES,
		vars: ['reason', 'code'],
		defaultMessage: '{{reason}}',
		bind: () => (p) => {
			if (p.kindBit === FEE) {
				if (needTask && !p.task) return { ops: ZERO, details: { reason: 'UTBMS task code required', code: '' } };
				if (needActivity && !p.activity) return { ops: ZERO, details: { reason: 'UTBMS activity code required', code: '' } };
				if (blocked(p.task)) return { ops: ZERO, details: { reason: `Task code ${p.task} is not allowed`, code: p.task } };
				if (blocked(p.activity)) return { ops: ZERO, details: { reason: `Activity code ${p.activity} is not allowed`, code: p.activity } };
				if (allowed && p.task && !allowed(p.task))
					return { ops: ZERO, details: { reason: `Task code ${p.task} is not among the approved codes`, code: p.task } };
			} else if (p.kindBit === EXPENSE) {
				if (needExpense && !p.expense) return { ops: ZERO, details: { reason: 'UTBMS expense code required', code: '' } };
			}
			return undefined;
		},
	};
};

const expenseCap: Factory<'expenseCap'> = (params) => {
	const defs = params.caps.map((c) => ({
		match: codeMatcher(c.codes),
		unit: c.maxUnitCost,
		unitText: c.maxUnitCost !== undefined ? money(Decimal.from(c.maxUnitCost)) : '',
		line: c.maxLineTotal,
		lineText: c.maxLineTotal !== undefined ? money(Decimal.from(c.maxLineTotal)) : '',
	}));
	return {
		kinds: EXPENSE,
		needs: {
			r: Math.max(0, ...defs.map((c) => (c.unit !== undefined ? decimalsOf(c.unit) : 0))),
			t: Math.max(0, ...defs.map((c) => (c.line !== undefined ? decimalsOf(c.line) : 0))),
		},
		vars: ['cap', 'capKind', 'code'],
		defaultMessage: 'Expense exceeds the maximum allowed {{capKind}} of {{cap}}',
		bind: (batch) => {
			const caps = defs.map((c) => ({
				...c,
				unit: c.unit !== undefined ? toScaled(c.unit, batch.scales.r) : undefined,
				line: c.line !== undefined ? toScaled(c.line, batch.scales.t) : undefined,
			}));
			return (p) => {
			for (const c of caps) {
				if (!c.match(p.expense)) continue;
				if (c.unit !== undefined && p.r > c.unit) {
					const ops: Op[] = [{ k: 'rate', v: c.unit }];
					if (c.line !== undefined && p.q * c.unit + p.a > c.line) ops.push({ k: 'total', v: c.line });
					return { ops, details: { cap: c.unitText, capKind: 'unit cost', code: p.expense } };
				}
				if (c.line !== undefined && p.t > c.line) return { ops: [{ k: 'total', v: c.line }], details: { cap: c.lineText, capKind: 'line total', code: p.expense } };
			}
			return undefined;
			};
		},
	};
};

const bannedExpenseCodes: Factory<'bannedExpenseCodes'> = (params) => {
	const match = codeMatcher(params.codes);
	return {
		kinds: EXPENSE,
		vars: ['code'],
		defaultMessage: 'Expense code {{code}} is not reimbursable',
		bind: () => (p) => (match(p.expense) ? { ops: ZERO, details: { code: p.expense } } : undefined),
	};
};

const maxTimekeepersPerMatter: Factory<'maxTimekeepersPerMatter'> = (params) => ({
	kinds: FEE,
	vars: ['max', 'count', 'rank'],
	defaultMessage: 'Timekeeper {{timekeeper}} is one of {{count}} timekeepers on matter {{matter}} (maximum {{max}})',
	bind: (batch) => {
		const mt = batch.matterTimekeepers();
		return (p) => (mt.rank[p.i] > params.max ? { ops: ZERO, details: { max: params.max, count: mt.count[p.i], rank: mt.rank[p.i] } } : undefined);
	},
});

const eventAttendance: Factory<'eventAttendance'> = (params) => {
	const re = wordListRegExp(params.keywords);
	const all = wordListRegExp(params.keywords, true);
	const act = codeMatcher(params.activityCodes);
	const eventOf = (p: Prepared): string => {
		if (act(p.activity)) return p.activity;
		if (re && p.narrative && re.test(p.narrative)) return findWords(all, p.narrative)[0];
		return '';
	};
	return {
		kinds: FEE,
		vars: ['event', 'attendees', 'max'],
		defaultMessage: '{{attendees}} timekeepers billed the same event ("{{event}}") on {{date}} (maximum {{max}})',
		bind: (batch) => {
			const n = batch.size;
			const rank = new Int32Array(n);
			const events: string[] = new Array(n);
			const keys: string[] = new Array(n);
			const groups = new Map<string, Map<string, number>>();
			for (let i = 0; i < n; i++) {
				const p = batch.entries[i];
				if (!p || p.kindBit !== FEE || !p.tk) continue;
				const ev = eventOf(p);
				if (!ev) continue;
				const key = p.matter + '\u0000' + p.date + '\u0000' + ev;
				let g = groups.get(key);
				if (!g) groups.set(key, (g = new Map()));
				let r = g.get(p.tk);
				if (r === undefined) g.set(p.tk, (r = g.size + 1));
				rank[i] = r;
				events[i] = ev;
				keys[i] = key;
			}
			return (p) => {
				const r = rank[p.i];
				if (r <= params.maxAttendees) return undefined;
				return { ops: ZERO, details: { event: events[p.i], attendees: groups.get(keys[p.i])!.size, max: params.maxAttendees } };
			};
		},
	};
};

const travel: Factory<'travel'> = (params) => {
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

const currency: Factory<'currency'> = (params, env) => ({
	kinds: LINES,
	vars: ['lineCurrency', 'currency'],
	defaultMessage: 'Currency {{lineCurrency}} differs from the invoice currency {{currency}}',
	bind: (batch) => {
		const expected = params.currency ?? env.ruleSet.currency ?? batch.context.currency ?? batch.firstCurrency();
		if (!expected) return 'no currency to compare with (set params.currency, the rule set currency or the invoice currency)';
		return (p) => (p.currency && p.currency !== expected ? { ops: ZERO, details: { lineCurrency: p.currency, currency: expected } } : undefined);
	},
});

const multiMatter: Factory<'multiMatter'> = () => ({
	kinds: LINES,
	invoice: true,
	vars: ['matterCount', 'matters'],
	defaultMessage: 'Multi-matter invoices are not accepted ({{matterCount}} matters: {{matters}})',
	bind: (batch) => {
		const { key, matters } = batch.invoiceMatters();
		const hits = new Map<string, Hit>();
		for (const [k, list] of matters)
			if (list.length > 1) hits.set(k, { ops: ZERO, details: { matterCount: list.length, matters: list.join(', ') } });
		if (hits.size === 0) return NEVER;
		return (p) => hits.get(key[p.i]);
	},
});

const expression: Factory<'expression'> = (params) => {
	const fn = compileExpression(params.when);
	return {
		kinds: LINES,
		vars: [],
		defaultMessage: 'Rule {{ruleId}} ({{ref}}) matched',
		bind: (batch) => {
			const view = expressionView(batch);
			return (p) => (fn(view(p)) ? { ops: ZERO, details: {} } : undefined);
		},
	};
};

export const FACTORIES: { [K in RuleType]: Factory<K> } = {
	approvedRate,
	unknownTimekeeper,
	rateIncrease,
	maxDailyHours,
	minimumIncrement,
	blockBilling,
	bannedWords,
	vagueNarrative,
	shortNarrative,
	clericalWork,
	duplicates,
	billingPeriod,
	staleCharge,
	lateInvoice,
	taskCodes,
	expenseCap,
	bannedExpenseCodes,
	maxTimekeepersPerMatter,
	eventAttendance,
	travel,
	budget,
	cappedFee,
	flatFee,
	blendedRate,
	currency,
	multiMatter,
	expression,
};

export { tkName };
