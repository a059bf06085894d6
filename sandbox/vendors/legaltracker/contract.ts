/**
 * Legal Tracker request contract, from the fact sheet `shared/vendor-specs/legaltracker/facts.md`
 * (TR's Billing API OpenAPI could be read only in part): one small schema per operation, each rule
 * citing its fact line (`legaltracker/facts.md:<line>`). Official: the Company-ID header, the OData
 * options, `$select` required on /matters with its names, the invoice id `id`, `$expand` values,
 * POST /invoices' mandatory fields. The eFiles calls and the upload link are modelled (the eFiles
 * spec is not read): counted, not judged.
 */
import type { ContractValidator } from '../../framework/contracts';
import { bearer, factContract, type Cited, type FactOperation } from '../fact-schema';

const F = 'legaltracker/facts.md';
const at = (line: number | string) => `${F}:${line}`;

/** OData query options (facts.md:50) */
export const ODATA_OPTIONS = ['$select', '$filter', '$orderby', '$top', '$skip', '$count', '$expand'];
/** GET /matters `$select` values as far as the official enum was read (facts.md:51) */
export const MATTER_NAMES = ['*', 'id', 'clientMatterName', 'clientMatterNumber', 'status', 'matterType', 'substantiveLaw', 'countryOrRegion', 'state', 'leadCompanyPersonEmail'];
/** invoice fields of the official GET schema (facts.md:60-61) */
export const INVOICE_NAMES_OFFICIAL = ['id', 'companyId', 'firmId', 'firmOfficeID'];
/**
 * Invoice fields the simulator models beyond the part of the schema that was read (facts.md:60
 * "list read only in part", :70 statuses a gap). Accepted, listed in docs/vendor-fidelity.md; names
 * the official schema spells otherwise (`invoiceId`, `firmOfficeId` on a GET) are refused.
 */
export const INVOICE_NAMES_MODELLED = [
	'invoiceNumber', 'matterId', 'currency', 'status', 'statusDate', 'statusReasonCode', 'statusReason', 'statusComment', 'invoiceDate', 'submittedDate',
	'billingStartDate', 'billingEndDate', 'totalAmount', 'approvedAmount', 'isLedes', 'isMemo', 'isProforma', 'typeId', 'invoiceFileKey', 'lineItemCount',
];
/** `$expand` values of an invoice (facts.md:59) */
export const INVOICE_EXPAND = ['invoiceFileInfo', 'adjustments', 'attachments', 'taxes'];

const AUTH = bearer(at(43));
const COMPANY: Cited<(h: Record<string, string | undefined>) => string | undefined> & { rule: string } = {
	rule: 'header.company-id',
	cite: at(49),
	value: (h) => (h['company-id'] === undefined ? 'the Company-ID header is required' : /^\d+$/.test(h['company-id'].trim()) ? undefined : `Company-ID must be an integer, got "${h['company-id']}"`),
};

/** The field names of an OData `$filter` (identifiers that are neither operators, functions nor literals). */
export function filterNames(filter: string): string[] {
	const words = filter.replace(/'(?:[^']|'')*'/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
	const keywords = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'true', 'false', 'null', 'contains', 'startswith', 'endswith', 'in', 'has', 'T', 'Z']);
	return [...new Set(words.filter((w) => !keywords.has(w) && !/^T\d/.test(w)))];
}

function namesCheck(allowed: string[], what: string) {
	return {
		$select: (v: string) => {
			const bad = v.split(',').map((s) => s.trim()).filter((s) => s && !allowed.includes(s));
			return bad.length ? `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not ${what} (${allowed.join(', ')})` : undefined;
		},
		$filter: (v: string) => {
			const bad = filterNames(v).filter((s) => !allowed.includes(s));
			return bad.length ? `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not ${what}` : undefined;
		},
		$orderby: (v: string) => {
			const bad = v.split(',').map((s) => s.trim().split(/\s+/)[0]).filter((s) => s && !allowed.includes(s));
			return bad.length ? `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not ${what}` : undefined;
		},
	};
}

const nonNegative = (v: string) => (/^\d+$/.test(v) ? undefined : `must be a non-negative integer, got "${v}"`);
const expandCheck = (v: string) => {
	const bad = v.split(',').map((s) => s.trim().replace(/\(.*\)$/, '')).filter((s) => s && !INVOICE_EXPAND.map((e) => e.toLowerCase()).includes(s.toLowerCase()));
	return bad.length ? `${bad.join(', ')}: expandable are ${INVOICE_EXPAND.join(', ')}` : undefined;
};

const matterNames = namesCheck(MATTER_NAMES, 'a documented /matters field');
const invoiceNames = namesCheck([...INVOICE_NAMES_OFFICIAL, ...INVOICE_NAMES_MODELLED], 'an invoice field (the id is `id`, the office `firmOfficeID`)');
const invoiceQuery = {
	$select: { value: invoiceNames.$select, cite: at('60-61') },
	$filter: { value: invoiceNames.$filter, cite: at('60-61') },
	$orderby: { value: invoiceNames.$orderby, cite: at('60-61') },
	$expand: { value: expandCheck, cite: at(59) },
	$top: { value: nonNegative, cite: at(50) },
	$skip: { value: nonNegative, cite: at(50) },
	$count: { value: (v: string) => (v === 'true' || v === 'false' ? undefined : `must be true or false, got "${v}"`), cite: at(50) },
};

