/** The seeded rejection cases of the Brightflag simulator, over real HTTP (no product code judges here). */
import axios from 'axios';
import { PINNED_DATES } from '../../../test/helpers/dates';
import { startSandbox, type Sandbox } from '../../index';
import type { RejectionCase } from '../legaltracker/rejection-cases';
import { checkLedesText } from './ledes-check';

let sb: Sandbox;
beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
	await sb.close();
});

describe.each(PINNED_DATES.slice(0, 2))('Brightflag rejection cases at $label', ({ now }) => {
	it('every class, for the month before the sandbox clock, with the reviewer reasons on the (unverified) invoice detail and the firm file', async () => {
		sb.reset({ now });
		const token = (await axios.post(`${sb.url}/brightflag/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-brightflag-client', client_secret: 'sandbox-brightflag-secret' }))).data.access_token;
		const r = await axios.post(`${sb.url}/_admin/brightflag/rejection-cases`);
		expect(r.status).toBe(201);
		const cases = r.data.cases as Array<RejectionCase & { ledes: string }>;
		expect(cases.map((c) => c.class).sort()).toEqual(['arithmetic', 'billingPeriod', 'disallowedExpense', 'narrative', 'narrative', 'notAuthorised', 'rateAboveApproved', 'rateAboveApproved', 'staffing', 'utbmsCode']);
		const month = new Date(Date.parse(now) - 40 * 86_400_000).toISOString().slice(0, 7);
		for (const c of cases) {
			expect(c.periodStart.slice(0, 7) >= month && c.periodEnd.slice(0, 7) <= now.slice(0, 7)).toBe(true);
			const inv = (await axios.get(`${sb.url}/brightflag/api/v1/invoice/${c.invoiceId}`, { headers: { Authorization: `Bearer ${token}` } })).data;
			expect(inv.rejectionReasons.map((x: { code: string; lineItemNumber: number }) => [x.code, x.lineItemNumber])).toEqual([[c.reasonCode, c.lineItemNumber]]);
			expect(/REJECT|DECLIN/.test(inv.invoiceStatus)).toBe(c.kind === 'rejection');
			expect(checkLedesText(c.ledes).issues.map((i) => i.code)).toEqual(c.class === 'arithmetic' ? ['LINE_TOTAL_MISMATCH'] : []);
		}
		expect((await axios.post(`${sb.url}/_admin/brightflag/rejection-cases`, {}, { validateStatus: () => true })).status).toBe(409);
	});
});
