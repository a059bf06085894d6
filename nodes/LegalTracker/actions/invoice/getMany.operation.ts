import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { legalTrackerPaged, odataLiteral } from '../../transport';
import { expandOption } from './get.operation';
import { returnAllAndLimit } from '../../../shared/descriptions';

/** `id` and `firmId` are official (vendor-specs/legaltracker/facts.md:60); the rest are not in the part of the spec that was read */
const FIELD_KINDS: Record<string, 'string' | 'number' | 'date'> = {
	id: 'number',
	status: 'string',
	invoiceNumber: 'string',
	matterId: 'string',
	firmId: 'string',
	currency: 'string',
	invoiceDate: 'date',
	statusDate: 'date',
	submittedDate: 'date',
	totalAmount: 'number',
};

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Conditions',
		name: 'conditions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'Built into an OData $filter',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: [
							{ name: 'Currency', value: 'currency' },
							{ name: 'Firm ID', value: 'firmId' },
							{ name: 'Invoice Date', value: 'invoiceDate' },
							{ name: 'Invoice ID', value: 'id' },
							{ name: 'Invoice Number', value: 'invoiceNumber' },
							{ name: 'Matter ID', value: 'matterId' },
							{ name: 'Status', value: 'status' },
							{ name: 'Status Date', value: 'statusDate' },
							{ name: 'Submitted Date', value: 'submittedDate' },
							{ name: 'Total Amount', value: 'totalAmount' },
						],
						default: 'status',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: [
							{ name: 'Equals', value: 'eq' },
							{ name: 'Greater or Equal', value: 'ge' },
							{ name: 'Greater Than', value: 'gt' },
							{ name: 'Less or Equal', value: 'le' },
							{ name: 'Less Than', value: 'lt' },
							{ name: 'Not Equals', value: 'ne' },
						],
						default: 'eq',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Dates as YYYY-MM-DD or ISO timestamps with a zone' },
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combine',
		type: 'options',
		options: [
			{ name: 'All (And)', value: 'and' },
			{ name: 'Any (Or)', value: 'or' },
		],
		default: 'and',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ ...expandOption, default: [] },
			{ displayName: 'Order By', name: 'orderBy', type: 'string', default: '', placeholder: 'statusDate desc', description: 'OData $orderby' },
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', typeOptions: { minValue: 1, maxValue: 500 }, default: 100, description: 'Records per request ($top) while paging' },
			{ displayName: 'Raw Filter', name: 'rawFilter', type: 'string', default: '', placeholder: "status eq 'rejected'", description: 'An OData $filter expression, combined with the conditions by "and"' },
			{ displayName: 'Select', name: 'select', type: 'string', default: '', placeholder: 'invoiceNumber,status,totalAmount', description: 'OData $select (comma-separated fields)' },
			{ displayName: 'Skip', name: 'skip', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Records to skip first ($skip)' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['getMany'] } }, properties);

/** Builds the $filter text from the builder's conditions and a raw expression. */
export function buildInvoiceFilter(conditions: IDataObject[], combine: 'and' | 'or', raw: string): string | undefined {
	const parts = conditions.map((c, n) => {
		const field = String(c.field);
		const op = String(c.operator ?? 'eq');
		if (!/^(eq|ne|gt|ge|lt|le)$/.test(op)) throw new RangeError(`condition ${n + 1}: unknown operator "${op}"`);
		const kind = FIELD_KINDS[field];
		if (!kind) throw new RangeError(`condition ${n + 1}: unknown field "${field}"`);
		let literal: string | undefined;
		let problem = '';
		try {
			literal = odataLiteral(c.value, kind);
		} catch (e) {
			problem = (e as Error).message;
		}
		if (literal === undefined) throw new RangeError(`condition ${n + 1} (${field}): ${problem}`);
		return `${field} ${op} ${literal}`;
	});
	const built = parts.length > 1 ? parts.map((p) => `(${p})`).join(` ${combine} `) : parts[0];
	const rawText = raw.trim();
	if (built && rawText) return `(${built}) and (${rawText})`;
	return built ?? (rawText || undefined);
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const conditions = ((this.getNodeParameter('conditions', i, {}) as IDataObject).condition as IDataObject[] | undefined) ?? [];
	const combine = this.getNodeParameter('combine', i, 'and') as 'and' | 'or';
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	let filter: string | undefined;
	try {
		filter = buildInvoiceFilter(conditions, combine, String(options.rawFilter ?? ''));
	} catch (e) {
		throw new NodeOperationError(this.getNode(), `Invalid filter: ${(e as Error).message}`, { itemIndex: i });
	}
	const qs: IDataObject = {};
	if (filter) qs.$filter = filter;
	if (options.orderBy) qs.$orderby = options.orderBy;
	if (options.select) qs.$select = String(options.select).replace(/\s+/g, '');
	if (Array.isArray(options.expand) && options.expand.length) qs.$expand = (options.expand as string[]).join(',');
	if (options.skip) qs.$skip = options.skip;
	const records = await legalTrackerPaged.call(this, '/invoices', qs, { limit, pageSize: (options.pageSize as number) ?? 100, itemIndex: i });
	return records.map((json) => ({ json }));
}
