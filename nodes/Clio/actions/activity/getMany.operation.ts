import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequestAllItems } from '../../transport';
import {
	canonicalOptions,
	clioLocator,
	createdSinceFilter,
	filtersCollection,
	optionsCollection,
	pageSizeOption,
	returnAllFields,
	searchFilter,
	updatedSinceFilter,
} from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { commonFilters, fieldsFor, isoDate, locatorId, outputActivities, pagingFor, type ClioRunState } from '../../helpers/utils';
import { ACTIVITY_TYPES } from './fields';
import { loadMatters } from '../../helpers/lookups';

const properties: INodeProperties[] = [
	...returnAllFields,
	filtersCollection([
		{ displayName: 'Type', name: 'type', type: 'options', options: ACTIVITY_TYPES, default: 'TimeEntry' },
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'unbilled',
			options: [
				{ name: 'Billable', value: 'billable' },
				{ name: 'Billed', value: 'billed' },
				{ name: 'Draft (On a Draft Bill)', value: 'draft' },
				{ name: 'Non-Billable', value: 'non_billable' },
				{ name: 'Unbilled', value: 'unbilled' },
				{ name: 'Written Off', value: 'written_off' },
			],
		},
		clioLocator('matter'),
		clioLocator('user'),
		{ displayName: 'Start Date', name: 'start_date', type: 'string', default: '', placeholder: '2026-11-01', description: 'Entries dated on or after (YYYY-MM-DD)' },
		{ displayName: 'End Date', name: 'end_date', type: 'string', default: '', placeholder: '2026-11-30', description: 'Entries dated on or before (YYYY-MM-DD)' },
		updatedSinceFilter,
		createdSinceFilter,
		{ displayName: 'Activity Description ID', name: 'activity_description_id', type: 'string', default: '' },
		searchFilter('Clio full-text search (lags fresh writes by a few seconds)'),
	]),
	optionsCollection(CLIO_DEFAULT_FIELDS.activity, [pageSizeOption, ...canonicalOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['getMany', 'getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, state: ClioRunState): Promise<IDataObject[]> {
	const f = this.getNodeParameter('filters', i, {}) as IDataObject;
	const qs: IDataObject = { ...commonFilters.call(this, f, i), fields: fieldsFor.call(this, 'activity', i) };
	if (f.type) qs.type = f.type;
	if (f.status) qs.status = f.status;
	if (f.matterId) qs.matter_id = locatorId.call(this, 'filters.matterId', i, false);
	if (f.userId) qs.user_id = locatorId.call(this, 'filters.userId', i, false);
	if (f.start_date) qs.start_date = isoDate.call(this, f.start_date, 'Start Date', i);
	if (f.end_date) qs.end_date = isoDate.call(this, f.end_date, 'End Date', i);
	if (f.activity_description_id) qs.activity_description_id = String(f.activity_description_id);
	if (i === 0 && state.lookups === undefined && (this.getNodeParameter('options', 0, {}) as IDataObject).canonical === true) {
		// one item per matter (the slice workflows): the matters of all items in one request, not one per item
		const ids = new Set<string>();
		for (let k = 0; k < this.getInputData().length; k++) {
			try {
				const id = locatorId.call(this, 'filters.matterId', k, false);
				if (id) ids.add(id);
			} catch {
				// that item fails on its own below
			}
		}
		state.lookups = { matters: new Map(Object.entries(ids.size > 1 ? await loadMatters.call(this, [...ids], i) : {})) };
	}
	const activities = await clioApiRequestAllItems.call(this, '/activities.json', qs, { ...pagingFor.call(this, i), itemIndex: i });
	return await outputActivities.call(this, activities, i, state);
}
