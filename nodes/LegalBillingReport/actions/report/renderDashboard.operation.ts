import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { dashboardResponse, readBudgets } from '../../../../lib/report';
import { budgetsField, dashboardOnlyFields, jsonParam, queryField, readOptions, readQuery, readSources, reportOptions, responseJson, sourceFields } from '../common.descriptions';

const properties: INodeProperties[] = [queryField, ...sourceFields, ...dashboardOnlyFields, budgetsField, reportOptions];

export const description = updateDisplayOptions({ show: { operation: ['renderDashboard'] } }, properties);

/** One page (or one table's CSV when the query asks) per input item: statusCode, headers and body for Respond to Webhook. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const budgets = readBudgets(jsonParam.call(this, 'budgets', i));
	const res = dashboardResponse(readSources.call(this, i, true), readQuery.call(this, i), { ...readOptions.call(this, i), budgets });
	return [{ json: responseJson(res), pairedItem: { item: i } }];
}
