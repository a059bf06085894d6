import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as activity from './actions/activity/Activity.resource';
import * as activityDescription from './actions/activityDescription/ActivityDescription.resource';
import * as bill from './actions/bill/Bill.resource';
import * as contact from './actions/contact/Contact.resource';
import * as matter from './actions/matter/Matter.resource';
import * as user from './actions/user/User.resource';
import { router } from './actions/router';
import { listSearch } from './methods';

export class Clio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clio',
		name: 'clio',
		icon: { light: 'file:clio.svg', dark: 'file:clio.dark.svg' },
		group: ['transform'],
		// 2: Get Many is `getMany` (1: `getAll`, still accepted)
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write time entries, matters, contacts, users and bills in Clio Manage',
		defaults: { name: 'Clio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clioOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Activity (Time & Expense Entry)', value: 'activity' },
					{ name: 'Activity Description', value: 'activityDescription' },
					{ name: 'Bill', value: 'bill' },
					{ name: 'Contact', value: 'contact' },
					{ name: 'Matter', value: 'matter' },
					{ name: 'User', value: 'user' },
				],
				default: 'activity',
			},
			...activity.description,
			...activityDescription.description,
			...bill.description,
			...contact.description,
			...matter.description,
			...user.description,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
