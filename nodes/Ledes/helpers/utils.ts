import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { decodeLedesBytes, type LedesIssue, type LedesValidateOptions } from '../../../lib/ledes';
import { isKnownUtbmsCode } from '../../../lib/utbms';

export interface LedesInput {
	text: string;
	fileName?: string;
	/** the binary property read, when the file came from binary data */
	binaryProperty?: string;
}

/** Decodes file bytes as the streamed path does (lib/ledes/decode): UTF-8 (BOM dropped), Latin-1 from the first byte that is not UTF-8. */
export { decodeLedesBytes };

/** The LEDES file of item i: from a binary property or from a text parameter. */
export async function readLedesInput(this: IExecuteFunctions, i: number): Promise<LedesInput> {
	const source = this.getNodeParameter('source', i) as string;
	if (source === 'text') {
		const text = this.getNodeParameter('ledesText', i) as unknown;
		if (typeof text !== 'string' || text.trim() === '')
			throw new NodeOperationError(this.getNode(), `Item ${i}: the LEDES Text parameter is empty`, {
				itemIndex: i,
				description: 'Put the file content in "LEDES Text", e.g. {{ $json.ledes }}, or choose Binary File as the source.',
			});
		return { text };
	}
	const prop = (this.getNodeParameter('binaryPropertyName', i) as string).trim();
	const binary = this.helpers.assertBinaryData(i, prop);
	const buf = await this.helpers.getBinaryDataBuffer(i, prop);
	return { text: decodeLedesBytes(buf), fileName: binary.fileName, binaryProperty: prop };
}

/** Validator options from the node's "Validation" collection. */
export function validationOptions(this: IExecuteFunctions, i: number): LedesValidateOptions {
	const o = this.getNodeParameter('validation', i, {}) as IDataObject;
	const out: LedesValidateOptions = {};
	if (o.checkUtbmsCodes !== false) out.isKnownCode = (kind, code) => isKnownUtbmsCode(kind, code, { acceptUnverified: true });
	if (typeof o.classifications === 'string' && o.classifications !== 'both') out.classifications = o.classifications as 'revised' | 'legacy';
	if (typeof o.maxLineDescription === 'number' && o.maxLineDescription > 0) out.maxLength = { LINE_ITEM_DESCRIPTION: o.maxLineDescription };
	if (typeof o.tolerance === 'string' && o.tolerance.trim() !== '') out.tolerance = o.tolerance.trim();
	if (o.strictAscii === true) out.strictAscii = true;
	return out;
}

/** Issues as plain JSON for n8n items. */
export function issuesJson(list: LedesIssue[]): IDataObject[] {
	return list.map((e) => ({ ...e }) as unknown as IDataObject);
}

/** One-paragraph summary of the first findings, for error messages. */
export function firstIssues(list: LedesIssue[], n = 3): string {
	const head = list.slice(0, n).map((e) => e.message);
	return head.join(' ') + (list.length > n ? ` (and ${list.length - n} more)` : '');
}
