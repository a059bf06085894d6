import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { optionsCollection, idField } from '../common.descriptions';
import { CLIO_DEFAULT_FIELDS } from '../../helpers/fields';
import { moneyToStrings } from '../../helpers/format';
import { fieldsFor, isoDate, requiredId } from '../../helpers/utils';
import { BILL_STATES } from './states';

const properties: INodeProperties[] = [
	idField('bill', 'Bill'),
	{
		displayName: 'New State',
		name: 'state',
		type: 'options',
		options: [{ name: 'Keep Current State', value: '' }, ...BILL_STATES.filter((s) => s.value !== 'deleted')],
		default: '',
		description: 'Moves the bill to this state. Clio allows only some transitions (e.g. draft → awaiting approval → awaiting payment); others are refused before any change is sent.',
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Due At', name: 'due_at', type: 'string', default: '', placeholder: '2026-12-31' },
			{ displayName: 'Issued At', name: 'issued_at', type: 'string', default: '', placeholder: '2026-11-30' },
			{ displayName: 'Memo', name: 'memo', type: 'string', default: '' },
			{ displayName: 'Purchase Order', name: 'purchase_order', type: 'string', default: '' },
			{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		],
	},
	optionsCollection(CLIO_DEFAULT_FIELDS.bill),
];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	const state = this.getNodeParameter('state', i, '') as string;
	const f = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const data: IDataObject = {};
	for (const k of ['memo', 'purchase_order', 'subject'] as const) if (f[k] !== undefined && f[k] !== '') data[k] = f[k];
	for (const k of ['due_at', 'issued_at'] as const) if (f[k]) data[k] = isoDate.call(this, f[k], k, i);
	if (state) {
		const current = ((await clioApiRequest.call(this, 'GET', `/bills/${id}.json`, {
			qs: { fields: 'id,state,can_update,available_state_transitions' },
			itemIndex: i,
		})) as IDataObject).data as IDataObject;
		const allowed = Array.isArray(current.available_state_transitions) ? (current.available_state_transitions as string[]) : undefined;
		if (current.state !== state && allowed && !allowed.includes(state)) {
			throw new NodeOperationError(this.getNode(), `Clio does not allow bill ${id} to go from "${String(current.state)}" to "${state}"`, {
				itemIndex: i,
				description: `Allowed next states: ${allowed.length ? allowed.join(', ') : 'none'}`,
			});
		}
		if (current.state !== state) data.state = state;
	}
	if (!Object.keys(data).length && !state) throw new NodeOperationError(this.getNode(), 'Nothing to update: choose a new state or add a field', { itemIndex: i });
	const body = Object.keys(data).length
		? ((await clioApiRequest.call(this, 'PATCH', `/bills/${id}.json`, { qs: { fields: fieldsFor.call(this, 'bill', i) }, body: { data }, itemIndex: i })) as IDataObject)
		: ((await clioApiRequest.call(this, 'GET', `/bills/${id}.json`, { qs: { fields: fieldsFor.call(this, 'bill', i) }, itemIndex: i })) as IDataObject);
	return [moneyToStrings(body.data as IDataObject, 'bill')];
}
