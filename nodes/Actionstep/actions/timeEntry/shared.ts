import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { actionstepTimeEntryToBillingEntry, ActionstepMappingError } from '../../../../lib/mappers/actionstep';
import { toActionstepBool } from '../../helpers/jsonapi';
import { decimalParam, dateParam } from '../../helpers/utils';
import { actionstepGetMany, type JsonApiList } from '../../transport';
import { customFieldValuesByAction, listCustomFields } from '../customField/shared';

export const timeEntryFields: INodeProperties[] = [
	{ displayName: 'Billable Hours', name: 'billableHours', type: 'string', default: '', placeholder: '1.5', description: 'Decimal hours to bill (defaults to the actual hours)' },
	{
		displayName: 'Billing Behavior',
		name: 'billingBehavior',
		type: 'options',
		options: [
			{ name: 'Bill', value: 'Bill' },
			{ name: 'Hide', value: 'Hide' },
			{ name: 'No Charge', value: 'No charge' },
		],
		default: 'Bill',
	},
	{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'The narrative' },
	{ displayName: 'Is Billable', name: 'isBillable', type: 'boolean', default: true, description: 'Whether the entry is billable' },
	{ displayName: 'Rate', name: 'rateUnitPrice', type: 'string', default: '', placeholder: '450.00', description: 'Hourly rate (defaults to the owner’s rate)' },
	{ displayName: 'UTBMS Activity Code', name: 'utbmsActivityCode', type: 'string', default: '', placeholder: 'A103' },
	{ displayName: 'UTBMS Task Code', name: 'utbmsTaskCode', type: 'string', default: '', placeholder: 'L250' },
];

/** Builds the `timeentries` body from node fields (decimals as exact strings, booleans as T/F). */
export function timeEntryBody(this: IExecuteFunctions, f: IDataObject, i: number): IDataObject {
	const body: IDataObject = {};
	const links: IDataObject = {};
	if (f.timestampDate !== undefined && f.timestampDate !== '') body.timestampDate = dateParam.call(this, f.timestampDate, 'Date', i);
	if (f.actualHours !== undefined && f.actualHours !== '') body.actualHours = decimalParam.call(this, f.actualHours, 'Hours', i);
	if (f.billableHours !== undefined && f.billableHours !== '') body.billableHours = decimalParam.call(this, f.billableHours, 'Billable Hours', i);
	if (f.rateUnitPrice !== undefined && f.rateUnitPrice !== '') body.rateUnitPrice = decimalParam.call(this, f.rateUnitPrice, 'Rate', i);
	if (f.description !== undefined) body.description = String(f.description);
	if (f.billingBehavior) body.billingBehavior = f.billingBehavior;
	if (f.isBillable !== undefined) body.isBillable = toActionstepBool(f.isBillable);
	if (f.actionId) links.action = String(f.actionId);
	if (f.ownerId) links.owner = String(f.ownerId);
	if (f.createdById) links.createdBy = String(f.createdById);
	if (f.utbmsTaskCode) links.utbmsTaskCode = String(f.utbmsTaskCode).toUpperCase();
	if (f.utbmsActivityCode) links.utbmsActivityCode = String(f.utbmsActivityCode).toUpperCase();
	if (Object.keys(links).length) body.links = links;
	return body;
}

export const outputOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'Actionstep Record', value: 'record', description: 'The time entry as Actionstep returns it (flattened)' },
		{ name: 'Canonical Billing Entry', value: 'canonical', description: 'The pack’s canonical entry, ready for UTBMS, OCG and LEDES nodes' },
	],
	default: 'record',
};

export const canonicalOptions: INodeProperties = {
	displayName: 'Canonical Options',
	name: 'canonicalOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { output: ['canonical'] } },
	options: [
		{ displayName: 'Client Matter ID Field', name: 'clientMatterIdField', type: 'string', default: 'client_matter_id', description: 'Data collection field holding the client’s matter ID' },
		{ displayName: 'Currency', name: 'currency', type: 'string', default: 'USD' },
		{ displayName: 'LEDES Client ID Field', name: 'ledesClientIdField', type: 'string', default: 'ledes_client_id', description: 'Data collection field holding the LEDES client ID' },
		{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: '', placeholder: 'Australia/Sydney', description: 'IANA zone of the firm’s dates' },
	],
};

/** Canonical entries for time entries of one response: resolves matter, owner, client and the client ids from data collections. */
export async function toCanonical(this: IExecuteFunctions, res: JsonApiList, options: IDataObject, i: number): Promise<IDataObject[]> {
	const cmField = String(options.clientMatterIdField ?? 'client_matter_id');
	const lcField = String(options.ledesClientIdField ?? 'ledes_client_id');
	const actionIds = [...new Set(res.records.map((r) => String(((r.links ?? {}) as IDataObject).action ?? '')).filter(Boolean))];
	const extras: Record<string, { clientMatterId?: string; ledesClientId?: string }> = {};
	const fieldName = (v: IDataObject) => String(((v.links ?? {}) as IDataObject).dataCollectionField ?? '').split('--').pop();
	const put = (v: IDataObject) => {
		const actionId = String(((v.links ?? {}) as IDataObject).action ?? '');
		const name = fieldName(v);
		const value = (v.stringValue as string | undefined) || undefined;
		if (!actionId || !value || (name !== cmField && name !== lcField)) return;
		extras[actionId] ??= {};
		if (name === cmField) extras[actionId].clientMatterId = value;
		else extras[actionId].ledesClientId = value;
	};
	if (actionIds.length <= 3) {
		// a few matters: their values, one request each
		for (const actionId of actionIds) (await actionstepGetMany.call(this, 'datacollectionrecordvalues', { action_eq: actionId }, { itemIndex: i })).records.forEach(put);
	} else {
		// many matters: every value of the two fields, paged, instead of one request per matter
		const fields = (await listCustomFields.call(this, i)).filter((f) => f.name === cmField || f.name === lcField);
		for (const [actionId, values] of Object.entries(await customFieldValuesByAction.call(this, fields, i))) {
			extras[actionId] = { ...(values[cmField] ? { clientMatterId: values[cmField] } : {}), ...(values[lcField] ? { ledesClientId: values[lcField] } : {}) };
		}
	}
	const classifications: Record<string, string> = {};
	for (const p of res.linked.participants ?? []) if (p.ledesClassification) classifications[String(p.id)] = String(p.ledesClassification);
	return res.records.map((r) => {
		try {
			return actionstepTimeEntryToBillingEntry(r, {
				linked: { actions: res.linked.actions, participants: res.linked.participants },
				currency: options.currency ? String(options.currency) : 'USD',
				...(options.timeZone ? { timeZone: String(options.timeZone) } : {}),
				classifications,
				matterExtras: extras,
			}) as unknown as IDataObject;
		} catch (e) {
			const field = e instanceof ActionstepMappingError ? e.field : undefined;
			throw new NodeOperationError(this.getNode(), (e as Error).message, { itemIndex: i, ...(field ? { description: `Field: ${field}` } : {}) });
		}
	});
}
