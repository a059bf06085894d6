/**
 * Brightflag request contract, from the fact sheet `shared/vendor-specs/brightflag/facts.md` (no
 * copy of Brightflag's OAS could be stored): one small schema per operation, each rule citing its
 * fact line (`brightflag/facts.md:<line>`). Auth facts are official (help centre); paths, query
 * names and the payment body are second-hand readings of the OAS. The single-invoice read and the
 * sandbox's LEDES submission endpoint have no public evidence (facts.md:53): counted, not judged.
 */
import type { ContractValidator } from '../../framework/contracts';
import { bearer, factContract, type FactOperation } from '../fact-schema';

const F = 'brightflag/facts.md';
const at = (line: number | string) => `${F}:${line}`;

/** getInvoiceSummaryList's complete query list (facts.md:61) */
export const INVOICE_SUMMARY_QUERY = [
	'invoiceNumber',
	'vendorRef',
	'matterRef',
	'invoiceStatusChangeStartDate',
	'invoiceStatusChangeEndDate',
	'invoiceStatus',
	'includePreviousDrafts',
	'invoiceDateStartDate',
	'invoiceDateEndDate',
	'customerMatterId',
	'sorting.ascending',
	'paging.pageSize',
	'paging.pageNumber',
];

/** InvoicePaymentStatus (facts.md:68) */
export const INVOICE_PAYMENT_STATUS_FIELDS = [
	'invoiceID',
	'invoiceNumber',
	'vendorRef',
	'paymentRef',
	'paymentStatus',
	'paymentAmount',
	'paymentDate',
	'paymentComment',
	'postedAmount',
	'postedCurrency',
	'postedDate',
	'postedFXRate',
	'vendorOfficeId',
	'invoiceDate',
];
export const PAYMENT_STATUSES = ['PAID', 'PARTIALLY PAID', 'POSTED', 'VOID'];

const AUTH = bearer(at(31));
const positiveInt = (v: string) => (/^[1-9]\d*$/.test(v) ? undefined : `must be a positive integer, got "${v}"`);
const bool = (v: string) => (v === 'true' || v === 'false' ? undefined : `must be true or false, got "${v}"`);

export const BRIGHTFLAG_OPERATIONS: FactOperation[] = [
	{
		method: 'POST',
		template: '/oauth/token',
		source: 'fact-sheet',
		cite: at(28),
		contentType: { value: ['application/x-www-form-urlencoded'], cite: at(28) },
		body: {
			cite: at(28),
			object: true,
			required: { value: ['grant_type', 'client_id', 'client_secret'], cite: at(28) },
			fields: { grant_type: { value: (g) => (g === 'client_credentials' ? undefined : `must be client_credentials, got "${String(g)}"`), cite: at(28) } },
		},
	},
	{
		method: 'GET',
		template: '/api/v1/invoice-summary',
		source: 'fact-sheet',
		cite: at(44),
		headers: [AUTH],
		queryNames: { value: INVOICE_SUMMARY_QUERY, cite: at(61) },
		// single-valued, no enum (statuses are per customer): one status per request
		querySingle: { value: INVOICE_SUMMARY_QUERY, cite: at(63) },
		queryValues: {
			'paging.pageSize': { value: positiveInt, cite: at(61) },
			'paging.pageNumber': { value: positiveInt, cite: at(61) },
			includePreviousDrafts: { value: bool, cite: at(66) },
			'sorting.ascending': { value: bool, cite: at(61) },
		},
	},
	{ method: 'GET', template: '/api/ap-batch/v1', source: 'fact-sheet', cite: at(41), headers: [AUTH], queryNames: { value: [], cite: at(41) } },
	{
		method: 'GET',
		template: '/api/ap-batch/v1/{startEpochTime}/{endEpochTime}',
		source: 'fact-sheet',
		cite: at(42),
		headers: [AUTH],
		queryNames: { value: [], cite: at(42) },
		pathParams: {
			startEpochTime: { value: /^\d+$/, what: 'epoch milliseconds', cite: at(42) },
			endEpochTime: { value: /^\d+$/, what: 'epoch milliseconds', cite: at(42) },
		},
	},
	{
		method: 'GET',
		template: '/api/ap-batch/v1/batch/{batchID}/invoices',
		source: 'fact-sheet',
		cite: at(43),
		headers: [AUTH],
		queryNames: { value: [], cite: at(43) },
	},
	{
		method: 'POST',
		template: '/api/v1/invoicePayment/invoice-payment-status',
		source: 'fact-sheet',
		cite: at(45),
		headers: [AUTH],
		queryNames: { value: [], cite: at(45) },
		contentType: { value: ['application/json'], cite: `${at(68)} (a JSON InvoicePaymentStatus; media type inferred)` },
		body: {
			cite: at(71),
			// one invoice per call
			object: true,
			required: { value: ['paymentStatus'], cite: at(68) },
			allowed: { value: INVOICE_PAYMENT_STATUS_FIELDS, cite: at(68) },
			fields: {
				paymentStatus: { value: (s) => (PAYMENT_STATUSES.includes(String(s)) ? undefined : `must be one of ${PAYMENT_STATUSES.join(', ')}, got "${String(s)}"`), cite: at(69) },
				paymentAmount: { value: (a) => (typeof a === 'string' && /^-?\d+(\.\d+)?$/.test(a) ? undefined : `must be a decimal string, got ${JSON.stringify(a)}`), cite: at(70) },
				paymentDate: { value: (d) => (typeof d === 'string' && /^\d{4}\/\d{2}\/\d{2}$/.test(d) ? undefined : `must be YYYY/MM/DD (e.g. 2019/10/30), got ${JSON.stringify(d)}`), cite: at(70) },
			},
		},
	},
	// no public evidence (facts.md:53); the nodes reach them only behind "Use Unverified Endpoint"
	{ method: 'GET', template: '/api/v1/invoice/{id}', source: 'none', cite: `${at(53)}: no single-invoice read in any captured source (unverified endpoint)` },
	{ method: 'POST', template: '/api/sandbox/v1/ledes-submissions', source: 'none', cite: 'sandbox only: Brightflag publishes no vendor-side LEDES submission API (unverified endpoint)' },
];

export function brightflagContract(): ContractValidator {
	return factContract({ reference: F, operations: BRIGHTFLAG_OPERATIONS, apiPrefixes: { value: ['/api/'], cite: `${F} §2 (lines 41-45)` } });
}
