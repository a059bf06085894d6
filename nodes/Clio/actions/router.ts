import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { ClioRunState } from '../helpers/utils';
import { route } from '../../shared/router';
import * as activity from './activity/Activity.resource';
import * as activityDescription from './activityDescription/ActivityDescription.resource';
import * as bill from './bill/Bill.resource';
import * as contact from './contact/Contact.resource';
import * as matter from './matter/Matter.resource';
import * as user from './user/User.resource';

/** Clio's operations return plain records; the UTBMS lookup is loaded at most once per execution. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, {
		resources: { activity, activityDescription, bill, contact, matter, user },
		records: true,
		// version 1 named Get Many `getAll`: saved workflows keep running
		aliases: { getAll: 'getMany' },
		context: (): ClioRunState => ({}),
	});
}
