import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { buildInvoiceFiles, groupIntoInvoices, invoiceFromEntries, LedesWriteError, type InvoiceGroupField, type InvoiceLineInput, type LedesFormat } from '../../../../lib/ledes';
import type { BillingEntry, Invoice } from '../../../../lib/model';
import { entryKindOf, EntryFieldError, isAdjustmentKind, readCanonicalEntry, readDecimal, readIsoDate, textOf } from '../../../../lib/model/entry';
import { issuesJson } from '../../helpers/utils';

const show = { inputShape: ['fields'] };
const mapped = (displayName: string, name: string, def: string, description: string, required = false): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: def,
	required,
	description,
	displayOptions: { show },
});

const properties: INodeProperties[] = [
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'LEDES 1998B', value: '1998B' },
			{ name: 'LEDES 98BI (V2, with Tax)', value: '98BI' },
			{ name: 'LEDES XML 2.1', value: 'XML2.1' },
		],
		default: '1998B',
	},
	{
		displayName: 'Input Shape',
		name: 'inputShape',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Canonical Billing Entry', value: 'canonical', description: 'Items from the Clio, Actionstep, UTBMS or OCG nodes' },
			{ name: 'Mapped Fields', value: 'fields', description: 'Any item shape: map each line field with an expression' },
		],
		default: 'canonical',
	},
	mapped('Entry Kind', 'kind', '={{ $json.kind }}', 'Fee, expense, feeAdjustment, expenseAdjustment, or the LEDES codes F, E, IF, IE', true),
	mapped('Date', 'date', '={{ $json.date }}', 'Date of the work or expense, YYYY-MM-DD', true),
	mapped('Quantity', 'quantity', '={{ $json.quantity }}', 'Hours for fees, units for expenses (decimal)', true),
	mapped('Rate', 'rate', '={{ $json.rate }}', 'Rate per hour or cost per unit (decimal)', true),
	mapped('Matter ID', 'matterId', '={{ $json.matterId }}', "The firm's matter number (LAW_FIRM_MATTER_ID)", true),
	mapped('Narrative', 'narrative', '={{ $json.narrative }}', 'Line description; separators, line breaks and non-ASCII characters are neutralised'),
	mapped('Timekeeper ID', 'timekeeperId', '={{ $json.timekeeperId }}', 'Required on fee lines'),
	mapped('Timekeeper Name', 'timekeeperName', '={{ $json.timekeeperName }}', 'As "Last, First"; required on fee lines'),
	mapped('Timekeeper Classification', 'timekeeperClassification', '={{ $json.timekeeperClassification }}', 'E.g. PARTNR, ASSOC, PARALG (or the legacy PT, AS, PL)'),
	mapped('Task Code', 'taskCode', '={{ $json.taskCode }}', 'UTBMS task code, e.g. L110'),
	mapped('Activity Code', 'activityCode', '={{ $json.activityCode }}', 'UTBMS activity code, e.g. A101'),
	mapped('Expense Code', 'expenseCode', '={{ $json.expenseCode }}', 'UTBMS expense code, e.g. E101'),
	{
		displayName: 'Additional Line Fields',
		name: 'lineFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Adjustment', name: 'adjustment', type: 'string', default: '', description: 'Discount (negative) or premium (positive) on the line' },
			{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', description: 'Client ID of this line, when the invoice-level Client ID is empty' },
			{ displayName: 'Client Matter ID', name: 'clientMatterId', type: 'string', default: '', description: "The client's own matter ID" },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', description: 'ISO 4217 code, e.g. USD' },
			{ displayName: 'Matter Name', name: 'matterName', type: 'string', default: '', description: 'Required by 98BI' },
			{ displayName: 'Tax Amount', name: 'taxAmount', type: 'string', default: '', description: 'Tax on the line (98BI)' },
			{ displayName: 'Tax Rate', name: 'taxRate', type: 'string', default: '', description: 'Decimal from 0 to 1, e.g. 0.2 (98BI)' },
			{ displayName: 'Tax Type', name: 'taxType', type: 'string', default: '', description: 'E.g. VAT, GST (98BI).' },
		],
	},
	{
		displayName: 'Invoice Number',
		name: 'invoiceNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: "e.g. {{ 'INV-' + $json.matter.number }}",
		description: 'Evaluated for each item; the first item of each invoice group gives the number',
	},
	{
		displayName: 'Invoice Date',
		name: 'invoiceDate',
		type: 'string',
		default: "={{ $today.toFormat('yyyy-MM-dd') }}",
		required: true,
		description: "YYYY-MM-DD, in the firm's time zone",
	},
	{
		displayName: 'Law Firm ID',
		name: 'lawFirmId',
		type: 'string',
		default: '',
		required: true,
		description: "LAW_FIRM_ID: the firm's US federal tax ID where it has one",
	},
	{
		displayName: 'Group Into Invoices By',
		name: 'groupBy',
		type: 'multiOptions',
		options: [
			{ name: 'Client', value: 'client' },
			{ name: 'Currency', value: 'currency' },
			{ name: 'Invoice Number', value: 'invoiceNumber' },
			{ name: 'Matter', value: 'matter' },
		],
		default: ['invoiceNumber'],
		description: 'Items with the same values of these fields form one invoice (one invoice may bill several matters)',
	},
	{
		displayName: 'Output Files',
		name: 'fileMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One File per Invoice', value: 'perInvoice' },
			{ name: 'One File for All Invoices', value: 'perRun' },
		],
		default: 'perInvoice',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	{
		displayName: 'Invoice Details',
		name: 'invoiceDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		description: 'Evaluated for the first item of each invoice',
		options: [
			{ displayName: 'Account Type', name: 'accountType', type: 'options', options: [{ name: 'Ordinary (O)', value: 'O' }, { name: 'Trust (T)', value: 'T' }], default: 'O' },
			{ displayName: 'Billing End Date', name: 'periodEnd', type: 'string', default: '', description: 'YYYY-MM-DD; by default the latest line date' },
			{ displayName: 'Billing Start Date', name: 'periodStart', type: 'string', default: '', description: 'YYYY-MM-DD; by default the earliest line date' },
			{ displayName: 'Client Country', name: 'clientCountry', type: 'string', default: '' },
			{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '', description: "LEDES CLIENT_ID; by default the first entry's LEDES client ID, else its client ID" },
			{ displayName: 'Client Name', name: 'clientName', type: 'string', default: '' },
			{ displayName: 'Client Tax ID', name: 'clientTaxId', type: 'string', default: '', description: 'Required by 98BI' },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: '', description: "ISO 4217; by default the entries' currency (required by 98BI)" },
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'INVOICE_DESCRIPTION' },
			{ displayName: 'Law Firm Country', name: 'lawFirmCountry', type: 'string', default: '' },
			{ displayName: 'Law Firm Name', name: 'lawFirmName', type: 'string', default: '' },
			{ displayName: 'PO Number', name: 'poNumber', type: 'string', default: '' },
			{ displayName: 'Tax Currency', name: 'taxCurrency', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: 'LEDES_{invoice}.{ext}',
				description: '{invoice} is the invoice number (or "batch" for one file of several invoices), {ext} txt or xml',
			},
			{
				displayName: 'Line Ending',
				name: 'lineEnding',
				type: 'options',
				options: [
					{ name: 'CRLF (Windows, as the Specification Asks)', value: 'crlf' },
					{ name: 'LF', value: 'lf' },
				],
				default: 'crlf',
			},
			{
				displayName: 'Timekeeper Classifications',
				name: 'classifications',
				type: 'options',
				options: [
					{ name: 'As Given', value: 'asIs' },
					{ name: 'Revised (PT → PARTNR …)', value: 'revised' },
					{ name: 'Legacy (PARTNR → PT …)', value: 'legacy' },
				],
				default: 'asIs',
			},
			{
				displayName: 'Total Decimals',
				name: 'totalDecimals',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 4 },
				default: 2,
				description: 'Decimals of computed line totals (rounded half away from zero)',
			},
			{
				displayName: 'Vendor ID (XML)',
				name: 'vendorId',
				type: 'string',
				default: '',
				description: 'Lf_vendor_id written in LEDES XML',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['build'] } }, properties);

