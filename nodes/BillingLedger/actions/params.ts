import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * A parameter that holds a whole list (ledger rows, the entries of a build) is read once per
 * execution, not once per item: its expression does not depend on the item.
 */
const cache = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

export function listParameter<T = Record<string, unknown>>(ctx: IExecuteFunctions, name: string, label: string): T[] {
	let seen = cache.get(ctx);
	if (!seen) cache.set(ctx, (seen = new Map()));
	if (seen.has(name)) return seen.get(name) as T[];
	let value = ctx.getNodeParameter(name, 0, []) as unknown;
	if (typeof value === 'string') {
		const text = value.trim();
		try {
			value = text ? JSON.parse(text) : [];
		} catch (e) {
			throw new NodeOperationError(ctx.getNode(), `"${label}" is not valid JSON: ${(e as Error).message}`, { itemIndex: 0 });
		}
	}
	if (!Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must be a list (got ${value === null ? 'null' : typeof value})`, {
			itemIndex: 0,
			description: 'Use an expression such as {{ $(\'Node name\').all().map((i) => i.json) }}.',
		});
	}
	const list = value.map((v) => (v && typeof v === 'object' && 'json' in (v as object) ? (v as { json: T }).json : (v as T)));
	seen.set(name, list);
	return list;
}

/** An object parameter (the invoice facts of an item); a JSON string is parsed. */
export function objectParameter(ctx: IExecuteFunctions, name: string, i: number, label: string): Record<string, unknown> {
	let value = ctx.getNodeParameter(name, i, {}) as unknown;
	if (typeof value === 'string') {
		try {
			value = value.trim() ? JSON.parse(value) : {};
		} catch (e) {
			throw new NodeOperationError(ctx.getNode(), `"${label}" is not valid JSON: ${(e as Error).message}`, { itemIndex: i });
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new NodeOperationError(ctx.getNode(), `"${label}" must be an object`, { itemIndex: i });
	}
	return value as Record<string, unknown>;
}

export const nowIso = (): string => new Date().toISOString();
