import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { deepCopy, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { BillingEntry } from '../../../../lib/model';
import { evaluateOcg, flatFeeLines, selectRuleSet, type CompiledRuleSet, type EntryResult } from '../../../../lib/ocg';
import { budgetError, getPath, isoDateParam, ruleSetFor, RuleSetCache, setPath, todayIn } from '../../helpers/utils';
import { parseBudgetModel, type BudgetModel } from '../../../../lib/budget';
import { asNodeError, failedItem } from '../../../shared/router';

const properties: INodeProperties[] = [
	{
		displayName: 'Entry Field',
		name: 'entryField',
		type: 'string',
		default: '',
		placeholder: 'e.g. entry',
		description:
			'Dot path of the canonical billing entry in each item (as output by the Clio and Actionstep nodes). Leave empty when the item itself is the entry.',
	},
	{
		displayName: 'Apply Adjustments',
		name: 'applyAdjustments',
		type: 'boolean',
		default: false,
		description:
			'Whether to write the adjusted quantity, rate, adjustment and total into the entry (the original values are kept under the result field). Entries that only needed adjustments then go to Compliant; otherwise they go to Needs Review.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Billing Period End',
				name: 'periodEnd',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'Last day of the billing period (inclusive); needed by the billing-period and late-invoice rules',
			},
			{
				displayName: 'Billing Period Start',
				name: 'periodStart',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'First day of the billing period (inclusive); needed by the billing-period rule',
			},
			{
				displayName: 'Budgets',
				name: 'budgets',
				type: 'json',
				default: '',
				description:
					'Matter budgets and fee arrangements (totals, UTBMS phases, caps, flat fees, blended rates) whose rules are added to the rule set: a budget model (JSON or YAML), or the budget rows a Data Table node read (an expression on that node). A rule set can also carry a "budget" section. See docs/budgets.md.',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD',
				description: 'The invoice currency; also used for entries that name no currency',
			},
			{
				displayName: 'Invoice Date',
				name: 'invoiceDate',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: 'Stale charges are aged to this date (default: today); needed by the late-invoice rule',
			},
			{
				displayName: 'Invoice Field',
				name: 'invoiceField',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoiceNumber',
				description: 'Dot path of the field naming the invoice of each item (with Invoice Grouping "By Field")',
			},
			{
				displayName: 'Invoice Grouping',
				name: 'invoiceGrouping',
				type: 'options',
				options: [
					{ name: 'One Invoice per Matter', value: 'matter', description: 'As the LEDES node builds them' },
					{ name: 'One Invoice for All Items', value: 'all' },
					{ name: 'By Field', value: 'field', description: 'Items with the same value of a field form one invoice' },
				],
				default: 'matter',
				description: 'Which items will be billed together, for invoice-level rules such as multi-matter invoices. Daily hours, duplicates and staffing always count across all items.',
			},
			{
				displayName: 'Out-of-Scope Entries',
				name: 'outOfScope',
				type: 'options',
				options: [
					{ name: 'Needs Review', value: 'review', description: 'A person decides which guidelines apply' },
					{ name: 'Compliant', value: 'compliant', description: 'The rule set does not concern them' },
				],
				default: 'review',
				description: "Where entries go that the rule set's scope (client, matter type, matter, effective dates) does not cover",
			},
			{
				displayName: 'Result Field',
				name: 'resultField',
				type: 'string',
				default: 'ocg',
				description: 'Name of the field added to each item with the status, violations and adjustments',
			},
			{
				displayName: 'Today',
				name: 'today',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
				description: "Today's date for future-date checks (default: today in the workflow's time zone)",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['check'] } }, properties);

export const OUTPUTS = { compliant: 0, review: 1, rejected: 2 } as const;

