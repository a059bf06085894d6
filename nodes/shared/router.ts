import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { outcomeOf } from './transport/http';

/**
 * The one router of the pack's action nodes, with three strategies:
 *
 * - **per item** (the default): `execute(i, context)` returns the item's output items (or plain
 *   records, with `records: true`); they all go to the node's one output;
 * - **per item, several outputs** (`outputs`): `execute(i, context)` returns `{ output, item }` pairs;
 * - **whole batch** (`batch`): `execute()` reads every input item itself (grouping, aggregates) and
 *   applies the Continue On Fail rule with `failedItem` and `asNodeError`.
 *
 * The Continue On Fail rule (docs/architecture.md#continue-on-fail), the same in every node:
 * a failed item goes to the operation's error route — the output that means "not OK" for an
 * operation with several outputs (LEDES Validate → Invalid, UTBMS Map → Unmapped, UTBMS Validate →
 * Invalid), else the main output — as `{ error, errorDescription?, outcome? }` with `pairedItem`
 * pointing at the input item and the error attached as `item.error` (so "Continue (using error
 * output)" moves it to n8n's error output). n8n keeps only the message of an item that carries
 * `item.error`, so an item whose json must survive stays a plain item on its route: a creating
 * request's `outcome` ('unknown' or 'failed'), or the input entry a reviewer needs (OCG Check →
 * Needs Review). Without Continue On Fail the node throws a NodeApiError/NodeOperationError that
 * carries the item index (item 0 for a run-level problem of a whole-batch operation).
 */

/** `{ output, item }` pairs of an operation with several outputs. */
export type RoutedItems = Array<{ output: number; item: INodeExecutionData }>;
export type OperationModule = { execute: (this: IExecuteFunctions, i: number, context?: never) => Promise<INodeExecutionData[]> };
export type ResourceMap = Record<string, Record<string, unknown>>;

export interface RouterSpec<C = undefined> {
	/** resource → its operation modules (nodes with a Resource parameter) */
	resources?: ResourceMap;
	/** the operation modules of a node without a Resource parameter */
	operations?: Record<string, unknown>;
	/** operation values of earlier versions still accepted, e.g. { getAll: 'getMany' } (saved workflows keep running) */
	aliases?: Record<string, string>;
	/** operations with several outputs: how many, and the "not OK" output a failed item goes to */
	outputs?: Record<string, { count: number; errorOutput: number }>;
	/** operations that take the whole input at once ("resource.operation" in nodes with a Resource parameter) */
	batch?: string[];
	/** per-execution state handed to every item's call (caches loaded once) */
	context?: () => C;
	/** per-item operations return plain records (IDataObject[]), wrapped here */
	records?: boolean;
}

type AnyExecute = (this: IExecuteFunctions, ...args: unknown[]) => Promise<unknown>;

/**
 * A NodeApiError/NodeOperationError carrying the item index: a node error without one gets `i`; any
 * other error (an expression that failed, a TypeError) is wrapped, keeping the index it names.
 */
export function asNodeError(this: IExecuteFunctions, error: unknown, i?: number): NodeApiError | NodeOperationError {
	const known = error as { name?: string; context?: IDataObject } | undefined;
	const isNodeError =
		error instanceof NodeApiError ||
		error instanceof NodeOperationError ||
		// another copy of n8n-workflow's classes (a node bundle loaded beside the host's)
		known?.name === 'NodeApiError' ||
		known?.name === 'NodeOperationError';
	if (isNodeError) {
		if (known?.context && known.context.itemIndex === undefined && i !== undefined) known.context.itemIndex = i;
		return error as NodeOperationError;
	}
	const named = known?.context?.itemIndex;
	const itemIndex = typeof named === 'number' ? named : i;
	return new NodeOperationError(this.getNode(), error as Error, itemIndex === undefined ? {} : { itemIndex });
}

