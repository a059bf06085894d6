import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioUtbmsCodeFromText } from '../../../../lib/mappers/clio';
import { clioLocator, fieldsOption, pageSizeOption, returnAllFields } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { getAll, isoTimestamp, locatorId } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				default: 'utbms',
				options: [
					{ name: 'UTBMS', value: 'utbms' },
					{ name: 'Clio (Firm-Defined)', value: 'clio' },
				],
			},
			{ displayName: 'Updated Since', name: 'updated_since', type: 'dateTime', default: '' },
			clioLocator('user', { description: 'Descriptions available to this user' }),
		],
	},
	{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [fieldsOption(CLIO_DEFAULT_FIELDS.activityDescription), pageSizeOption] },
];

export const description = updateDisplayOptions({ show: { resource: ['activityDescription'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = {};
	if (f.type) qs.type = f.type;
	if (f.userId) qs.user_id = locatorId.call(this, 'filters.userId', i, false);
	if (f.updated_since) qs.updated_since = isoTimestamp.call(this, f.updated_since, 'Updated Since', i);
	const records = await getAll.call(this, '/activity_descriptions.json', 'activityDescription', qs, i);
	return records.map((d) => {
		const task = d.utbms_task as IDataObject | null | undefined;
		const act = d.utbms_activity as IDataObject | null | undefined;
		const codes: IDataObject = {};
		const t = (task?.code as string) ?? clioUtbmsCodeFromText(d.utbms_task_name);
		const a = (act?.code as string) ?? clioUtbmsCodeFromText(act?.name);
		if (t) codes.task = t;
		if (a) codes.activity = a;
		return { ...d, utbms: codes };
	});
}
