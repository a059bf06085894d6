import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { decodeLedesBytes } from '../../../../lib/ledes';
import { compileRuleSet, EXAMPLE_RULE_SETS, parseRuleSetText, type CompiledRuleSet } from '../../../../lib/ocg';
import type { RejectionReason } from '../../../../lib/reconcile/types';
import { parseResolverSettings, resolveInvoice, type ResolutionRecord, type ResolverSettings } from '../../../../lib/resolve';
import { compileMappingTable, type UtbmsMappingTable } from '../../../../lib/utbms';

const properties: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: [
			{ name: 'Legal Tracker', value: 'legalTracker' },
			{ name: 'Brightflag', value: 'brightflag' },
		],
		default: 'legalTracker',
		description: 'The e-billing platform that rejected or adjusted the invoice',
	},
	{ displayName: 'Invoice ID', name: 'invoiceId', type: 'string', default: '={{ $json.id ?? $json.invoiceID }}', description: "The platform's invoice ID (the resolution is recorded once per ID)" },
	{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', required: true, default: '={{ $json.invoiceNumber }}' },
	{ displayName: 'Status', name: 'status', type: 'string', default: '={{ $json.status ?? $json.invoiceStatus }}', description: "The invoice's status on the platform; only a rejected status (see Options) leads to a resubmission" },
	{
		displayName: 'Reasons',
		name: 'reasons',
		type: 'json',
		default: '={{ $json.reasons }}',
		description: 'The rejection and adjustment reasons, as the Legal Tracker and Brightflag triggers output them',
	},
	{ displayName: 'Matter', name: 'matter', type: 'string', default: '', description: "The matter the resubmission limit counts on (e.g. the platform's matter ID). Empty: the file's LAW_FIRM_MATTER_ID." },
	{
		displayName: 'LEDES File',
		name: 'ledesSource',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'The invoice file as submitted, in a binary property' },
			{ name: 'Text', value: 'text', description: 'The file content as text (e.g. an expression)' },
			{ name: 'None', value: 'none', description: 'No file: rejections go to a person, adjustments are still classified' },
		],
		default: 'binary',
	},
	{ displayName: 'Input Binary Field', name: 'binaryPropertyName', type: 'string', default: 'data', displayOptions: { show: { ledesSource: ['binary'] } } },
	{ displayName: 'LEDES Text', name: 'ledesText', type: 'string', typeOptions: { rows: 4 }, default: '', displayOptions: { show: { ledesSource: ['text'] } } },
	{
		displayName: 'Client Rule Set',
		name: 'ruleSetSource',
		type: 'options',
		options: [
			{ name: 'Example: Corporate Client', value: 'corporate' },
			{ name: 'Example: Insurer', value: 'insurer' },
			{ name: 'JSON', value: 'json' },
			{ name: 'None', value: 'none' },
		],
		default: 'corporate',
		description: 'The client\'s billing guidelines (docs/rule-sets.md): approved rates and expense codes it never pays come from here',
	},
	{
		displayName: 'Rule Set (JSON)',
		name: 'ruleSet',
		type: 'json',
		default: '',
		description: 'One rule set, or a list of them: each invoice is judged by the most specific one in scope (e.g. scope.clients = the LEDES CLIENT_ID)',
		displayOptions: { show: { ruleSetSource: ['json'] } },
	},
	{
		displayName: 'UTBMS Mapping Table (JSON)',
		name: 'mappingTable',
		type: 'json',
		default: '',
		description: "The client's firm-code → UTBMS mapping table (docs: UTBMS node); empty: code reasons go to a person",
	},
	{
		displayName: 'Resolutions So Far',
		name: 'history',
		type: 'json',
		default: '[]',
		description: 'Rows of the resolution ledger ({key, invoiceNumber, newInvoiceNumber, matter, outcome}), e.g. read from a Data Table: they stop a second resubmission, loops and matters over the limit',
	},
	{
		displayName: 'When Everything Is Fixable',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Prepare and Wait for Approval', value: 'approval' },
			{ name: 'Resubmit Automatically', value: 'resubmit' },
		],
		default: 'approval',
		description: 'The firm-wide switch: outcome "awaitApproval" (a person approves the prepared file) or "resubmit"',
	},
	{
		displayName: 'Platform Accepts Resubmission',
		name: 'canResubmit',
		type: 'boolean',
		default: true,
		description:
			'Whether the corrected invoice can be sent to the platform by API. Off (e.g. Brightflag: its fact sheet documents no vendor-side submission): a fully corrected invoice goes to a person (outcome "person") with the corrected file attached, to upload by hand.',
	},
	{ displayName: 'Max Resubmissions per Matter', name: 'maxResubmissionsPerMatter', type: 'number', typeOptions: { minValue: 0, maxValue: 20 }, default: 2 },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Default UTBMS Codes',
				name: 'acceptDefaultCodes',
				type: 'boolean',
				default: false,
				description: "Whether a code the mapping table gives only as the client's default fixes a code reason (otherwise a person decides)",
			},
			{ displayName: 'Default Role', name: 'defaultRole', type: 'string', default: 'billingClerk', description: 'Who gets items needing a person when their reason class names no role' },
			{ displayName: 'Output Binary Field', name: 'outputBinaryPropertyName', type: 'string', default: 'data', description: 'Where the corrected LEDES file goes' },
			{
				displayName: 'Reason Classes (JSON)',
				name: 'reasonClasses',
				type: 'json',
				default: '',
				description: 'UNVERIFIED defaults: neither platform documents its reason codes. A list of {ID, class, platform, codes, reasonPattern, role}; see docs/resolver.md.',
			},
			{ displayName: 'Rejected Statuses', name: 'rejectedStatuses', type: 'string', default: 'rejected, REJECTED, DECLINED', description: 'Statuses that mean "send a corrected invoice" (comma-separated)' },
			{
				displayName: 'Version Pattern',
				name: 'versionPattern',
				type: 'string',
				default: '{base}-R{version}',
				description: 'UNVERIFIED: neither platform documents a number convention for a corrected invoice. {base} = the original number, {version} = 2, 3, ….',
			},
		],
	},
];

