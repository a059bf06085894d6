import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { getAndFlatten } from '../../helpers/list';
import { requiredId } from '../../helpers/utils';
import { idField, resolveLinked } from '../common.descriptions';

const properties: INodeProperties[] = [idField('Bill ID', 'billId'), resolveLinked];

export const description = updateDisplayOptions({ show: { resource: ['bill'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	return await getAndFlatten.call(this, i, 'bills', requiredId.call(this, 'billId', 'Bill ID', i));
}
