import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { toIsoInstant } from '../../../shared/time';
import { brightflagPaged } from '../../transport';
import { returnAllAndLimit } from '../../../shared/descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Include Previous Drafts',
				name: 'includePreviousDrafts',
				type: 'boolean',
				default: false,
				description: 'Whether to include earlier drafts of re-submitted invoices',
			},
			{
				displayName: 'Invoice Status',
				name: 'invoiceStatus',
				type: 'string',
				default: '',
				placeholder: 'REJECTED',
				description: "Status as configured in the client's Brightflag account (statuses differ per customer). Several: separate with commas (Brightflag takes one per request, so the node asks once per status).",
			},
			{
				displayName: 'Status Changed After',
				name: 'statusChangeStart',
				type: 'dateTime',
				default: '',
				description: 'Only invoices whose status changed at or after this time (with a time zone, e.g. 2026-11-01T00:00:00Z)',
			},
			{
				displayName: 'Status Changed Before',
				name: 'statusChangeEnd',
				type: 'dateTime',
				default: '',
				description: 'Only invoices whose status changed before this time',
			},
		],
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 100,
		description: 'Records per request while paging',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const pageSize = this.getNodeParameter('pageSize', i, 100) as number;
	const qs: IDataObject = {};
	const statuses = String(filters.invoiceStatus ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	const start = toIsoInstant(filters.statusChangeStart);
	const end = toIsoInstant(filters.statusChangeEnd);
	if (start) qs.invoiceStatusChangeStartDate = start;
	if (end) qs.invoiceStatusChangeEndDate = end;
	if (filters.includePreviousDrafts !== undefined) qs.includePreviousDrafts = filters.includePreviousDrafts ? 'true' : 'false';
	// `invoiceStatus` is single-valued (vendor-specs/brightflag/facts.md:63): one listing per status
	if (statuses.length <= 1) {
		if (statuses.length) qs.invoiceStatus = statuses[0];
		const records = await brightflagPaged.call(this, '/api/v1/invoice-summary', qs, { limit, pageSize, itemIndex: i });
		return records.map((json) => ({ json }));
	}
	const all: IDataObject[] = [];
	for (const status of statuses) all.push(...(await brightflagPaged.call(this, '/api/v1/invoice-summary', { ...qs, invoiceStatus: status }, { limit, pageSize, itemIndex: i })));
	const at = (r: IDataObject) => Date.parse(String(r.invoiceStatusChangeTimestamp ?? ''));
	all.sort((a, b) => (at(a) || 0) - (at(b) || 0) || Number(a.invoiceID) - Number(b.invoiceID));
	return (limit === undefined ? all : all.slice(0, limit)).map((json) => ({ json }));
}
