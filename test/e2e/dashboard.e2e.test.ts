/**
 * Templates 06 (reconciliation dashboard) and 07 (client spend portal) in real n8n, opened in
 * Chromium (playwright-core + Debian's /usr/bin/chromium, as browser.e2e.test.ts). The time sync
 * (template 1) and the hub (template 3) run on the sandbox at TEST_NOW; the client's reviewers
 * reject, adjust and approve invoices on Legal Tracker and Brightflag; then:
 * - the dashboard's figures equal the ledger's and the platforms' (computed here from the Data Table
 *   and the simulators' admin views): invoice count, billed, accepted, rejected amount; per client too;
 * - its CSV export says the same; without n8n's webhook Basic auth: 401 and no data;
 * - the portal, through links the template's "Issue links now" branch issued: each of two clients
 *   sees only its own totals; A's token with B in the query still shows A; a tampered signature, an
 *   expired token, alg none and a missing token each get 401/403 and a page with no data;
 * - both pages send a Content-Security-Policy and load nothing (no script, no style) from another origin.
 * Screenshots go to docs/screenshots/ with UPDATE_SCREENSHOTS=1 (test-results/screenshots/ otherwise).
 */
import axios from 'axios';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { Decimal } from '../../lib/money/decimal';
import { signPortalToken } from '../../lib/report/jwt';
import { setupDashboard, type DashboardSetup } from '../../scripts/dashboard-setup';
import { ROOT, waitForExecution } from '../../scripts/n8n-runner';
import { firmDate, periodAt, TEST_NOW } from '../helpers/dates';
import { createTable, dropTable, e2e, insertRows, loadTemplate, tableRows, withAssignments, type E2e } from './helpers';

const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const TABLES = ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs', 'legal_billing_entries_warehouse', 'legal_billing_alerts', 'legal_billing_budgets'];
const describeIfBrowser = process.env.E2E_BROWSER === '0' ? describe.skip : describe;

interface LtInvoice {
	invoiceId: number;
	invoiceNumber: string;
	status: string;
	totalAmount: string;
	approvedAmount: string;
}
interface BfInvoice {
	invoiceID: number;
	invoiceNumber: string;
	invoiceStatus: string;
	originalGrossTotal: string;
	approvedGrossTotal: string;
}
interface Expected {
	invoices: number;
	billed: string;
	accepted: string;
	rejected: string;
	numbers: string[];
}

/** The figures as a person would work them out from the ledger table and the platforms' own records. */
function expectedFigures(ledger: Array<Record<string, unknown>>, lt: LtInvoice[], bf: BfInvoice[], client?: string): Expected {
	const submitted = new Map<string, Record<string, unknown>>();
	for (const r of ledger) if (r.status === 'submitted' && (!client || r.clientId === client)) submitted.set(`${String(r.platform).toLowerCase()}|${String(r.invoiceNumber)}`, r);
	let billed = Decimal.ZERO;
	let accepted = Decimal.ZERO;
	let rejected = Decimal.ZERO;
	for (const [key, r] of submitted) {
		const total = Decimal.from(String(r.total));
		billed = billed.add(total);
		const [platform, number] = key.split('|');
		if (platform === 'legaltracker') {
			const inv = lt.find((i) => i.invoiceNumber === number);
			if (inv?.status === 'rejected' || inv?.status === 'disputed') rejected = rejected.add(total);
			if (inv?.status === 'approved') accepted = accepted.add(inv.approvedAmount);
		} else {
			const inv = bf.find((i) => i.invoiceNumber === number);
			if (inv && /REJECT|DECLIN/.test(inv.invoiceStatus)) rejected = rejected.add(total);
			if (inv && /APPROV|PAID/.test(inv.invoiceStatus)) accepted = accepted.add(inv.approvedGrossTotal);
		}
	}
	return { invoices: submitted.size, billed: billed.toFixed(2), accepted: accepted.toFixed(2), rejected: rejected.toFixed(2), numbers: [...submitted.values()].map((r) => String(r.invoiceNumber)) };
}

