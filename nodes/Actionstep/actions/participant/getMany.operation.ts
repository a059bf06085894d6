import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { listAndFlatten } from '../../helpers/list';
import { toActionstepBool } from '../../helpers/jsonapi';
import { containsPattern } from '../../helpers/utils';
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
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.email) qs.email_eq = String(f.email);
	if (f.isCompany !== undefined) qs.isCompany_eq = toActionstepBool(f.isCompany);
	if (f.name) qs.displayName_ilike = containsPattern(f.name);
	return await listAndFlatten.call(this, i, 'participants', qs);
}
