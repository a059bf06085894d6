/**
 * Violation messages: the placeholders every rule's message may use, a message template compiled
 * once (unknown placeholders reported), and the value of a common placeholder for one line.
 */
import { formatScaled as fmtScaled, formatMoneyScaled as moneyScaled } from '../money/fixed';
import type { Prepared, Scales } from './prepare';
import type { Violation } from './results';
import { tkName } from './rate-cards';

export interface Template {
	render(get: (name: string) => string | number | undefined): string;
}

export const COMMON_VARS = [
	'ruleId',
	'ref',
	'line',
	'entryId',
	'date',
	'timekeeper',
	'timekeeperId',
	'classification',
	'matter',
	'narrative',
	'quantity',
	'rate',
	'total',
	'currency',
	'amountAtStake',
	'task',
	'activity',
	'expense',
];

export function compileTemplate(text: string, allowed: ReadonlySet<string>): { template: Template; unknown: string[] } {
	const parts: Array<string | { name: string }> = [];
	const unknown: string[] = [];
	const re = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;
	let last = 0;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) !== null) {
		if (m.index > last) parts.push(text.slice(last, m.index));
		if (!allowed.has(m[1]) && !unknown.includes(m[1])) unknown.push(m[1]);
		parts.push({ name: m[1] });
		last = re.lastIndex;
	}
	if (last < text.length) parts.push(text.slice(last));
	return {
		unknown,
		template: {
			render: (get) => {
				let out = '';
				for (const part of parts) {
					if (typeof part === 'string') out += part;
					else {
						const v = get(part.name);
						out += v === undefined ? '' : String(v);
					}
				}
				return out;
			},
		},
	};
}

export function commonVar(name: string, p: Prepared, v: Violation, sc: Scales): string | number | undefined {
	const e = p.e;
	switch (name) {
		case 'ruleId':
			return v.ruleId;
		case 'ref':
			return v.ref;
		case 'line':
			return p.i + 1;
		case 'entryId':
			return e.id;
		case 'date':
			return p.date;
		case 'timekeeper':
			return tkName(p);
		case 'timekeeperId':
			return p.tk;
		case 'classification':
			return p.cls;
		case 'matter':
			return e.matter?.number ?? e.matter?.name ?? p.matter;
		case 'narrative':
			return p.narrative;
		case 'quantity':
			return fmtScaled(p.q, sc.q);
		case 'rate':
			return moneyScaled(p.r, sc.r);
		case 'total':
			return moneyScaled(p.t, sc.t);
		case 'currency':
			return p.currency;
		case 'amountAtStake':
			return v.amountAtStake;
		case 'task':
			return p.task;
		case 'activity':
			return p.activity;
		case 'expense':
			return p.expense;
		default:
			return undefined;
	}
}
