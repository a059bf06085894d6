import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { BillingEntry, UtbmsCodes } from '../../../../lib/model';
import { UTBMS_KINDS, billingEntryMappingInput, type MappingInput, type MappingResult } from '../../../../lib/utbms';
import { catalogFor, getPath, setPath, tableFrom, textAt, type UtbmsRunContext } from '../../helpers/utils';
import { additionalCodeSets, fieldPath, inputShape } from '../common.descriptions';

const EXAMPLE_TABLE = `{
  "clients": {
    "*": {
      "taskSets": ["litigation"],
      "task": { "RESEARCH": "L120" },
      "activity": { "DRAFT": "A103" },
      "expense": { "COPIES": "E101" },
      "keywords": [{ "words": ["deposition"], "task": "L330", "activity": "A109" }],
      "default": {}
    }
  }
}`;

const properties: INodeProperties[] = [
	{
		displayName: 'Mapping Table Source',
		name: 'mappingSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'JSON Parameter', value: 'parameter', description: 'The table written below, or taken from a previous node with an expression' },
			{ name: 'JSON File (Binary)', value: 'binary', description: 'A JSON file in a binary field of each item' },
			{ name: 'Field of the Input Item', value: 'field', description: 'An object or JSON text in a field of each item' },
		],
		default: 'parameter',
	},
	{
		displayName: 'Mapping Table',
		name: 'mappingTable',
		type: 'json',
		default: EXAMPLE_TABLE,
		description:
			'Per client (or "*" for any client): firm task/activity/expense codes → UTBMS codes, keyword rules on the narrative (whole words), and defaults. Every key is described in docs/nodes/utbms.md of the package documentation.',
		displayOptions: { show: { mappingSource: ['parameter'] } },
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary field holding the JSON mapping table file',
		displayOptions: { show: { mappingSource: ['binary'] } },
	},
	{
		displayName: 'Mapping Table Field',
		name: 'mappingField',
		type: 'string',
		default: 'mappingTable',
		required: true,
		description: 'Path of the item field holding the mapping table (object or JSON text), e.g. "config.utbms"',
		displayOptions: { show: { mappingSource: ['field'] } },
	},
	inputShape('map'),
	fieldPath('map', 'Client ID Field', 'clientIdField', 'clientId', 'Path of the field naming the client whose table applies'),
	fieldPath('map', 'Entry Kind Field', 'kindField', 'kind', 'Path of the field with fee / expense (or LEDES F, E, IF, IE)'),
	fieldPath('map', 'Firm Task Code Field', 'firmTaskField', 'taskCode', "Path of the firm's own task code"),
	fieldPath('map', 'Firm Activity Code Field', 'firmActivityField', 'activityCode', "Path of the firm's own activity code"),
	fieldPath('map', 'Firm Expense Code Field', 'firmExpenseField', 'expenseCode', "Path of the firm's own expense code"),
	fieldPath('map', 'Narrative Field', 'narrativeField', 'narrative', 'Path of the description searched for keywords'),
	fieldPath('map', 'Output Task Code Field', 'outTaskField', 'utbmsTaskCode', 'Where the UTBMS task code is written'),
	fieldPath('map', 'Output Activity Code Field', 'outActivityField', 'utbmsActivityCode', 'Where the UTBMS activity code is written'),
	fieldPath('map', 'Output Expense Code Field', 'outExpenseField', 'utbmsExpenseCode', 'Where the UTBMS expense code is written'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			additionalCodeSets,
			{
				displayName: 'Client ID',
				name: 'clientId',
				type: 'string',
				default: '',
				description: "Use this client's table for every item, whatever the item says",
			},
			{
				displayName: 'Include Mapping Details',
				name: 'includeDetails',
				type: 'boolean',
				default: true,
				description: 'Whether to add a "utbmsMapping" field telling which table, firm code, keyword or default gave each code',
			},
			{
				displayName: 'Keep Existing Codes',
				name: 'keepExisting',
				type: 'boolean',
				default: false,
				description: 'Whether to keep a UTBMS code the item already carries when it is valid for the client, instead of mapping it again',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { operation: ['map'] } }, properties);

