import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { recordsWithCreateOutcome } from '../../../shared/transport/http';
import { clioLocator, optionsCollection } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor } from '../../helpers/utils';
import { matterBody, matterWriteFields } from './fields';

const properties: INodeProperties[] = [
	clioLocator('contact', { displayName: 'Client', name: 'clientId', required: true, description: 'The client contact' }),
	{ displayName: 'Description', name: 'description', type: 'string', required: true, default: '', description: 'What the matter is about' },
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: matterWriteFields },
	optionsCollection(CLIO_DEFAULT_FIELDS.matter),
];

export const description = updateDisplayOptions({ show: { resource: ['matter'], operation: ['create'] } }, properties);

/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await recordsWithCreateOutcome(async () => await create.call(this, i));
}

async function create(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = {
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		clientId: this.getNodeParameter('clientId', i) as IDataObject,
		description: this.getNodeParameter('description', i) as string,
	};
	const body = (await clioApiRequest.call(this, 'POST', '/matters.json', {
		qs: { fields: fieldsFor.call(this, 'matter', i) },
		body: { data: matterBody.call(this, f, i) },
		itemIndex: i,
	})) as IDataObject;
	return [body.data as IDataObject];
}
