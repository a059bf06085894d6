import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as action from './actions/action/Action.resource';
import * as bill from './actions/bill/Bill.resource';
import * as customField from './actions/customField/CustomField.resource';
import * as participant from './actions/participant/Participant.resource';
import { router } from './actions/router';
import * as task from './actions/task/Task.resource';
import * as timeEntry from './actions/timeEntry/TimeEntry.resource';
import { loadOptions } from './methods';

export class Actionstep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Actionstep',
		name: 'actionstep',
		icon: { light: 'file:actionstep.svg', dark: 'file:actionstep.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update Actionstep matters, time entries, bills, tasks, custom fields and participants',
		defaults: { name: 'Actionstep' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'actionstepOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Action (Matter)', value: 'action' },
					{ name: 'Bill', value: 'bill' },
					{ name: 'Custom Field', value: 'customField' },
					{ name: 'Participant', value: 'participant' },
					{ name: 'Task', value: 'task' },
					{ name: 'Time Entry', value: 'timeEntry' },
				],
				default: 'timeEntry',
			},
			...action.description,
			...timeEntry.description,
			...bill.description,
			...task.description,
			...customField.description,
			...participant.description,
		],
	};

	methods = { loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