/**
 * The resolutions made earlier in the same run (items are resolved one by one): they count towards
 * the per-matter limit and the loop check like the ledger rows given in Resolutions So Far.
 */
const RUN_LEDGER = new WeakMap<object, ResolutionRecord[]>();

export const description = updateDisplayOptions({ show: { resource: ['rejection'], operation: ['resolve'] } }, properties);

function jsonParam(this: IExecuteFunctions, name: string, i: number, label: string): unknown {
	const raw = this.getNodeParameter(name, i, '') as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	let value: unknown;
	let problem: string | undefined;
	try {
		value = JSON.parse(raw);
	} catch (e) {
		problem = (e as Error).message;
	}
	if (problem !== undefined) throw new NodeOperationError(this.getNode(), `${label} is not valid JSON: ${problem}`, { itemIndex: i });
	return value;
}

function problemOf(e: unknown): { message: string; description?: string } {
	const issues = (e as { issues?: Array<{ path: string; message: string }> }).issues;
	return { message: (e as Error).message.split('\n')[0].slice(0, 300), ...(issues ? { description: issues.map((x) => `${x.path || '(root)'}: ${x.message}`).join('\n') } : {}) };
}

/** Compiles a configuration value; a bad one fails the item naming every problem and its path. */
function compiled<T>(ctx: IExecuteFunctions, i: number, label: string, build: () => T): T {
	let out: T | undefined;
	let failure: unknown;
	try {
		out = build();
	} catch (e) {
		failure = e;
	}
	if (failure !== undefined) {
		const p = problemOf(failure);
		throw new NodeOperationError(ctx.getNode(), `${label}: ${p.message}`, { itemIndex: i, ...(p.description ? { description: p.description } : {}) });
	}
	return out as T;
}

function reasonsOf(this: IExecuteFunctions, i: number): RejectionReason[] {
	const value = jsonParam.call(this, 'reasons', i, 'Reasons') ?? [];
	if (!Array.isArray(value)) throw new NodeOperationError(this.getNode(), 'Reasons must be a list of reasons ({platform, kind, code, reason, lineItemNumber, amount})', { itemIndex: i });
	if (value.length > 10_000) throw new NodeOperationError(this.getNode(), `Reasons: ${value.length} reasons, at most 10,000 per invoice`, { itemIndex: i });
	return value.map((r, n) => {
		if (!r || typeof r !== 'object') throw new NodeOperationError(this.getNode(), `Reasons[${n}] is not an object`, { itemIndex: i });
		const o = r as IDataObject;
		return { ...(o as unknown as RejectionReason), kind: o.kind === 'adjustment' || o.kind === 'postingError' ? o.kind : 'rejection' };
	});
}

async function ledesOf(this: IExecuteFunctions, i: number): Promise<string | undefined> {
	const source = this.getNodeParameter('ledesSource', i) as string;
	if (source === 'text') return this.getNodeParameter('ledesText', i, '') as string;
	if (source !== 'binary') return undefined;
	const prop = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	// no file on this item (e.g. the platform had none): rejections go to a person
	if (!this.getInputData()[i]?.binary?.[prop]) return undefined;
	this.helpers.assertBinaryData(i, prop);
	return decodeLedesBytes(await this.helpers.getBinaryDataBuffer(i, prop));
}