type Fail = (message: string, field: string) => never;

/** Runs a lib reader; an EntryFieldError becomes `fail(message, field name as the user knows it)`. */
function reading<T>(node: INode, fail: Fail, names: Record<string, string>, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof EntryFieldError) return fail(error.message, names[error.field] ?? error.field);
		throw new NodeOperationError(node, error as Error);
	}
}

/** A canonical entry from item i (canonical shape checked, or mapped fields evaluated). */
function entryFromItem(this: IExecuteFunctions, i: number, shape: string): BillingEntry {
	const fail: Fail = (message, field) => {
		throw new NodeOperationError(this.getNode(), `Item ${i}, field "${field}": ${message}`, { itemIndex: i });
	};
	if (shape === 'canonical')
		return reading(this.getNode(), fail, {}, () =>
			readCanonicalEntry(this.getInputData()[i].json, { requireMatter: true, kindHint: ' (is this item a canonical billing entry? choose Mapped Fields otherwise)' }),
		);
	const p = (name: string) => this.getNodeParameter(name, i, '') as unknown;
	const extra = this.getNodeParameter('lineFields', i, {}) as IDataObject;
	const kindText = textOf(p('kind')) ?? '';
	const kind = entryKindOf(kindText);
	if (!kind) return fail(`"${kindText}" is not fee, expense, feeAdjustment, expenseAdjustment (or F, E, IF, IE)`, 'Entry Kind');
	const adj = isAdjustmentKind(kind);
	const matter = textOf(p('matterId'));
	if (!matter) fail("is empty; LEDES needs the firm's matter ID on every line", 'Matter ID');
	return reading(this.getNode(), fail, {}, () => {
		const entry: BillingEntry = {
			id: `item:${i}`,
			source: { system: 'n8n', id: String(i) },
			kind,
			date: readIsoDate(p('date'), 'Date')!,
			quantity: readDecimal(p('quantity'), 'Quantity', adj) ?? '0',
			rate: readDecimal(p('rate'), 'Rate', adj) ?? '0',
			adjustment: readDecimal(extra.adjustment, 'Adjustment', true) ?? '0',
			matter: { id: matter!, number: matter },
		};
		const narrative = textOf(p('narrative'));
		if (narrative) entry.narrative = narrative;
		const tkId = textOf(p('timekeeperId'));
		const tkName = textOf(p('timekeeperName'));
		const tkClass = textOf(p('timekeeperClassification'));
		if (tkId || tkName || tkClass) entry.timekeeper = { id: tkId ?? '', ...(tkName ? { name: tkName } : {}), ...(tkClass ? { classification: tkClass } : {}) };
		const codes = { task: textOf(p('taskCode')), activity: textOf(p('activityCode')), expense: textOf(p('expenseCode')) };
		if (codes.task || codes.activity || codes.expense) entry.codes = codes;
		if (textOf(extra.clientMatterId)) entry.matter!.clientMatterId = textOf(extra.clientMatterId);
		if (textOf(extra.matterName)) entry.matter!.name = textOf(extra.matterName);
		if (textOf(extra.clientId)) entry.client = { id: textOf(extra.clientId)! };
		if (textOf(extra.currency)) entry.currency = textOf(extra.currency);
		const taxAmount = readDecimal(extra.taxAmount, 'Tax Amount', true);
		const taxRate = readDecimal(extra.taxRate, 'Tax Rate', true);
		if (taxAmount !== undefined || taxRate !== undefined) entry.tax = { rate: taxRate ?? '0', amount: taxAmount ?? '0', ...(textOf(extra.taxType) ? { type: textOf(extra.taxType) } : {}) };
		return entry;
	});
}

