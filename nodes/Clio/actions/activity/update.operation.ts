import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { canonicalOptions, clioLocator, optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor, outputActivities, requiredId, type ClioRunState } from '../../helpers/utils';
import { activityBody, activityWriteFields } from './fields';

const properties: INodeProperties[] = [
	idField('activity', 'Activity'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Date', name: 'date', type: 'string', default: '', placeholder: '2026-11-27' },
			clioLocator('matter'),
			...activityWriteFields,
		],
	},
	optionsCollection(CLIO_DEFAULT_FIELDS.activity, [
		{
			displayName: 'Only If Unchanged (ETag)',
			name: 'ifMatch',
			type: 'string',
			default: '',
			placeholder: '={{ $json.etag }}',
			description: 'The etag the entry had when it was read. Clio refuses the update (412) when someone changed the entry since, instead of overwriting their change.',
		},
		...canonicalOptions,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, state: ClioRunState): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	let type: string | undefined;
	if ((fields.hours !== undefined && fields.hours !== '') || (fields.quantity !== undefined && fields.quantity !== '')) {
		// Hours or units? It depends on the entry's type, which Clio knows.
		const current = (await clioApiRequest.call(this, 'GET', `/activities/${id}.json`, { qs: { fields: 'id,type' }, itemIndex: i })) as IDataObject;
		type = ((current.data as IDataObject | undefined)?.type as string) ?? undefined;
	}
	const data = activityBody.call(this, fields, type, i);
	if (!Object.keys(data).length) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field', { itemIndex: i });
	const ifMatch = String((this.getNodeParameter('options', i, {}) as IDataObject).ifMatch ?? '').trim();
	const body = await clioApiRequest.call(this, 'PATCH', `/activities/${id}.json`, {
		qs: { fields: fieldsFor.call(this, 'activity', i) },
		body: { data },
		itemIndex: i,
		...(ifMatch ? { headers: { 'IF-MATCH': ifMatch } } : {}),
	});
	return await outputActivities.call(this, [(body as IDataObject).data as IDataObject], i, state);
}
