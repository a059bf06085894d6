import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { idField } from '../common.descriptions';
import { timeEntryBody, timeEntryFields } from './shared';

const properties: INodeProperties[] = [
	idField('Action ID', 'actionId', 'The action (matter) the time is recorded on'),
	idField('Owner (Participant ID)', 'ownerId', 'The timekeeper'),
	{ displayName: 'Date', name: 'timestampDate', type: 'string', required: true, default: '', placeholder: '2026-11-27', description: 'The work date (YYYY-MM-DD, the firm’s local date)' },
	{ displayName: 'Hours', name: 'actualHours', type: 'string', required: true, default: '', placeholder: '1.5', description: 'Decimal hours worked' },
	{ displayName: 'Additional Fields', name: 'additionalFields', type: 'collection', placeholder: 'Add Field', default: {}, options: timeEntryFields },
];

export const description = updateDisplayOptions({ show: { resource: ['timeEntry'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const fields: IDataObject = {
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
		actionId: requiredId.call(this, 'actionId', 'Action ID', i),
		ownerId: requiredId.call(this, 'ownerId', 'Owner', i),
		timestampDate: this.getNodeParameter('timestampDate', i),
		actualHours: this.getNodeParameter('actualHours', i),
	};
	const body = timeEntryBody.call(this, fields, i);
	const res = await actionstepRequest.call(this, 'POST', 'timeentries', { body: { timeentries: body }, itemIndex: i });
	return [{ json: flattenRecord('timeentries', res.timeentries as IDataObject) }];
}
