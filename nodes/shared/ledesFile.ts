/**
 * A LEDES file from an item's binary field, as the submitting operations read it (Brightflag and
 * Legal Tracker Invoice → Submit): its bytes, its detected format and a file name.
 */
import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';
import { detectLedesFormat } from '../../lib/ledes';

export interface LedesBinary {
	binary: IBinaryData;
	buffer: Buffer;
	format: '1998B' | '98BI' | 'XML';
	/** the binary's file name, else invoice.txt / invoice.xml */
	fileName: string;
}

export async function readLedesBinary(this: IExecuteFunctions, i: number, prop: string): Promise<LedesBinary> {
	const binary = this.helpers.assertBinaryData(i, prop);
	const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
	const format = detectLedesFormat(buffer.toString('utf8'));
	if (!format) {
		throw new NodeOperationError(this.getNode(), `The file in binary field "${prop}" is not a LEDES file`, {
			itemIndex: i,
			description: 'Expected a first line "LEDES1998B[]", "LEDES98BI V2[]" or a <ledesxmlebilling…> XML root.',
		});
	}
	return { binary, buffer, format, fileName: binary.fileName ?? `invoice.${format === 'XML' ? 'xml' : 'txt'}` };
}
