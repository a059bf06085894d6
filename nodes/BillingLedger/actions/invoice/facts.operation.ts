import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { invoiceFacts, type BuiltInvoice } from '../../../../lib/ledger';
import { listParameter } from '../params';

const properties: INodeProperties[] = [
	{
		displayName: 'Entries',
		name: 'entries',
		type: 'json',
		default: '[]',
		required: true,
		description: 'The entries the LEDES Build node received, in order, as a list (an expression reading every item of the node before Build): the entry IDs and client matter number of each invoice are read from them',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['facts'] } }, properties);

/** One LEDES file (LEDES node, Build, one invoice per file) → its facts; the file stays on the item. */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const item = this.getInputData()[i];
	const invoices = item.json.invoices as BuiltInvoice[] | undefined;
	if (!Array.isArray(invoices) || invoices.length !== 1) {
		throw new NodeOperationError(this.getNode(), `Expected one invoice per file (found ${Array.isArray(invoices) ? invoices.length : 'none'})`, {
			itemIndex: i,
			description: 'Set the LEDES node (Build) to one file per invoice.',
		});
	}
	const facts = invoiceFacts(invoices[0], listParameter(this, 'entries', 'Entries'));
	return [{ json: { ...facts, fileName: item.json.fileName, valid: item.json.valid }, binary: item.binary }];
}
