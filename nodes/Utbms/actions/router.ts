import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { route } from '../../shared/router';
import { newRunContext } from '../helpers/utils';
import * as listCodes from './utbms/listCodes.operation';
import * as lookup from './utbms/lookup.operation';
import * as map from './utbms/map.operation';
import * as validate from './utbms/validate.operation';

/** Outputs of each operation: Map → Mapped / Unmapped, Validate → Valid / Invalid, others one; a failed item is not OK. */
export const OUTPUTS = {
	map: { count: 2, errorOutput: 1 },
	validate: { count: 2, errorOutput: 1 },
	lookup: { count: 1, errorOutput: 0 },
	listCodes: { count: 1, errorOutput: 0 },
};
export const OUTPUT_COUNT: Record<string, number> = { map: 2, validate: 2, lookup: 1, listCodes: 1 };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { operations: { map, lookup, validate, listCodes }, outputs: OUTPUTS, context: newRunContext });
}