/** Checks every input item as one batch (daily hours, duplicates and staffing count across items). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const outputs: INodeExecutionData[][] = [[], [], []];
	const cache = new RuleSetCache();
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const resultField = String(options.resultField || 'ocg');
	const applyAdjustments = this.getNodeParameter('applyAdjustments', 0, false) as boolean;
	const today = isoDateParam.call(this, options.today, 'Today') ?? todayIn(this.getTimezone());
	const invoiceDate = isoDateParam.call(this, options.invoiceDate, 'Invoice Date') ?? today;
	const context = {
		today,
		invoiceDate,
		periodStart: isoDateParam.call(this, options.periodStart, 'Billing Period Start'),
		periodEnd: isoDateParam.call(this, options.periodEnd, 'Billing Period End'),
		currency: options.currency ? String(options.currency).trim().toUpperCase() : undefined,
	};
	let budget: BudgetModel | undefined;
	if (options.budgets !== undefined && options.budgets !== '')
		try {
			budget = parseBudgetModel(options.budgets);
		} catch (e) {
			throw budgetError(this, e, 0);
		}
	const grouping = String(options.invoiceGrouping || 'matter');
	const invoiceField = String(options.invoiceField ?? '').trim();
	if (grouping === 'field' && !invoiceField) throw new NodeOperationError(node, 'Invoice Grouping "By Field" needs the Invoice Field option');
	if (context.periodStart && context.periodEnd && context.periodStart > context.periodEnd)
		throw new NodeOperationError(node, `Billing Period Start ${context.periodStart} is after Billing Period End ${context.periodEnd}`);

	// read each item's entry and rule set; items that fail are reported (or continue on fail)
	const fail = (i: number, error: Error) => {
		if (!this.continueOnFail()) throw asNodeError.call(this, error, i);
		// the Continue On Fail rule: never let a failed item through to Compliant, a person has to look at it
		outputs[OUTPUTS.review].push(failedItem.call(this, error, i, items[i].json));
	};
	const entries: BillingEntry[] = [];
	const sets: CompiledRuleSet[][] = [];
	const itemOf: number[] = [];
	for (let i = 0; i < items.length; i++) {
		let entryField: string;
		try {
			entryField = (this.getNodeParameter('entryField', i, '') as string).trim();
		} catch (e) {
			fail(i, e as Error);
			continue;
		}
		const entry = getPath(items[i].json, entryField);
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			fail(
				i,
				new NodeOperationError(node, `Item ${i} has no billing entry${entryField ? ` in field "${entryField}"` : ''}`, {
					itemIndex: i,
					description: 'Expected a canonical billing entry object (id, kind, date, quantity, rate, …), as output by the Clio or Actionstep node',
				}),
			);
			continue;
		}
		let set: CompiledRuleSet[];
		try {
			set = await ruleSetFor.call(this, i, cache, budget);
		} catch (e) {
			fail(i, e as Error);
			continue;
		}
		entries.push(entry as BillingEntry);
		sets.push(set);
		itemOf.push(i);
	}

	const invoiceOf =
		grouping === 'all'
			? undefined
			: grouping === 'matter'
				? (e: BillingEntry) => e.matter?.id ?? e.matter?.number ?? e.matter?.clientMatterId ?? ''
				: (_e: BillingEntry, k: number) => String(getPath(items[itemOf[k]].json, invoiceField) ?? '');
	// one rule set (or list) for all items: the engine picks per entry; else each item's own
	const shared = sets.length > 0 && sets.every((s) => s === sets[0]);
	const evaluation = evaluateOcg(entries, shared ? sets[0] : [], {
		...context,
		invoiceOf,
		ruleSetFor: shared ? undefined : (_e, k) => selectRuleSet(sets[k], entries[k]),
	});
	const { results, summary } = evaluation;
	// flat-fee phases bill as one line (lib/ocg/budget.ts): it replaces the covered entries that need nothing else
	const flat = applyAdjustments ? flatFeeLines(entries, evaluation) : [];
	const absorbed = new Set(flat.flatMap((f) => f.covers.filter((k) => results[k].status === 'adjusted')));
	for (const f of flat) {
		const first = itemOf[f.covers[0]];
		const entryField = (this.getNodeParameter('entryField', first, '') as string).trim();
		const json = entryField ? deepCopy(items[first].json) : ({ ...f.line } as unknown as IDataObject);
		if (entryField) setPath(json, entryField, f.line);
		const { line: _line, covers: _covers, ...flatFee } = f;
		setPath(json, resultField, { status: 'compliant', ruleSet: results[f.covers[0]].ruleSet ?? null, violations: [], flatFee: { ...flatFee } });
		outputs[OUTPUTS.compliant].push({ json, pairedItem: f.covers.map((k) => ({ item: itemOf[k] })) });
	}

	// rules that could not run on this batch (e.g. no billing period given) are named on every item they concern
	const skipped = new Map<string, IDataObject[]>();
	for (const x of summary.skipped) skipped.set(x.ruleSetId, [...(skipped.get(x.ruleSetId) ?? []), { ruleId: x.ruleId, reason: x.reason }]);
	for (let k = 0; k < results.length; k++) {
		const i = itemOf[k];
		const r = results[k];
		if (r.status === 'error') {
			const field = r.error?.field ? `field "${r.error.field}"` : 'entry';
			fail(
				i,
				new NodeOperationError(node, `Item ${i}: the billing entry's ${field} is not valid`, { itemIndex: i, description: r.error?.message }),
			);
			continue;
		}
		if (absorbed.has(k)) continue;
		const json = deepCopy(items[i].json);
		if (!r.ruleSet) {
			setPath(json, resultField, { status: 'outOfScope', ruleSet: null, violations: [] });
			outputs[options.outOfScope === 'compliant' ? OUTPUTS.compliant : OUTPUTS.review].push({ json, pairedItem: { item: i } });
			continue;
		}
		const applied = applyAdjustments && !!r.adjusted;
		if (applied) {
			const entryField = (this.getNodeParameter('entryField', i, '') as string).trim();
			const target = (entryField ? getPath(json, entryField) : json) as IDataObject;
			const e = entries[k];
			const original = { quantity: e.quantity, rate: e.rate, adjustment: e.adjustment ?? '0', total: e.total ?? null };
			target.quantity = r.adjusted!.quantity;
			target.rate = r.adjusted!.rate;
			target.adjustment = r.adjusted!.adjustment;
			target.total = r.adjusted!.total;
			setPath(json, resultField, resultOf(r, applied, skipped.get(r.ruleSet.id), original));
		} else setPath(json, resultField, resultOf(r, applied, skipped.get(r.ruleSet.id)));
		const output =
			r.status === 'rejected' ? OUTPUTS.rejected : r.status === 'review' || (r.status === 'adjusted' && !applyAdjustments) ? OUTPUTS.review : OUTPUTS.compliant;
		outputs[output].push({ json, pairedItem: { item: i } });
	}
	// items failed while reading were output first: restore input order on every output
	const at = (x: INodeExecutionData) => ([x.pairedItem].flat()[0] as { item: number }).item;
	for (const o of outputs) o.sort((x, y) => at(x) - at(y));
	return outputs;
}

function resultOf(r: EntryResult, applied: boolean, skippedRules: IDataObject[] | undefined, original?: IDataObject): IDataObject {
	const out: IDataObject = {
		status: r.status,
		ruleSet: r.ruleSet ?? null,
		violations: r.violations.map((v) => ({ ...v })) as unknown as IDataObject[],
	};
	if (r.adjusted) {
		out.adjusted = { ...r.adjusted };
		out.adjustmentsApplied = applied;
	}
	if (original) out.original = original;
	if (skippedRules) out.skippedRules = skippedRules;
	return out;
}
