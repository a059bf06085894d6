import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { clioApiRequest } from '../../transport';
import { idField } from '../common.descriptions';
import { requiredId } from '../../helpers/utils';

const properties: INodeProperties[] = [idField('activity', 'Activity')];

export const description = updateDisplayOptions({ show: { resource: ['activity'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const id = requiredId.call(this, i);
	await clioApiRequest.call(this, 'DELETE', `/activities/${id}.json`, { itemIndex: i });
	return [{ id: Number(id), deleted: true }];
}
