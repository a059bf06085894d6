import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { canonicalOptions, optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor, outputActivities, requiredId, type ClioRunState } from '../../helpers/utils';

const properties: INodeProperties[] = [
	idField('activity', 'Activity'),
	optionsCollection(CLIO_DEFAULT_FIELDS.activity, canonicalOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, state: ClioRunState): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const body = await clioApiRequest.call(this, 'GET', `/activities/${id}.json`, { qs: { fields: fieldsFor.call(this, 'activity', i) }, itemIndex: i });
	return await outputActivities.call(this, [(body as IDataObject).data as IDataObject], i, state);
}
