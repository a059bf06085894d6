/**
 * Adjustments: a line as exact integers at the batch scales, the operations a rule hit proposes
 * applied to it, and the resulting line values as text.
 */
import { formatScaled as fmtScaled, formatMoneyScaled as moneyScaled } from '../money/fixed';
import type { Prepared, Scales } from './prepare';
import type { LineValues } from './results';
import type { Op } from './rule-impl';

/**
 * A line as exact integers at the batch scales: quantity, rate, and at the amount scale the
 * adjustment and the rest of the stated total (tax on 98BI). prepareEntry bounds every amount to
 * 2^51, so every sum below stays an exact JavaScript integer.
 */
interface LineState {
	q: number;
	r: number;
	a: number;
	rest: number;
}

export function stateOf(p: Prepared): LineState {
	return { q: p.q, r: p.r, a: p.a, rest: p.t - p.q * p.r - p.a };
}

export const totalOf = (s: LineState) => s.q * s.r + s.a + s.rest;

export function applyOps(s: LineState, ops: readonly Op[]): LineState {
	let { q, r, a, rest } = s;
	for (const op of ops) {
		switch (op.k) {
			case 'rate':
				if (op.v < r) r = op.v;
				break;
			case 'qty':
				if (op.v < q) q = op.v;
				break;
			case 'total': {
				const t = q * r + a + rest;
				if (t > op.v) a -= t - op.v;
				break;
			}
			case 'setRate':
				r = op.v;
				break;
			case 'zero':
				q = 0;
				a = 0;
				rest = 0;
				break;
		}
	}
	return { q, r, a, rest };
}

export function lineValues(s: LineState, sc: Scales): LineValues {
	return { quantity: fmtScaled(s.q, sc.q), rate: moneyScaled(s.r, sc.r), adjustment: moneyScaled(s.a, sc.t), total: moneyScaled(totalOf(s), sc.t) };
}
