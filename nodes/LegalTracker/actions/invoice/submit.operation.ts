import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { parseLedes } from '../../../../lib/ledes';
import { readLedesBinary } from '../../../shared/ledesFile';
import { legalTrackerPaged, legalTrackerRequest, odataLiteral, legalTrackerUpload } from '../../transport';
import { withCreateOutcome } from '../../../shared/transport/http';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property holding the LEDES file (e.g. from the LEDES node)',
	},
	// POST /invoices requires firmId, firmOfficeId, matterId and typeId (vendor-specs/legaltracker/facts.md:68)
	{
		displayName: 'Firm ID',
		name: 'firmId',
		type: 'string',
		required: true,
		default: '',
		description: "Your law firm's ID in the client's Legal Tracker (required by Legal Tracker)",
	},
	{
		displayName: 'Firm Office ID',
		name: 'firmOfficeId',
		type: 'string',
		required: true,
		default: '',
		description: "The ID of your firm's office in the client's Legal Tracker (required by Legal Tracker)",
	},
	{
		displayName: 'Invoice Type ID',
		name: 'typeId',
		type: 'string',
		required: true,
		default: '',
		description: 'The invoice type ID the client set up for LEDES invoices (required by Legal Tracker)',
	},
	{
		displayName: 'Matter ID',
		name: 'matterId',
		type: 'string',
		default: '',
		description: "Legal Tracker matter ID (from Matter → Get Many). Empty: the matter whose clientMatterNumber is the file's CLIENT_MATTER_ID.",
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'USD', description: 'ISO 4217 code' },
			{ displayName: 'Is Memo', name: 'isMemo', type: 'boolean', default: false, description: 'Whether the invoice is a memo invoice' },
			{ displayName: 'Is Proforma', name: 'isProforma', type: 'boolean', default: false, description: 'Whether the invoice is a pro forma' },
			{
				displayName: 'Skip If Already on Legal Tracker',
				name: 'skipIfExists',
				type: 'boolean',
				default: false,
				description:
					"Whether to ask Legal Tracker first for an invoice with the file's invoice number on the matter, and submit nothing when there is one (the item's outcome is then 'exists'). Use it to reconcile a submission whose answer was lost (outcome 'unknown') before any resubmission.",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['submit'] } }, properties);

/**
 * Items carry outcome 'created' ('exists' when Skip If Already on Legal Tracker found the invoice);
 * a lost answer fails with outcome 'unknown' (may have been created), a refusal with 'failed'.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const items = await withCreateOutcome(async () => await create.call(this, i));
	return items.map((item) => (item.json.existing === true ? { ...item, json: { ...item.json, existing: undefined, outcome: 'exists' } } : item));
}

/** The invoice with the file's INVOICE_NUMBER on the matter, if Legal Tracker has one (a read: safe to retry). */
async function existingInvoice(this: IExecuteFunctions, text: string, matterId: string, i: number): Promise<IDataObject | undefined> {
	const numbers = [...new Set(parseLedes(text).invoices.map((inv) => inv.number).filter((n): n is string => Boolean(n)))];
	if (numbers.length !== 1) {
		throw new NodeOperationError(this.getNode(), `"Skip If Already on Legal Tracker" needs a file with exactly one invoice number (found ${numbers.length})`, { itemIndex: i });
	}
	const matter = /^\d+$/.test(matterId) ? matterId : odataLiteral(matterId, 'string');
	const found = await legalTrackerPaged.call(this, '/invoices', { $filter: `(invoiceNumber eq ${odataLiteral(numbers[0], 'string')}) and (matterId eq ${matter})` }, { limit: 1, itemIndex: i });
	return found.length ? { ...found[0], existing: true } : undefined;
}

async function create(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const prop = this.getNodeParameter('binaryPropertyName', i) as string;
	let matterId = String(this.getNodeParameter('matterId', i, '') ?? '').trim();
	const ids: IDataObject = {};
	for (const [k, label] of [['firmId', 'Firm ID'], ['firmOfficeId', 'Firm Office ID'], ['typeId', 'Invoice Type ID']]) {
		const v = String(this.getNodeParameter(k, i, '') ?? '').trim();
		if (!v) throw new NodeOperationError(this.getNode(), `"${label}" is empty`, { itemIndex: i, description: 'Legal Tracker requires firmId, firmOfficeId and typeId on every invoice it receives.' });
		ids[k] = /^\d+$/.test(v) ? Number(v) : v;
	}
	const extra = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const { buffer, format, fileName } = await readLedesBinary.call(this, i, prop);
	if (!matterId) matterId = await matterFromFile.call(this, buffer.toString('utf8'), i);
	if (extra.skipIfExists === true) {
		const existing = await existingInvoice.call(this, buffer.toString('utf8'), matterId, i);
		if (existing) return [{ json: existing }];
	}
	const contentType = format === 'XML' ? 'application/xml' : 'text/plain';

	// 1. an upload link from the eFiles API, 2. the file itself, 3. the invoice pointing at the file key
	const link = await legalTrackerRequest.call(this, 'POST', 'efiles', '/upload-links', { body: { fileName, contentType }, itemIndex: i });
	const uploadUrl = String(link.uploadUrl ?? link.url ?? '');
	const fileKey = String(link.fileKey ?? link.key ?? '');
	if (!uploadUrl || !fileKey) {
		throw new NodeOperationError(this.getNode(), 'Legal Tracker eFiles did not return an upload URL and file key', { itemIndex: i });
	}
	// credentials go only to the configured API hosts: a link elsewhere (object store) is PUT without them
	await legalTrackerUpload.call(this, uploadUrl, buffer, contentType, i);
	const body: IDataObject = {
		...ids,
		matterId: /^\d+$/.test(matterId) ? Number(matterId) : matterId,
		currency: String(extra.currency || 'USD').toUpperCase(),
		isLedes: true,
		isMemo: Boolean(extra.isMemo),
		isProforma: Boolean(extra.isProforma),
		invoiceFileKey: fileKey,
	};
	const invoice = await legalTrackerRequest.call(this, 'POST', 'billing', '/invoices', { body, itemIndex: i, creates: true });
	return [{ json: { ...invoice, invoiceFileKey: fileKey, fileName, format } }];
}

/** The Legal Tracker matter whose clientMatterNumber is the file's CLIENT_MATTER_ID (one matter per file). */
async function matterFromFile(this: IExecuteFunctions, text: string, i: number): Promise<string> {
	const parsed = parseLedes(text);
	const ids = [...new Set(parsed.invoices.flatMap((inv) => inv.lines.map((l) => l.matter?.clientMatterId ?? '')))];
	if (ids.length !== 1 || !ids[0]) {
		throw new NodeOperationError(this.getNode(), 'Matter ID is empty and the file does not name exactly one CLIENT_MATTER_ID', {
			itemIndex: i,
			description: ids.length > 1 ? `The file names ${ids.filter(Boolean).join(', ')}: set "Matter ID".` : 'Set "Matter ID" or fill CLIENT_MATTER_ID in the file.',
		});
	}
	const matters = await legalTrackerPaged.call(this, '/matters', { $select: 'id,clientMatterNumber', $filter: `clientMatterNumber eq ${odataLiteral(ids[0], 'string')}` }, { limit: 2, itemIndex: i });
	if (matters.length !== 1) {
		throw new NodeOperationError(this.getNode(), `No single Legal Tracker matter has clientMatterNumber "${ids[0]}" (found ${matters.length})`, { itemIndex: i, description: 'Set "Matter ID".' });
	}
	return String(matters[0].id);
}
