import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { requiredId } from '../../helpers/utils';
import { actionstepGetMany, actionstepRequest } from '../../transport';
import { idField } from '../common.descriptions';
import { fieldParameter, resolveField } from './shared';

const properties: INodeProperties[] = [
	idField('Action ID', 'actionId'),
	fieldParameter,
	{ displayName: 'Value', name: 'value', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'E.g. the e-billing platform’s rejection reason.' },
];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['set'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const actionId = requiredId.call(this, 'actionId', 'Action ID', i);
	const field = await resolveField.call(this, String(this.getNodeParameter('field', i) ?? ''), i);
	const value = String(this.getNodeParameter('value', i) ?? '');
	// the action's record in the field's data collection; created on first use
	const records = await actionstepGetMany.call(this, 'datacollectionrecords', { action_eq: actionId, dataCollection_eq: field.dataCollectionId }, { itemIndex: i });
	let recordId = records.records[0]?.id as string | number | undefined;
	if (recordId === undefined) {
		const created = await actionstepRequest.call(this, 'POST', 'datacollectionrecords', {
			body: { datacollectionrecords: { links: { action: actionId, dataCollection: field.dataCollectionId } } },
			itemIndex: i,
		});
		recordId = (created.datacollectionrecords as IDataObject).id as string | number;
	}
	// datacollectionrecordvalues.yaml: the value's id is {dataCollectionId}--{fieldName}--{recordId};
	// an existing value is PUT, a missing one is POSTed with its four links
	const valueId = `${field.dataCollectionId}--${field.name}--${String(recordId)}`;
	const existing = await actionstepGetMany.call(this, 'datacollectionrecordvalues', { id_eq: valueId }, { limit: 1, itemIndex: i });
	const res = existing.records.length
		? await actionstepRequest.call(this, 'PUT', `datacollectionrecordvalues/${encodeURIComponent(valueId)}`, { body: { datacollectionrecordvalues: { stringValue: value } }, itemIndex: i })
		: await actionstepRequest.call(this, 'POST', 'datacollectionrecordvalues', {
				body: {
					datacollectionrecordvalues: {
						stringValue: value,
						links: { action: actionId, dataCollectionField: field.id, dataCollectionRecord: String(recordId), dataCollection: field.dataCollectionId },
					},
				},
				itemIndex: i,
			});
	const v = res.datacollectionrecordvalues as IDataObject;
	return [{ json: { actionId, field: field.name, label: field.label, fieldId: field.id, value: (v?.stringValue as string) ?? value, valueId } }];
}