export const LEGALTRACKER_OPERATIONS: FactOperation[] = [
	{
		// the sandbox's token path is modelled (three conflicting candidates, facts.md:39-41); candidates A and B agree on this much
		method: 'POST',
		template: '/oauth/token',
		source: 'fact-sheet',
		cite: at('39-40'),
		contentType: { value: ['application/x-www-form-urlencoded'], cite: at('39-40') },
		body: {
			cite: at('39-40'),
			object: true,
			required: { value: ['grant_type'], cite: at('39-40') },
			fields: { grant_type: { value: (g) => (g === 'client_credentials' ? undefined : `must be client_credentials, got "${String(g)}"`), cite: at('39-40') } },
			custom: [
				{
					rule: 'body.client-auth',
					cite: at('39-40'),
					value: (b) => (b.client_id ? undefined : 'the client id goes in the form body (candidate A) or in HTTP Basic (candidate B)'),
				},
			],
		},
	},
	{
		method: 'GET',
		template: '/billing-api/v1/matters',
		source: 'fact-sheet',
		cite: at(51),
		headers: [AUTH, COMPANY],
		queryNames: { value: ODATA_OPTIONS.filter((o) => o !== '$expand'), cite: at(50) },
		queryRequired: { value: ['$select'], cite: at(51) },
		// style simple: one comma list, not repeated keys
		querySingle: { value: ['$select', '$filter', '$orderby', '$top', '$skip'], cite: at(52) },
		queryValues: {
			$select: { value: matterNames.$select, cite: at(51) },
			$filter: { value: matterNames.$filter, cite: at(51) },
			$orderby: { value: matterNames.$orderby, cite: at(51) },
			$top: { value: nonNegative, cite: at(50) },
			$skip: { value: nonNegative, cite: at(50) },
		},
	},
	{
		method: 'GET',
		template: '/billing-api/v1/invoices',
		source: 'fact-sheet',
		cite: at(18),
		headers: [AUTH, COMPANY],
		queryNames: { value: ODATA_OPTIONS, cite: at(50) },
		querySingle: { value: ODATA_OPTIONS, cite: at(52) },
		queryValues: invoiceQuery,
	},
	{
		method: 'GET',
		template: '/billing-api/v1/invoices/{id}',
		source: 'fact-sheet',
		cite: at(59),
		headers: [AUTH, COMPANY],
		pathParams: { id: { value: /^\d+$/, what: 'a Tracker invoice id (a number)', cite: at(60) } },
		queryNames: { value: ['$select', '$expand'], cite: at(59) },
		queryValues: { $select: invoiceQuery.$select, $expand: invoiceQuery.$expand },
	},
	{
		method: 'POST',
		template: '/billing-api/v1/invoices',
		source: 'fact-sheet',
		cite: at(68),
		headers: [AUTH, COMPANY],
		queryNames: { value: [], cite: at(68) },
		contentType: { value: ['application/json'], cite: `${at(68)} (a JSON body; media type inferred)` },
		body: {
			cite: at(68),
			object: true,
			required: { value: ['firmId', 'firmOfficeId', 'matterId', 'typeId'], cite: at(68) },
			// the POST list was read only in part: open object, but the GET spelling is refused here
			fields: {
				isLedes: { value: (x) => (typeof x === 'boolean' ? undefined : 'must be a boolean'), cite: at(68) },
				isMemo: { value: (x) => (typeof x === 'boolean' ? undefined : 'must be a boolean'), cite: at(68) },
				isProforma: { value: (x) => (typeof x === 'boolean' ? undefined : 'must be a boolean'), cite: at(68) },
			},
			custom: [
				{ rule: 'body.name', cite: at(61), value: (b) => ('firmOfficeID' in b ? 'the POST schema spells it firmOfficeId (firmOfficeID is the GET spelling)' : undefined) },
				{ rule: 'body.exclusive', cite: at(68), value: (b) => (b.invoiceFileKey !== undefined && b.content !== undefined ? 'invoiceFileKey and content are not sent together' : undefined) },
				{ rule: 'body.required', cite: at('68-69'), value: (b) => (b.invoiceFileKey === undefined && b.content === undefined ? 'a LEDES invoice names its uploaded file (invoiceFileKey)' : undefined) },
			],
		},
	},
	// eFiles (facts.md:32: the path is inferred; the upload-link shape is not documented)
	{ method: 'POST', template: '/efiles-api/v1/upload-links', source: 'none', cite: `${at(32)}, ${at(69)}: eFiles upload link (path inferred, shape modelled)` },
	{ method: 'GET', template: '/efiles-api/v1/files/{key}', source: 'none', cite: `${at(32)}: eFiles file (modelled)` },
	{ method: 'PUT', template: '/efiles-upload/{key}', source: 'none', cite: `${at(69)}: the temporary-storage upload (pre-signed link, modelled)` },
	{ method: 'GET', template: '/efiles-download/{key}', source: 'none', cite: `${at(62)}: invoiceFileInfo.downloadLink (modelled)` },
];

export function legalTrackerContract(): ContractValidator {
	return factContract({ reference: F, operations: LEGALTRACKER_OPERATIONS, apiPrefixes: { value: ['/billing-api/'], cite: `${F} §3-4 (lines 49-69)` } });
}
