import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { readDate, readDecimal, readId, type IdFormat } from '../../shared/params';

/** What an Actionstep id looks like. */
const ACTIONSTEP_ID: IdFormat = { pattern: /^[\w-]+$/, what: 'an Actionstep ID (digits)' };

/** A required id parameter, trimmed; a clear error when empty or not an Actionstep id. */
export function requiredId(this: IExecuteFunctions, name: string, label: string, i: number): string {
	return readId.call(this, this.getNodeParameter(name, i, ''), label, i, ACTIONSTEP_ID);
}

/** A decimal string parameter (hours, rates): exact, never a float. */
export function decimalParam(this: IExecuteFunctions, value: unknown, label: string, i: number): string {
	return readDecimal.call(this, value, label, i).toString();
}

/** A date parameter → YYYY-MM-DD (the date as written; no time-zone shift). */
export function dateParam(this: IExecuteFunctions, value: unknown, label: string, i: number): string {
	return readDate.call(this, value, label, i);
}

/** A `_ilike` value for "contains": Actionstep's wildcard is `*` (facts.md §3; `%` is a plain character). */
export function containsPattern(text: unknown): string {
	return `*${String(text).replace(/\*/g, '')}*`;
}

/** A date filter value: Actionstep compares dates as YYYY-MM-DDTHH:MM:SS; `to` covers the whole last day. */
export function dateFilterValue(date: string, end: 'from' | 'to'): string {
	return `${date}T${end === 'from' ? '00:00:00' : '23:59:59'}`;
}

export function compact(o: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}
