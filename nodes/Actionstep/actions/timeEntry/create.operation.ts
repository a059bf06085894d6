import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { withCreateOutcome } from '../../../shared/transport/http';
import { idField } from '../common.descriptions';
import { timeEntryBody, timeEntryFields } from './shared';

const properties: INodeProperties[] = [
	idField('Action ID', 'actionId', 'The action (matter) the time is recorded on'),
	idField('Owner (Participant ID)', 'ownerId', 'The timekeeper'),
	{ displayName: 'Date', name: 'timestampDate', type: 'string', required: true, default: '', placeholder: '2026-11-27', description: 'The work date (YYYY-MM-DD, the firm’s local date)' },
	{ displayName: 'Hours', name: 'actualHours', type: 'string', required: true, default: '', placeholder: '1.5', description: 'Decimal hours worked' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Created By (Participant ID)', name: 'createdById', type: 'string', default: '', description: 'The Actionstep user recording the entry (required by Actionstep; defaults to the owner)' },
			...timeEntryFields,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['timeEntry'], operation: ['create'] } }, properties);

/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await withCreateOutcome(async () => await create.call(this, i));
}

async function create(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const ownerId = requiredId.call(this, 'ownerId', 'Owner', i);
	const fields: IDataObject = {
		...extra,
		actionId: requiredId.call(this, 'actionId', 'Action ID', i),
		ownerId,
		// timeentries.yaml (CreateTimeEntry): links.createdBy is required
		createdById: String(extra.createdById ?? '').trim() || ownerId,
		timestampDate: this.getNodeParameter('timestampDate', i),
		actualHours: this.getNodeParameter('actualHours', i),
	};
	const body = timeEntryBody.call(this, fields, i);
	const res = await actionstepRequest.call(this, 'POST', 'timeentries', { body: { timeentries: body }, itemIndex: i });
	return [{ json: flattenRecord('timeentries', res.timeentries as IDataObject) }];
}
