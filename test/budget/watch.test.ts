/**
 * The budget model as data (JSON, Data Table rows, Clio's matter budget), its rules in a rule set,
 * and the budget watch: thresholds crossed exactly at 80% and 100% (one cent below does not), each
 * alert once, and the month-end forecast from the month so far (pinned "today", never the clock).
 */
import { budgetFromClioMatter, budgetFromRows, forecastMonthEnd, parseBudgetModel, watchBudgets, withBudget } from '../../lib/budget';
import { compileRuleSet, evaluateOcg, RuleSetValidationError } from '../../lib/ocg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fee } from '../ocg/helpers';

const model = parseBudgetModel({
	currency: 'USD',
	matters: [{ matter: '00042', responsible: 'Dana Reyes', responsibleEmail: 'dana@firm.example', total: '1000.00', phases: { L100: '400.00' } }],
});
const row = (date: string, total: string, taskCode = 'L110', over: object = {}) => ({ matter: '00042', date, total, taskCode, kind: 'fee', ...over });

describe('budget model', () => {
	it('lists every mistake with its path', () => {
		let error: unknown;
		try {
			parseBudgetModel({ matters: [{ matter: '', total: 'ten', flatFees: [{ amount: '1' }] }], thresholds: [0] });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(RuleSetValidationError);
		expect((error as RuleSetValidationError).issues.map((i) => i.path)).toEqual(['thresholds[0]', 'matters[0].matter', 'matters[0].total', 'matters[0].flatFees[0]']);
	});

	it('reads Data Table rows: budgets, phases, caps, flat fees, blended rates', () => {
		const m = budgetFromRows([
			{ id: 1, matter: '00042', amount: '1000', responsible: 'Dana Reyes' },
			{ id: 2, matter: '00042', phase: 'L100', amount: 400 },
			{ id: 3, matter: '00042', kind: 'cap', amount: '900' },
			{ id: 4, matter: '00042', kind: 'flatFee', phase: 'L200', amount: '2500', description: 'Pleadings' },
			{ id: 5, matter: '00043', kind: 'blendedRate', amount: '350' },
		]);
		expect(m.matters).toEqual([
			expect.objectContaining({ matter: '00042', total: '1000', phases: { L100: '400' }, responsible: 'Dana Reyes', caps: [{ amount: '900', billed: '0' }], flatFees: [{ phase: 'L200', amount: '2500', description: 'Pleadings', billed: false }] }),
			expect.objectContaining({ matter: '00043', blendedRate: '350' }),
		]);
		expect(() => budgetFromRows([{ matter: '1', amount: 'x' }])).toThrow('rows.matters[0].total: expected a decimal number');
		expect(() => budgetFromRows([{ amount: '1' }])).toThrow('rows[0].matter');
	});

	it("reads Clio's documented matter budget (a JSON number) exactly (rounded to the cent)", () => {
		expect(budgetFromClioMatter({ id: 7, display_number: '00042-Acme', matter_budget: { budget: 12500.1, include_expenses: false, notification_threshold: 75 } })).toEqual({
			budget: expect.objectContaining({ matter: '00042-Acme', total: '12500.1', includeExpenses: false }),
			threshold: 75,
		});
		expect(budgetFromClioMatter({ id: 7, matter_budget: null })).toBeUndefined();
	});

	it('becomes rules of a rule set (from a budget section or an input), judged in the same pass as the guidelines', () => {
		const set = withBudget(
			{ id: 'c', version: '1', rules: [{ id: 'DAY', type: 'maxDailyHours', ref: 'OCG 1', action: 'flag', params: { maxHours: 10 } }], budget: { overBudget: 'reject', matters: [{ matter: 'M1', total: '799.99' }] } },
			parseBudgetModel({ matters: [{ matter: 'M1', caps: [{ amount: '5000' }] }] }),
		) as { rules: Array<{ id: string }> };
		expect(set.rules.map((r) => r.id)).toEqual(['DAY', 'budget.total', 'budget2.cap']);
		const r = evaluateOcg([fee(), fee()], compileRuleSet(set));
		expect(r.results.map((x) => x.status)).toEqual(['compliant', 'rejected']);
	});
});

describe('the example (rulesets/budget-example.json)', () => {
	it('compiles with every budget and fee-arrangement rule type', () => {
		const raw = JSON.parse(readFileSync(join(__dirname, '../../rulesets/budget-example.json'), 'utf8')) as unknown;
		const rs = compileRuleSet(withBudget(raw, undefined));
		expect(rs.rules.map((r) => r.def.type)).toEqual(['approvedRate', 'maxDailyHours', 'blendedRate', 'flatFee', 'cappedFee', 'budget', 'budget']);
	});
});

describe('budget watch', () => {
	const today = '2026-11-18';

	it('79.99% reaches no threshold; exactly 80% reaches 80; exactly 100% reaches both, each alerted once', () => {
		expect(watchBudgets({ model, rows: [row('2026-11-02', '799.99', 'L310')], today }).alerts).toEqual([]);
		const at80 = watchBudgets({ model, rows: [row('2026-11-02', '800.00', 'L310')], today });
		expect(at80.alerts.map((a) => a.alertKey)).toEqual(['00042||80']);
		expect(at80.alerts[0]).toMatchObject({ responsibleEmail: 'dana@firm.example', percent: '80.0', threshold: 80 });
		expect(at80.alerts[0].text).toBe(
			'Budget alert for Dana Reyes: matter 00042 has reached 80% of its budget (800.00 of 1000.00 USD, 80.0%). Month-end forecast: 1333.33 (133.3%).',
		);
		const at100 = watchBudgets({ model, rows: [row('2026-11-02', '800.00', 'L310'), row('2026-11-18', '200.00', 'L310')], today, sent: ['00042||80'] });
		expect(at100.alerts.map((a) => a.alertKey)).toEqual(['00042||100']);
		expect(watchBudgets({ model, rows: [row('2026-11-02', '1000.00', 'L310')], today, sent: ['00042||80', '00042||100'] }).alerts).toEqual([]);
	});

	it('burn per matter and phase: the day, the month so far, the forecast; later, duplicate and unreadable rows left out', () => {
		const r = watchBudgets({
			model,
			rows: [
				row('2026-10-30', '100.00'), // last month: spent, not month to date
				row('2026-11-03', '150.00'),
				row('2026-11-18', '30.00', 'L320'), // today, another phase
				row('2026-11-19', '500.00'), // after today
				row('2026-11-05', '150.00', 'L110', { ocgStatus: 'duplicate of e1' }),
				row('2026-11-06', 'n/a'),
				{ matter: '99999', date: '2026-11-01', total: '1' },
			],
			today,
		});
		const [total, l100] = r.lines;
		expect(total).toMatchObject({ key: '00042|', spent: '280.00', today: '30.00', percent: '28.0', remaining: '720.00' });
		expect(total.forecast).toEqual({ monthStart: '2026-11-01', daysElapsed: 18, daysInMonth: 30, monthToDate: '180.00', monthEnd: '300.00' });
		expect(total.forecastSpent).toBe('400.00');
		expect(l100).toMatchObject({ key: '00042|L100', spent: '250.00', today: '0.00', percent: '62.5' });
		expect(r.notices).toEqual(['row 5 (entry ?): total "n/a" is not a decimal']);
	});

	it('forecast: exact cents, month lengths (February of a leap year), today counted as elapsed', () => {
		expect(forecastMonthEnd('100.00', '2028-02-29')).toMatchObject({ daysElapsed: 29, daysInMonth: 29, monthEnd: '100.00' });
		expect(forecastMonthEnd('100.00', '2027-02-01')).toMatchObject({ daysInMonth: 28, monthEnd: '2800.00' });
		expect(forecastMonthEnd('0.10', '2026-12-03').monthEnd).toBe('1.03'); // 0.1 × 31 / 3 = 1.0333…
		expect(() => forecastMonthEnd('1', '2026-02-30')).toThrow('today must be an ISO date');
	});
});
