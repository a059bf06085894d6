import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { recordsWithCreateOutcome } from '../../../shared/transport/http';
import { optionsCollection } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor } from '../../helpers/utils';
import { CONTACT_TYPES, contactBody, contactWriteFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'Company',
		options: CONTACT_TYPES,
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '', required: true, description: 'Company name, or a person\'s full name (First/Last Name fields refine it)' },
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: contactWriteFields },
	optionsCollection(CLIO_DEFAULT_FIELDS.contact),
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['create'] } }, properties);

/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await recordsWithCreateOutcome(async () => await create.call(this, i));
}

async function create(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = {
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		type: this.getNodeParameter('type', i) as string,
		name: String(this.getNodeParameter('name', i, '')).trim(),
	};
	if (!f.name) throw new NodeOperationError(this.getNode(), '"Name" is required', { itemIndex: i });
	const body = (await clioApiRequest.call(this, 'POST', '/contacts.json', {
		qs: { fields: fieldsFor.call(this, 'contact', i) },
		body: { data: contactBody.call(this, f, i) },
		itemIndex: i,
	})) as IDataObject;
	return [body.data as IDataObject];
}
