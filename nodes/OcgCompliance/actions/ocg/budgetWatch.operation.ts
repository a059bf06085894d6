import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { parseBudgetModel, watchBudgets, type BudgetModel } from '../../../../lib/budget';
import { budgetError, isoDateParam } from '../../helpers/utils';

const properties: INodeProperties[] = [
	{
		displayName: 'Budgets',
		name: 'budgets',
		type: 'json',
		default: '',
		required: true,
		description:
			'The matter budgets: a budget model (JSON or YAML), or the budget rows a Data Table node read (matter, phase, amount, responsible, responsibleEmail; an expression on that node). See docs/budgets.md.',
	},
	{
		displayName: 'Today',
		name: 'today',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'YYYY-MM-DD',
		description:
			"The firm's calendar date today, in the firm's time zone (e.g. an expression on $now set to that zone). Burn up to this day counts; the month-end forecast runs from the first of its month.",
	},
	{
		displayName: 'Thresholds (%)',
		name: 'thresholds',
		type: 'string',
		default: '80, 100',
		description: "Alert thresholds, percent of each budget, comma-separated (empty: the budget model's, 80 and 100)",
	},
	{
		displayName: 'Alerts Already Sent',
		name: 'sentAlerts',
		type: 'json',
		default: '[]',
		description: 'Alert keys already sent (a list of keys, or rows with an "alertKey" field): each threshold alerts once',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['budgetWatch'] } }, properties);

/** The input items are warehouse rows; output 1: one burn line per budget, output 2: one item per new alert. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const items = this.getInputData();
	const today = isoDateParam.call(this, this.getNodeParameter('today', 0, ''), 'Today');
	if (!today) throw new NodeOperationError(node, 'Today is required: the firm\'s date "YYYY-MM-DD" (never read from the clock here)');
	const raw = this.getNodeParameter('budgets', 0, '') as unknown;
	let model: BudgetModel;
	try {
		model = parseBudgetModel(raw);
	} catch (e) {
		throw budgetError(this, e, 0);
	}
	const thresholdText = String(this.getNodeParameter('thresholds', 0, '') ?? '').trim();
	const thresholds = thresholdText ? thresholdText.split(',').map((t) => Number(t.trim())) : [];
	if (thresholds.some((t) => !Number.isFinite(t) || t <= 0)) throw new NodeOperationError(node, `Thresholds must be positive percentages such as "80, 100", got "${thresholdText}"`);
	let sentRaw = this.getNodeParameter('sentAlerts', 0, '[]') as unknown;
	if (typeof sentRaw === 'string') sentRaw = sentRaw.trim() ? JSON.parse(sentRaw) : [];
	if (!Array.isArray(sentRaw)) throw new NodeOperationError(node, 'Alerts Already Sent must be a list of alert keys or rows with an "alertKey" field');
	const sent = sentRaw.map((s) => (s && typeof s === 'object' ? String((s as IDataObject).alertKey ?? '') : String(s))).filter(Boolean);
	let result: ReturnType<typeof watchBudgets>;
	try {
		result = watchBudgets({ model, rows: items.map((i) => i.json), today, thresholds, sent });
	} catch (e) {
		throw new NodeOperationError(node, e as Error);
	}
	const paired = items.map((_, i) => ({ item: i }));
	return [
		result.lines.map((l) => ({ json: { ...l, ...(result.notices.length ? { notices: result.notices } : {}) } as unknown as IDataObject, pairedItem: paired })),
		result.alerts.map((a) => ({ json: { ...a, today } as unknown as IDataObject, pairedItem: paired })),
	];
}
