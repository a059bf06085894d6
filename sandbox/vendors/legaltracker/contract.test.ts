/** The Legal Tracker request contract (fact-sheet rules, each citing its line), on synthetic requests. */
import type { ContractRequest } from '../../framework/contracts';
import { filterNames, legalTrackerContract } from './contract';

const judge = legalTrackerContract();
const H = { authorization: 'Bearer lt_at_x', 'company-id': '40417' };
const req = (method: string, path: string, opts: Partial<ContractRequest> = {}): ContractRequest => ({ vendor: 'legaltracker', method, path, query: {}, headers: H, body: undefined, ...opts });
const rules = (r: ReturnType<typeof judge>) => r.violations.map((v) => `${v.rule} ${v.source}`);

describe('Legal Tracker request contract', () => {
	it('requires $select on /matters, with the official names, as one comma list', () => {
		expect(judge(req('GET', '/billing-api/v1/matters', { query: { $select: ['id,clientMatterNumber'], $filter: ["clientMatterNumber eq 'CM-1'"], $top: ['2'] } })).violations).toEqual([]);
		expect(judge(req('GET', '/billing-api/v1/matters', { query: { $select: ['*'] } })).violations).toEqual([]);
		// what the node and the credential test sent before issue 12
		const old = judge(req('GET', '/billing-api/v1/matters', { query: { $select: ['matterId,clientMatterId'], $filter: ["clientMatterId eq 'CM-1'"] } }));
		expect(rules(old)).toEqual(['query.value legaltracker/facts.md:51', 'query.value legaltracker/facts.md:51']);
		expect(old.violations[0].message).toBe('$select: matterId, clientMatterId are not a documented /matters field (*, id, clientMatterName, clientMatterNumber, status, matterType, substantiveLaw, countryOrRegion, state, leadCompanyPersonEmail)');
		expect(rules(judge(req('GET', '/billing-api/v1/matters')))).toEqual(['query.required legaltracker/facts.md:51']);
		expect(rules(judge(req('GET', '/billing-api/v1/matters', { query: { $select: ['id', 'status'] } })))).toEqual(['query.single legaltracker/facts.md:52']);
	});

	it('names the invoice id `id`, limits $expand, and wants an integer Company-ID and a bearer token', () => {
		expect(judge(req('GET', '/billing-api/v1/invoices', { query: { $filter: ['statusDate ge 2026-11-01T00:00:00.000Z'], $orderby: ['statusDate asc'], $expand: ['adjustments'], $top: ['200'], $skip: ['0'] } })).violations).toEqual([]);
		expect(rules(judge(req('GET', '/billing-api/v1/invoices', { query: { $select: ['invoiceId,status'], $expand: ['lines'] } })))).toEqual(['query.value legaltracker/facts.md:60-61', 'query.value legaltracker/facts.md:59']);
		expect(judge(req('GET', '/billing-api/v1/invoices/910001', { query: { $expand: ['adjustments,invoiceFileInfo,attachments($expand=fileInfo)'] } })).violations).toEqual([]);
		expect(rules(judge(req('GET', '/billing-api/v1/invoices', { headers: { 'company-id': 'SANDBOX-CO-1' } })))).toEqual(['header.authorization legaltracker/facts.md:43', 'header.company-id legaltracker/facts.md:49']);
		expect(rules(judge(req('GET', '/billing-api/v1/invoices/abc')))).toEqual(['path.param legaltracker/facts.md:60']);
	});

	it('requires firmId, firmOfficeId, matterId and typeId on POST /invoices', () => {
		const json = { ...H, 'content-type': 'application/json' };
		const ok = judge(req('POST', '/billing-api/v1/invoices', { headers: json, rawBody: Buffer.from('{}'), body: { firmId: 5001, firmOfficeId: 5101, typeId: 1, matterId: 40001, currency: 'USD', isLedes: true, isMemo: false, isProforma: false, invoiceFileKey: 'k' } }));
		expect(ok.violations).toEqual([]);
		// the body the node sent before issue 12
		const old = judge(req('POST', '/billing-api/v1/invoices', { headers: json, rawBody: Buffer.from('{}'), body: { matterId: '40001', currency: 'USD', isLedes: true, isMemo: false, isProforma: false, invoiceFileKey: 'k' } }));
		expect(old.violations.map((v) => v.message)).toEqual(['"firmId" is required', '"firmOfficeId" is required', '"typeId" is required']);
		expect(old.violations.every((v) => v.source === 'legaltracker/facts.md:68')).toBe(true);
		expect(rules(judge(req('POST', '/billing-api/v1/invoices', { headers: json, rawBody: Buffer.from('{}'), body: { firmId: 1, firmOfficeID: 2, typeId: 1, matterId: 3, invoiceFileKey: 'k', content: 'x' } })))).toEqual([
			'body.required legaltracker/facts.md:68',
			'body.name legaltracker/facts.md:61',
			'body.exclusive legaltracker/facts.md:68',
		]);
	});

	it('counts the modelled eFiles calls without judging them; an unknown Billing API path is refused', () => {
		expect(judge(req('POST', '/efiles-api/v1/upload-links'))).toMatchObject({ source: 'none', violations: [] });
		expect(judge(req('PUT', '/efiles-upload/efile-1'))).toMatchObject({ source: 'none', violations: [] });
		expect(judge(req('POST', '/billing-api/v1/invoices/1/approve')).violations[0].rule).toBe('path');
		expect(filterNames("(status eq 'O''Brien and x') and statusDate ge 2026-11-01T10:00:00Z and not contains(invoiceNumber,'1')")).toEqual(['status', 'statusDate', 'invoiceNumber']);
	});
});
