import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { baseInvoiceNumber, ledgerPlan, planEntry, type LedgerRow } from '../../../../lib/ledger';
import { listParameter } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Ledger Rows',
		name: 'ledgerRows',
		type: 'json',
		default: '[]',
		required: true,
		description: 'The ledger rows of the billing period as a list: an expression reading every item of the Data Table node that gets the rows of legal_billing_submissions for the period (see the docs page)',
	},
	{
		displayName: 'Number Prefix',
		name: 'numberPrefix',
		type: 'string',
		default: 'INV-C',
		description: 'Invoice numbers are &lt;prefix&gt;&lt;digits of the matter ID&gt;-&lt;YYYYMM of the period end&gt;; the prefix names the source system (C: Clio, A: Actionstep)',
	},
	{
		displayName: 'Period End',
		name: 'periodEnd',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2026-10-31',
		description: 'Last day of the billing period (YYYY-MM-DD)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['plan'] } }, properties);

const plans = new WeakMap<IExecuteFunctions, ReturnType<typeof ledgerPlan>>();

/**
 * One canonical entry in; out again with `invoiceNumber` when it is to be invoiced, nothing when a
 * submitted invoice of the period holds it (lib/ledger/plan.ts).
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	let plan = plans.get(this);
	if (!plan) plans.set(this, (plan = ledgerPlan(listParameter<LedgerRow>(this, 'ledgerRows', 'Ledger Rows'))));
	const entry = this.getInputData()[i].json;
	const id = String(entry.id ?? '');
	if (!id) throw new NodeOperationError(this.getNode(), 'The entry has no "id"', { itemIndex: i, description: 'Plan Invoices takes canonical billing entries (Clio, Actionstep: output "canonical").' });
	const matter = entry.matter as { id?: unknown } | undefined;
	let base: string;
	try {
		base = baseInvoiceNumber(String(this.getNodeParameter('numberPrefix', i, 'INV-C')), matter?.id, String(this.getNodeParameter('periodEnd', i, '')));
	} catch (e) {
		throw new NodeOperationError(this.getNode(), (e as Error).message, { itemIndex: i });
	}
	const planned = planEntry(plan, id, base);
	return planned ? [{ json: { ...entry, invoiceNumber: planned.invoiceNumber } }] : [];
}
