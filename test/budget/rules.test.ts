/**
 * The OCG engine's budget and fee-arrangement rules at their boundaries: exactly at the budget,
 * one cent over, a cap reached mid-line and after, a flat-fee phase as one line, a blended rate.
 */
import { compileRuleSet, evaluateOcg, flatFeeLines, validateRuleSet } from '../../lib/ocg';
import { fee, expense, ruleSet, run } from '../ocg/helpers';

const statuses = (r: ReturnType<typeof run>) => r.results.map((x) => x.status);

describe('budget: flag or reject what would push a matter or phase past its budget', () => {
	const rule = (amount: string, extra: object = {}) => ({ type: 'budget', action: 'reject', params: { budgets: [{ matter: 'M1', amount, ...extra }] } });

	it('exactly at the budget passes; one cent over is rejected, naming the cent', () => {
		// 2 × 400.00 = 800.00
		expect(statuses(run(rule('800.00'), [fee(), fee()]))).toEqual(['compliant', 'compliant']);
		const r = run(rule('799.99'), [fee(), fee()]);
		expect(statuses(r)).toEqual(['compliant', 'rejected']);
		expect(r.results[1].violations[0].details).toMatchObject({ budget: '799.99', spentBefore: '400.00', over: '0.01' });
		expect(r.results[1].violations[0].message).toBe('Budget for M1 of 799.99 exceeded by 0.01');
	});

	it('counts what was spent before the batch, exactly (no binary float: 0.1 + 0.2)', () => {
		const tiny = (q: string) => fee({ quantity: q, rate: '1.00' });
		expect(statuses(run(rule('0.30', { spent: '0.10' }), [tiny('0.2')]))).toEqual(['compliant']);
		expect(statuses(run(rule('0.30', { spent: '0.11' }), [tiny('0.2')]))).toEqual(['rejected']);
	});

	it('a phase budget covers its tasks; the tighter of matter and phase judges a line', () => {
		const r = run(
			{ type: 'budget', action: 'adjust', params: { budgets: [{ matter: 'M1', amount: '10000' }, { matter: 'M1', phase: 'L100', amount: '500' }] } },
			[fee({ codes: { task: 'L110' } }), fee({ codes: { task: 'L310' } }), fee({ codes: { task: 'L120' } })],
		);
		expect(statuses(r)).toEqual(['compliant', 'compliant', 'adjusted']);
		expect(r.results[2].violations[0].details).toMatchObject({ budgetKey: 'M1 L100', over: '300.00' });
		expect(r.results[2].adjusted).toMatchObject({ total: '100.00', reduction: '300.00' });
	});

	it('expenses count against the matter budget', () => {
		expect(statuses(run(rule('409.99'), [fee(), expense()]))).toEqual(['compliant', 'rejected']);
	});
});

describe('cappedFee: the excess over the cap is written off and shown', () => {
	const cap = (amount: string, billed = '0') => ({ type: 'cappedFee', action: 'adjust', params: { caps: [{ matter: 'M1', amount, billed }] } });

	it('exactly at the cap nothing is written off; one cent over, one cent is', () => {
		expect(statuses(run(cap('800'), [fee(), fee()]))).toEqual(['compliant', 'compliant']);
		const r = run(cap('799.99'), [fee(), fee()]);
		expect(r.results[1].adjusted).toEqual({ quantity: '1', rate: '400.00', adjustment: '-0.01', total: '399.99', reduction: '0.01' });
		expect(r.results[1].violations[0].details).toMatchObject({ cap: '799.99', writtenOff: '0.01' });
	});

	it('the line crossing the cap keeps what remains, later lines are written off whole; the total billed is the cap', () => {
		const r = run(cap('1000.00', '300.00'), [fee(), fee(), fee()]);
		expect(r.results.map((x) => x.adjusted?.total ?? '400.00')).toEqual(['400.00', '300.00', '0.00']);
		expect(r.results.map((x) => x.violations[0]?.details.writtenOff)).toEqual([undefined, '100.00', '400.00']);
		expect(r.summary.reduction).toBe('500.00');
		expect(r.results[1].violations[0].message).toBe('Capped fee for M1 of 1000.00 reached: 100.00 written off');
	});

	it('a cap is validated like any rule', () => {
		const v = validateRuleSet(ruleSet([{ id: 'C', ref: 'AFA', action: 'adjust', type: 'cappedFee', params: { caps: [{ matter: 'M1', amount: '-1' }] } }]));
		expect(v.issues).toEqual([{ path: 'rules[0].params.caps[0].amount', message: 'expected a number of 0 or more, got -1' }]);
	});
});

