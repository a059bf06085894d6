import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ReportInput, ReportOptions } from '../../../lib/report';

/** Rows of one source: a list (from an expression such as `{{ $('Ledger').all().map(i => i.json) }}`) or JSON text of a list. */
const rowsField = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'json',
	default: '[]',
	description,
});

/** The sources every page reads; each an expression in the templates. */
export const sourceFields: INodeProperties[] = [
	rowsField('ledgerRows', 'Ledger Rows', 'Rows of the Data Table legal_billing_submissions, e.g. {{ $(\'Ledger\').all().map(i => i.json) }}'),
	rowsField('legalTrackerRows', 'Legal Tracker Invoices', 'Invoices from the Legal Tracker node (Invoice → Get Many, Expand: adjustments); [] if you do not use Legal Tracker'),
	rowsField('brightflagRows', 'Brightflag Invoices', 'Invoice summaries from the Brightflag node (Invoice → Get Many); [] if you do not use Brightflag'),
	rowsField('warehouseRows', 'Warehouse Rows', 'Rows of the Data Table legal_billing_entries_warehouse (one per time or expense entry)'),
];

export const dashboardOnlyFields: INodeProperties[] = [
	rowsField('runRows', 'Run Log Rows', 'Rows of the Data Table legal_billing_sync_runs'),
	rowsField('reviewRows', 'Review Queue Rows', 'Rows of the Data Table legal_billing_review_queue'),
	rowsField('alertRows', 'Alert Rows', 'Rows of the Data Table legal_billing_alerts'),
];

/** Budgets shown against actual spend (lib/report/budgets.ts): the portal shows its client's, the dashboard every client's. */
export const budgetsField: INodeProperties = {
	displayName: 'Budgets',
	name: 'budgets',
	type: 'json',
	default: '[]',
	description:
		'Budgets to show against actual spend, e.g. rows of the Data Table legal_billing_budgets (only kind "budget"; caps and flat fees are not budgets) or [{ "clientId": "ACME", "matter": "2024-0001", "amount": "25000.00" }]: a clientId or a matter, and an amount; phase (UTBMS phase such as L100) optional',
};

/** A JSON parameter: a value from an expression as given, text parsed (empty: undefined). */
export function jsonParam(this: IExecuteFunctions, name: string, i: number): unknown {
	const v = this.getNodeParameter(name, i, '') as unknown;
	if (typeof v !== 'string') return v;
	if (v.trim() === '') return undefined;
	try {
		return JSON.parse(v) as unknown;
	} catch {
		throw new NodeOperationError(this.getNode(), `Parameter "${name}" is not valid JSON (item ${i})`, { itemIndex: i });
	}
}

export const queryField: INodeProperties = {
	displayName: 'Query',
	name: 'query',
	type: 'json',
	default: '={{ $json.query }}',
	description: "The request's query (the Webhook node's `query`): filters client, platform, period; format=csv and table=(table ID) for a table's CSV. For the portal only format and table are read: the client comes from the verified token.",
};

export const reportOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Brightflag Approved Statuses (Unverified)',
			name: 'brightflagApproved',
			type: 'string',
			default: 'APPROV|PAID',
			description: 'Regular expression on the Brightflag status meaning "approved" (an approved gross total below the original counts as adjusted)',
		},
		{
			displayName: 'Brightflag Rejected Statuses (Unverified)',
			name: 'brightflagRejected',
			type: 'string',
			default: 'REJECT|DECLIN',
			description: 'Regular expression on the Brightflag status meaning "rejected". Statuses are configured per Brightflag customer; the default names are the sandbox\'s, not verified against a live account.',
		},
		{
			displayName: 'Invoice Link',
			name: 'invoiceUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourplatform.example/invoices/{platformInvoiceId}',
			description: 'Where an unresolved rejection links to; {invoice}, {platformInvoiceId}, {matter}, {clientMatterId}, {platform} are replaced. Empty: the invoice\'s row on the page.',
		},
		{ displayName: 'Matter Link', name: 'matterUrl', type: 'string', default: '', placeholder: 'https://app.clio.com/nc/#/matters?query={matter}', description: 'Where a rejection\'s matter links to (same placeholders)' },
		{ displayName: 'Now', name: 'now', type: 'dateTime', default: '', description: 'The instant ages and expiry are measured at (default: the current time), with a time zone' },
	],
};

