import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { runOperations } from '../../shared/router';
import * as entry from './entry/Entry.resource';
import * as invoice from './invoice/Invoice.resource';
import * as review from './review/Review.resource';
import * as run from './run/Run.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations.call(this, { entry, invoice, review, run });
}
