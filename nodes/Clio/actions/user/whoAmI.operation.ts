import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { optionsCollection } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { moneyToStrings } from '../../helpers/format';
import { fieldsFor } from '../../helpers/utils';

const properties: INodeProperties[] = [
	optionsCollection(CLIO_DEFAULT_FIELDS.user),
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['whoAmI'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const body = (await clioApiRequest.call(this, 'GET', '/users/who_am_i.json', { qs: { fields: fieldsFor.call(this, 'user', i) }, itemIndex: i })) as IDataObject;
	return [moneyToStrings(body.data as IDataObject, 'user')];
}