function rows(this: IExecuteFunctions, name: string, i: number): unknown[] {
	const v = this.getNodeParameter(name, i, []) as unknown;
	// a reading node that output nothing (a Data Table that does not exist yet) gives no list: no rows
	if (v === null || v === undefined) return [];
	if (Array.isArray(v)) return v;
	if (typeof v === 'string') {
		if (v.trim() === '') return [];
		try {
			const parsed = JSON.parse(v) as unknown;
			if (Array.isArray(parsed)) return parsed;
		} catch {
			/* reported below */
		}
	}
	if (v && typeof v === 'object') return [v];
	throw new NodeOperationError(this.getNode(), `Parameter "${name}" must be a list of rows (item ${i})`, { itemIndex: i });
}

/** The sources of a page, read from the parameters. */
export function readSources(this: IExecuteFunctions, i: number, dashboard: boolean): ReportInput {
	const input: ReportInput = {
		ledger: rows.call(this, 'ledgerRows', i),
		legalTracker: rows.call(this, 'legalTrackerRows', i),
		brightflag: rows.call(this, 'brightflagRows', i),
		warehouse: rows.call(this, 'warehouseRows', i),
	};
	if (dashboard) {
		input.runs = rows.call(this, 'runRows', i);
		input.review = rows.call(this, 'reviewRows', i);
		input.alerts = rows.call(this, 'alertRows', i);
	}
	return input;
}

function pattern(this: IExecuteFunctions, text: unknown, fallback: RegExp, name: string, i: number): RegExp {
	if (typeof text !== 'string' || text === '') return fallback;
	if (text.length > 200) throw new NodeOperationError(this.getNode(), `Option "${name}" is longer than 200 characters (item ${i})`, { itemIndex: i });
	try {
		return new RegExp(text, 'i');
	} catch (e) {
		throw new NodeOperationError(this.getNode(), `Option "${name}" is not a regular expression: ${(e as Error).message} (item ${i})`, { itemIndex: i });
	}
}

export function readOptions(this: IExecuteFunctions, i: number): ReportOptions {
	const o = this.getNodeParameter('options', i, {}) as IDataObject;
	const out: ReportOptions = {
		brightflagStatuses: {
			rejected: pattern.call(this, o.brightflagRejected, /REJECT|DECLIN/i, 'Brightflag Rejected Statuses', i),
			approved: pattern.call(this, o.brightflagApproved, /APPROV|PAID/i, 'Brightflag Approved Statuses', i),
		},
	};
	if (o.now) {
		const t = Date.parse(String(o.now));
		if (Number.isNaN(t)) throw new NodeOperationError(this.getNode(), `Option "Now" is not a date: "${String(o.now).slice(0, 40)}" (item ${i})`, { itemIndex: i });
		out.now = new Date(t);
	}
	if (o.invoiceUrl) out.invoiceUrl = String(o.invoiceUrl);
	if (o.matterUrl) out.matterUrl = String(o.matterUrl);
	return out;
}

export function readQuery(this: IExecuteFunctions, i: number): unknown {
	const q = this.getNodeParameter('query', i, {}) as unknown;
	if (typeof q === 'string') {
		if (q.trim() === '') return {};
		try {
			return JSON.parse(q.slice(0, 100_000)) as unknown;
		} catch {
			return {};
		}
	}
	return q ?? {};
}

export interface PortalCredential {
	signingKey: string;
	baseUrl: string;
	portalPath: string;
}

export async function portalCredential(this: IExecuteFunctions, i: number): Promise<PortalCredential> {
	const c = (await this.getCredentials('legalBillingPortalApi', i)) as IDataObject;
	return { signingKey: String(c.signingSecret ?? ''), baseUrl: String(c.baseUrl ?? ''), portalPath: String(c.portalPath ?? 'webhook/legal-billing/portal') };
}

/** What every page operation outputs: enough for a Respond to Webhook node. */
export function responseJson(res: { statusCode: number; headers: Record<string, string>; body: string; contentSecurityPolicy?: string }): IDataObject {
	return {
		statusCode: res.statusCode,
		contentType: res.headers['Content-Type'],
		headers: res.headers,
		contentSecurityPolicy: res.contentSecurityPolicy ?? '',
		body: res.body,
	};
}
