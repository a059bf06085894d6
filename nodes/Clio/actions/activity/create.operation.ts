import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { recordsWithCreateOutcome } from '../../../shared/transport/http';
import { canonicalOptions, clioLocator, optionsCollection } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { fieldsFor, outputActivities, type ClioRunState } from '../../helpers/utils';
import { ACTIVITY_TYPES, activityBody, activityWriteFields } from './fields';

const properties: INodeProperties[] = [
	{ displayName: 'Type', name: 'type', type: 'options', options: ACTIVITY_TYPES, default: 'TimeEntry', description: 'Kind of entry' },
	{ displayName: 'Date', name: 'date', type: 'string', required: true, default: '', placeholder: '2026-11-27', description: 'The firm-local date the work was done (YYYY-MM-DD)' },
	clioLocator('matter', { required: true }),
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: activityWriteFields },
	optionsCollection(CLIO_DEFAULT_FIELDS.activity, canonicalOptions),
];

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['create'] } }, properties);

/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number, state: ClioRunState): Promise<IDataObject[]> {
	return await recordsWithCreateOutcome(async () => await create.call(this, i, state));
}

async function create(this: IExecuteFunctions, i: number, state: ClioRunState): Promise<IDataObject[]> {
	const type = this.getNodeParameter('type', i) as string;
	const fields = {
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		date: this.getNodeParameter('date', i) as string,
		matterId: this.getNodeParameter('matterId', i) as IDataObject,
	};
	const data: IDataObject = { type, ...activityBody.call(this, fields, type, i) };
	if (type === 'TimeEntry' && data.quantity === undefined)
		throw new NodeOperationError(this.getNode(), 'A time entry needs "Hours" (Additional Fields)', { itemIndex: i });
	const body = await clioApiRequest.call(this, 'POST', '/activities.json', {
		qs: { fields: fieldsFor.call(this, 'activity', i) },
		body: { data },
		itemIndex: i,
	});
	return await outputActivities.call(this, [(body as IDataObject).data as IDataObject], i, state);
}
