import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runOperations } from '../../shared/router';
import * as resolve from './rejection/resolve.operation';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, { rejection: { resolve } });
}