const money = (shown: string) => shown.replace(/,/g, '').replace('−', '-').trim();

describeIfBrowser('dashboard and client portal in Chromium', () => {
	let t: E2e;
	let s: DashboardSetup;
	let browser: Browser;
	let staff: BrowserContext;
	let page: Page;
	let ledger: Array<Record<string, unknown>>;
	let lt: LtInvoice[];
	let bf: BfInvoice[];
	let links: Array<{ clientId: string; url: string }>;
	const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
	const figures = async (p: Page) => Object.fromEntries(await p.locator('[data-figure]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-figure'), (e.textContent ?? '').trim()])));
	/** Every request a page made goes to n8n's own origin; it has no script and no foreign style. */
	async function expectSelfContained(p: Page, requests: string[], res: Response | null) {
		const origin = new URL(t.n8nUrl).origin;
		expect(requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin)).toEqual([]);
		expect(res?.headers()['content-security-policy']).toBeTruthy();
		const dom = {
			scripts: await p.locator('script').count(),
			links: await p.locator('link').evaluateAll((els) => els.map((e) => e.getAttribute('href'))),
			stylesWithoutNonce: await p.locator('style:not([nonce])').count(),
			meta: (await p.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '',
		};
		expect(dom).toEqual({ scripts: 0, links: [], stylesWithoutNonce: 0, meta: expect.stringMatching(/^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; img-src data:; script-src 'none'/) });
	}

	/** On failure: the last execution of a workflow, its failing node and error. */
	async function lastRunError(workflowId: string): Promise<string | undefined> {
		const execs = await t.api.get<{ results: Array<{ id: string; status: string }> }>('/rest/executions', { filter: JSON.stringify({ workflowId }) });
		const last = execs.results[0];
		if (!last || last.status === 'success') return undefined;
		const e = (await waitForExecution(t.api, t.state, last.id)).run?.data.resultData as { error?: { message?: string; description?: string; node?: { name?: string } } } | undefined;
		return `${last.status}: ${e?.error?.node?.name ?? ''}: ${e?.error?.message ?? ''} ${e?.error?.description ?? ''}`;
	}

	beforeAll(async () => {
		t = await e2e();
		if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
		mkdirSync(SHOTS, { recursive: true });
		await t.resetSandbox({ now: TEST_NOW });
		for (const name of TABLES) await dropTable(t, name);
		s = await setupDashboard(t);
		const { periodStart, periodEnd } = periodAt(TEST_NOW);
		const today = firmDate(TEST_NOW);
		// 1. the time sync to Legal Tracker, 2. the hub: Brightflag's customers to Brightflag, the rest to Legal Tracker; both fill the ledger, the hub the warehouse
		const sync = withAssignments(loadTemplate('01-clio-to-ebilling-time-sync.json'), 'Sync settings', { periodStart, periodEnd, today, platform: 'legalTracker' });
		const syncRun = await t.runInServer(await t.importWorkflow({ ...sync, id: 'lbE2eDashSync01', name: `${sync.name} (dashboard)` }));
		expect(syncRun.ok).toBe(true);
		const bfClients = ((await t.sandbox.get('/_admin/brightflag/statuses')).data as { data: Array<{ ledesClientId: string }> }).data.map((c) => c.ledesClientId);
		const clients = Object.fromEntries([['*', { platform: 'legalTracker', guidelines: 'corporate' }], ...bfClients.map((c) => [c, { platform: 'brightflag', guidelines: 'corporate' }])]);
		const hub = withAssignments(loadTemplate('03-multi-lpm-compliance-hub.json'), 'Hub settings', { periodStart, periodEnd, today, clients: JSON.stringify(clients) });
		const hubRun = await t.runInServer(await t.importWorkflow({ ...hub, id: 'lbE2eDashHub001', name: `${hub.name} (dashboard)` }));
		expect(hubRun.ok).toBe(true);
		ledger = await tableRows(t, 'legal_billing_submissions');
		const ours = new Set(ledger.filter((r) => r.status === 'submitted').map((r) => String(r.invoiceNumber)));
		// 3. the clients' reviewers: Legal Tracker rejects one; Brightflag cuts one (then approves it) and rejects another
		const ltAll = async () => ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: LtInvoice[] }).data;
		const bfAll = async () => ((await t.sandbox.get('/_admin/brightflag/invoices')).data as { data: BfInvoice[] }).data;
		const ltOurs = (await ltAll()).filter((i) => ours.has(i.invoiceNumber));
		const bfOurs = (await bfAll()).filter((i) => ours.has(i.invoiceNumber));
		expect({ lt: ltOurs.length, bf: bfOurs.length }).toEqual({ lt: expect.any(Number), bf: expect.any(Number) });
		expect({ lt: ltOurs.length >= 1, bf: bfOurs.length >= 2 }).toEqual({ lt: true, bf: true });
		const review = async (vendor: string, id: number, body: unknown) => expect((await t.sandbox.post(`/_admin/${vendor}/invoices/${id}/review`, body)).status).toBe(200);
		await review('legaltracker', ltOurs[0].invoiceId, { action: 'reject', reasonCode: 'NARRATIVE_TOO_SHORT', comment: 'Task-level narratives, please.' });
		await review('brightflag', bfOurs[0].invoiceID, { action: 'adjust', adjustments: [{ lineItemNumber: 1, amount: '-50.00', code: 'RATE_ABOVE_APPROVED' }] });
		await review('brightflag', bfOurs[1].invoiceID, { action: 'reject', reasons: [{ code: 'BLOCK_BILLING', lineItemNumber: 1 }] });
		lt = await ltAll();
		bf = await bfAll();

		browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
		staff = await browser.newContext({ viewport: { width: 1440, height: 900 }, httpCredentials: { username: s.user, password: s.password }, acceptDownloads: true });
		page = await staff.newPage();
	});

	afterAll(async () => {
		await browser?.close();
		for (const id of [s?.dashboardWorkflowId, s?.portalWorkflowId]) if (id) await t.deactivate(id).catch(() => undefined);
	});

	it("shows the ledger's and the platforms' figures: invoices, billed, accepted, rejected (all clients, then one client)", async () => {
		const requests: string[] = [];
		page.on('request', (r) => requests.push(r.url()));
		const res = await page.goto(s.dashboardUrl);
		expect({ status: res?.status(), error: res?.status() === 200 ? undefined : await lastRunError(s.dashboardWorkflowId) }).toEqual({ status: 200, error: undefined });
		const exp = expectedFigures(ledger, lt, bf);
		expect(exp.invoices).toBeGreaterThanOrEqual(3);
		expect(Decimal.from(exp.rejected).gt(0)).toBe(true);
		const f = await figures(page);
		expect({ invoices: f.invoices, billed: money(f.billed), accepted: money(f.accepted), rejected: money(f.rejected) }).toEqual({ invoices: String(exp.invoices), billed: exp.billed, accepted: exp.accepted, rejected: exp.rejected });
		// every submitted invoice is listed once, and the unresolved rejections are the rejected ones
		const listed = await page.locator('[data-table=invoices] td[data-col=invoice]').allTextContents();
		expect(listed.sort()).toEqual([...exp.numbers].sort());
		const aging = await page.locator('[data-table=aging] td[data-col=invoice] a').allTextContents();
		expect(aging.sort()).toEqual([lt.find((i) => i.status === 'rejected' && exp.numbers.includes(i.invoiceNumber))!.invoiceNumber, bf.find((i) => /REJECT|DECLIN/.test(i.invoiceStatus) && exp.numbers.includes(i.invoiceNumber))!.invoiceNumber].sort());
		// the rejections and the cut are ranked with their amounts (Brightflag's documented summary names no reason: UNSPECIFIED)
		expect(await page.locator('[data-table=reasons] tr', { hasText: 'adjustment' }).locator('td[data-col=amount]').first().textContent()).toBe('50.00');
		expect(await page.locator('[data-table=reasons] tr', { hasText: 'NARRATIVE_TOO_SHORT' }).locator('td[data-col=count]').first().textContent()).toBe('1');
		await expectSelfContained(page, requests, res);
		await shot(page, 'dashboard');

		// the filter form (a GET to the same page): one client
		const client = String(ledger.find((r) => r.status === 'submitted')!.clientId);
		await page.selectOption('select[name=client]', client);
		await Promise.all([page.waitForURL((u) => u.searchParams.get('client') === client), page.click('form button[type=submit]')]);
		const one = expectedFigures(ledger, lt, bf, client);
		const g = await figures(page);
		expect({ invoices: g.invoices, billed: money(g.billed) }).toEqual({ invoices: String(one.invoices), billed: one.billed });
	});

	it('exports CSV with the same figures', async () => {
		await page.goto(s.dashboardUrl);
		const exp = expectedFigures(ledger, lt, bf);
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-csv=summary]')]);
		const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
		const head = csv[0].split(',');
		const all = csv.find((l) => l.startsWith('All,'))!.split(',');
		const col = (name: string) => all[head.indexOf(name)];
		expect({ invoices: col('Submitted'), billed: col('Billed'), accepted: col('Accepted to pay'), rejected: col('Rejected amount') }).toEqual({ invoices: String(exp.invoices), billed: exp.billed, accepted: exp.accepted, rejected: exp.rejected });
		const [inv] = await Promise.all([page.waitForEvent('download'), page.click('a[data-csv=invoices]')]);
		expect(readFileSync((await inv.path())!, 'utf8').trim().split('\r\n').length - 1).toBe(exp.invoices);
	});

	it('shows budget versus actual from the budgets Data Table, against the warehouse (issue 16)', async () => {
		const warehouse = await tableRows(t, 'legal_billing_entries_warehouse');
		const matter = String(warehouse.find((r) => r.matter)!.matter);
		const actual = Decimal.sum(warehouse.filter((r) => String(r.matter) === matter || String(r.clientMatterId) === matter).map((r) => Decimal.from(String(r.total))));
		expect(actual.gt(0)).toBe(true);
		// the table as template 8 keeps it: a budget and a cap (a cap is not a budget: not shown)
		await createTable(t, 'legal_billing_budgets', ['matter', 'phase', 'kind', 'amount'], 'legal_billing_entries_warehouse');
		await insertRows(t, 'legal_billing_budgets', [
			{ matter, phase: '', kind: 'budget', amount: '1000.00' },
			{ matter, phase: '', kind: 'cap', amount: '5.00' },
		]);
		const res = await page.goto(s.dashboardUrl);
		expect(res?.status()).toBe(200);
		const rows = page.locator('[data-table=budgets] tbody tr');
		expect(await rows.count()).toBe(1);
		const cell = async (c: string) => money((await rows.first().locator(`td[data-col=${c}]`).textContent()) ?? '');
		const budget = Decimal.from('1000.00');
		expect({ scope: await cell('scope'), budget: await cell('budget'), actual: await cell('actual'), remaining: await cell('remaining') }).toEqual({
			scope: `matter ${matter}`,
			budget: '1000.00',
			actual: actual.round(2).toFixed(2),
			remaining: budget.sub(actual).round(2).toFixed(2),
		});
	});

	it('answers 401 with no data without the webhook credentials, or with wrong ones', async () => {
		// Chromium would prompt for the password: ask with the browser's request context instead
		const anon = await browser.newContext();
		const r401 = await anon.request.get(s.dashboardUrl);
		expect({ status: r401.status(), auth: r401.headers()['www-authenticate'], data: /INV-|data-figure|<table/.test(await r401.text()) }).toEqual({ status: 401, auth: 'Basic realm="Webhook"', data: false });
		await anon.close();
		for (const auth of [undefined, { username: s.user, password: 'wrong' }]) {
			const r = await axios.get(`${s.dashboardUrl}?format=csv&table=invoices`, { auth, validateStatus: () => true });
			expect({ status: r.status, data: /INV-/.test(String(r.data)) }).toEqual({ status: 401, data: false });
		}
	});

	it('portal: links issued by the template; two clients each see only their own totals', async () => {
		const issued = await t.runInServer(s.portalWorkflowId, { trigger: 'Issue links now' });
		expect(issued.ok).toBe(true);
		links = t.nodeOutput(issued, 'Issue portal link').map((j) => ({ clientId: String(j.clientId), url: String(j.url) }));
		const withInvoices = [...new Set(ledger.filter((r) => r.status === 'submitted').map((r) => String(r.clientId)))];
		expect(links.map((l) => l.clientId).sort()).toEqual([...new Set(ledger.map((r) => String(r.clientId)).filter(Boolean))].sort());
		const [a, b] = withInvoices.map((c) => links.find((l) => l.clientId === c)!);
		expect(a && b).toBeTruthy();
		const client = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		for (const [who, other] of [
			[a, b],
			[b, a],
		]) {
			const p = await client.newPage();
			const requests: string[] = [];
			p.on('request', (r) => requests.push(r.url()));
			const res = await p.goto(who.url);
			expect(res?.status()).toBe(200);
			const exp = expectedFigures(ledger, lt, bf, who.clientId);
			const f = await figures(p);
			expect({ invoices: f.invoices, billed: money(f.billed), accepted: money(f.accepted), rejected: money(f.rejected) }).toEqual({ invoices: String(exp.invoices), billed: exp.billed, accepted: exp.accepted, rejected: exp.rejected });
			const html = await p.content();
			for (const n of expectedFigures(ledger, lt, bf, other.clientId).numbers) expect({ other: n, shown: html.includes(n) }).toEqual({ other: n, shown: false });
			expect(html).not.toContain(other.clientId);
			// nothing internal: no reviewer comments, reason codes or guideline findings
			expect(html).not.toMatch(/Task-level narratives|NARRATIVE_TOO_SHORT|RATE_ABOVE_APPROVED|ocg-|review queue/i);
			await expectSelfContained(p, requests, res);
			if (who === a) await shot(p, 'client-portal');
			await p.close();
		}
		// a token for A with B in the query still shows A
		const p = await client.newPage();
		await p.goto(`${a.url}&client=${encodeURIComponent(b.clientId)}&clientId=${encodeURIComponent(b.clientId)}`);
		expect(await p.locator('h1').textContent()).toBe(`Legal spend: ${a.clientId}`);
		expect(money((await figures(p)).billed)).toBe(expectedFigures(ledger, lt, bf, a.clientId).billed);
		expect(await p.content()).not.toContain(b.clientId);
		await client.close();
	});

	it('portal: a tampered signature, an expired token, alg none and a missing token get 401/403 and a page with no data', async () => {
		const a = links[0];
		const token = new URL(a.url).searchParams.get('token')!;
		const [h, body, sig] = token.split('.');
		const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
		const cases: Array<[string, string | undefined, number]> = [
			['tampered signature', `${h}.${body}.${sig.slice(0, -4)}${sig.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`, 401],
			['payload switched to another client', `${h}.${b64({ ...claims, sub: links[1].clientId })}.${sig}`, 401],
			['expired', signPortalToken(s.secret, { clientId: a.clientId, ttlSeconds: 60, now: new Date(Date.now() - 3600_000) }), 403],
			['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${body}.`, 401],
			['missing', undefined, 401],
		];
		const p = await (await browser.newContext()).newPage();
		for (const [name, tok, status] of cases) {
			const url = tok === undefined ? s.portalUrl : `${s.portalUrl}?token=${encodeURIComponent(tok)}`;
			const res = await p.goto(url);
			const html = await p.content();
			expect({ name, status: res?.status(), data: /INV-|data-figure|<table/.test(html) || html.includes(a.clientId) }).toEqual({ name, status, data: false });
			// and the CSV export is refused the same way
			const csv = await axios.get(`${url}${tok === undefined ? '?' : '&'}format=csv&table=invoices`, { validateStatus: () => true });
			expect({ name, status: csv.status, data: /INV-/.test(String(csv.data)) }).toEqual({ name, status, data: false });
			if (name === 'expired') await shot(p, 'client-portal-expired-link');
		}
	});
});
