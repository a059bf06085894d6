/**
 * Issue 13, item 14: JSON Logic expressions are allow-listed and their var paths checked against
 * the entry model before json-logic-engine compiles them (with eval, inside n8n).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { checkExpression, OPERATORS } from '../../lib/ocg/expression';
import { validateRuleSet } from '../../lib/ocg';
import { fee, flagged, run, ruleSet } from './helpers';

const whenIssues = (when: unknown) =>
	validateRuleSet(ruleSet([{ id: 'X', type: 'expression', ref: 'OCG §9', action: 'flag', params: { when } }])).issues.map((i) => i.message);

describe('OCG expressions: operator allow-list and var paths', () => {
	it.each(['constructor', 'toString', '__proto__', '__defineGetter__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'eachKey', 'preserve', 'throw', 'val', 'get'])(
		'refuses the operator %s (it compiled before)',
		(op) => {
			const when = JSON.parse(`{"and": [true, {${JSON.stringify(op)}: [1]}]}`);
			expect(whenIssues(when)).toEqual([`invalid expression: unknown operator "${op}" (at when.and[1])`]);
		},
	);

	it('a refused operator no longer ends a plain Node process through an unhandled rejection', () => {
		const script = `
			const { compileRuleSet, evaluateOcg } = require(${JSON.stringify(join(__dirname, '../../lib/ocg'))});
			try { compileRuleSet({ id: 't', version: '1', rules: [{ id: 'X', type: 'expression', ref: 'r', action: 'flag', params: { when: { __defineGetter__: [1] } } }] }); }
			catch (e) { console.log('refused:', e.name); }
		`;
		const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), '-e', script], { encoding: 'utf8', timeout: 60_000 });
		expect(r.stderr).not.toMatch(/Expecting function|unhandled/i);
		expect(r.stdout.trim()).toBe('refused: RuleSetValidationError');
		expect(r.status).toBe(0);
	});

	it('var paths must name a field of entry, agg or invoice (a typo is an error, not a rule that never fires)', () => {
		expect(whenIssues({ '>': [{ var: 'entry.hourz' }, 8] })[0]).toMatch(/^invalid expression: unknown variable "entry.hourz": entry has id, kind, date, hours,/);
		expect(whenIssues({ var: 'agg.dayhours' })[0]).toMatch(/unknown variable "agg.dayhours"/);
		expect(whenIssues({ var: 'hours' })[0]).toMatch(/paths start with entry., agg. or invoice./);
		expect(whenIssues({ var: 'entry' })[0]).toMatch(/"entry" is a group; name a field/);
		expect(whenIssues({ var: 'entry.hours.x' })[0]).toMatch(/entry.hours has no fields/);
		expect(whenIssues({ var: 'entry.constructor' })[0]).toMatch(/"constructor" cannot be read/);
		expect(whenIssues({ var: 'entry.extra.__proto__' })[0]).toMatch(/"__proto__" cannot be read/);
		expect(whenIssues({ var: { cat: ['entry.', 'hours'] } })[0]).toMatch(/must be written out as text/);
		expect(whenIssues({ missing: ['entry.hourz'] })[0]).toMatch(/unknown variable "entry.hourz"/);
		expect(whenIssues({ a: 1, b: 2 })[0]).toMatch(/exactly one key/);
		// fine: every documented field, entry.extra.*, defaults, element paths inside iterators
		for (const ok of [
			{ and: [{ '>': [{ var: 'entry.hours' }, 8] }, { '==': [{ var: ['invoice.currency', 'USD'] }, 'USD'] }, { var: 'agg.duplicate' }] },
			{ '==': [{ var: 'entry.extra.costCenter' }, 'X'] },
			{ some: [{ var: 'entry.extra.tags' }, { '==': [{ var: '' }, 'urgent'] }] },
			{ reduce: [{ var: 'entry.extra.list' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] },
			{ in: ['draft', { var: 'entry.narrative' }] },
		])
			expect(checkExpression(ok)).toEqual([]);
		expect([...OPERATORS]).not.toContain('constructor');
	});

	it('deep or huge expressions are refused, not compiled', () => {
		let deep: unknown = true;
		for (let i = 0; i < 200; i++) deep = { '!': [deep] };
		expect(checkExpression(deep)[0]).toMatch(/nested more than 64 levels/);
		expect(checkExpression({ and: Array.from({ length: 20_000 }, () => true) })[0]).toMatch(/too large/);
	});

	it('operators with a fixed number of arguments are checked before compiling', () => {
		expect(whenIssues({ '==': [{ var: 'entry.hours' }] })).toEqual(['invalid expression: "==" takes 2 arguments, got 1 (at when.==)']);
		expect(whenIssues({ and: [{ min: [] }] })).toEqual(['invalid expression: "min" takes at least 1 argument, got 0 (at when.and[0].min)']);
	});

	it('an expression that fails on an entry makes that entry an error, never an exception out of the batch', () => {
		const r = run({ id: 'M', type: 'expression', params: { when: { map: [{ var: 'entry.hours' }, 1] } } }, [fee(), fee()]);
		expect(r.results.map((x) => x.status)).toEqual(['error', 'error']);
		expect(r.results[0].error).toEqual({ field: 'rules.M', message: expect.stringMatching(/^rule M could not be evaluated on this entry: /) });
		expect(r.summary.errors).toBe(2);
	});

	it('allowed expressions still run', () => {
		const r = run({ type: 'expression', params: { when: { '>': [{ var: 'entry.hours' }, 0.5] } } }, [fee(), fee({ quantity: '0.2' })]);
		expect(flagged(r)).toEqual([true, false]);
	});
});
