import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, IPairedItemData } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { buildLedes, LedesWriteError, validateLedes, type LedesFormat } from '../../../../lib/ledes';
import type { BillingEntry, EntryKind, Invoice } from '../../../../lib/model';
import { Decimal } from '../../../../lib/money/decimal';
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

const KINDS: Record<string, EntryKind> = {
	f: 'fee',
	fee: 'fee',
	time: 'fee',
	e: 'expense',
	expense: 'expense',
	if: 'feeAdjustment',
	feeadjustment: 'feeAdjustment',
	ie: 'expenseAdjustment',
	expenseadjustment: 'expenseAdjustment',
};

type Fail = (message: string, field: string) => never;

function str(v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (typeof v === 'object' && typeof (v as { toISODate?: unknown }).toISODate === 'function') return String((v as { toISODate: () => string }).toISODate());
	return undefined;
}

function decimal(v: unknown, field: string, fail: Fail, optional = false): string | undefined {
	const s = str(v);
	if (s === undefined) {
		if (optional) return undefined;
		return fail('is empty; a decimal number is expected', field);
	}
	if (!Decimal.tryFrom(s)) return fail(`"${s.slice(0, 40)}" is not a decimal number (digits, one "." and an optional "-")`, field);
	return s;
}

function isoDate(v: unknown, field: string, fail: Fail, optional = false): string | undefined {
	const s = str(v);
	if (s === undefined) return optional ? undefined : fail('is empty; a date YYYY-MM-DD is expected', field);
	const m = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(s);
	if (!m) return fail(`"${s.slice(0, 40)}" is not a date YYYY-MM-DD`, field);
	return m[1];
}

/** A canonical entry from item i (canonical shape checked, or mapped fields evaluated). */
function entryFromItem(this: IExecuteFunctions, i: number, shape: string): BillingEntry {
	const node = this.getNode();
	const fail: Fail = (message, field) => {
		throw new NodeOperationError(node, `Item ${i}, field "${field}": ${message}`, { itemIndex: i });
	};
	const json = this.getInputData()[i].json as unknown as Partial<BillingEntry> & IDataObject;
	if (shape === 'canonical') {
		const kind = KINDS[String(json.kind ?? '').toLowerCase()];
		if (!kind) fail(`"${String(json.kind ?? '')}" is not fee, expense, feeAdjustment or expenseAdjustment (is this item a canonical billing entry? choose Mapped Fields otherwise)`, 'kind');
		const isAdj = kind === 'feeAdjustment' || kind === 'expenseAdjustment';
		const entry: BillingEntry = {
			...(json as unknown as BillingEntry),
			kind,
			date: isoDate(json.date, 'date', fail)!,
			quantity: decimal(json.quantity, 'quantity', fail, isAdj) ?? '0',
			rate: decimal(json.rate, 'rate', fail, isAdj) ?? '0',
			adjustment: decimal(json.adjustment, 'adjustment', fail, true) ?? '0',
		};
		if (!entry.matter?.number && !entry.matter?.id) fail('matter.number (or matter.id) is missing; LEDES needs the matter ID on every line', 'matter');
		return entry;
	}
	const p = (name: string) => this.getNodeParameter(name, i, '') as unknown;
	const extra = this.getNodeParameter('lineFields', i, {}) as IDataObject;
	const kindText = str(p('kind')) ?? '';
	const kind = KINDS[kindText.toLowerCase()];
	if (!kind) fail(`"${kindText}" is not fee, expense, feeAdjustment, expenseAdjustment (or F, E, IF, IE)`, 'Entry Kind');
	const isAdj = kind === 'feeAdjustment' || kind === 'expenseAdjustment';
	const matter = str(p('matterId'));
	if (!matter) fail("is empty; LEDES needs the firm's matter ID on every line", 'Matter ID');
	const entry: BillingEntry = {
		id: `item:${i}`,
		source: { system: 'n8n', id: String(i) },
		kind,
		date: isoDate(p('date'), 'Date', fail)!,
		quantity: decimal(p('quantity'), 'Quantity', fail, isAdj) ?? '0',
		rate: decimal(p('rate'), 'Rate', fail, isAdj) ?? '0',
		adjustment: decimal(extra.adjustment, 'Adjustment', fail, true) ?? '0',
		matter: { id: matter!, number: matter },
	};
	const narrative = str(p('narrative'));
	if (narrative) entry.narrative = narrative;
	const tkId = str(p('timekeeperId'));
	const tkName = str(p('timekeeperName'));
	const tkClass = str(p('timekeeperClassification'));
	if (tkId || tkName || tkClass) entry.timekeeper = { id: tkId ?? '', ...(tkName ? { name: tkName } : {}), ...(tkClass ? { classification: tkClass } : {}) };
	const codes = { task: str(p('taskCode')), activity: str(p('activityCode')), expense: str(p('expenseCode')) };
	if (codes.task || codes.activity || codes.expense) entry.codes = codes;
	if (str(extra.clientMatterId)) entry.matter!.clientMatterId = str(extra.clientMatterId);
	if (str(extra.matterName)) entry.matter!.name = str(extra.matterName);
	if (str(extra.clientId)) entry.client = { id: str(extra.clientId)! };
	if (str(extra.currency)) entry.currency = str(extra.currency);
	const taxAmount = decimal(extra.taxAmount, 'Tax Amount', fail, true);
	const taxRate = decimal(extra.taxRate, 'Tax Rate', fail, true);
	if (taxAmount !== undefined || taxRate !== undefined) entry.tax = { rate: taxRate ?? '0', amount: taxAmount ?? '0', ...(str(extra.taxType) ? { type: str(extra.taxType) } : {}) };
	return entry;
}

