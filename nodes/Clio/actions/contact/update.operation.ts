import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor, requiredId } from '../../helpers/utils';
import { contactBody, contactWriteFields } from './fields';

const properties: INodeProperties[] = [
	idField('contact', 'Contact'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [{ displayName: 'Name', name: 'name', type: 'string', default: '' }, ...contactWriteFields],
	},
	optionsCollection(CLIO_DEFAULT_FIELDS.contact),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const data = contactBody.call(this, this.getNodeParameter('updateFields', i, {}) as IDataObject, i);
	if (!Object.keys(data).length) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field', { itemIndex: i });
	const body = (await clioApiRequest.call(this, 'PATCH', `/contacts/${id}.json`, {
		qs: { fields: fieldsFor.call(this, 'contact', i) },
		body: { data },
		itemIndex: i,
	})) as IDataObject;
	return [body.data as IDataObject];
}
