import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepGet, actionstepRequest } from '../../transport';
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
	// timeentries.yaml (UpdateTimeEntry) requires timestampDate, actualHours, links.createdBy and
	// links.owner on every PUT: the ones not being changed are read from the entry first
	const current = (await actionstepGet.call(this, 'timeentries', id, {}, i)).records[0];
	if (!current) throw new NodeOperationError(this.getNode(), `Actionstep has no time entry ${id}`, { itemIndex: i });
	const links = (current.links ?? {}) as IDataObject;
	body.timestampDate ??= String(current.timestampDate ?? '').slice(0, 10);
	body.actualHours ??= String(current.actualHours ?? '');
	const newLinks = (body.links ?? {}) as IDataObject;
	newLinks.owner ??= links.owner === null || links.owner === undefined ? undefined : String(links.owner);
	newLinks.createdBy ??= links.createdBy === null || links.createdBy === undefined ? newLinks.owner : String(links.createdBy);
	body.links = newLinks;
	const res = await actionstepRequest.call(this, 'PUT', `timeentries/${id}`, { body: { timeentries: body }, itemIndex: i });
	return [{ json: flattenRecord('timeentries', res.timeentries as IDataObject) }];
}