interface Group {
	key: string;
	items: number[];
	entries: BillingEntry[];
	invoice?: Invoice;
}

/** Invoice header for a group, from the parameters evaluated at its first item. */
function invoiceFor(this: IExecuteFunctions, g: Group): Invoice {
	const i = g.items[0];
	const fail: Fail = (message, field) => {
		throw new NodeOperationError(this.getNode(), `Item ${i}, parameter "${field}": ${message}`, { itemIndex: i });
	};
	const number = str(this.getNodeParameter('invoiceNumber', i, ''));
	if (!number) fail('the invoice number is empty', 'Invoice Number');
	const lawFirmId = str(this.getNodeParameter('lawFirmId', i, ''));
	if (!lawFirmId) fail('the law firm ID is empty', 'Law Firm ID');
	const d = this.getNodeParameter('invoiceDetails', i, {}) as IDataObject;
	const dates = g.entries.map((e) => e.date).sort();
	const first = g.entries[0];
	const clientId = str(d.clientId) ?? first.client?.ledesClientId ?? first.client?.id;
	if (!clientId) fail("no client ID: set Invoice Details › Client ID, or give the entries client.ledesClientId / client.id", 'Client ID');
	const invoice: Invoice = {
		number: number!,
		date: isoDate(this.getNodeParameter('invoiceDate', i, ''), 'Invoice Date', fail)!,
		periodStart: isoDate(d.periodStart, 'Billing Start Date', fail, true) ?? dates[0],
		periodEnd: isoDate(d.periodEnd, 'Billing End Date', fail, true) ?? dates[dates.length - 1],
		client: {
			...(first.client ?? {}),
			id: clientId!,
			ledesClientId: clientId,
			...(str(d.clientName) ? { name: str(d.clientName) } : {}),
			...(str(d.clientTaxId) ? { taxId: str(d.clientTaxId) } : {}),
			...(str(d.clientCountry) ? { country: str(d.clientCountry) } : {}),
		},
		lawFirm: { id: lawFirmId!, ...(str(d.lawFirmName) ? { name: str(d.lawFirmName) } : {}), ...(str(d.lawFirmCountry) ? { country: str(d.lawFirmCountry) } : {}) },
		lines: g.entries,
	};
	if (str(d.description)) invoice.description = str(d.description);
	const currency = str(d.currency) ?? first.currency;
	if (currency) invoice.currency = currency;
	if (str(d.poNumber)) invoice.poNumber = str(d.poNumber);
	if (str(d.taxCurrency)) invoice.taxCurrency = str(d.taxCurrency);
	if (d.accountType === 'O' || d.accountType === 'T') invoice.accountType = d.accountType;
	return invoice;
}

function groupKey(this: IExecuteFunctions, i: number, e: BillingEntry, by: string[]): string {
	return by
		.map((k) => {
			if (k === 'invoiceNumber') return String(this.getNodeParameter('invoiceNumber', i, '') ?? '');
			if (k === 'client') return e.client?.ledesClientId ?? e.client?.id ?? '';
			if (k === 'matter') return e.matter?.number ?? e.matter?.id ?? '';
			if (k === 'currency') return e.currency ?? '';
			return '';
		})
		.join('\u0001');
}

