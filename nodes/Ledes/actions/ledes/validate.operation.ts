import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { parseLedes } from '../../../../lib/ledes';
import { issuesJson, readLedesInput, validationOptions } from '../../helpers/utils';
import { sourceProperties, validationCollection } from '../common.descriptions';

const properties: INodeProperties[] = [...sourceProperties('validate'), validationCollection('validate')];

export const description = updateDisplayOptions({ show: { operation: ['validate'] } }, properties);

/** Output 0: valid files, output 1: invalid files. The input binary is passed through. */
export async function execute(this: IExecuteFunctions, i: number): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const item = this.getInputData()[i];
	const input = await readLedesInput.call(this, i);
	const r = parseLedes(input.text, validationOptions.call(this, i));
	const json: IDataObject = {
		valid: r.valid,
		format: r.format ?? null,
		...(r.header ? { header: r.header } : {}),
		...(input.fileName ? { fileName: input.fileName } : {}),
		errorCount: r.errors.length,
		warningCount: r.warnings.length,
		invoiceCount: r.invoices.length,
		lineItemCount: r.invoices.reduce((n, inv) => n + inv.lines.length, 0),
		invoices: r.invoices.map((inv) => ({
			number: inv.number,
			total: inv.total,
			statedTotal: inv.statedTotal ?? null,
			lineCount: inv.lines.length,
			matters: inv.matters,
			errorCount: inv.errorCount,
		})),
		errors: issuesJson(r.errors),
		warnings: issuesJson(r.warnings),
	};
	const out: INodeExecutionData = { json, pairedItem: { item: i } };
	if (item.binary) out.binary = item.binary;
	return [{ output: r.valid ? 0 : 1, item: out }];
}
