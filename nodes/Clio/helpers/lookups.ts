/**
 * What the Clio node and trigger read from Clio to complete their output (HTTP, through the
 * transport): the firm's UTBMS index (activity descriptions), matters with their client's LEDES id,
 * timekeeper classifications from job titles, and activities as canonical billing entries.
 */
import type { IDataObject } from 'n8n-workflow';
import {
	buildClioUtbmsIndex,
	clioActivityToBillingEntry,
	type ClioActivity,
	type ClioActivityDescription,
	type ClioMatterInfo,
	type ClioUtbmsIndex,
} from '../../../lib/mappers/clio';
import type { RequestContext } from '../../shared/transport/http';
import { clioApiRequestAllItems } from '../transport';

/** Lookups kept for one node run (its items): matters by id and the timekeepers' classifications. */
export interface ClioLookupCache {
	matters?: Map<string, ClioMatterInfo>;
	classifications?: Promise<Record<string, string>>;
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
	cache?: ClioLookupCache,
): Promise<IDataObject[]> {
	const matterIds = activities
		.map((a) => (a.matter as IDataObject | null | undefined)?.id)
		.filter((id): id is number | string => id !== undefined && id !== null)
		.map(String);
	// what an earlier item of the same node run already read (cache) is not asked again
	const missing = cache?.matters ? [...new Set(matterIds)].filter((id) => !cache.matters!.has(id)) : matterIds;
	const loaded = missing.length ? await loadMatters.call(this, missing, itemIndex) : {};
	if (cache?.matters) for (const [id, m] of Object.entries(loaded)) cache.matters.set(id, m);
	const matters = cache?.matters ? Object.fromEntries(matterIds.filter((id) => cache.matters!.has(id)).map((id) => [id, cache.matters!.get(id)!])) : loaded;
	// explicit classifications win; job titles that carry a LEDES code fill the rest
	let fromTitles: Record<string, string> = {};
	if (activities.some((a) => a.user)) {
		if (cache) fromTitles = await (cache.classifications ??= loadClassifications.call(this, itemIndex));
		else fromTitles = await loadClassifications.call(this, itemIndex);
	}
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
