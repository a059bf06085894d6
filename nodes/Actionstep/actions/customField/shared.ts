import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { actionstepGetMany } from '../../transport';

export const fieldParameter: INodeProperties = {
	displayName: 'Field Name or ID',
	name: 'field',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCustomFields' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
};

export interface ResolvedField {
	id: string;
	name: string;
	label: string;
	dataCollectionId: string;
}

export async function listCustomFields(this: IExecuteFunctions | ILoadOptionsFunctions, itemIndex?: number): Promise<ResolvedField[]> {
	const res = await actionstepGetMany.call(this, 'datacollectionfields', { include: 'dataCollection' }, { itemIndex });
	return res.records.map((f) => ({
		id: String(f.id),
		name: String(f.name ?? ''),
		label: String(f.label ?? f.name ?? ''),
		dataCollectionId: String(((f.links ?? {}) as IDataObject).dataCollection ?? String(f.id).split('--')[0]),
	}));
}

/** A field by id ("1--rejection_reason"), name ("rejection_reason") or label ("Rejection Reason"), case-insensitive. */
export async function resolveField(this: IExecuteFunctions, value: string, i: number): Promise<ResolvedField> {
	const wanted = value.trim().toLowerCase();
	if (!wanted) throw new NodeOperationError(this.getNode(), 'Field is empty', { itemIndex: i });
	const fields = await listCustomFields.call(this, i);
	const hit = fields.find((f) => f.id.toLowerCase() === wanted) ?? fields.find((f) => f.name.toLowerCase() === wanted) ?? fields.find((f) => f.label.toLowerCase() === wanted);
	if (!hit) {
		throw new NodeOperationError(this.getNode(), `Unknown custom field "${value}"`, {
			itemIndex: i,
			description: `Known fields: ${fields.map((f) => `${f.label} (${f.id})`).join(', ')}`,
		});
	}
	return hit;
}

/**
 * Values of single-record data-collection fields by matter: `{ actionId: { fieldName: value } }`,
 * one paged request per field (all matters at once), never one request per matter.
 */
export async function customFieldValuesByAction(this: IExecuteFunctions, fields: ResolvedField[], itemIndex: number): Promise<Record<string, Record<string, string>>> {
	const out: Record<string, Record<string, string>> = {};
	for (const f of fields) {
		const res = await actionstepGetMany.call(this, 'datacollectionrecordvalues', { dataCollectionField_eq: f.id }, { itemIndex });
		for (const v of res.records) {
			const links = (v.links ?? {}) as IDataObject;
			const actionId = String(links.action ?? '');
			const value = (v.stringValue as string | undefined) || undefined;
			if (!actionId || value === undefined) continue;
			(out[actionId] ??= {})[String(links.dataCollectionField ?? f.id).split('--').pop() ?? f.name] = value;
		}
	}
	return out;
}