/** Header parameter names, by the lib's header field names. */
const HEADER_PARAMETERS: Record<string, string> = {
	number: 'Invoice Number',
	lawFirmId: 'Law Firm ID',
	clientId: 'Client ID',
	date: 'Invoice Date',
	periodStart: 'Billing Start Date',
	periodEnd: 'Billing End Date',
};

/** Build works on all items at once: read entries, group them into invoices, write one file per invoice or per run (lib/ledes invoice files). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const node = this.getNode();
	const format = this.getNodeParameter('format', 0) as LedesFormat;
	const shape = this.getNodeParameter('inputShape', 0) as string;
	const fileMode = this.getNodeParameter('fileMode', 0) as string;
	const binaryProperty = (this.getNodeParameter('binaryPropertyName', 0) as string).trim() || 'data';
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const groupBy = (this.getNodeParameter('groupBy', 0, ['invoiceNumber']) as InvoiceGroupField[]).filter(Boolean);
	const paired = (list: number[]): IPairedItemData[] => list.map((item) => ({ item }));
	const failed = (error: Error, list: number[], extra: IDataObject = {}) => {
		if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(node, error, { itemIndex: list[0] });
		const description = (error as { description?: string }).description;
		out.push({ json: { error: error.message, ...extra, ...(description ? { errorDescription: description } : {}) }, pairedItem: paired(list) });
	};

	// 1. items → entries → invoice groups (order of first appearance)
	const lines: Array<InvoiceLineInput<number>> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const entry = entryFromItem.call(this, i, shape);
			lines.push({ entry, source: i, invoiceNumber: String(this.getNodeParameter('invoiceNumber', i, '') ?? '') });
		} catch (error) {
			failed(error as Error, [i]);
		}
	}
	const groups = groupIntoInvoices(lines, groupBy);

	// 2. invoice headers, from the parameters at each group's first item
	const ready: Array<{ items: number[]; invoice: Invoice }> = [];
	for (const g of groups) {
		const i = g.sources[0];
		try {
			const fail: Fail = (message, field) => {
				throw new NodeOperationError(node, `Item ${i}, parameter "${field}": ${message}`, { itemIndex: i });
			};
			const details = this.getNodeParameter('invoiceDetails', i, {}) as IDataObject;
			const header = { ...details, number: this.getNodeParameter('invoiceNumber', i, ''), date: this.getNodeParameter('invoiceDate', i, ''), lawFirmId: this.getNodeParameter('lawFirmId', i, '') };
			ready.push({ items: g.sources, invoice: reading(node, fail, HEADER_PARAMETERS, () => invoiceFromEntries(g.entries, header)) });
		} catch (error) {
			failed(error as Error, g.sources);
		}
	}

	// 3. files; a writer error names the item and the LEDES field
	const { files, failures } = buildInvoiceFiles(
		ready.map((r) => r.invoice),
		{
			format,
			files: fileMode === 'perRun' ? 'perRun' : 'perInvoice',
			lineEnding: options.lineEnding === 'lf' ? '\n' : '\r\n',
			totalDecimals: typeof options.totalDecimals === 'number' ? options.totalDecimals : 2,
			classifications: (options.classifications as 'asIs' | 'revised' | 'legacy') ?? 'asIs',
			...(textOf(options.vendorId) ? { vendorId: textOf(options.vendorId) } : {}),
		},
	);
	for (const f of failures) {
		const list = ready[f.index].items;
		const itemIndex = f.line !== undefined ? list[f.line] : list[0];
		const error = f.error instanceof LedesWriteError
			? new NodeOperationError(node, `Item ${itemIndex}: ${f.error.message}`, { itemIndex, description: f.field ? `LEDES field ${f.field}` : undefined })
			: new NodeOperationError(node, f.error, { itemIndex });
		failed(error, list, { invoiceNumber: f.invoiceNumber });
	}
	const ext = format === 'XML2.1' ? 'xml' : 'txt';
	const fileNameTemplate = textOf(options.fileName) ?? 'LEDES_{invoice}.{ext}';
	for (const file of files) {
		const fileName = fileNameTemplate.replace(/\{invoice\}/g, file.invoices.length === 1 ? file.invoices[0].number : 'batch').replace(/\{ext\}/g, ext);
		const binary = await this.helpers.prepareBinaryData(Buffer.from(file.text, 'utf8'), fileName, format === 'XML2.1' ? 'application/xml' : 'text/plain');
		const invoiceItems = file.invoices.map((inv) => ready[inv.index].items);
		out.push({
			json: {
				fileName,
				format,
				invoiceCount: file.invoices.length,
				lineCount: file.lineCount,
				invoices: file.invoices.map((inv, k) => ({
					number: inv.number,
					client: inv.client,
					periodStart: inv.periodStart,
					periodEnd: inv.periodEnd,
					matters: inv.matters,
					lineCount: inv.lineCount,
					total: inv.total,
					items: invoiceItems[k],
				})),
				valid: file.valid,
				errors: issuesJson(file.errors.slice(0, 100)),
				warnings: issuesJson(file.warnings.slice(0, 100)),
			},
			binary: { [binaryProperty]: binary },
			pairedItem: paired(invoiceItems.flat()),
		});
	}
	return [out];
}
