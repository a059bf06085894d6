import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listCustomFields } from '../actions/customField/shared';

export async function getCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const fields = await listCustomFields.call(this);
	return fields.map((f) => ({ name: f.label, value: f.id, description: f.name })).sort((a, b) => a.name.localeCompare(b.name));
}
