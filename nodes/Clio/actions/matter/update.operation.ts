import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { clioLocator, optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor, requiredId } from '../../helpers/utils';
import { matterBody, matterWriteFields } from './fields';

const properties: INodeProperties[] = [
	idField('matter', 'Matter'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			clioLocator('contact', { displayName: 'Client', name: 'clientId' }),
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			...matterWriteFields,
		],
	},
	optionsCollection(CLIO_DEFAULT_FIELDS.matter),
];

export const description = updateDisplayOptions({ show: { resource: ['matter'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const data = matterBody.call(this, this.getNodeParameter('updateFields', i, {}) as IDataObject, i);
	if (!Object.keys(data).length) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field', { itemIndex: i });
	const body = (await clioApiRequest.call(this, 'PATCH', `/matters/${id}.json`, {
		qs: { fields: fieldsFor.call(this, 'matter', i) },
		body: { data },
		itemIndex: i,
	})) as IDataObject;
	return [body.data as IDataObject];
}
