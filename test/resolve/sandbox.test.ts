/**
 * The resolver against the Legal Tracker simulator over real HTTP: the seeded rejections of every
 * class, read as the trigger reads them (reasons, $expand=invoiceFileInfo, downloadLink), resolved,
 * and every fixable one resubmitted — the simulator (its own LEDES checker) must accept each file,
 * and its stored lines must no longer show the problem. Judgement cases are never resubmitted.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import { compileRuleSet } from '../../lib/ocg';
import { resolveInvoice, type Resolution, type ResolutionRecord } from '../../lib/resolve';
import { compileMappingTable } from '../../lib/utbms';
import { legalTrackerReasons } from '../../nodes/LegalTracker/LegalTrackerTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { CaseGuidelines, RejectionCase } from '../../sandbox/vendors/legaltracker/rejection-cases';
import { LT_COMPANY_ID, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID } from '../../sandbox/vendors/legaltracker/state';
import { TEST_NOW } from '../helpers/dates';
import { clientMapping, clientRuleSets } from './firm';

let sb: Sandbox;
let token: string;
const auth = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${token}`, 'Company-ID': LT_COMPANY_ID }, params, validateStatus: () => true });
const billing = () => `${sb.url}/legaltracker/billing-api/v1`;

function firmConfig(guidelines: CaseGuidelines[]) {
	return { ruleSets: clientRuleSets(guidelines).map((r) => compileRuleSet(r)), mapping: compileMappingTable(clientMapping(guidelines)) };
}

async function resubmit(r: Resolution, matterId: number) {
	const link = await axios.post(`${sb.url}/legaltracker/efiles-api/v1/upload-links`, { fileName: r.fileName, contentType: 'text/plain' }, auth());
	await axios.put(link.data.uploadUrl, r.ledes, { headers: { 'Content-Type': 'text/plain' } });
	return axios.post(`${billing()}/invoices`, { firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, typeId: LT_INVOICE_TYPE_ID, matterId, currency: 'USD', isLedes: true, isMemo: false, isProforma: false, invoiceFileKey: link.data.fileKey }, auth());
}

beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
	sb.reset({ now: TEST_NOW });
	token = (await axios.post(`${sb.url}/legaltracker/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-legaltracker-client', client_secret: 'sandbox-legaltracker-secret' }))).data.access_token;
});
afterAll(async () => {
	await sb.close();
});

describe('resolver × Legal Tracker simulator', () => {
	it('resubmits every fixable rejection once with a file the simulator accepts; the rest reach a person; a second pass does nothing', async () => {
		const seeded = (await axios.post(`${sb.url}/_admin/legaltracker/rejection-cases`)).data as { cases: RejectionCase[]; guidelines: CaseGuidelines[] };
		const { ruleSets, mapping } = firmConfig(seeded.guidelines);
		const ledger: ResolutionRecord[] = [];
		const byClass: Record<string, { cases: number; resolved: number }> = {};
		const pass = async () => {
			const out: Array<{ c: RejectionCase; r: Resolution; status?: number; stored?: Record<string, unknown> }> = [];
			for (const c of seeded.cases) {
				const inv = (await axios.get(`${billing()}/invoices/${c.invoiceId}`, auth({ $expand: 'adjustments,invoiceFileInfo' }))).data;
				const file = await axios.get(inv.invoiceFileInfo.downloadLink, { headers: { Authorization: `Bearer ${token}` }, responseType: 'text' });
				const r = resolveInvoice({ platform: 'legalTracker', invoiceId: String(inv.id), invoiceNumber: inv.invoiceNumber, status: inv.status, matter: String(inv.matterId), reasons: legalTrackerReasons(inv), ledes: String(file.data), ruleSet: ruleSets, mapping, history: ledger, settings: { mode: 'resubmit' } });
				const row: (typeof out)[number] = { c, r };
				if (r.outcome === 'resubmit') {
					const res = await resubmit(r, c.matterId);
					row.status = res.status;
					row.stored = res.data;
				}
				ledger.push({ key: r.key, invoiceNumber: r.invoiceNumber, newInvoiceNumber: r.newInvoiceNumber, matter: r.matter, outcome: r.outcome });
				out.push(row);
			}
			return out;
		};
		const first = await pass();
		for (const { c, r, status } of first) {
			const expected = c.kind === 'adjustment' ? (c.fixable ? 'acceptAdjustment' : 'person') : c.fixable ? 'resubmit' : 'person';
			expect({ case: c.key, outcome: r.outcome, why: r.outcome === expected ? "" : `${r.why} ${JSON.stringify(r.verdicts)}` }).toEqual({ case: c.key, outcome: expected, why: '' });
			expect(r.verdicts.map((v) => v.class)).toEqual([c.class]);
			if (r.outcome === 'resubmit') expect({ case: c.key, status }).toEqual({ case: c.key, status: 201 });
			if (r.outcome === 'person') expect(r.person?.details.join(' ')).toContain(c.reasonCode);
			const k = `${c.kind}:${c.class}`;
			byClass[k] = { cases: (byClass[k]?.cases ?? 0) + 1, resolved: (byClass[k]?.resolved ?? 0) + (r.outcome === 'resubmit' || r.outcome === 'acceptAdjustment' ? 1 : 0) };
		}
		// the simulator's stored lines of each resubmission no longer show the problem
		const admin = (await axios.get(`${sb.url}/_admin/legaltracker/invoices`)).data.data as Array<{ invoiceNumber: string; lines: Array<Record<string, string>> }>;
		const guide = new Map(seeded.guidelines.map((g) => [g.ledesClientId, g]));
		for (const { c, r } of first.filter((x) => x.r.outcome === 'resubmit')) {
			const lines = admin.find((i) => i.invoiceNumber === r.newInvoiceNumber)!.lines;
			const caps = guide.get(c.ledesClientId)!.rateCaps;
			expect(lines.every((l) => l.type !== 'F' || Number(l.rate) <= Number(caps[l.timekeeperClassification]))).toBe(true);
			expect(lines.every((l) => l.date >= c.periodStart && l.date <= c.periodEnd)).toBe(true);
			expect(lines.some((l) => l.taskCode === 'RES' || l.expenseCode === 'E111')).toBe(false);
		}
		// 0 wrong resubmissions: only fixable rejections were sent
		expect(first.filter((x) => x.r.outcome === 'resubmit').map((x) => x.c.key).sort()).toEqual(seeded.cases.filter((c) => c.fixable && c.kind === 'rejection').map((c) => c.key).sort());
		// a second pass over the same rejections: nothing is resubmitted again
		const second = await pass();
		expect(second.map((x) => x.r.outcome)).toEqual(second.map(() => 'alreadyHandled'));
		process.stderr.write(`resolved share by class (sandbox): ${JSON.stringify(byClass)}\n`);
	});
});
