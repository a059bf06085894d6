/**
 * Output shaping shared by the Clio node and trigger: exact decimal strings for money, hours next
 * to Clio's seconds, UTBMS codes surfaced on each activity, and the canonical BillingEntry option.
 */
import type { IDataObject } from 'n8n-workflow';
import {
	buildClioUtbmsIndex,
	clioActivityStatus,
	clioActivityToBillingEntry,
	clioActivityUtbmsCodes,
	clioDecimal,
	clioSecondsToHours,
	isClioTimeEntry,
	type ClioActivity,
	type ClioActivityDescription,
	type ClioMatterInfo,
	type ClioUtbmsIndex,
} from '../../../lib/mappers/clio';
import { clioApiRequestAllItems } from '../transport';
import type { RequestContext } from '../../shared/transport/http';
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

/** The firm's activity descriptions with their UTBMS codes, once per execution. */
export async function loadUtbmsIndex(this: RequestContext, itemIndex?: number): Promise<ClioUtbmsIndex> {
	const descriptions = await clioApiRequestAllItems.call(
		this,
		'/activity_descriptions.json',
		{ fields: 'id,name,utbms_task_id,utbms_task_name,utbms_activity_id,utbms_task{id,code,name},utbms_activity{id,code,name}' },
		{ itemIndex, sendOrder: false },
	);
	return buildClioUtbmsIndex(descriptions as unknown as ClioActivityDescription[]);
}

/** Matters (with their client's LEDES id) for the canonical entries, in batches of ids. */
export async function loadMatters(this: RequestContext, ids: string[], itemIndex?: number): Promise<Record<string, ClioMatterInfo>> {
	const out: Record<string, ClioMatterInfo> = {};
	const unique = [...new Set(ids)];
	for (let i = 0; i < unique.length; i += 100) {
		const batch = unique.slice(i, i + 100);
		const matters = await clioApiRequestAllItems.call(
			this,
			'/matters.json',
			{
				'ids[]': batch,
				fields: 'id,display_number,description,client_reference,practice_area{id,name},client{id,name,ledes_client_id}',
			},
			{ itemIndex },
		);
		for (const m of matters) out[String(m.id)] = m as unknown as ClioMatterInfo;
	}
	return out;
}

/** Timekeeper classifications from the users' job titles, where the title carries a LEDES code. */
export async function loadClassifications(this: RequestContext, itemIndex?: number): Promise<Record<string, string>> {
	const users = await clioApiRequestAllItems.call(this, '/users.json', { fields: 'id,job_title{name,initials}' }, { itemIndex });
	const out: Record<string, string> = {};
	for (const u of users) {
		const jt = u.job_title as IDataObject | null | undefined;
		const code = [jt?.initials, jt?.name].find((v) => typeof v === 'string' && /^[A-Z]{2,6}$/.test(v));
		if (code) out[String(u.id)] = code as string;
	}
	return out;
}

export interface CanonicalOptions {
	timeZone?: string;
	currency?: string;
	classifications?: Record<string, string>;
}

/** Activities → canonical BillingEntry objects (matters and UTBMS codes looked up once). */
export async function toCanonical(
	this: RequestContext,
	activities: IDataObject[],
	utbms: ClioUtbmsIndex | undefined,
	opts: CanonicalOptions,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const matterIds = activities
		.map((a) => (a.matter as IDataObject | null | undefined)?.id)
		.filter((id): id is number | string => id !== undefined && id !== null)
		.map(String);
	const matters = matterIds.length ? await loadMatters.call(this, matterIds, itemIndex) : {};
	// explicit classifications win; job titles that carry a LEDES code fill the rest
	const fromTitles = activities.some((a) => a.user) ? await loadClassifications.call(this, itemIndex) : {};
	const classifications = { ...fromTitles, ...(opts.classifications ?? {}) };
	return activities.map(
		(a) =>
			clioActivityToBillingEntry(a as unknown as ClioActivity, {
				utbms,
				matters,
				timeZone: opts.timeZone || undefined,
				currency: opts.currency || undefined,
				classifications,
			}) as unknown as IDataObject,
	);
}
