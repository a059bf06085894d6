import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { UtbmsKind } from '../../../../lib/utbms';
import { catalogFor, type UtbmsRunContext } from '../../helpers/utils';
import { additionalCodeSets } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Code Set Names or IDs',
		name: 'codeSets',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getCodeSets' },
		default: [],
		description:
			'Sets to list; empty lists every set. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Kind',
		name: 'kind',
		type: 'options',
		options: [
			{ name: 'All', value: 'all' },
			{ name: 'Task', value: 'task' },
			{ name: 'Activity', value: 'activity' },
			{ name: 'Expense', value: 'expense' },
		],
		default: 'all',
		description: 'Which column the codes are for',
	},
	{
		displayName: 'Include Phases',
		name: 'includePhases',
		type: 'boolean',
		default: true,
		description: 'Whether to list phase headings such as L100 as well as tasks',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [additionalCodeSets],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['listCodes'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number, ctx: UtbmsRunContext): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const catalog = catalogFor.call(this, i, ctx);
	const sets = (this.getNodeParameter('codeSets', i, []) as string[]).filter((s) => s !== '');
	const kind = this.getNodeParameter('kind', i, 'all') as UtbmsKind | 'all';
	const includePhases = this.getNodeParameter('includePhases', i, true) as boolean;
	const codes = catalog.list({ sets, kind: kind === 'all' ? undefined : kind, includePhases });
	return codes.map((c) => ({ output: 0, item: { json: { ...(c as unknown as IDataObject) }, pairedItem: { item: i } } }));
}