/** The item a failed input item becomes under Continue On Fail (see the rule above). */
export function failedItem(this: IExecuteFunctions, error: unknown, i: number | number[], extra: IDataObject = {}): INodeExecutionData {
	const indexes = Array.isArray(i) ? i : [i];
	const failure = asNodeError.call(this, error, indexes[0] ?? 0);
	const description = failure.description ?? undefined;
	const outcome = outcomeOf(failure) ?? outcomeOf(error);
	const json: IDataObject = { ...extra, error: failure.message, ...(description ? { errorDescription: description } : {}), ...(outcome ? { outcome } : {}) };
	const pairedItem = indexes.length === 1 ? { item: indexes[0] } : indexes.map((item) => ({ item }));
	// n8n keeps only the message of an item that carries item.error: an item whose json must survive stays plain
	const keep = outcome !== undefined || Object.keys(extra).length > 0;
	return keep ? { json, pairedItem } : { json, error: failure, pairedItem };
}

function lookup(spec: RouterSpec<unknown>, resource: string | undefined, operation: string): AnyExecute | undefined {
	const table = spec.resources ? spec.resources[resource ?? ''] : spec.operations;
	const op = (table?.[operation] ?? table?.[spec.aliases?.[operation] ?? '']) as { execute?: AnyExecute } | undefined;
	return typeof op?.execute === 'function' ? op.execute : undefined;
}

/** Runs the node's chosen operation with its strategy and the Continue On Fail rule. */
export async function route<C>(this: IExecuteFunctions, spec: RouterSpec<C>): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const readOperation = (i: number) => {
		const operation = this.getNodeParameter('operation', i) as string;
		return spec.aliases?.[operation] ?? operation;
	};
	const operation = readOperation(0);
	const shape = spec.resources ? undefined : spec.outputs?.[operation];
	const outputs: INodeExecutionData[][] = Array.from({ length: shape?.count ?? 1 }, () => []);
	const errorOutput = shape?.errorOutput ?? 0;
	const resource0 = spec.resources && spec.batch?.length ? (this.getNodeParameter('resource', 0) as string) : undefined;
	if (spec.batch?.includes(resource0 === undefined ? operation : `${resource0}.${operation}`)) {
		const execute = lookup(spec as RouterSpec<unknown>, resource0, operation);
		if (!execute) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
		try {
			return (await execute.call(this)) as INodeExecutionData[][];
		} catch (error) {
			// a run-level problem (the parameters a whole-batch operation reads from the first item):
			// item 0 is named; under Continue On Fail one failed item stands for the whole input
			if (!this.continueOnFail()) throw asNodeError.call(this, error, 0);
			outputs[errorOutput].push(failedItem.call(this, error, items.map((_, i) => i)));
			return outputs;
		}
	}
	const context = spec.context?.() as C;
	for (let i = 0; i < items.length; i++) {
		try {
			const resource = spec.resources ? (this.getNodeParameter('resource', i) as string) : undefined;
			const op = spec.resources ? readOperation(i) : operation;
			const execute = lookup(spec as RouterSpec<unknown>, resource, op);
			if (!execute) {
				const what = resource === undefined ? `"${op}"` : `"${op}" of resource "${resource}"`;
				throw new NodeOperationError(this.getNode(), `The operation ${what} is not supported`, { itemIndex: i });
			}
			const result = await execute.call(this, i, context);
			if (shape) {
				for (const { output, item } of result as RoutedItems) outputs[output].push({ ...item, pairedItem: item.pairedItem ?? { item: i } });
			} else if (spec.records) {
				for (const json of result as IDataObject[]) outputs[0].push({ json, pairedItem: { item: i } });
			} else {
				for (const r of result as INodeExecutionData[]) outputs[0].push({ ...r, pairedItem: { item: i } });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError.call(this, error, i);
			outputs[errorOutput].push(failedItem.call(this, error, i));
		}
	}
	return outputs;
}

/**
 * Per item, one output, nodes with a Resource parameter: the router the vendor nodes started with.
 * Kept for the routers that call it (same as `route({ resources })`).
 */
export async function runOperations(this: IExecuteFunctions, resources: ResourceMap): Promise<INodeExecutionData[][]> {
	return await route.call(this, { resources });
}
