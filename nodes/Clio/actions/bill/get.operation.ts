import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { moneyToStrings } from '../../helpers/format';
import { fieldsFor, requiredId } from '../../helpers/utils';

const properties: INodeProperties[] = [
	idField('bill', 'Bill'),
	optionsCollection(CLIO_DEFAULT_FIELDS.bill),
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const body = (await clioApiRequest.call(this, 'GET', `/bills/${id}.json`, { qs: { fields: fieldsFor.call(this, 'bill', i) }, itemIndex: i })) as IDataObject;
	return [moneyToStrings(body.data as IDataObject, 'bill')];
}
