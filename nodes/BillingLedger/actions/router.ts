import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { route } from '../../shared/router';
import * as entry from './entry/Entry.resource';
import * as invoice from './invoice/Invoice.resource';
import * as review from './review/Review.resource';
import * as run from './run/Run.resource';

/** The shared router (nodes/shared/router.ts): per item, except Summarize Run, which reads the whole run once. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { resources: { entry, invoice, review, run }, batch: ['run.summarize'] });
}
