/**
 * What the Clio Trigger emits, in both modes: records formatted like the Clio node's (exact money,
 * hours, UTBMS codes cached for an hour in static data) or canonical billing entries; and the
 * trigger's options.
 */
import { NodeOperationError, type IDataObject, type IHookFunctions, type IPollFunctions, type IWebhookFunctions } from 'n8n-workflow';
import type { ClioUtbmsIndex } from '../../../lib/mappers/clio';
import type { RequestContext } from '../../shared/transport/http';
import { CLIO_DEFAULT_FIELDS } from '../helpers/fields';
import { formatActivity, moneyToStrings } from '../helpers/format';
import { loadUtbmsIndex, toCanonical } from '../helpers/lookups';

export const DAY_MS = 24 * 3600 * 1000;

const RESOURCE_OF_MODEL: Record<string, keyof typeof CLIO_DEFAULT_FIELDS> = {
	activity: 'activity',
	bill: 'bill',
	contact: 'contact',
	matter: 'matter',
};

export function defaultFields(model: string): string {
	const r = RESOURCE_OF_MODEL[model];
	return r ? CLIO_DEFAULT_FIELDS[r] : 'id,etag,created_at,updated_at';
}

export function formatRecord(model: string, record: IDataObject, utbms?: ClioUtbmsIndex): IDataObject {
	if (model === 'activity') return formatActivity(record, utbms);
	const r = RESOURCE_OF_MODEL[model];
	return r ? moneyToStrings(record, r) : record;
}

const UTBMS_CACHE_MS = 3600 * 1000;

/**
 * Activities as the trigger emits them: formatted (hours, exact money, UTBMS codes from the firm's
 * activity descriptions, cached for an hour in static data) or as canonical billing entries.
 */
export async function outputRecords(this: IWebhookFunctions | IPollFunctions, model: string, records: IDataObject[]): Promise<IDataObject[]> {
	if (model !== 'activity' || !records.length) return records.map((r) => formatRecord(model, r));
	const canonical = option<boolean>(this, 'canonical', false) === true;
	let utbms: ClioUtbmsIndex | undefined;
	if (option<boolean>(this, 'resolveUtbms', true) !== false) {
		const sd = this.getWorkflowStaticData('node') as IDataObject & { utbms?: { at: number; index: ClioUtbmsIndex } };
		if (!sd.utbms || Date.now() - sd.utbms.at > UTBMS_CACHE_MS) {
			sd.utbms = { at: Date.now(), index: await loadUtbmsIndex.call(this as RequestContext) };
		}
		utbms = sd.utbms.index;
	}
	if (!canonical) return records.map((r) => formatRecord(model, r, utbms));
	try {
		return await toCanonical.call(this as RequestContext, records, utbms, {
			timeZone: option(this, 'timeZone', '') || undefined,
			currency: option(this, 'currency', '') || undefined,
		});
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error);
	}
}

/** A value of the trigger's Options collection, or the fallback when it is not set. */
export function option<T>(ctx: IHookFunctions | IWebhookFunctions | IPollFunctions, name: string, fallback: T): T {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const v = options[name];
	return v === undefined || v === '' || v === null ? fallback : (v as T);
}

/** An ISO-8601 instant to the second (Clio's format). */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
