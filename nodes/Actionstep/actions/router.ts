import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runOperations } from '../../shared/router';
import * as action from './action/Action.resource';
import * as bill from './bill/Bill.resource';
import * as customField from './customField/CustomField.resource';
import * as participant from './participant/Participant.resource';
import * as task from './task/Task.resource';
import * as timeEntry from './timeEntry/TimeEntry.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, { action, timeEntry, bill, task, customField, participant });
}
