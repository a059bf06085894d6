/**
 * The one parameter reader of the pack's nodes: ids, dates, decimals (and field paths, from
 * lib/model/path.ts). Each failure is a NodeOperationError naming the parameter and the item.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';
import { isIsoDate } from '../../lib/model/dates';
import { textOf } from '../../lib/model/entry';
import { Decimal } from '../../lib/money/decimal';

export { getPath, setPath, splitPath } from '../../lib/model/path';

type Ctx = { getNode(): INode };

function fail(ctx: Ctx, message: string, i?: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), message, i === undefined ? {} : { itemIndex: i });
}

const shown = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v.trim() : (textOf(v) ?? String(v)));

/** "YYYY-MM-DD", alone or followed by a time after "T" or a space. */
const DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ]\S.*)?$/;

/**
 * A calendar date "YYYY-MM-DD" from a date parameter: the date alone, an ISO date-time or "date time"
 * (the date part as written: no time-zone shift), or an n8n date-time value. A real calendar date
 * (2026-02-30 is refused). `expected` names the format in the message.
 */
export function readDate(this: Ctx, value: unknown, label: string, i?: number, expected = '"YYYY-MM-DD"'): string {
	const text = shown(value);
	const m = DATE.exec(text);
	if (!m || !isIsoDate(m[1])) throw fail(this, `${label} must be a date ${expected}, got "${text}"`, i);
	return m[1];
}

/** readDate, or undefined when the parameter is empty. */
export function readOptionalDate(this: Ctx, value: unknown, label: string, i?: number, expected?: string): string | undefined {
	return shown(value) === '' ? undefined : readDate.call(this, value, label, i, expected);
}

/** An exact decimal (hours, rates, amounts), never a float: "1.5", "-20", 12 (a number parameter). */
export function readDecimal(this: Ctx, value: unknown, label: string, i?: number): Decimal {
	const text = shown(value);
	const d = Decimal.tryFrom(text);
	if (!d) throw fail(this, `${label} must be a decimal number, got "${text}"`, i);
	return d;
}

export interface IdFormat {
	/** what a valid id looks like */
	pattern: RegExp;
	/** how the message names it: "a numeric Clio ID" */
	what: string;
}

/** A vendor id, trimmed: "is empty" when there is none, "must be <what>" when it does not look like one. */
export function readId(this: Ctx, value: unknown, label: string, i: number | undefined, format: IdFormat): string {
	const text = shown(value);
	if (!text) throw fail(this, `${label} is empty`, i);
	if (!format.pattern.test(text)) throw fail(this, `${label} must be ${format.what}, got "${text}"`, i);
	return text;
}
