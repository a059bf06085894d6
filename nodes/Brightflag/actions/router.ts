import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runOperations } from '../../shared/router';
import * as apBatch from './apBatch/ApBatch.resource';
import * as invoice from './invoice/Invoice.resource';
import * as payment from './payment/Payment.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, { invoice, apBatch, payment });
}
