import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { getAndFlatten } from '../../helpers/list';
import { requiredId } from '../../helpers/utils';
import { idField, resolveLinked } from '../common.descriptions';

const properties: INodeProperties[] = [idField('Action ID', 'actionId', 'The Actionstep action (matter) ID'), resolveLinked];

export const description = updateDisplayOptions({ show: { resource: ['action'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await getAndFlatten.call(this, i, 'actions', requiredId.call(this, 'actionId', 'Action ID', i));
}
