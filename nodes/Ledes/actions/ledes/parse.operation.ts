import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { parseLedes, type LedesIssue } from '../../../../lib/ledes';
import { firstIssues, issuesJson, readLedesInput, validationOptions } from '../../helpers/utils';
import { sourceProperties, validationCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	...sourceProperties('parse'),
	{
		displayName: 'Output',
		name: 'outputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Line Item', value: 'lineItems', description: 'Canonical billing entries, each with its invoice fields' },
			{ name: 'One Item per Invoice', value: 'invoices', description: 'Canonical invoices with their lines and totals' },
		],
		default: 'lineItems',
	},
	{
		displayName: 'Fail on Invalid File',
		name: 'failOnErrors',
		type: 'boolean',
		default: false,
		description: 'Whether a file with validation errors stops the node; otherwise its items carry the errors that concern them',
	},
	validationCollection('parse'),
];

export const description = updateDisplayOptions({ show: { operation: ['parse'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const input = await readLedesInput.call(this, i);
	const r = parseLedes(input.text, validationOptions.call(this, i));
	const failOnErrors = this.getNodeParameter('failOnErrors', i, false) as boolean;
	if (failOnErrors && !r.valid) {
		throw new NodeOperationError(this.getNode(), `Item ${i}: the LEDES file${input.fileName ? ` ${input.fileName}` : ''} has ${r.errors.length} error(s)`, {
			itemIndex: i,
			description: firstIssues(r.errors),
		});
	}
	if (r.invoices.length === 0 && r.errors.length) {
		throw new NodeOperationError(this.getNode(), `Item ${i}: no invoice could be read from the LEDES file`, { itemIndex: i, description: firstIssues(r.errors) });
	}
	const mode = this.getNodeParameter('outputMode', i) as string;
	const paired = { item: i };
	const byLine = new Map<number, LedesIssue[]>();
	for (const e of r.errors) {
		const list = byLine.get(e.line) ?? [];
		list.push(e);
		byLine.set(e.line, list);
	}
	// Findings on the header and column lines concern the whole file: every item carries them.
	const fileErrors = r.errors.filter((e) => e.line <= 2);
	const out: Array<{ output: number; item: INodeExecutionData }> = [];
	for (const inv of r.invoices) {
		const invErrors = r.errors.filter((e) => e.invoiceNumber === inv.number);
		if (mode === 'invoices') {
			const json = {
				...inv,
				format: r.format,
				...(input.fileName ? { fileName: input.fileName } : {}),
				errors: issuesJson([...fileErrors, ...invErrors]),
			} as unknown as IDataObject;
			out.push({ output: 0, item: { json, pairedItem: paired } });
			continue;
		}
		const { lines, ...header } = inv;
		for (const line of lines) {
			const fileLine = Number(line.extra?.fileLine ?? 0);
			const lineErrors = byLine.get(fileLine) ?? [];
			const json = {
				...line,
				invoice: {
					number: header.number,
					date: header.date,
					periodStart: header.periodStart,
					periodEnd: header.periodEnd,
					description: header.description,
					currency: header.currency,
					total: header.total,
					statedTotal: header.statedTotal,
					client: header.client,
					lawFirm: header.lawFirm,
				},
				format: r.format,
				...(lineErrors.length ? { errors: issuesJson(lineErrors) } : {}),
				...(fileErrors.length ? { fileErrors: issuesJson(fileErrors) } : {}),
			} as unknown as IDataObject;
			out.push({ output: 0, item: { json, pairedItem: paired } });
		}
	}
	return out;
}