/** The mapping table of item i, from the chosen source, and a label of that source for errors. */
async function rawTable(this: IExecuteFunctions, i: number, item: INodeExecutionData): Promise<{ raw: unknown; source: string }> {
	const source = this.getNodeParameter('mappingSource', i) as string;
	if (source === 'parameter') return { raw: this.getNodeParameter('mappingTable', i), source: 'parameter "Mapping Table"' };
	if (source === 'field') {
		const path = String(this.getNodeParameter('mappingField', i, '')).trim();
		const value = getPath(item.json, path);
		if (value === undefined || value === null || value === '')
			throw new NodeOperationError(this.getNode(), `Item ${i} has no mapping table in field "${path}"`, {
				itemIndex: i,
				description: `Fields of the item: ${Object.keys(item.json).join(', ') || '(none)'}`,
			});
		return { raw: value, source: `field "${path}"` };
	}
	const prop = String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim();
	this.helpers.assertBinaryData(i, prop);
	const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
	return { raw: buffer.toString('utf8').replace(/^\uFEFF/, ''), source: `binary field "${prop}"` };
}

export async function execute(this: IExecuteFunctions, i: number, ctx: UtbmsRunContext): Promise<Array<{ output: number; item: INodeExecutionData }>> {
	const item = this.getInputData()[i];
	const node = this.getNode();
	const catalog = catalogFor.call(this, i, ctx);
	const { raw, source } = await rawTable.call(this, i, item);
	const table = tableFrom.call(this, raw, source, i, catalog, ctx);
	const shape = this.getNodeParameter('inputShape', i) as string;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const mapOpts = { keepExisting: options.keepExisting === true, clientId: String(options.clientId ?? '').trim() || undefined };

	let input: MappingInput;
	let fields: Record<string, string> = {};
	if (shape === 'canonical') {
		const entry = item.json as unknown as Partial<BillingEntry>;
		input = billingEntryMappingInput(entry);
		// a firm code that is not text (an object from a bad upstream mapping) is an error, not "unmapped"
		for (const kind of UTBMS_KINDS) input.firmCodes![kind] = textAt(node, item.json, `firmCodes.${kind}`, i);
		input.narrative = textAt(node, item.json, 'narrative', i);
		input.kind = textAt(node, item.json, 'kind', i);
	} else {
		const p = (name: string) => String(this.getNodeParameter(name, i, '')).trim();
		fields = { task: p('outTaskField'), activity: p('outActivityField'), expense: p('outExpenseField') };
		input = {
			clientIds: [textAt(node, item.json, p('clientIdField'), i)],
			kind: textAt(node, item.json, p('kindField'), i),
			firmCodes: {
				task: textAt(node, item.json, p('firmTaskField'), i),
				activity: textAt(node, item.json, p('firmActivityField'), i),
				expense: textAt(node, item.json, p('firmExpenseField'), i),
			},
			narrative: textAt(node, item.json, p('narrativeField'), i),
		};
		input.existing = {};
		for (const kind of UTBMS_KINDS) if (fields[kind]) input.existing[kind] = textAt(node, item.json, fields[kind], i);
	}

	const result: MappingResult = table.map(input, mapOpts);
	const json: IDataObject = { ...item.json };
	const out: INodeExecutionData = { json, pairedItem: { item: i } };
	if (item.binary) out.binary = item.binary;
	if (!result.mapped) {
		json.utbmsUnmapped = {
			reason: result.reason,
			reasonCode: result.reasonCode,
			missing: result.missing,
			...(result.client !== undefined ? { client: result.client } : {}),
			mappedSoFar: result.codes as IDataObject,
		};
		return [{ output: 1, item: out }];
	}
	if (shape === 'canonical') {
		const before = (item.json.codes ?? {}) as UtbmsCodes;
		json.codes = { ...(typeof before === 'object' && before !== null ? before : {}), ...result.codes };
	} else {
		for (const kind of UTBMS_KINDS) if (fields[kind] && result.codes[kind]) setPath(json, fields[kind], result.codes[kind]);
	}
	if (options.includeDetails !== false) json.utbmsMapping = { client: result.client, sources: result.sources as IDataObject };
	return [{ output: 0, item: out }];
}
