import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { detectLedesFormat } from '../../../Brightflag/actions/invoice/submit.operation';
import { legalTrackerRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property holding the LEDES file (e.g. from the LEDES node)',
	},
	{
		displayName: 'Matter ID',
		name: 'matterId',
		type: 'string',
		default: '',
		required: true,
		description: 'Legal Tracker matter ID (from Matter → Get Many)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'USD', description: 'ISO 4217 code' },
			{ displayName: 'Firm ID', name: 'firmId', type: 'string', default: '' },
			{ displayName: 'Firm Office ID', name: 'firmOfficeId', type: 'string', default: '' },
			{ displayName: 'Is Memo', name: 'isMemo', type: 'boolean', default: false, description: 'Whether the invoice is a memo invoice' },
			{ displayName: 'Is Proforma', name: 'isProforma', type: 'boolean', default: false, description: 'Whether the invoice is a pro forma' },
			{ displayName: 'Type ID', name: 'typeId', type: 'string', default: '', description: 'Invoice type ID, when the client uses types' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['submit'] } }, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const prop = this.getNodeParameter('binaryPropertyName', i) as string;
	const matterId = String(this.getNodeParameter('matterId', i) ?? '').trim();
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	if (!matterId) throw new NodeOperationError(this.getNode(), 'Matter ID is empty', { itemIndex: i });
	const binary = this.helpers.assertBinaryData(i, prop);
	const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
	const format = detectLedesFormat(buffer.toString('utf8'));
	if (!format) {
		throw new NodeOperationError(this.getNode(), `The file in binary field "${prop}" is not a LEDES file`, {
			itemIndex: i,
			description: 'Expected a first line "LEDES1998B[]", "LEDES98BI V2[]" or a <ledesxmlebilling…> XML root.',
		});
	}
	const fileName = binary.fileName ?? `invoice.${format === 'XML' ? 'xml' : 'txt'}`;
	const contentType = format === 'XML' ? 'application/xml' : 'text/plain';

	// 1. an upload link from the eFiles API, 2. the file itself, 3. the invoice pointing at the file key
	const link = await legalTrackerRequest.call(this, 'POST', 'efiles', '/upload-links', { body: { fileName, contentType }, itemIndex: i });
	const uploadUrl = String(link.uploadUrl ?? link.url ?? '');
	const fileKey = String(link.fileKey ?? link.key ?? '');
	if (!uploadUrl || !fileKey) {
		throw new NodeOperationError(this.getNode(), 'Legal Tracker eFiles did not return an upload URL and file key', { itemIndex: i });
	}
	await legalTrackerRequest.call(this, 'PUT', 'absolute', uploadUrl, { body: buffer, json: false, headers: { 'Content-Type': contentType }, itemIndex: i });
	const body: IDataObject = {
		matterId,
		currency: String(extra.currency || 'USD').toUpperCase(),
		isLedes: true,
		isMemo: Boolean(extra.isMemo),
		isProforma: Boolean(extra.isProforma),
		invoiceFileKey: fileKey,
	};
	for (const k of ['firmId', 'firmOfficeId', 'typeId']) if (extra[k]) body[k] = extra[k];
	const invoice = await legalTrackerRequest.call(this, 'POST', 'billing', '/invoices', { body, itemIndex: i });
	return [{ json: { ...invoice, invoiceFileKey: fileKey, fileName, format } }];
}
