import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { normalizeEntryKind, type UtbmsIssue, type UtbmsKind } from '../../../../lib/utbms';
import { catalogFor, textAt, type UtbmsRunContext } from '../../helpers/utils';
import { additionalCodeSets, fieldPath, inputShape, taskSets } from '../common.descriptions';

const properties: INodeProperties[] = [
	inputShape('validate'),
	fieldPath('validate', 'Entry Kind Field', 'kindField', 'kind', 'Path of the field with fee / expense (or LEDES F, E, IF, IE); fees need task + activity, expenses an expense code'),
	fieldPath('validate', 'Task Code Field', 'taskField', 'utbmsTaskCode', 'Path of the UTBMS task code'),
	fieldPath('validate', 'Activity Code Field', 'activityField', 'utbmsActivityCode', 'Path of the UTBMS activity code'),
	fieldPath('validate', 'Expense Code Field', 'expenseField', 'utbmsExpenseCode', 'Path of the UTBMS expense code'),
	taskSets('validate'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			additionalCodeSets,
			{
				displayName: 'Allow Phase Codes',
				name: 'allowPhase',
				type: 'boolean',
				default: false,
				description: 'Whether a phase code such as L100 is accepted where a task code is expected',
			},
			{
				displayName: 'Phase Field',
				name: 'phaseField',
				type: 'string',
				default: '',
				placeholder: 'e.g. phase',
				description: 'Path of a field with the phase (e.g. L300) the task must belong to',
			},
			{
				displayName: 'Strict',
				name: 'strict',
				type: 'boolean',
				default: false,
				description: 'Whether a code missing from a partly known set (e.g. B120) is an error rather than a warning',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['validate'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, ctx: UtbmsRunContext): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const item = this.getInputData()[i];
	const node = this.getNode();
	const catalog = catalogFor.call(this, i, ctx);
	const shape = this.getNodeParameter('inputShape', i) as string;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const p = (name: string) => String(this.getNodeParameter(name, i, '')).trim();
	const paths: Record<UtbmsKind | 'kind', string> =
		shape === 'canonical'
			? { kind: 'kind', task: 'codes.task', activity: 'codes.activity', expense: 'codes.expense' }
			: { kind: p('kindField'), task: p('taskField'), activity: p('activityField'), expense: p('expenseField') };
	const phasePath = String(options.phaseField ?? '').trim();
	const codes = {
		task: textAt(node, item.json, paths.task, i),
		activity: textAt(node, item.json, paths.activity, i),
		expense: textAt(node, item.json, paths.expense, i),
		phase: phasePath ? textAt(node, item.json, phasePath, i) : undefined,
	};
	const entryKind = textAt(node, item.json, paths.kind, i);
	const r = catalog.checkEntry(codes, {
		entryKind,
		taskSets: (this.getNodeParameter('taskSets', i, []) as string[]).filter((s) => s !== ''),
		allowPhase: options.allowPhase === true,
		strict: options.strict === true,
	});
	const issues: IDataObject[] = r.issues.map((x: UtbmsIssue) => ({
		...x,
		...(x.field ? { path: x.field === 'phase' ? phasePath : paths[x.field] } : {}),
	}));
	let valid = r.valid;
	if (entryKind === undefined)
		issues.unshift({ code: 'unknown-kind', severity: 'warning', path: paths.kind, message: `Item ${i} has no entry kind in "${paths.kind}": which codes are required could not be checked` });
	else if (normalizeEntryKind(entryKind) === undefined) {
		valid = false;
		issues.unshift({ code: 'unknown-kind', severity: 'error', path: paths.kind, value: entryKind, message: `Entry kind "${entryKind}" is not fee, expense, feeAdjustment, expenseAdjustment (or F, E, IF, IE)` });
	}
	const json: IDataObject = { ...item.json, utbmsValidation: { valid, issues } };
	const out: INodeExecutionData = { json, pairedItem: { item: i } };
	if (item.binary) out.binary = item.binary;
	return [{ output: valid ? 0 : 1, item: out }];
}