/** Build works on all items at once: map, group into invoices, write one file per invoice or per run. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const format = this.getNodeParameter('format', 0) as LedesFormat;
	const shape = this.getNodeParameter('inputShape', 0) as string;
	const fileMode = this.getNodeParameter('fileMode', 0) as string;
	const binaryProperty = (this.getNodeParameter('binaryPropertyName', 0) as string).trim() || 'data';
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const groupBy = (this.getNodeParameter('groupBy', 0, ['invoiceNumber']) as string[]).filter(Boolean);
	const paired = (list: number[]): IPairedItemData[] => list.map((item) => ({ item }));
	const errorItem = (error: Error, list: number[], extra: IDataObject = {}) =>
		out.push({ json: { error: error.message, ...extra, ...((error as { description?: string }).description ? { errorDescription: (error as { description?: string }).description } : {}) }, pairedItem: paired(list) });

	// 1. items → entries → invoice groups (order of first appearance)
	const groups = new Map<string, Group>();
	for (let i = 0; i < items.length; i++) {
		try {
			const e = entryFromItem.call(this, i, shape);
			const key = groupKey.call(this, i, e, groupBy.length ? groupBy : ['invoiceNumber']);
			let g = groups.get(key);
			if (!g) {
				g = { key, items: [], entries: [] };
				groups.set(key, g);
			}
			g.items.push(i);
			g.entries.push(e);
		} catch (error) {
			if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			errorItem(error as Error, [i]);
		}
	}

	// 2. invoice headers
	const ready: Group[] = [];
	for (const g of groups.values()) {
		try {
			g.invoice = invoiceFor.call(this, g);
			ready.push(g);
		} catch (error) {
			if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: g.items[0] });
			errorItem(error as Error, g.items);
		}
	}

	const buildOptions = {
		format,
		lineEnding: options.lineEnding === 'lf' ? ('\n' as const) : ('\r\n' as const),
		totalDecimals: typeof options.totalDecimals === 'number' ? options.totalDecimals : 2,
		classifications: (options.classifications as 'asIs' | 'revised' | 'legacy') ?? 'asIs',
		...(str(options.vendorId) ? { vendorId: str(options.vendorId) } : {}),
	};
	const ext = format === 'XML2.1' ? 'xml' : 'txt';
	const fileNameTemplate = str(options.fileName) ?? 'LEDES_{invoice}.{ext}';
	/** Writes one group alone to find out whether it builds; a writer error names the item and field. */
	const tryBuild = (g: Group): string => {
		try {
			return buildLedes([g.invoice!], buildOptions);
		} catch (error) {
			if (error instanceof LedesWriteError) {
				const itemIndex = error.lineIndex !== undefined ? g.items[error.lineIndex] : g.items[0];
				throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${error.message}`, {
					itemIndex,
					description: error.fieldName ? `LEDES field ${error.fieldName}` : undefined,
				});
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: g.items[0] });
		}
	};
	const emit = async (text: string, list: Group[]) => {
		const fileName = fileNameTemplate.replace(/\{invoice\}/g, list.length === 1 ? list[0].invoice!.number : 'batch').replace(/\{ext\}/g, ext);
		const check = validateLedes(text);
		const parsedTotals = new Map<string, string>();
		for (const g of list) {
			let sum = Decimal.ZERO;
			for (const e of g.invoice!.lines) {
				const tax = format === '98BI' || format === 'XML2.1' ? Decimal.tryFrom(e.tax?.amount) ?? Decimal.ZERO : Decimal.ZERO;
				sum = sum.add(Decimal.from(e.quantity || '0').mul(e.rate || '0').add(e.adjustment || '0').add(tax).round(buildOptions.totalDecimals));
			}
			parsedTotals.set(g.invoice!.number, sum.toString());
		}
		const binary = await this.helpers.prepareBinaryData(Buffer.from(text, 'utf8'), fileName, format === 'XML2.1' ? 'application/xml' : 'text/plain');
		const allItems = list.flatMap((g) => g.items);
		out.push({
			json: {
				fileName,
				format,
				invoiceCount: list.length,
				lineCount: list.reduce((n, g) => n + g.entries.length, 0),
				invoices: list.map((g) => ({
					number: g.invoice!.number,
					client: g.invoice!.client.id,
					periodStart: g.invoice!.periodStart,
					periodEnd: g.invoice!.periodEnd,
					matters: [...new Set(g.entries.map((e) => e.matter?.number ?? e.matter?.id))],
					lineCount: g.entries.length,
					total: parsedTotals.get(g.invoice!.number)!,
					items: g.items,
				})),
				valid: check.valid,
				errors: issuesJson(check.errors.slice(0, 100)),
				warnings: issuesJson(check.warnings.slice(0, 100)),
			},
			binary: { [binaryProperty]: binary },
			pairedItem: paired(allItems),
		});
	};

	// 3. files
	const built: Array<{ g: Group; text: string }> = [];
	for (const g of ready) {
		try {
			built.push({ g, text: tryBuild(g) });
		} catch (error) {
			if (!this.continueOnFail()) throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: g.items[0] });
			errorItem(error as Error, g.items, { invoiceNumber: g.invoice!.number });
		}
	}
	if (fileMode === 'perRun') {
		if (built.length) {
			// Text formats: the invoices already written, under one pair of header lines; XML is rebuilt as one document.
			let text: string;
			if (format === 'XML2.1') text = buildLedes(built.map((b) => b.g.invoice!), buildOptions);
			else {
				const eol = buildOptions.lineEnding;
				const bodyStart = (t: string) => t.indexOf(eol, t.indexOf(eol) + eol.length) + eol.length;
				text = built.map((b, k) => (k === 0 ? b.text : b.text.slice(bodyStart(b.text)))).join('');
			}
			await emit(text, built.map((b) => b.g));
		}
	} else {
		for (const b of built) await emit(b.text, [b.g]);
	}
	return [out];
}
