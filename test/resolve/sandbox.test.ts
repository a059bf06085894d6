/**
 * The resolver against the Legal Tracker and Brightflag simulators over real HTTP: the seeded
 * rejections of every class, read as the triggers read them (Legal Tracker: reasons,
 * $expand=invoiceFileInfo, downloadLink; Brightflag: the unverified invoice detail, and the firm's own
 * file), resolved, and every fixable one resubmitted — the simulator (its own LEDES checker) must
 * accept each file, and its stored lines must no longer show the problem. Judgement cases are never
 * resubmitted, and a second pass does nothing.
 */
import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { compileRuleSet } from '../../lib/ocg';
import type { RejectionReason } from '../../lib/reconcile';
import { resolveInvoice, type Resolution, type ResolutionRecord } from '../../lib/resolve';
import { compileMappingTable } from '../../lib/utbms';
import { brightflagReasons } from '../../nodes/Brightflag/BrightflagTrigger.node';
import { legalTrackerReasons } from '../../nodes/LegalTracker/LegalTrackerTrigger.node';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { CaseGuidelines, RejectionCase } from '../../sandbox/vendors/legaltracker/rejection-cases';
import { LT_COMPANY_ID, LT_FIRM_ID, LT_FIRM_OFFICE_ID, LT_INVOICE_TYPE_ID } from '../../sandbox/vendors/legaltracker/state';
import { TEST_NOW } from '../helpers/dates';
import { clientMapping, clientRuleSets } from './firm';

