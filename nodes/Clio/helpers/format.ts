/**
 * Output shaping shared by the Clio node and trigger (pure, no HTTP): exact decimal strings for
 * money, hours next to Clio's seconds, UTBMS codes surfaced on each activity. What needs Clio's
 * data (UTBMS index, matters, classifications, canonical entries) is in lookups.ts.
 */
import type { IDataObject } from 'n8n-workflow';
import {
	clioActivityStatus,
	clioActivityUtbmsCodes,
	clioDecimal,
	clioSecondsToHours,
	isClioTimeEntry,
	type ClioActivity,
	type ClioUtbmsIndex,
} from '../../../lib/mappers/clio';
import { CLIO_MONEY_FIELDS } from './fields';

/** Replaces Clio's JSON-number money fields by exact decimal strings (350.1 → "350.1"). */
export function moneyToStrings(record: IDataObject, resource: string): IDataObject {
	const out: IDataObject = { ...record };
	for (const key of CLIO_MONEY_FIELDS[resource] ?? []) {
		const v = out[key];
		if (typeof v === 'number' || typeof v === 'string') out[key] = clioDecimal(v) ?? null;
	}
	if (resource === 'activityDescription' && out.rate && typeof out.rate === 'object') {
		const rate = { ...(out.rate as IDataObject) };
		for (const k of ['amount', 'non_billable_amount']) if (typeof rate[k] === 'number') rate[k] = clioDecimal(rate[k] as number);
		out.rate = rate;
	}
	return out;
}

/**
 * A Clio activity as the node outputs it: Clio's fields (money as decimal strings), plus
 * `hours`/`rounded_hours` (time entries: Clio's seconds ÷ 3600, exact), `status` in the words of
 * Clio's status filter, and `utbms` = { task, activity, expense } from the activity description.
 */
export function formatActivity(activity: IDataObject, utbms?: ClioUtbmsIndex): IDataObject {
	const out = moneyToStrings(activity, 'activity');
	const a = activity as unknown as ClioActivity;
	if (isClioTimeEntry(a)) {
		if (a.quantity !== undefined) out.hours = clioSecondsToHours(a.quantity) ?? null;
		if (a.rounded_quantity !== undefined) out.rounded_hours = clioSecondsToHours(a.rounded_quantity) ?? null;
	}
	if ('billed' in a || 'on_bill' in a) out.status = clioActivityStatus(a);
	if (a.activity_description || a.utbms_expense) out.utbms = clioActivityUtbmsCodes(a, utbms) as IDataObject;
	return out;
}
