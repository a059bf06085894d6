import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { Decimal } from '../../../lib/money/decimal';

/** A required id parameter, trimmed; a clear error when empty or not an Actionstep id. */
export function requiredId(this: IExecuteFunctions, name: string, label: string, i: number): string {
	const v = String(this.getNodeParameter(name, i, '') ?? '').trim();
	if (!v) throw new NodeOperationError(this.getNode(), `${label} is empty`, { itemIndex: i });
	if (!/^[\w-]+$/.test(v)) throw new NodeOperationError(this.getNode(), `${label} must be an Actionstep ID (digits), got "${v}"`, { itemIndex: i });
	return v;
}

/** A decimal string parameter (hours, rates): exact, never a float. */
export function decimalParam(this: IExecuteFunctions, value: unknown, label: string, i: number): string {
	const d = Decimal.tryFrom(typeof value === 'number' ? String(value) : value);
	if (!d) throw new NodeOperationError(this.getNode(), `${label} must be a decimal number, got "${String(value)}"`, { itemIndex: i });
	return d.toString();
}

/** A date parameter → YYYY-MM-DD (the date as written; no time-zone shift). */
export function dateParam(this: IExecuteFunctions, value: unknown, label: string, i: number): string {
	const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(value ?? ''));
	if (!m) throw new NodeOperationError(this.getNode(), `${label} must be a date (YYYY-MM-DD), got "${String(value)}"`, { itemIndex: i });
	return m[1];
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
