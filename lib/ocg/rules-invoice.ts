/**
 * Rules on the invoice's frame: duplicate charges, the billing period, stale charges, late or
 * future-dated invoices, currency, multi-matter invoices and user expressions.
 */
import { dayNumber } from '../model/dates';
import type { Hit } from './rule-impl';
import { compileExpression, expressionView } from './expression';
import { LINES, NEVER, ZERO, type Factory } from './rule-kit';

export const duplicates: Factory<'duplicates'> = (params) => ({
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

export const billingPeriod: Factory<'billingPeriod'> = () => ({
	kinds: LINES,
	vars: ['periodStart', 'periodEnd'],
	defaultMessage: 'Line date {{date}} is outside the billing period {{periodStart}} to {{periodEnd}}',
	bind: (batch) => {
		const { periodStart: start, periodEnd: end } = batch.context;
		if (!start || !end) return 'needs the billing period (periodStart and periodEnd)';
		return (p) => (p.date < start || p.date > end ? { ops: ZERO, details: { periodStart: start, periodEnd: end } } : undefined);
	},
});

export const staleCharge: Factory<'staleCharge'> = (params) => ({
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

export const lateInvoice: Factory<'lateInvoice'> = (params) => ({
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

export const currency: Factory<'currency'> = (params, env) => ({
	kinds: LINES,
	vars: ['lineCurrency', 'currency'],
	defaultMessage: 'Currency {{lineCurrency}} differs from the invoice currency {{currency}}',
	bind: (batch) => {
		const expected = params.currency ?? env.ruleSet.currency ?? batch.context.currency ?? batch.firstCurrency();
		if (!expected) return 'no currency to compare with (set params.currency, the rule set currency or the invoice currency)';
		return (p) => (p.currency && p.currency !== expected ? { ops: ZERO, details: { lineCurrency: p.currency, currency: expected } } : undefined);
	},
});

export const multiMatter: Factory<'multiMatter'> = () => ({
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

export const expression: Factory<'expression'> = (params) => {
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
