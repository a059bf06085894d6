/** The Brightflag request contract (fact-sheet rules, each citing its line), on synthetic requests. */
import type { ContractRequest } from '../../framework/contracts';
import { brightflagContract } from './contract';

const judge = brightflagContract();
const req = (method: string, path: string, opts: Partial<ContractRequest> = {}): ContractRequest => ({
	vendor: 'brightflag',
	method,
	path,
	query: {},
	headers: { authorization: 'Bearer bf_at_x' },
	body: undefined,
	...opts,
});
const rules = (r: ReturnType<typeof judge>) => r.violations.map((v) => `${v.rule} ${v.source}`);

describe('Brightflag request contract', () => {
	it('accepts the documented invoice-summary listing and refuses unknown or repeated query names', () => {
		const ok = judge(req('GET', '/api/v1/invoice-summary', { query: { invoiceStatus: ['REJECTED'], invoiceStatusChangeStartDate: ['2026-11-01T00:00:00.000Z'], includePreviousDrafts: ['false'], 'paging.pageSize': ['100'], 'paging.pageNumber': ['1'] } }));
		expect(ok).toEqual({ operation: 'GET /api/v1/invoice-summary', source: 'fact-sheet', reference: 'brightflag/facts.md', violations: [] });
		const bad = judge(req('GET', '/api/v1/invoice-summary', { query: { invoiceStatus: ['REJECTED', 'DECLINED'], status: ['x'], 'paging.pageSize': ['0'] }, headers: {} }));
		expect(rules(bad).sort()).toEqual(
			['header.authorization brightflag/facts.md:31', 'query.name brightflag/facts.md:61', 'query.single brightflag/facts.md:63', 'query.value brightflag/facts.md:61'].sort(),
		);
	});

	it('judges the payment status body: paymentStatus required and in PAID / PARTIALLY PAID / POSTED / VOID, paymentAmount a string, paymentDate YYYY/MM/DD, one object', () => {
		const path = '/api/v1/invoicePayment/invoice-payment-status';
		const json = { 'content-type': 'application/json', authorization: 'Bearer x' };
		const raw = Buffer.from('{}');
		const ok = judge(req('POST', path, { headers: json, rawBody: raw, body: { invoiceID: '7', paymentStatus: 'PARTIALLY PAID', paymentAmount: '10.00', paymentDate: '2026/11/20', paymentRef: 'A' } }));
		expect(ok.violations).toEqual([]);
		// the shape the node sent before issue 12
		const old = judge(req('POST', path, { headers: json, rawBody: raw, body: { invoiceID: '7', paymentStatus: 'PAID', amountPaid: '10.00', paymentDate: '2026-11-20', paymentReference: 'A' } }));
		expect(rules(old).sort()).toEqual(['body.name brightflag/facts.md:68', 'body.name brightflag/facts.md:68', 'body.value brightflag/facts.md:70'].sort());
		expect(rules(judge(req('POST', path, { headers: json, rawBody: raw, body: { paymentStatus: 'DONE', paymentAmount: 10 } })))).toEqual(['body.value brightflag/facts.md:69', 'body.value brightflag/facts.md:70']);
		expect(rules(judge(req('POST', path, { headers: json, rawBody: raw, body: [{ paymentStatus: 'PAID' }] })))).toEqual(['body.schema brightflag/facts.md:71']);
		expect(rules(judge(req('POST', path, { headers: json, rawBody: raw, body: { invoiceID: '7' } })))).toEqual(['body.required brightflag/facts.md:68']);
	});

	it('judges AP batch paths (epoch milliseconds) and the token request (client credentials, form body)', () => {
		expect(judge(req('GET', '/api/ap-batch/v1/1700000000000/1800000000000')).violations).toEqual([]);
		expect(rules(judge(req('GET', '/api/ap-batch/v1/2026-01-01/2026-02-01')))).toEqual(['path.param brightflag/facts.md:42', 'path.param brightflag/facts.md:42']);
		expect(judge(req('GET', '/api/ap-batch/v1/batch/9001/invoices')).operation).toBe('GET /api/ap-batch/v1/batch/{batchID}/invoices');
		expect(judge(req('GET', '/api/ap-batch/v1')).violations).toEqual([]);
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		expect(judge(req('POST', '/oauth/token', { headers: form, rawBody: Buffer.from('x'), body: { grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' } })).violations).toEqual([]);
		expect(rules(judge(req('POST', '/oauth/token', { headers: { 'content-type': 'application/json' }, rawBody: Buffer.from('x'), body: { grant_type: 'password', client_id: 'a', client_secret: 'b' } })))).toEqual([
			'header.content-type brightflag/facts.md:28',
			'body.value brightflag/facts.md:28',
		]);
	});

	it('counts the unverified endpoints without judging them, and refuses an operation the fact sheet does not list', () => {
		expect(judge(req('GET', '/api/v1/invoice/700001'))).toMatchObject({ operation: 'GET /api/v1/invoice/{id}', source: 'none', violations: [] });
		expect(judge(req('POST', '/api/sandbox/v1/ledes-submissions'))).toMatchObject({ source: 'none', violations: [] });
		expect(judge(req('GET', '/api/v1/invoices')).violations[0]).toMatchObject({ rule: 'path', source: 'brightflag/facts.md §2 (lines 41-45)' });
		expect(judge(req('DELETE', '/api/v1/invoice-summary')).violations[0].rule).toBe('method');
	});
});
