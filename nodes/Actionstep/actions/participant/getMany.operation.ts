import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord, toActionstepBool } from '../../helpers/jsonapi';
import { actionstepGetMany } from '../../transport';
import { returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{ displayName: 'Is Company', name: 'isCompany', type: 'boolean', default: false, description: 'Whether to return only companies (true) or only people (false)' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['participant'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', i) as number);
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.email) qs.email_eq = String(f.email);
	if (f.isCompany !== undefined) qs.isCompany_eq = toActionstepBool(f.isCompany);
	if (f.name) qs.displayName_ilike = `%${String(f.name)}%`;
	const res = await actionstepGetMany.call(this, 'participants', qs, { limit, itemIndex: i });
	return res.records.map((r) => ({ json: flattenRecord('participants', r) }));
}
