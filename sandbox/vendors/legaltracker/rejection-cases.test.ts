/** The seeded rejection cases of the Legal Tracker simulator, over real HTTP (no product code judges here). */
import axios, { type AxiosRequestConfig } from 'axios';
import { PINNED_DATES } from '../../../test/helpers/dates';
import { startSandbox, type Sandbox } from '../../index';
import { checkLedesText } from '../brightflag/ledes-check';
import type { RejectionCase } from './rejection-cases';
import { LT_COMPANY_ID } from './state';

let sb: Sandbox;
let token: string;
const auth = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}`, 'Company-ID': LT_COMPANY_ID }, params, validateStatus: () => true });

beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sb.close();
});

describe.each(PINNED_DATES.slice(0, 3))('Legal Tracker rejection cases at $label', ({ now }) => {
	let cases: RejectionCase[];
	beforeAll(async () => {
		sb.reset({ now });
		const t = await axios.post(`${sb.url}/legaltracker/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-legaltracker-client', client_secret: 'sandbox-legaltracker-secret' }));
		token = t.data.access_token;
		const r = await axios.post(`${sb.url}/_admin/legaltracker/rejection-cases`, {}, { validateStatus: () => true });
		expect(r.status).toBe(201);
		cases = r.data.cases;
	});

	it('seeds every class for the month before the sandbox clock, once per reset', async () => {
		expect(cases.map((c) => `${c.kind}:${c.class}:${c.fixable}`).sort()).toEqual(
			[
				'adjustment:narrative:false', 'adjustment:rateAboveApproved:true', 'rejection:arithmetic:true', 'rejection:billingPeriod:true', 'rejection:disallowedExpense:true',
				'rejection:narrative:false', 'rejection:notAuthorised:false', 'rejection:rateAboveApproved:true', 'rejection:staffing:false', 'rejection:utbmsCode:true',
			].sort(),
		);
		const month = new Date(Date.parse(now) - 40 * 86_400_000).toISOString().slice(0, 7);
		for (const c of cases) expect(c.periodEnd.slice(0, 7) <= now.slice(0, 7) && c.periodStart.slice(0, 7) >= month).toBe(true);
		expect((await axios.post(`${sb.url}/_admin/legaltracker/rejection-cases`, {}, { validateStatus: () => true })).status).toBe(409);
	});

	it('each invoice carries its status, reason code and the LEDES file the firm sent (downloadLink)', async () => {
		for (const c of cases) {
			const inv = await axios.get(`${sb.url}/legaltracker/billing-api/v1/invoices/${c.invoiceId}`, auth({ $expand: 'adjustments,invoiceFileInfo' }));
			expect(inv.status).toBe(200);
			if (c.kind === 'rejection') expect({ status: inv.data.status, code: inv.data.statusReasonCode }).toEqual({ status: 'rejected', code: c.reasonCode });
			else expect([inv.data.status, inv.data.adjustments.map((a: { reasonCode: string; lineItemNumber: string }) => [a.reasonCode, a.lineItemNumber])]).toEqual(['approved', [[c.reasonCode, String(c.lineItemNumber)]]]);
			const file = await axios.get(inv.data.invoiceFileInfo.downloadLink, { headers: { Authorization: `Bearer ${token}` }, responseType: 'text', validateStatus: () => true });
			expect(file.status).toBe(200);
			const issues: string[] = checkLedesText(String(file.data)).issues.map((i) => i.code);
			// only the arithmetic case breaks the LEDES arithmetic, on purpose (its one line total)
			expect(issues).toEqual(c.class === 'arithmetic' ? ['LINE_TOTAL_MISMATCH'] : []);
			expect(String(file.data)).toContain(c.invoiceNumber);
		}
	});

	it('reset removes them', async () => {
		sb.reset({ now });
		expect((await axios.get(`${sb.url}/_admin/legaltracker/rejection-cases`)).data.cases).toEqual([]);
	});
});
