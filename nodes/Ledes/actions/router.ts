import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { route } from '../../shared/router';
import * as build from './ledes/build.operation';
import * as parse from './ledes/parse.operation';
import * as validate from './ledes/validate.operation';

/** Outputs of each operation: Validate → Valid / Invalid (a file that cannot be read is not valid), the others one. */
export const OUTPUTS = { parse: { count: 1, errorOutput: 0 }, validate: { count: 2, errorOutput: 1 } };
export const OUTPUT_COUNT: Record<string, number> = { build: 1, parse: 1, validate: 2 };

/** Parse and Validate work item by item; Build groups all items into invoices. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations: { build, parse, validate }, outputs: OUTPUTS, batch: ['build'] });
}
