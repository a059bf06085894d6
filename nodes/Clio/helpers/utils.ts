import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { ClioUtbmsIndex } from '../../../lib/mappers/clio';
import { clioApiRequestAllItems } from '../transport';
import { readDate, readId, type IdFormat } from '../../shared/params';
import { CLIO_DEFAULT_FIELDS, type ClioResource } from './fields';
import { formatActivity, moneyToStrings } from './format';
import { loadUtbmsIndex, toCanonical, type ClioLookupCache } from './lookups';

/** Per-execution state shared by all items (UTBMS lookup loaded at most once). */
export interface ClioRunState {
	utbms?: Promise<ClioUtbmsIndex>;
	/** matters and classifications read for earlier items of this run (one request per run, not per item) */
	lookups?: ClioLookupCache;
}

/** What a Clio record id looks like. */
export const CLIO_ID: IdFormat = { pattern: /^\d+$/, what: 'a numeric Clio ID' };

/** A resource-locator parameter's id (or undefined when empty and not required). */
export function locatorId(this: IExecuteFunctions, name: string, i: number, required = true): string | undefined {
	const raw = this.getNodeParameter(name, i, '', { extractValue: true }) as string | number | { value?: string };
	const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
	if (!required && String(value ?? '').trim() === '') return undefined;
	return readId.call(this, value, `"${name}"`, i, CLIO_ID);
}

export function requiredId(this: IExecuteFunctions, i: number, name = 'id'): string {
	return readId.call(this, this.getNodeParameter(name, i, ''), `"${name}"`, i, CLIO_ID);
}

/** A calendar date "YYYY-MM-DD" from a date or ISO date-time parameter (the shared reader). */
export function isoDate(this: IExecuteFunctions, value: unknown, field: string, i: number): string {
	return readDate.call(this, value, `"${field}"`, i);
}

/** An ISO-8601 timestamp for Clio's *_since filters. */
export function isoTimestamp(this: IExecuteFunctions, value: unknown, field: string, i: number): string {
	const text = String(value ?? '').trim();
	const t = Date.parse(text);
	if (!text || Number.isNaN(t))
		throw new NodeOperationError(this.getNode(), `"${field}" must be an ISO-8601 date-time, got "${text}"`, { itemIndex: i });
	return /Z$|[+-]\d{2}:?\d{2}$/.test(text) ? text : new Date(t).toISOString();
}

export function fieldsFor(this: IExecuteFunctions, resource: ClioResource, i: number): string {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const f = String(options.fields ?? '').replace(/\s+/g, '');
	return f || CLIO_DEFAULT_FIELDS[resource];
}

export function pagingFor(this: IExecuteFunctions, i: number): { limit?: number; pageSize?: number } {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const pageSize = options.pageSize ? Number(options.pageSize) : undefined;
	return { limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number), pageSize };
}

/** The records of a Clio list endpoint (Get Many), with the Fields option and paging applied. */
export async function listRecords(this: IExecuteFunctions, endpoint: string, resource: ClioResource, qs: IDataObject, i: number): Promise<IDataObject[]> {
	const records = await clioApiRequestAllItems.call(
		this,
		endpoint,
		{ ...qs, fields: fieldsFor.call(this, resource, i) },
		{ ...pagingFor.call(this, i), itemIndex: i, sendOrder: resource !== 'activityDescription' },
	);
	return records.map((r) => moneyToStrings(r, resource));
}

/** Activities out: formatted Clio records, or canonical billing entries when asked. */
export async function outputActivities(this: IExecuteFunctions, activities: IDataObject[], i: number, state: ClioRunState): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const canonical = options.canonical === true;
	const resolve = options.resolveUtbms !== false;
	let utbms: ClioUtbmsIndex | undefined;
	if (resolve && activities.length) {
		state.utbms ??= loadUtbmsIndex.call(this, i);
		utbms = await state.utbms;
	}
	if (!canonical) return activities.map((a) => formatActivity(a, utbms));
	let classifications: Record<string, string> | undefined;
	const raw = options.classifications;
	if (raw !== undefined && raw !== '') {
		try {
			classifications = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, string>;
		} catch {
			throw new NodeOperationError(this.getNode(), 'Option "Timekeeper Classifications" must be a JSON object like {"7":"PARTNR"}', { itemIndex: i });
		}
	}
	try {
		return await toCanonical.call(
			this,
			activities,
			utbms,
			{ timeZone: options.timeZone as string, currency: options.currency as string, classifications },
			i,
			(state.lookups ??= { matters: new Map() }),
		);
	} catch (error) {
		if (error instanceof NodeOperationError || (error as { name?: string }).name === 'NodeApiError') {
			const known = error as NodeOperationError;
			throw known;
		}
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
}

/** The filters every Clio list shares: updated_since, created_since (ISO timestamps) and query. */
export function commonFilters(this: IExecuteFunctions, f: IDataObject, i: number): IDataObject {
	const qs: IDataObject = {};
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	if (f.created_since) qs.created_since = isoTimestamp.call(this, f.created_since, 'Created Since', i);
	if (f.query) qs.query = f.query;
	return qs;
}
