import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { buildDashboard, parseFilters, renderCsv } from '../../../../lib/report';
import { dashboardOnlyFields, readOptions, readSources, reportOptions, sourceFields } from '../common.descriptions';

export const DASHBOARD_TABLES = [
	{ name: 'Invoices', value: 'invoices' },
	{ name: 'Invoices per Client and Platform', value: 'summary' },
	{ name: 'Alerts', value: 'alerts' },
	{ name: 'Guideline Violations', value: 'violations' },
	{ name: 'Last Run per Workflow', value: 'runs' },
	{ name: 'Rejection and Adjustment Reasons', value: 'reasons' },
	{ name: 'Review Queue by Stage', value: 'review' },
	{ name: 'Unresolved Rejections by Age', value: 'aging' },
];

const properties: INodeProperties[] = [
	{ displayName: 'Table', name: 'table', type: 'options', options: DASHBOARD_TABLES, default: 'summary', description: 'Which table of the dashboard to export' },
	{ displayName: 'Client', name: 'client', type: 'string', default: '', description: 'Only this client (empty: all)' },
	{ displayName: 'Platform', name: 'platform', type: 'string', default: '', placeholder: 'legalTracker', description: 'Only this platform (empty: all)' },
	{ displayName: 'Period', name: 'period', type: 'string', default: '', placeholder: '2026-10', description: 'YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (invoice period end; empty: every period)' },
	{ displayName: 'Put Output File in Field', name: 'binaryPropertyName', type: 'string', default: 'data', description: 'Binary field the CSV file goes to' },
	...sourceFields,
	...dashboardOnlyFields,
	reportOptions,
];

export const description = updateDisplayOptions({ show: { operation: ['exportCsv'] } }, properties);

/** One dashboard table as a CSV file (binary), e.g. to e-mail or store. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const notices: string[] = [];
	const filters = parseFilters(
		{ client: this.getNodeParameter('client', i, ''), platform: this.getNodeParameter('platform', i, ''), period: this.getNodeParameter('period', i, '') },
		notices,
	);
	if (notices.length) throw new NodeOperationError(this.getNode(), `${notices[0]} (parameter "Period", item ${i})`, { itemIndex: i });
	const id = this.getNodeParameter('table', i) as string;
	const d = buildDashboard(readSources.call(this, i, true), filters, readOptions.call(this, i));
	const table = d.page.tables.find((t) => t.id === id);
	if (!table) throw new NodeOperationError(this.getNode(), `There is no table "${id}" (parameter "Table", item ${i})`, { itemIndex: i });
	const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const binary = await this.helpers.prepareBinaryData(Buffer.from(renderCsv(table), 'utf8'), `${table.id}.csv`, 'text/csv');
	return [{ json: { table: table.id, rows: table.rows.length, filters: { ...filters }, problems: d.problems }, binary: { [field]: binary }, pairedItem: { item: i } }];
}
