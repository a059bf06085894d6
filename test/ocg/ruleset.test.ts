/**
 * Rule-set validation: every mistake reported, with its path and what was expected.
 */
import {
	compileRuleSet,
	CORPORATE_RULE_SET,
	INSURER_RULE_SET,
	parseRuleSet,
	parseRuleSetText,
	RULE_TYPES,
	RuleSetValidationError,
	validateRuleSet,
} from '../../lib/ocg';
import { ruleSet } from './helpers';

const issues = (input: unknown) => validateRuleSet(input).issues;
const rule = (over: object) => ({ id: 'R1', type: 'duplicates', ref: 'OCG §1', action: 'flag', ...over });

describe('rule-set validation', () => {
	it('accepts both example rule sets', () => {
		expect(validateRuleSet(INSURER_RULE_SET)).toEqual({ valid: true, issues: [] });
		expect(validateRuleSet(CORPORATE_RULE_SET)).toEqual({ valid: true, issues: [] });
	});

	it('the header: id, version, currency, scope, effective dates, rules', () => {
		expect(issues({ version: '1', currency: 'usd', effective: { from: '2026-13-01' }, scope: { clients: 'C1' }, rules: {} })).toEqual([
			{ path: 'id', message: 'required: expected a string' },
			{ path: 'currency', message: 'expected an ISO 4217 code such as "USD"' },
			{ path: 'scope.clients', message: 'expected an array, got string' },
			{ path: 'effective.from', message: 'expected an ISO date "YYYY-MM-DD", got "2026-13-01"' },
			{ path: 'rules', message: 'expected an array of rules' },
		]);
		expect(issues({ id: 'x', version: '1', rules: [], effective: { from: '2026-02-01', to: '2026-01-31' } })).toEqual([
			{ path: 'effective', message: 'expected "from" on or before "to"' },
		]);
		expect(issues({ id: 'x', version: '1', rules: [], colour: 'red' })).toEqual([{ path: '', message: 'unknown field "colour"' }]);
		expect(issues('not an object')).toEqual([{ path: '', message: 'expected a rule set object, got string' }]);
	});

	it('each rule: id, type, ref, action, severity, unknown fields, duplicate ids', () => {
		const found = issues(
			ruleSet([
				{ type: 'duplicates', ref: 'x', action: 'flag' },
				rule({ type: 'teleport' }),
				rule({ id: 'R3', ref: '', action: 'delete', severity: 'fatal', colour: 'red' }),
				rule({ id: 'R4' }),
				rule({ id: 'R4' }),
			]),
		);
		expect(found).toEqual([
			{ path: 'rules[0].id', message: 'required: expected a string' },
			{ path: 'rules[1].type', message: expect.stringMatching(/^expected one of "approvedRate", "unknownTimekeeper", .*, got "teleport"$/) },
			{ path: 'rules[2]', message: 'unknown field "colour"' },
			{ path: 'rules[2].action', message: 'expected one of "flag", "adjust", "reject", got "delete"' },
			{ path: 'rules[2].ref', message: 'expected a non-empty string' },
			{ path: 'rules[2].severity', message: 'expected one of "info", "warning", "error", got "fatal"' },
			{ path: 'rules[4].id', message: 'duplicate rule id "R4" (also rules[3]): expected unique ids' },
		]);
	});

	it('params per rule type, with the path of the wrong field', () => {
		const found = issues(
			ruleSet([
				rule({ id: 'A', type: 'maxDailyHours', params: { maxHours: 'eight' } }),
				rule({ id: 'B', type: 'maxDailyHours', params: { maxHours: 0 } }),
				rule({ id: 'C', type: 'approvedRate', params: { classifications: [{ classification: 'ASSOC', rate: -5 }] } }),
				rule({ id: 'D', type: 'approvedRate', params: {} }),
				rule({ id: 'E', type: 'expenseCap', params: { caps: [{ codes: ['E101'] }] } }),
				rule({ id: 'F', type: 'travel', params: { percent: 150 } }),
				rule({ id: 'G', type: 'bannedWords', params: { words: [] } }),
				rule({ id: 'H', type: 'staleCharge', params: { maxDays: 2.5 } }),
				rule({ id: 'I', type: 'minimumIncrement', params: { increment: '0.1', step: 2 } }),
				rule({ id: 'J', type: 'budget', params: { budgets: [{ matter: 'M1', amount: '10', from: '2026-01-01' }] } }),
			]),
		);
		expect(found).toEqual([
			{ path: 'rules[0].params.maxHours', message: 'expected a decimal number such as "250.00", got "eight"' },
			{ path: 'rules[1].params.maxHours', message: 'expected a number greater than 0, got 0' },
			{ path: 'rules[2].params.classifications[0].rate', message: 'expected a number of 0 or more, got -5' },
			{ path: 'rules[3].params', message: 'expected at least one rate in "timekeepers" or "classifications"' },
			{ path: 'rules[4].params.caps[0]', message: 'expected "maxUnitCost" or "maxLineTotal"' },
			{ path: 'rules[5].params.percent', message: 'expected a percentage from 0 to 100' },
			{ path: 'rules[6].params.words', message: 'expected at least one word' },
			{ path: 'rules[7].params.maxDays', message: 'expected a whole number of days' },
			{ path: 'rules[8].params', message: 'unknown field "step"' },
			{ path: 'rules[9].params.budgets[0]', message: 'unknown field "from"' },
		]);
	});

	it('params are checked even when the rule has other mistakes', () => {
		expect(issues(ruleSet([{ id: 'A', type: 'shortNarrative', action: 'flag', params: {} }]))).toEqual([
			{ path: 'rules[0].params', message: 'expected "minWords" or "minChars"' },
			{ path: 'rules[0].ref', message: 'required: expected a string' },
		]);
	});

	it('invoice-level rules cannot adjust', () => {
		expect(issues(ruleSet([rule({ type: 'multiMatter', action: 'adjust' })]))).toEqual([
			{ path: 'rules[0].action', message: 'rule type "multiMatter" judges the whole invoice: expected "flag" or "reject", got "adjust"' },
		]);
	});

	it('expressions are compiled and message placeholders checked', () => {
		expect(
			issues(
				ruleSet([
					rule({ id: 'A', type: 'expression', params: { when: { frobnicate: [1] } } }),
					rule({ id: 'B', type: 'expression', params: { when: 'entry.hours > 8' } }),
					rule({ id: 'C', type: 'maxDailyHours', params: { maxHours: 8 }, message: 'Too long: {{dayHours}} h, {{mood}}' }),
				]),
			),
		).toEqual([
			{ path: 'rules[0].params.when', message: 'invalid expression: unknown operator "frobnicate"' },
			{ path: 'rules[1].params.when', message: 'invalid expression: expected a JSON Logic expression object such as {">": [{"var": "entry.hours"}, 8]}' },
			{ path: 'rules[2].message', message: expect.stringMatching(/^unknown placeholder \{\{mood\}\}: expected one of \{\{ruleId\}\}, .*\{\{dayHours\}\}/) },
		]);
	});

	it('compileRuleSet throws one error listing every problem', () => {
		let error: unknown;
		try {
			compileRuleSet({ id: 'bad', version: 2, rules: [rule({ action: 'nope' }), rule({ id: 'X', type: 'staleCharge' })] });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(RuleSetValidationError);
		expect((error as Error).message).toBe(
			'Invalid OCG rule set "bad": 2 problems\n' +
				'  - rules[0].action: expected one of "flag", "adjust", "reject", got "nope"\n' +
				'  - rules[1].params.maxDays: required: expected a number',
		);
	});

	it('numbers given as numbers or strings; defaults filled in; disabled rules skipped', () => {
		const rs = compileRuleSet(ruleSet([rule({ id: 'A', type: 'blockBilling' }), rule({ id: 'B', type: 'maxDailyHours', params: { maxHours: 7.5 }, enabled: false })], { version: 3 }));
		expect(rs.version).toBe('3');
		expect(rs.rules.map((r) => r.def.id)).toEqual(['A']);
		expect(rs.rules[0].def.params).toEqual({ minSeparators: 2, minHours: '1', separators: [';'], countAndVerbs: true, countInlineTimes: true });
		expect(rs.rules[0].def.severity).toBe('warning');
	});

	it('covers every documented rule type', () => {
		const used = new Set([...(INSURER_RULE_SET as { rules: { type: string }[] }).rules, ...(CORPORATE_RULE_SET as { rules: { type: string }[] }).rules].map((r) => r.type));
		// the examples use all but the budget and fee-arrangement rules (per matter: see rulesets/budget-example.json)
		expect(RULE_TYPES.filter((t) => !used.has(t))).toEqual(['budget', 'cappedFee', 'flatFee', 'blendedRate']);
	});
});

describe('rule-set text (JSON or YAML)', () => {
	it('parses YAML and JSON to the same rule set', () => {
		const yaml = `
id: y
version: "1"
rules:
  - id: DAY
    type: maxDailyHours
    ref: OCG §4.2
    action: flag
    params: { maxHours: 10 }
`;
		const fromYaml = parseRuleSet(yaml);
		const fromJson = parseRuleSet(JSON.stringify({ id: 'y', version: '1', rules: [{ id: 'DAY', type: 'maxDailyHours', ref: 'OCG §4.2', action: 'flag', params: { maxHours: 10 } }] }));
		expect(fromYaml.definition).toEqual(fromJson.definition);
	});
	it('says where the syntax is broken', () => {
		expect(() => parseRuleSetText('{"id": "x",')).toThrow(/not valid JSON/);
		expect(() => parseRuleSetText('id: [unclosed')).toThrow(/not valid YAML/);
		expect(() => parseRuleSetText('   ')).toThrow(/got empty text/);
	});
});
