import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { LedesDecoder, LedesStreamReader, parseLedes, sortLedesIssues, type LedesInvoiceSummary, type LedesIssue, type LedesValidateOptions } from '../../../../lib/ledes';
import { decodeLedesBytes, issuesJson, validationOptions } from '../../helpers/utils';
import { sourceProperties, validationCollection } from '../common.descriptions';

const properties: INodeProperties[] = [...sourceProperties('validate'), validationCollection('validate')];

export const description = updateDisplayOptions({ show: { operation: ['validate'] } }, properties);

interface Report {
	valid: boolean;
	format: string | null;
	header?: string;
	errors: LedesIssue[];
	warnings: LedesIssue[];
	/** exact counts (the lists stop at 10,000 findings) */
	errorCount: number;
	warningCount: number;
	lineItemCount: number;
	invoices: IDataObject[];
}

/** 1998B / 98BI through the streaming engine: no invoice objects are built, so large files stay cheap. */
async function validateText(chunks: AsyncIterable<string | Buffer> | Iterable<string>, options: LedesValidateOptions): Promise<Report> {
	const errors: LedesIssue[] = [];
	const warnings: LedesIssue[] = [];
	const invoices: LedesInvoiceSummary[] = [];
	const engine = new LedesStreamReader(options, {
		onIssue: (i) => (i.severity === 'error' ? errors : warnings).push(i),
		onInvoice: (s) => invoices.push(s),
	});
	// the same decoding as the in-memory path (decodeLedesBytes): UTF-8, then Latin-1 from the first non-UTF-8 byte
	const decoder = new LedesDecoder();
	for await (const c of chunks) engine.push(typeof c === 'string' ? c : decoder.decode(c));
	const tail = decoder.end();
	if (tail) engine.push(tail);
	const summary = engine.end();
	return {
		valid: summary.valid,
		format: summary.format ?? null,
		...(summary.header ? { header: summary.header } : {}),
		errors: sortLedesIssues(errors),
		warnings: sortLedesIssues(warnings),
		errorCount: summary.errorCount,
		warningCount: summary.warningCount,
		lineItemCount: summary.lineItems,
		invoices: invoices.map((s) => ({ number: s.number, total: s.total, statedTotal: s.statedTotal, lineCount: s.lineCount, firstLine: s.firstLine, lastLine: s.lastLine, errorCount: s.errorCount })),
	};
}

function validateXml(text: string, options: LedesValidateOptions): Report {
	const r = parseLedes(text, options);
	return {
		valid: r.valid,
		format: r.format ?? null,
		...(r.header ? { header: r.header } : {}),
		errors: r.errors,
		warnings: r.warnings,
		errorCount: r.errorCount ?? r.errors.length,
		warningCount: r.warnings.length,
		lineItemCount: r.invoices.reduce((n, inv) => n + inv.lines.length, 0),
		invoices: r.invoices.map((inv) => ({ number: inv.number, total: inv.total, statedTotal: inv.statedTotal ?? null, lineCount: inv.lines.length, matters: inv.matters, errorCount: inv.errorCount })),
	};
}

/** Output 0: valid files, output 1: invalid files. The input binary is passed through. */
export async function execute(this: IExecuteFunctions, i: number): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const item = this.getInputData()[i];
	const options = validationOptions.call(this, i);
	const source = this.getNodeParameter('source', i) as string;
	let report: Report;
	let fileName: string | undefined;
	if (source === 'text') {
		const text = this.getNodeParameter('ledesText', i) as unknown;
		const t = typeof text === 'string' ? text : '';
		report = /^\s*</.test(t) ? validateXml(t, options) : await validateText([t], options);
	} else {
		const prop = (this.getNodeParameter('binaryPropertyName', i) as string).trim();
		const binary = this.helpers.assertBinaryData(i, prop);
		fileName = binary.fileName;
		const isXml = binary.mimeType?.includes('xml') || fileName?.toLowerCase().endsWith('.xml');
		if (binary.id && !isXml) {
			// Stored outside the item (filesystem / S3 mode): stream it, a few lines at a time.
			report = await validateText(await this.helpers.getBinaryStream(binary.id, 1 << 20), options);
		} else {
			const text = decodeLedesBytes(await this.helpers.getBinaryDataBuffer(i, prop));
			report = /^\s*</.test(text) ? validateXml(text, options) : await validateText([text], options);
		}
	}
	const json: IDataObject = {
		valid: report.valid,
		format: report.format,
		...(report.header ? { header: report.header } : {}),
		...(fileName ? { fileName } : {}),
		errorCount: report.errorCount,
		warningCount: report.warningCount,
		invoiceCount: report.invoices.length,
		lineItemCount: report.lineItemCount,
		invoices: report.invoices,
		errors: issuesJson(report.errors),
		warnings: issuesJson(report.warnings),
	};
	const out: INodeExecutionData = { json, pairedItem: { item: i } };
	if (item.binary) out.binary = item.binary;
	return [{ output: report.valid ? 0 : 1, item: out }];
}
