import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { flattenRecord } from '../../helpers/jsonapi';
import { requiredId } from '../../helpers/utils';
import { actionstepRequest } from '../../transport';
import { withCreateOutcome } from '../../../shared/transport/http';
import { idField, taskStatus } from '../common.descriptions';

const properties: INodeProperties[] = [
	idField('Action ID', 'actionId', 'The action (matter) the task belongs to'),
	idField('Assignee (Participant ID)', 'assigneeId', 'Who does the task, e.g. the billing clerk'),
	{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Fix UTBMS code on invoice 10042' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '' },
			{ displayName: 'Due', name: 'dueTimestamp', type: 'dateTime', default: '', description: 'When the task is due (read as UTC when no zone is given)' },
			{ displayName: 'Due In Days', name: 'dueInDays', type: 'number', typeOptions: { minValue: 0 }, default: 2, description: 'Used when "Due" is empty: days from now (2 when neither is set; Actionstep requires a due date)' },
			{
				displayName: 'Priority',
				name: 'priority',
				type: 'options',
				options: [
					{ name: 'Low', value: 'Low' },
					{ name: 'Normal', value: 'Normal' },
					{ name: 'High', value: 'High' },
				],
				default: 'Normal',
			},
			taskStatus,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['create'] } }, properties);

/** Items carry outcome 'created'; a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await withCreateOutcome(async () => await create.call(this, i));
}

async function create(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const actionId = requiredId.call(this, 'actionId', 'Action ID', i);
	const assigneeId = requiredId.call(this, 'assigneeId', 'Assignee', i);
	const name = String(this.getNodeParameter('name', i) ?? '').trim();
	if (!name) throw new NodeOperationError(this.getNode(), 'Task name is empty', { itemIndex: i });
	const f = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	let due: string | undefined;
	if (f.dueTimestamp) {
		const s = String(f.dueTimestamp);
		const t = Date.parse(/([zZ]|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
		if (Number.isNaN(t)) throw new NodeOperationError(this.getNode(), `"Due" is not a date-time: "${s}"`, { itemIndex: i });
		due = new Date(t).toISOString();
	} else {
		// tasks.yaml (CreateTask): dueTimestamp is required
		const days = f.dueInDays === undefined || f.dueInDays === '' ? 2 : Number(f.dueInDays);
		if (!Number.isFinite(days) || days < 0) throw new NodeOperationError(this.getNode(), `"Due In Days" must be a number ≥ 0, got "${String(f.dueInDays)}"`, { itemIndex: i });
		due = new Date(Date.now() + days * 86_400_000).toISOString();
	}
	const status = String(f.status ?? 'Incomplete');
	if (!['Incomplete', 'Complete'].includes(status)) throw new NodeOperationError(this.getNode(), `Status must be Incomplete or Complete, got "${status}"`, { itemIndex: i });
	const body: IDataObject = {
		name,
		// tasks.yaml (CreateTask): name, status and dueTimestamp are required
		status,
		dueTimestamp: due,
		...(f.description ? { description: String(f.description) } : {}),
		...(f.priority ? { priority: taskPriority.call(this, f.priority, i) } : {}),
		links: { action: actionId, assignee: assigneeId },
	};
	const res = await actionstepRequest.call(this, 'POST', 'tasks', { body: { tasks: body }, itemIndex: i });
	return [{ json: flattenRecord('tasks', res.tasks as IDataObject) }];
}

/** "high", "HIGH" or "High" → "High" (e.g. a rejection map's lower-case priority). */
function taskPriority(this: IExecuteFunctions, value: unknown, i: number): string {
	const hit = ['Low', 'Normal', 'High'].find((p) => p.toLowerCase() === String(value).trim().toLowerCase());
	if (!hit) throw new NodeOperationError(this.getNode(), `Priority must be Low, Normal or High, got "${String(value)}"`, { itemIndex: i });
	return hit;
}
