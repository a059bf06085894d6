import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { idField } from '../common.descriptions';
import { timeEntryBody, timeEntryFields } from './shared';

const properties: INodeProperties[] = [
	idField('Time Entry ID', 'timeEntryId'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Date', name: 'timestampDate', type: 'string', default: '', placeholder: '2026-11-27' },
			{ displayName: 'Hours', name: 'actualHours', type: 'string', default: '' },
			...timeEntryFields,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['timeEntry'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const id = requiredId.call(this, 'timeEntryId', 'Time Entry ID', i);
	const body = timeEntryBody.call(this, this.getNodeParameter('updateFields', i, {}) as IDataObject, i);
	if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'Nothing to update: add at least one field under "Update Fields"', { itemIndex: i });
	const res = await actionstepRequest.call(this, 'PUT', `timeentries/${id}`, { body: { timeentries: body }, itemIndex: i });
	return [{ json: flattenRecord('timeentries', res.timeentries as IDataObject) }];
}
