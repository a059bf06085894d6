import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { legalTrackerPaged } from '../../transport';
import { returnAllAndLimit } from '../../../shared/descriptions';

/** `$select` names of GET /matters from the official Billing API spec (vendor-specs/legaltracker/facts.md:51; the rest of its enum was not read) */
export const MATTER_FIELDS = ['id', 'clientMatterName', 'clientMatterNumber', 'status', 'matterType', 'substantiveLaw', 'countryOrRegion', 'state', 'leadCompanyPersonEmail'];

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		// Legal Tracker refuses /matters without $select: the node always sends one
		options: MATTER_FIELDS.map((f) => ({ name: f, value: f })),
		default: [],
		description: 'Fields to return ($select). Empty: all listed fields.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Filter', name: 'filter', type: 'string', default: '', placeholder: "clientMatterNumber eq 'CM-1001'", description: 'OData $filter expression (field names as in Fields)' },
			{ displayName: 'Order By', name: 'orderBy', type: 'string', default: '', description: 'OData $orderby' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['matter'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const fields = this.getNodeParameter('fields', i, []) as string[];
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const qs: IDataObject = { $select: (fields.length ? fields : MATTER_FIELDS).join(',') };
	if (options.filter) qs.$filter = options.filter;
	if (options.orderBy) qs.$orderby = options.orderBy;
	const records = await legalTrackerPaged.call(this, '/matters', qs, { limit, itemIndex: i });
	return records.map((json) => ({ json }));
}