export async function execute(this: IExecuteFunctions, i: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const settings: ResolverSettings = compiled(this, i, 'Resolver settings', () => {
		const rc = options.reasonClasses;
		const classes = rc === undefined || rc === '' ? undefined : typeof rc === 'string' ? (JSON.parse(rc) as unknown) : rc;
		return parseResolverSettings({
			mode: this.getNodeParameter('mode', i),
			maxResubmissionsPerMatter: this.getNodeParameter('maxResubmissionsPerMatter', i),
			canResubmit: this.getNodeParameter('canResubmit', i, true) !== false,
			...(options.versionPattern ? { versionPattern: String(options.versionPattern) } : {}),
			...(options.rejectedStatuses ? { rejectedStatuses: String(options.rejectedStatuses).split(',').map((s) => s.trim()).filter(Boolean) } : {}),
			...(options.acceptDefaultCodes !== undefined ? { acceptDefaultCodes: Boolean(options.acceptDefaultCodes) } : {}),
			...(options.defaultRole ? { defaultRole: String(options.defaultRole) } : {}),
			...(classes !== undefined ? { rules: classes } : {}),
		});
	});
	const source = this.getNodeParameter('ruleSetSource', i) as string;
	const ruleSet: CompiledRuleSet | CompiledRuleSet[] | undefined =
		source === 'none'
			? undefined
			: compiled(this, i, 'Client Rule Set', () => {
					if (source !== 'json') return compileRuleSet(EXAMPLE_RULE_SETS[source as 'corporate' | 'insurer']);
					const raw = this.getNodeParameter('ruleSet', i, '') as unknown;
					const value = typeof raw === 'string' ? parseRuleSetText(raw) : raw;
					// a list: each invoice is judged by the most specific rule set in scope (e.g. scope.clients)
					return Array.isArray(value) ? value.map((v) => compileRuleSet(v)) : compileRuleSet(value);
				});
	const mappingRaw = jsonParam.call(this, 'mappingTable', i, 'UTBMS Mapping Table');
	const mapping: UtbmsMappingTable | undefined = mappingRaw === undefined ? undefined : compiled(this, i, 'UTBMS Mapping Table', () => compileMappingTable(mappingRaw));
	const historyRaw = jsonParam.call(this, 'history', i, 'Resolutions So Far') ?? [];
	if (!Array.isArray(historyRaw)) throw new NodeOperationError(this.getNode(), 'Resolutions So Far must be a list of ledger rows', { itemIndex: i });
	const history = (historyRaw as IDataObject[]).filter((h) => h && typeof h === 'object' && h.key).map((h) => ({ ...h, key: String(h.key), outcome: String(h.outcome ?? '') }) as ResolutionRecord);
	const invoiceNumber = String(this.getNodeParameter('invoiceNumber', i) ?? '').trim();
	if (!invoiceNumber) throw new NodeOperationError(this.getNode(), 'Invoice Number is empty', { itemIndex: i });
	const invoiceId = String(this.getNodeParameter('invoiceId', i, '') ?? '').trim();
	const matter = String(this.getNodeParameter('matter', i, '') ?? '').trim();
	const r = resolveInvoice({
		platform: this.getNodeParameter('platform', i) as string,
		...(invoiceId && invoiceId !== 'undefined' ? { invoiceId } : {}),
		invoiceNumber,
		status: String(this.getNodeParameter('status', i, '') ?? ''),
		...(matter ? { matter } : {}),
		reasons: reasonsOf.call(this, i),
		ledes: await ledesOf.call(this, i),
		...(ruleSet ? { ruleSet } : {}),
		...(mapping ? { mapping } : {}),
		history: [...history, ...(RUN_LEDGER.get(this.getInputData()) ?? [])],
		settings,
	});
	const { ledes, ...json } = r;
	const ledger = {
		key: r.key,
		platform: r.platform,
		invoiceId: r.invoiceId ?? '',
		invoiceNumber: r.invoiceNumber,
		newInvoiceNumber: r.newInvoiceNumber ?? '',
		matter: r.matter ?? '',
		outcome: r.outcome,
		classes: [...new Set(r.verdicts.map((v) => v.class))].join(','),
		writtenOff: r.writtenOff,
		changes: JSON.stringify(r.changes),
	};
	// a file a person must approve or finish also travels as text (e.g. into a review-queue row)
	const forPerson = ledes && (r.outcome === 'awaitApproval' || r.outcome === 'person') ? { correctedFile: ledes } : {};
	RUN_LEDGER.set(this.getInputData(), [...(RUN_LEDGER.get(this.getInputData()) ?? []), { key: ledger.key, invoiceNumber: ledger.invoiceNumber, newInvoiceNumber: ledger.newInvoiceNumber, matter: ledger.matter, outcome: ledger.outcome }]);
	const out: INodeExecutionData = { json: { ...(json as unknown as IDataObject), ...forPerson, ledger } };
	if (ledes && r.fileName) {
		const prop = String(options.outputBinaryPropertyName ?? 'data') || 'data';
		out.binary = { [prop]: await this.helpers.prepareBinaryData(Buffer.from(ledes, 'utf8'), r.fileName, 'text/plain') };
	}
	return [out];
}
