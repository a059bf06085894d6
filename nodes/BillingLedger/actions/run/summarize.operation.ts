import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { summarizeRun, type LedgerRow, type RunSummary } from '../../../../lib/ledger';
import { nowIso } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Ledger Node',
		name: 'ledgerNode',
		type: 'string',
		default: 'Log to ledger',
		description: "The node whose items are this run's confirmed ledger rows (all its runs are read); empty when the ledger is written in sub-workflows (Slice Summaries Nodes)",
	},
	{
		displayName: 'Slice Summaries Nodes',
		name: 'sliceNode',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Sync one slice',
		description:
			'For a template that works in slices: the node (an Execute Workflow node, or an HTTP Request node posting slices to queue workers) whose items are the Summarize Run outputs of its sub-workflow runs, one per slice; one node per line. Their counts are added to this run\'s and their failures named.',
	},
	{
		displayName: 'Counts',
		name: 'counts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Count',
		default: {},
		description:
			'Each count is the number of items the named nodes emitted in this run (all their runs), minus those of the subtracted nodes. Name nodes one per line; "Node#1" is output 1 (the second). Named: entries (0 = an empty period), invoices, duplicates, review go to their own columns.',
		options: [
			{
				displayName: 'Count',
				name: 'count',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'entries' },
					{ displayName: 'Nodes', name: 'nodes', type: 'string', typeOptions: { rows: 2 }, default: '' },
					{ displayName: 'Minus Nodes', name: 'minus', type: 'string', typeOptions: { rows: 2 }, default: '' },
				],
			},
		],
	},
	{ displayName: 'Period Start', name: 'periodStart', type: 'string', default: '' },
	{ displayName: 'Period End', name: 'periodEnd', type: 'string', default: '' },
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '{periodStart}..{periodEnd}: {entries} entries, {invoices} invoices, {submitted} submitted, {duplicates} already submitted, {failed} failed, {review} to review',
		description: 'The run log message; {name} is replaced by a count, or by submitted, unknown, failed, skipped, periodStart, periodEnd. Failures are appended with their reasons.',
	},
	{
		displayName: 'Empty Period Message',
		name: 'emptyMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: 'No entries in the billing period {periodStart}..{periodEnd}: nothing to bill',
	},
	{
		displayName: 'Count Unknown Outcomes as Failed',
		name: 'unknownAsFailed',
		type: 'boolean',
		default: true,
		description: "Whether a submission whose answer was lost (it may have been created) makes the run 'partial' or 'failed' until it is settled",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['run'], operation: ['summarize'] } }, properties);

/** Bounded: a node fed by several branches runs once per branch; more runs than this are not read. */
const MAX_RUNS = 1000;

interface NodeProxy {
	isExecuted: boolean;
	all(branchIndex?: number, runIndex?: number): INodeExecutionData[];
}

/** Items a node emitted on one output over all its runs (0 when it did not run). */
function emitted(ctx: IExecuteFunctions, ref: string, i: number): IDataObject[] {
	const m = /^(.*?)(?:#(\d+))?$/.exec(ref.trim())!;
	const name = m[1].trim();
	const output = Number(m[2] ?? 0);
	const $ = ctx.getWorkflowDataProxy(i).$ as (n: string) => NodeProxy;
	let node: NodeProxy;
	try {
		node = $(name);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `No node named "${name}" in this workflow`, { itemIndex: i, description: 'Check the node names under Counts and Ledger Node.' });
	}
	if (!node.isExecuted) return [];
	const out: IDataObject[] = [];
	for (let run = 0; run < MAX_RUNS; run++) {
		let batch: INodeExecutionData[] | undefined;
		try {
			batch = node.all(output, run);
		} catch {
			break;
		}
		if (!Array.isArray(batch)) break;
		out.push(...batch.map((b) => b.json));
	}
	return out;
}

const refs = (text: unknown) => String(text ?? '').split('\n').map((s) => s.trim()).filter(Boolean);

/**
 * One run-log row for the whole run (lib/ledger/summary.ts); connect it where it runs last. A
 * whole-batch operation: it runs once, whatever the input, with the parameters of the first item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const i = 0;
	const spec = ((this.getNodeParameter('counts', i, {}) as IDataObject).count ?? []) as Array<{ name?: string; nodes?: string; minus?: string }>;
	const counts: Record<string, number> = {};
	for (const c of spec) {
		const name = String(c.name ?? '').trim();
		if (!name) continue;
		const plus = refs(c.nodes).reduce((n, r) => n + emitted(this, r, i).length, 0);
		const minus = refs(c.minus).reduce((n, r) => n + emitted(this, r, i).length, 0);
		counts[name] = (counts[name] ?? 0) + plus - minus;
	}
	const ledgerNode = String(this.getNodeParameter('ledgerNode', i, '') ?? '').trim();
	const sliceNodes = refs(this.getNodeParameter('sliceNode', i, ''));
	const summary = summarizeRun({
		counts,
		ledger: (ledgerNode ? emitted(this, ledgerNode, i) : []) as Array<Partial<LedgerRow>>,
		slices: sliceNodes.flatMap((r) => emitted(this, r, i)) as Array<Partial<RunSummary>>,
		periodStart: String(this.getNodeParameter('periodStart', i, '')),
		periodEnd: String(this.getNodeParameter('periodEnd', i, '')),
		message: String(this.getNodeParameter('message', i, '')),
		emptyMessage: String(this.getNodeParameter('emptyMessage', i, '')),
		unknownAsFailed: this.getNodeParameter('unknownAsFailed', i, true) as boolean,
		workflow: String(this.getWorkflow().name ?? ''),
		runAt: nowIso(),
	});
	return [[{ json: { ...summary } as unknown as IDataObject, pairedItem: { item: 0 } }]];
}
