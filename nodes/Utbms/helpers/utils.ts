import { NodeOperationError, jsonParse, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { MappingTableError, UtbmsCatalog, compileMappingTable, utbmsCatalog, type UtbmsMappingTable } from '../../../lib/utbms';

/** Per-execution caches: a mapping table or code-set list given once is validated once. */
export interface UtbmsRunContext {
	tables: Map<UtbmsCatalog, Map<string, UtbmsMappingTable>>;
	catalogs: Map<string, UtbmsCatalog>;
}

export function newRunContext(): UtbmsRunContext {
	return { tables: new Map(), catalogs: new Map() };
}

export { getPath, setPath, splitPath } from '../../shared/params';
import { getPath } from '../../shared/params';

/**
 * A text value (code, id, narrative) read from an item field: undefined when absent or empty,
 * numbers as text; an object or array is an error naming the item and the field.
 */
export function textAt(node: INode, json: IDataObject, path: string, i: number): string | undefined {
	if (path.trim() === '') return undefined;
	const v = getPath(json, path);
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	throw new NodeOperationError(node, `Field "${path}" of item ${i} holds ${Array.isArray(v) ? 'a list' : 'an object'}, expected text`, {
		itemIndex: i,
		description: `Point the field-path parameter at a text field, for example "${path}.code"; got ${JSON.stringify(v).slice(0, 200)}`,
	});
}

/** The catalog for this item: the shipped sets plus the "Additional Code Sets" option (JSON array). */
export function catalogFor(this: IExecuteFunctions, i: number, ctx: UtbmsRunContext): UtbmsCatalog {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const raw = options.additionalCodeSets;
	if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) return utbmsCatalog;
	const key = typeof raw === 'string' ? raw : JSON.stringify(raw);
	const cached = ctx.catalogs.get(key);
	if (cached) return cached;
	let sets: unknown;
	let problem: string | undefined;
	try {
		sets = typeof raw === 'string' ? jsonParse(raw) : raw;
	} catch (e) {
		problem = `not valid JSON: ${(e as Error).message}`;
	}
	if (problem === undefined && !Array.isArray(sets)) sets = [sets];
	let catalog: UtbmsCatalog | undefined;
	if (problem === undefined) {
		try {
			catalog = utbmsCatalog.withSets(sets as unknown[]);
		} catch (e) {
			problem = (e as Error).message;
		}
	}
	if (!catalog)
		throw new NodeOperationError(this.getNode(), `Option "Additional Code Sets" of item ${i} is invalid: ${problem}`, {
			itemIndex: i,
			description: 'Give a JSON array of code sets: [{"id":"bankruptcy","name":"…","kind":"task","codes":[{"code":"B110","name":"Case Administration"}]}]',
		});
	ctx.catalogs.set(key, catalog);
	return catalog;
}

/** Compiles a mapping table (object or JSON text) once per distinct content; errors name the item, the source and every path. */
export function tableFrom(
	this: IExecuteFunctions,
	raw: unknown,
	source: string,
	i: number,
	catalog: UtbmsCatalog,
	ctx: UtbmsRunContext,
): UtbmsMappingTable {
	const key = typeof raw === 'string' ? raw : JSON.stringify(raw);
	let byContent = ctx.tables.get(catalog);
	if (!byContent) ctx.tables.set(catalog, (byContent = new Map()));
	const cached = byContent.get(key);
	if (cached) return cached;
	let table: UtbmsMappingTable | undefined;
	let failure: MappingTableError | Error | undefined;
	try {
		table = compileMappingTable(raw, catalog);
	} catch (e) {
		failure = e as Error;
	}
	if (!table) {
		const issues = failure instanceof MappingTableError ? failure.issues : [{ path: '(root)', message: failure?.message ?? 'unknown error' }];
		throw new NodeOperationError(
			this.getNode(),
			`Invalid UTBMS mapping table (${source}, item ${i}): ${issues[0].path}: ${issues[0].message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
			{ itemIndex: i, description: issues.map((x) => `${x.path}: ${x.message}`).join('\n') },
		);
	}
	byContent.set(key, table);
	return table;
}
