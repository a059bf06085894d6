/**
 * UTBMS code and expense rules: required, blocked and approved task/activity/expense codes,
 * expense caps (unit cost, line total) and non-reimbursable expense codes.
 */
import { Decimal } from '../money/decimal';
import { decimalsOf, formatMoney as money, toScaled } from '../money/fixed';
import type { Op } from './rule-impl';
import { codeMatcher } from './code-lists';
import { EXPENSE, FEE, LINES, ZERO, type Factory } from './rule-kit';

export const taskCodes: Factory<'taskCodes'> = (params) => {
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

export const expenseCap: Factory<'expenseCap'> = (params) => {
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

export const bannedExpenseCodes: Factory<'bannedExpenseCodes'> = (params) => {
	const match = codeMatcher(params.codes);
	return {
		kinds: EXPENSE,
		vars: ['code'],
		defaultMessage: 'Expense code {{code}} is not reimbursable',
		bind: () => (p) => (match(p.expense) ? { ops: ZERO, details: { code: p.expense } } : undefined),
	};
};