describe('flatFee: a flat-fee phase bills as one line', () => {
	const flat = { type: 'flatFee', action: 'adjust', params: { fees: [{ matter: 'M1', phase: 'L100', amount: '2500.00', description: 'Case assessment (flat fee)' }] } };

	it('the phase lines are zeroed and replaced by one line at the flat fee; other lines untouched', () => {
		const entries = [fee({ codes: { task: 'L110' }, date: '2026-10-02' }), fee({ codes: { task: 'L310' } }), fee({ codes: { task: 'L120' }, quantity: '2.5', date: '2026-10-09' })];
		const rs = compileRuleSet(ruleSet([{ id: 'FLAT', ref: 'AFA §2', ...flat }]));
		const result = evaluateOcg(entries, rs);
		expect(statuses(result)).toEqual(['adjusted', 'compliant', 'adjusted']);
		expect(result.results[0].adjusted!.total).toBe('0.00');
		const lines = flatFeeLines(entries, result);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({ ruleId: 'FLAT', key: 'M1 L100', amount: '2500.00', covers: [0, 2], entryIds: [entries[0].id, entries[2].id], hourlyValue: '1400.00' });
		expect(lines[0].line).toMatchObject({ id: 'flat:M1:L100', kind: 'fee', date: '2026-10-09', quantity: '1', rate: '2500.00', total: '2500.00', narrative: 'Case assessment (flat fee)' });
		expect(lines[0].line.codes?.task).toBe('L110');
	});

	it('a flat fee per event: one line per event (matter, date, activity); a billed fee gives no line', () => {
		const rule = { type: 'flatFee', action: 'adjust', params: { fees: [{ matter: 'M1', activity: 'A109', amount: '1500' }] } };
		const entries = [
			fee({ codes: { task: 'L330', activity: 'A109' }, date: '2026-10-05' }),
			fee({ codes: { task: 'L330', activity: 'A109' }, date: '2026-10-05', timekeeper: { id: 'T2', classification: 'PARTNR' } }),
			fee({ codes: { task: 'L330', activity: 'A109' }, date: '2026-10-06' }),
		];
		const lines = flatFeeLines(entries, run(rule, entries));
		expect(lines.map((l) => [l.line.id, l.covers, l.line.total])).toEqual([
			['flat:M1:A109:2026-10-05', [0, 1], '1500.00'],
			['flat:M1:A109:2026-10-06', [2], '1500.00'],
		]);
		const billed = { ...rule, params: { fees: [{ matter: 'M1', activity: 'A109', amount: '1500', billed: true }] } };
		expect(flatFeeLines(entries, run(billed, entries))).toEqual([]);
	});

	it('a flat fee names a phase or an activity, not both', () => {
		const v = validateRuleSet(ruleSet([{ id: 'F', ref: 'AFA', action: 'adjust', type: 'flatFee', params: { fees: [{ matter: 'M1', amount: '1', phase: 'L100', activity: 'A109' }] } }]));
		expect(v.issues[0].path).toBe('rules[0].params.fees[0]');
	});
});

describe('blendedRate: every fee line of the matter at one rate', () => {
	it('rates above and below are set to the blended rate; a line at it is compliant', () => {
		const r = run({ type: 'blendedRate', action: 'adjust', params: { rates: [{ matter: 'M1', rate: '350.00' }] } }, [
			fee({ rate: '400.00' }),
			fee({ rate: '250.00' }),
			fee({ rate: '350' }),
			expense(),
		]);
		expect(statuses(r)).toEqual(['adjusted', 'adjusted', 'compliant', 'compliant']);
		expect(r.results[0].adjusted).toMatchObject({ rate: '350.00', total: '350.00', reduction: '50.00' });
		expect(r.results[1].adjusted).toMatchObject({ rate: '350.00', total: '350.00', reduction: '-100.00' });
	});
});
