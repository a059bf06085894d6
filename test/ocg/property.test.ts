/**
 * Properties of the engine's exact arithmetic on random entries (fast-check), checked against
 * the BigInt Decimal: adjustments never raise a line, amounts at stake are exactly the difference,
 * and the integer hot path agrees with Decimal whatever the decimals of the data.
 */
import fc from 'fast-check';
import type { BillingEntry } from '../../lib/model';
import { Decimal } from '../../lib/money/decimal';
import { compileRuleSet, evaluateOcg } from '../../lib/ocg';

const decimalText = (maxInt: number, maxDecimals: number) =>
	fc.tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: maxDecimals }), fc.integer({ min: 0, max: 999_999 })).map(([i, d, f]) => {
		if (d === 0) return String(i);
		return `${i}.${String(f).padStart(6, '0').slice(0, d)}`;
	});

const entryArb = fc.record({
	kind: fc.constantFrom('fee', 'expense'),
	quantity: decimalText(30, 6),
	rate: decimalText(1500, 4),
	adjustment: fc.option(decimalText(50, 4).map((x) => `-${x}`), { nil: undefined }),
	narrative: fc.constantFrom('Travel to hearing in Chicago', 'Draft motion to compel', 'Photocopies', 'Courier to court'),
	expense: fc.constantFrom('E101', 'E107', 'E110'),
});

const rs = compileRuleSet({
	id: 'p',
	version: '1',
	rules: [
		{ id: 'INC', type: 'minimumIncrement', ref: 'x', action: 'adjust', params: { increment: '0.1' } },
		{ id: 'RATE', type: 'approvedRate', ref: 'x', action: 'adjust', params: { classifications: [{ classification: 'ASSOC', rate: '412.5' }] } },
		{ id: 'TRAVEL', type: 'travel', ref: 'x', action: 'adjust', params: { percent: '50' } },
		{ id: 'CAP', type: 'expenseCap', ref: 'x', action: 'adjust', params: { caps: [{ codes: ['E101'], maxUnitCost: '0.10' }, { codes: ['*'], maxLineTotal: '750.125' }] } },
	],
});

describe('exact arithmetic (property)', () => {
	it('adjusted = original − reduction; each violation: at stake = original − its own adjusted total; nothing goes up', () => {
		fc.assert(
			fc.property(fc.array(entryArb, { minLength: 1, maxLength: 12 }), (raw) => {
				const entries: BillingEntry[] = raw.map((x, i) => ({
					id: `p${i}`,
					source: { system: 'prop', id: String(i) },
					kind: x.kind as 'fee' | 'expense',
					date: '2026-10-05',
					quantity: x.quantity,
					rate: x.rate,
					adjustment: x.adjustment,
					timekeeper: { id: 'T', classification: 'ASSOC' },
					matter: { id: 'M' },
					narrative: x.narrative,
					codes: x.kind === 'fee' ? { task: 'L120' } : { expense: x.expense },
				}));
				const { results } = evaluateOcg(entries, rs);
				results.forEach((r, i) => {
					const e = entries[i];
					const total = Decimal.from(e.quantity).mul(e.rate).add(e.adjustment ?? '0');
					for (const v of r.violations) {
						const after = Decimal.from(v.adjustment!.total);
						expect(total.sub(after).eq(v.amountAtStake)).toBe(true);
						expect(after.lte(total)).toBe(true);
						// the line's own arithmetic holds exactly
						expect(Decimal.from(v.adjustment!.quantity).mul(v.adjustment!.rate).add(v.adjustment!.adjustment).eq(after)).toBe(true);
					}
					if (r.adjusted) {
						expect(total.sub(r.adjusted.total).eq(r.adjusted.reduction)).toBe(true);
						expect(Decimal.from(r.adjusted.quantity).mul(r.adjusted.rate).add(r.adjusted.adjustment).eq(r.adjusted.total)).toBe(true);
					}
					// the rate rule, redone with Decimal
					const rate = r.violations.find((v) => v.ruleId === 'RATE');
					if (e.kind === 'fee') expect(!!rate).toBe(Decimal.from(e.rate).gt('412.5'));
					if (rate) expect(Decimal.from(rate.amountAtStake).eq(Decimal.from(e.rate).sub('412.5').mul(e.quantity))).toBe(true);
					// the increment rule, redone with Decimal
					const inc = r.violations.find((v) => v.ruleId === 'INC');
					if (e.kind === 'fee') expect(!!inc).toBe(!Decimal.from(e.quantity).isMultipleOf('0.1'));
				});
			}),
			{ numRuns: 300 },
		);
	});
});
