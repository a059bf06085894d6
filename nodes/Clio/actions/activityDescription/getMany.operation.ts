import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioUtbmsCodeFromText } from '../../../../lib/mappers/clio';
import { clioLocator, filtersCollection, optionsCollection, pageSizeOption, returnAllFields, updatedSinceFilter } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, listRecords, locatorId } from '../../helpers/utils';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
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
		clioLocator('user', { description: 'Descriptions available to this user' }),
		updatedSinceFilter,
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.activityDescription, [pageSizeOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['activityDescription'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs = commonFilters.call(this, f, i);
	if (f.type) qs.type = f.type;
	if (f.userId) qs.user_id = locatorId.call(this, 'filters.userId', i, false);
	const records = await listRecords.call(this, '/activity_descriptions.json', 'activityDescription', qs, i);
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
