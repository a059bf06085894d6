/**
 * Rate cards: the approved rates of a rule's card by timekeeper and by classification, with their
 * validity dates, scaled to the batch's rate scale on demand; the rate that applies to a line, and
 * the timekeeper's name for messages.
 */
import { Decimal } from '../money/decimal';
import { decimalsOf, formatMoney as money, toScaled } from '../money/fixed';
import { normalizeClassification, type Prepared } from './prepare';
import type { RateCard } from './schema';

export interface Rate {
	from: string;
	to: string;
	/** the rate as a decimal string */
	value: string;
	/** the rate scaled to the batch's rate scale, cached per scale */
	byScale: number[];
	rate: string;
	basis: string;
}
export interface Card {
	byTk: Map<string, Rate[]>;
	byCls: Map<string, Rate[]>;
	/** decimals of the most precise rate */
	decimals: number;
}

export function scaled(rate: Rate, scale: number): number {
	let v = rate.byScale[scale];
	if (v === undefined) rate.byScale[scale] = v = toScaled(rate.value, scale);
	return v;
}

export function buildCard(card: RateCard, adjust: (rate: Decimal) => Decimal = (r) => r): Card {
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

export function lookup(card: Card, p: Prepared): Rate | undefined {
	return (p.tk ? pick(card.byTk.get(p.tk), p.date) : undefined) ?? (p.cls ? pick(card.byCls.get(p.cls), p.date) : undefined);
}

export function tkName(p: Prepared): string {
	const t = p.e.timekeeper;
	if (!t) return '(no timekeeper)';
	return t.name || [t.firstName, t.lastName].filter(Boolean).join(' ') || t.id;
}