let sb: Sandbox;
const tokens: Record<string, string> = {};
const lt = (params?: Record<string, unknown>): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${tokens.legaltracker}`, 'Company-ID': LT_COMPANY_ID }, params, validateStatus: () => true });
const bf = (): AxiosRequestConfig => ({ headers: { Authorization: `Bearer ${tokens.brightflag}` }, validateStatus: () => true });

/** What each platform gives the resolver, and how a corrected file goes back. */
interface Platform {
	name: 'legalTracker' | 'brightflag';
	vendor: 'legaltracker' | 'brightflag';
	read(c: RejectionCase & { ledes?: string }): Promise<{ id: string; number: string; status: string; reasons: RejectionReason[]; ledes: string }>;
	resubmit(r: Resolution, c: RejectionCase): Promise<AxiosResponse>;
	/** the simulator's stored lines of an invoice, by number */
	lines(number: string): Promise<Array<Record<string, string>>>;
}

const PLATFORMS: Platform[] = [
	{
		name: 'legalTracker',
		vendor: 'legaltracker',
		async read(c) {
			const inv = (await axios.get(`${sb.url}/legaltracker/billing-api/v1/invoices/${c.invoiceId}`, lt({ $expand: 'adjustments,invoiceFileInfo' }))).data;
			const file = await axios.get(inv.invoiceFileInfo.downloadLink, { headers: { Authorization: `Bearer ${tokens.legaltracker}` }, responseType: 'text' });
			return { id: String(inv.id), number: inv.invoiceNumber, status: inv.status, reasons: legalTrackerReasons(inv), ledes: String(file.data) };
		},
		async resubmit(r, c) {
			const link = await axios.post(`${sb.url}/legaltracker/efiles-api/v1/upload-links`, { fileName: r.fileName, contentType: 'text/plain' }, lt());
			await axios.put(link.data.uploadUrl, r.ledes, { headers: { 'Content-Type': 'text/plain' } });
			return axios.post(`${sb.url}/legaltracker/billing-api/v1/invoices`, { firmId: LT_FIRM_ID, firmOfficeId: LT_FIRM_OFFICE_ID, typeId: LT_INVOICE_TYPE_ID, matterId: c.matterId, currency: 'USD', isLedes: true, isMemo: false, isProforma: false, invoiceFileKey: link.data.fileKey }, lt());
		},
		async lines(number) {
			return ((await axios.get(`${sb.url}/_admin/legaltracker/invoices`)).data.data as Array<{ invoiceNumber: string; lines: Array<Record<string, string>> }>).find((i) => i.invoiceNumber === number)!.lines;
		},
	},
	{
		name: 'brightflag',
		vendor: 'brightflag',
		async read(c) {
			// UNVERIFIED endpoint (facts.md §2: no public single-invoice read) for the reviewer's reasons
			const inv = (await axios.get(`${sb.url}/brightflag/api/v1/invoice/${c.invoiceId}`, bf())).data as IDataObject;
			return { id: String(inv.invoiceID), number: String(inv.invoiceNumber), status: String(inv.invoiceStatus), reasons: brightflagReasons(inv), ledes: c.ledes! };
		},
		async resubmit(r) {
			// sandbox-only submission endpoint (Brightflag publishes no vendor-side one)
			return axios.post(`${sb.url}/brightflag/api/sandbox/v1/ledes-submissions?fileName=${encodeURIComponent(r.fileName ?? '')}`, r.ledes, { headers: { Authorization: `Bearer ${tokens.brightflag}`, 'Content-Type': 'text/plain' }, validateStatus: () => true });
		},
		async lines(number) {
			return ((await axios.get(`${sb.url}/_admin/brightflag/invoices`)).data.data as Array<{ invoiceNumber: string; lineItems: Array<Record<string, string>> }>).find((i) => i.invoiceNumber === number)!.lineItems;
		},
	},
];

beforeAll(async () => {
	sb = await startSandbox({ port: 0 });
	sb.reset({ now: TEST_NOW });
	for (const v of ['legaltracker', 'brightflag']) {
		tokens[v] = (await axios.post(`${sb.url}/${v}/oauth/token`, new URLSearchParams({ grant_type: 'client_credentials', client_id: `sandbox-${v}-client`, client_secret: `sandbox-${v}-secret` }))).data.access_token;
	}
});
afterAll(async () => {
	await sb.close();
});

describe.each(PLATFORMS)('resolver × $name simulator', (p) => {
	it('resubmits every fixable rejection once with a file the simulator accepts; the rest reach a person; a second pass does nothing', async () => {
		const seeded = (await axios.post(`${sb.url}/_admin/${p.vendor}/rejection-cases`)).data as { cases: Array<RejectionCase & { ledes?: string }>; guidelines: CaseGuidelines[] };
		const ruleSets = clientRuleSets(seeded.guidelines).map((r) => compileRuleSet(r));
		const mapping = compileMappingTable(clientMapping(seeded.guidelines));
		const ledger: ResolutionRecord[] = [];
		const pass = async () => {
			const out: Array<{ c: RejectionCase; r: Resolution; status?: number }> = [];
			for (const c of seeded.cases) {
				const inv = await p.read(c);
				const r = resolveInvoice({ platform: p.name, invoiceId: inv.id, invoiceNumber: inv.number, status: inv.status, matter: String(c.matterId), reasons: inv.reasons, ledes: inv.ledes, ruleSet: ruleSets, mapping, history: ledger, settings: { mode: 'resubmit' } });
				out.push({ c, r, ...(r.outcome === 'resubmit' ? { status: (await p.resubmit(r, c)).status } : {}) });
				ledger.push({ key: r.key, invoiceNumber: r.invoiceNumber, newInvoiceNumber: r.newInvoiceNumber, matter: r.matter, outcome: r.outcome });
			}
			return out;
		};
		const first = await pass();
		const share: Record<string, string> = {};
		for (const { c, r, status } of first) {
			const expected = c.kind === 'adjustment' ? (c.fixable ? 'acceptAdjustment' : 'person') : c.fixable ? 'resubmit' : 'person';
			expect({ case: c.key, outcome: r.outcome, why: r.outcome === expected ? '' : `${r.why} ${JSON.stringify(r.verdicts)}` }).toEqual({ case: c.key, outcome: expected, why: '' });
			expect(r.verdicts.map((v) => v.class)).toEqual([c.class]);
			if (r.outcome === 'resubmit') expect({ case: c.key, status }).toEqual({ case: c.key, status: 201 });
			if (r.outcome === 'person') expect(r.person?.details.join(' ')).toContain(c.reasonCode);
			const k = `${c.kind} ${c.class}`;
			const [done, all] = (share[k] ?? '0/0').split('/').map(Number);
			share[k] = `${done + (r.outcome === 'resubmit' || r.outcome === 'acceptAdjustment' ? 1 : 0)}/${all + 1}`;
		}
		// the simulator's stored lines of each resubmission no longer show the problem
		const guide = new Map(seeded.guidelines.map((g) => [g.ledesClientId, g]));
		for (const { c, r } of first.filter((x) => x.r.outcome === 'resubmit')) {
			const lines = await p.lines(r.newInvoiceNumber!);
			const caps = guide.get(c.ledesClientId)!.rateCaps;
			const bad = lines.filter((l) => (l.type === 'F' && Number(l.rate) > Number(caps[l.timekeeperClassification])) || l.date < c.periodStart || l.date > c.periodEnd || l.taskCode === 'RES' || l.expenseCode === 'E111');
			expect({ case: c.key, bad }).toEqual({ case: c.key, bad: [] });
		}
		// 0 wrong resubmissions: only fixable rejections were sent
		expect(first.filter((x) => x.r.outcome === 'resubmit').map((x) => x.c.key).sort()).toEqual(seeded.cases.filter((c) => c.fixable && c.kind === 'rejection').map((c) => c.key).sort());
		// a second pass over the same rejections: nothing is resubmitted again
		const second = await pass();
		expect(second.map((x) => x.r.outcome)).toEqual(second.map(() => 'alreadyHandled'));
		process.stderr.write(`[resolver × ${p.name}] resolved share by class: ${JSON.stringify(share)}\n`);
	});
});
