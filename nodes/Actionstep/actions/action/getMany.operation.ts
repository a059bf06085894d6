import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { containsPattern } from '../../helpers/utils';
import { resolveLinked, returnAllAndLimit } from '../common.descriptions';
import { customFieldValuesByAction, resolveField, type ResolvedField } from '../customField/shared';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Assigned To (Participant ID)', name: 'assignedTo', type: 'string', default: '' },
			{ displayName: 'Client (Participant ID)', name: 'clientId', type: 'string', default: '', description: 'Matters whose primary participant is this client' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
			{ displayName: 'Reference', name: 'reference', type: 'string', default: '', description: 'The matter reference (exact)' },
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Active', value: 'Active' },
					{ name: 'Closed', value: 'Closed' },
					{ name: 'Inactive', value: 'Inactive' },
				],
				default: 'Active',
			},
		],
	},
	resolveLinked,
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'string',
		default: '',
		placeholder: 'ledes_client_id, client_matter_id',
		description:
			"Data-collection fields to add to each matter under customFields (names, labels or IDs, comma-separated; a matter without a value has none): one paged request per field, not one per matter",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.status) qs.status_eq = filters.status;
	if (filters.assignedTo) qs.assignedTo_eq = filters.assignedTo;
	if (filters.reference) qs.reference_eq = filters.reference;
	if (filters.clientId) qs.primaryParticipants_eq = String(filters.clientId);
	if (filters.name) qs.name_ilike = containsPattern(filters.name);
	const items = await listAndFlatten.call(this, i, 'actions', qs);
	const wanted = String(this.getNodeParameter('customFields', i, '') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
	if (!wanted.length) return items;
	const fields: ResolvedField[] = [];
	for (const w of wanted) fields.push(await resolveField.call(this, w, i));
	const values = await customFieldValuesByAction.call(this, fields, i);
	return items.map((item) => {
		const own = values[String(item.json.id)] ?? {};
		return { ...item, json: { ...item.json, customFields: Object.fromEntries(fields.filter((f) => own[f.name] !== undefined).map((f) => [f.name, own[f.name]])) } };
	});
}
