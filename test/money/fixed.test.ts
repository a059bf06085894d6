/** lib/money/fixed.ts: the one fixed-point module (sums, scaled integers, money text) of lib/. */
import { Decimal } from '../../lib/money/decimal';
import { decimalsOf, FixedSum, formatFixed, formatMoney, formatMoneyScaled, formatScaled, toScaled } from '../../lib/money/fixed';
import { CLASSIFICATION_LEGACY_TO_REVISED, CLASSIFICATION_REVISED_TO_LEGACY, normalizeClassification } from '../../lib/model/classification';
import { dayNumber, isIsoDate } from '../../lib/model/dates';

describe('FixedSum', () => {
	it('sums exactly past 2^53, in Number while safe and BigInt after, at any scale', () => {
		const s = new FixedSum(4);
		s.add(Number.MAX_SAFE_INTEGER);
		s.add(Number.MAX_SAFE_INTEGER);
		s.add(-1);
		expect(s.toDecimal().toString()).toBe('1801439850948.1981');
		expect(s.equals(-1)).toBe(false);
		const t = new FixedSum(2);
		for (let i = 0; i < 1000; i++) t.add(1); // 1000 × 0.01
		expect(t.toMoney()).toBe('10.00');
		expect(t.equals(1000)).toBe(true);
		t.addDecimal(Decimal.from('0.005')); // rounded half away from zero to the sum's scale
		expect(t.toDecimal().toString()).toBe('10.01');
		const big = new FixedSum(0);
		big.addDecimal(Decimal.from('123456789012345678901234567890'));
		big.add(1);
		expect(big.toDecimal().toString()).toBe('123456789012345678901234567891');
		expect(new FixedSum(3).toMoney()).toBe('0.00');
	});
});

describe('scaled integers and money text', () => {
	it('reads, formats and refuses what does not fit', () => {
		expect(toScaled('12.5', 4)).toBe(125000);
		expect(toScaled('-0.0001', 4)).toBe(-1);
		expect(toScaled('1.00001', 4)).toBeNaN();
		expect(toScaled('9007199254740993', 0)).toBeNaN();
		expect(decimalsOf('1.2500')).toBe(2);
		expect(formatScaled(-125000, 4)).toBe('-12.5');
		expect(formatScaled(5, 3)).toBe('0.005');
		expect(formatFixed(14000000n, 4)).toBe('1400.0000');
		expect(formatFixed(-5, 4)).toBe('-0.0005');
		expect(formatMoneyScaled(125000, 4)).toBe('12.50');
		expect(formatMoneyScaled(123, 4)).toBe('0.0123');
	});

	it('formatMoney: at least two decimals, more when exact, capped where asked (LEDES: 4)', () => {
		expect(formatMoney(Decimal.from('125'))).toBe('125.00');
		expect(formatMoney(Decimal.from('12.345678'))).toBe('12.345678');
		expect(formatMoney(Decimal.from('12.345678'), 2, 4)).toBe('12.3457');
		expect(formatMoney(Decimal.from('-0.00001'), 2, 4)).toBe('0.00');
		expect(formatMoney(Decimal.from('1.5'), 0, 4)).toBe('1.5');
	});
});

describe('one classification table and ISO dates (lib/model)', () => {
	it('maps legacy to revised and back, normalising case and space', () => {
		expect(normalizeClassification(' pt ')).toBe('PARTNR');
		expect(normalizeClassification('PARALG')).toBe('PARALG');
		expect(normalizeClassification(42)).toBe('');
		for (const [legacy, revised] of Object.entries(CLASSIFICATION_LEGACY_TO_REVISED)) expect(CLASSIFICATION_REVISED_TO_LEGACY[revised]).toBe(legacy);
	});

	it('reads real calendar dates only', () => {
		expect(dayNumber('1970-01-02')).toBe(1);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(isIsoDate('2026-02-29')).toBe(false);
		expect(isIsoDate('2026-1-01')).toBe(false);
	});
});
