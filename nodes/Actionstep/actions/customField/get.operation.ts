import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { requiredId } from '../../helpers/utils';
import { actionstepGetMany } from '../../transport';
import { idField } from '../common.descriptions';
import { fieldParameter, resolveField } from './shared';

const properties: INodeProperties[] = [idField('Action ID', 'actionId'), fieldParameter];

export const description = updateDisplayOptions({ show: { resource: ['customField'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const actionId = requiredId.call(this, 'actionId', 'Action ID', i);
	const field = await resolveField.call(this, String(this.getNodeParameter('field', i) ?? ''), i);
	const res = await actionstepGetMany.call(this, 'datacollectionrecordvalues', { action_eq: actionId, dataCollectionField_eq: field.id }, { itemIndex: i });
	const v = res.records[0] as IDataObject | undefined;
	return [{ json: { actionId, field: field.name, label: field.label, fieldId: field.id, value: v ? ((v.stringValue as string) ?? null) : null, valueId: v ? String(v.id) : null } }];
}
