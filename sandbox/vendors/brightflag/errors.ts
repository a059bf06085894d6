/**
 * Brightflag errors and request parameters: the error a route throws, its body {message, errors,
 * errorCategory, errorCode, status, metadata} (facts.md:72), answering with it, and the checks of
 * instants, integers and `paging.*` query parameters (which fail with that error).
 */
import type { Response } from 'express';

export class BfError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errorCode: string,
		readonly errors: unknown[] = [],
		readonly errorCategory = status >= 500 ? 'SERVER' : 'VALIDATION',
	) {
		super(message);
	}
}

export function brightflagErrorBody(status: number, message: string, errorCode?: string, errors: unknown[] = [], category?: string) {
	return {
		message,
		errors,
		errorCategory: category ?? (status === 401 ? 'AUTHENTICATION' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMIT' : status >= 500 ? 'SERVER' : 'VALIDATION'),
		errorCode: errorCode ?? (status === 401 ? 'UNAUTHORIZED' : status === 404 ? 'NOT_FOUND' : status === 429 ? 'TOO_MANY_REQUESTS' : status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
		status,
		metadata: {},
	};
}

export function send(res: Response, e: unknown) {
	if (e instanceof BfError) {
		res.status(e.status).json(brightflagErrorBody(e.status, e.message, e.errorCode, e.errors, e.errorCategory));
		return;
	}
	throw e;
}

export function parseInstant(value: unknown, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	const s = String(value);
	const ms = /^\d{10,}$/.test(s) ? Number(s) : Date.parse(/T/.test(s) && !/([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s);
	if (Number.isNaN(ms)) throw new BfError(400, `${name} must be an ISO-8601 date-time or epoch milliseconds, got "${s}"`, 'INVALID_PARAMETER');
	return ms;
}

export function intParam(value: unknown, name: string, def: number, min: number, max: number): number {
	if (value === undefined || value === '') return def;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw new BfError(400, `${name} must be an integer from ${min} to ${max}, got "${String(value)}"`, 'INVALID_PARAMETER');
	return n;
}

/** `paging.pageSize` (literal key) or `paging[pageSize]` (nested). */
export function pagingParam(q: Record<string, unknown>, name: string): unknown {
	const nested = q.paging as Record<string, unknown> | undefined;
	return q[`paging.${name}`] ?? nested?.[name];
}
