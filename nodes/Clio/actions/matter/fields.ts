import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { MATTER_STATUS_OPTIONS, clioLocator } from '../common.descriptions';
import { isoDate } from '../../helpers/utils';

export const matterWriteFields: INodeProperties[] = [
	{ displayName: 'Display Number', name: 'display_number', type: 'string', default: '', description: 'The firm\'s matter number (LEDES law-firm matter ID)' },
	{ displayName: 'Client Reference', name: 'client_reference', type: 'string', default: '', description: 'The client\'s own matter ID (LEDES client matter ID)' },
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'open',
		options: MATTER_STATUS_OPTIONS,
	},
	{ displayName: 'Billable', name: 'billable', type: 'boolean', default: true, description: 'Whether the matter is billable' },
	{ displayName: 'Open Date', name: 'open_date', type: 'string', default: '', placeholder: '2026-11-27' },
	{ displayName: 'Close Date', name: 'close_date', type: 'string', default: '', placeholder: '2026-11-27' },
	{ displayName: 'Location', name: 'location', type: 'string', default: '' },
	clioLocator('user', { displayName: 'Responsible Attorney', name: 'responsibleAttorneyId' }),
	clioLocator('user', { displayName: 'Originating Attorney', name: 'originatingAttorneyId' }),
	{ displayName: 'Practice Area ID', name: 'practiceAreaId', type: 'string', default: '' },
];

function ref(this: IExecuteFunctions, value: unknown, field: string, i: number): { id: number } | undefined {
	const v = typeof value === 'object' && value !== null ? (value as IDataObject).value : value;
	if (v === undefined || v === null || v === '') return undefined;
	const text = String(v).replace(/^.*\/(?:users|contacts|matters)\/(\d+).*$/, '$1').trim();
	if (!/^\d+$/.test(text)) throw new NodeOperationError(this.getNode(), `"${field}" must be a numeric Clio ID, got "${text}"`, { itemIndex: i });
	return { id: Number(text) };
}

export function matterBody(this: IExecuteFunctions, f: IDataObject, i: number): IDataObject {
	const data: IDataObject = {};
	for (const k of ['description', 'display_number', 'client_reference', 'status', 'location'] as const) if (f[k] !== undefined && f[k] !== '') data[k] = f[k];
	if (typeof f.billable === 'boolean') data.billable = f.billable;
	for (const k of ['open_date', 'close_date'] as const) if (f[k]) data[k] = isoDate.call(this, f[k], k, i);
	const client = ref.call(this, f.clientId, 'Client', i);
	if (client) data.client = client;
	const resp = ref.call(this, f.responsibleAttorneyId, 'Responsible Attorney', i);
	if (resp) data.responsible_attorney = resp;
	const orig = ref.call(this, f.originatingAttorneyId, 'Originating Attorney', i);
	if (orig) data.originating_attorney = orig;
	const pa = ref.call(this, f.practiceAreaId, 'Practice Area ID', i);
	if (pa) data.practice_area = pa;
	return data;
}
