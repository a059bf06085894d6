/**
 * The editor in a real browser: playwright-core driving Debian's Chromium (/usr/bin/chromium,
 * installed by global-setup when missing; headless, --no-sandbox, background networking off).
 * Signs in, finds the pack's nodes in the node panel, opens the time-sync template and runs it,
 * and connects a Clio credential through the sandbox's OAuth authorize page. Screenshots for the
 * README go to docs/screenshots/ (UPDATE_SCREENSHOTS=1; test-results/screenshots/ otherwise).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONNECT_IN_BROWSER_CLIO_ID, ROOT, waitForExecution } from '../../scripts/n8n-runner';
import { dropTable, e2e, loadTemplate, tableRows, type E2e } from './helpers';

// README screenshots are refreshed only on request (UPDATE_SCREENSHOTS=1); otherwise they go to test-results/.
const SHOTS = join(ROOT, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const TIME_SYNC = '01-clio-to-ebilling-time-sync.json';
const describeIfBrowser = process.env.E2E_BROWSER === '0' ? describe.skip : describe;

describeIfBrowser('the n8n editor in Chromium', () => {
	let t: E2e;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

	beforeAll(async () => {
		t = await e2e();
		if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh`);
		mkdirSync(SHOTS, { recursive: true });
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [
				'--no-sandbox',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-default-apps',
				'--no-first-run',
				'--metrics-recording-only',
			],
		});
		context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		page = await context.newPage();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('signs in with the owner account npm start prints', async () => {
		await page.goto(`${t.n8nUrl}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', t.owner.email);
		await page.fill('input[name=password]', t.owner.password);
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 30000 });
		expect(new URL(page.url()).pathname).not.toBe('/signin');
	});

	it.each([
		['LEDES', 'LEDES'],
		['UTBMS', 'UTBMS'],
		['OCG', 'OCG Compliance'],
		['Clio', 'Clio'],
		['Actionstep', 'Actionstep'],
		['Brightflag', 'Brightflag'],
		['Legal Tracker', 'Legal Tracker'],
	])('finds the pack node for "%s" in the node panel', async (query, expected) => {
		if (!page.url().includes('/workflow/new')) {
			await page.goto(`${t.n8nUrl}/workflow/new`);
			await page.click('[data-test-id=canvas-plus-button]');
		} else {
			await page.keyboard.press('Control+A');
			await page.keyboard.press('Backspace');
		}
		await page.keyboard.type(query, { delay: 20 });
		await page.waitForTimeout(800);
		const items = page.locator('[data-test-id=node-creator-item-name]');
		// the list re-renders as the query changes: wait for the pack's node itself, not any first result
		await items.filter({ hasText: expected }).first().waitFor({ timeout: 20000 }).catch(() => undefined);
		const names = (await items.allTextContents()).map((s) => s.trim());
		if (query === 'LEDES') await shot('node-panel-ledes');
		if (query === 'Clio') await shot('node-panel-clio');
		expect(names.some((n) => n.startsWith(expected))).toBe(true);
	});

	it('opens the time-sync template as imported and runs it: the quick start submits to Legal Tracker on the day it runs', async () => {
		const tpl = t.templates[TIME_SYNC];
		expect(tpl).toBeDefined();
		// As `npm start` does: the sandbox clock on real time (the template's period is n8n's own
		// "previous month"; n8n's clock cannot be pinned), and no ledger from other tests' periods.
		await t.resetSandbox({ now: new Date().toISOString() });
		// the template exactly as shipped (other test files import variants under the same id)
		expect(await t.importWorkflow(loadTemplate(TIME_SYNC))).toBe(tpl.id);
		for (const name of ['legal_billing_submissions', 'legal_billing_review_queue', 'legal_billing_sync_runs']) await dropTable(t, name);
		const ltBefore = ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: unknown[] }).data.length;
		await page.goto(`${t.n8nUrl}/workflow/${tpl.id}`);
		await page.locator('[data-test-id=canvas-wrapper]').waitFor({ timeout: 30000 });
		await page.waitForTimeout(1500);
		await shot('template-time-sync');
		await page.click('[data-test-id=execute-workflow-button]');
		await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 180000 });
		await page.waitForTimeout(1000);
		await shot('template-time-sync-executed');
		// The editor's run is recorded as a successful manual execution.
		const execs = await t.api.get<{ results: Array<{ id: string; workflowId: string; status: string; mode: string }> }>(
			'/rest/executions',
			{ filter: JSON.stringify({ workflowId: tpl.id }) },
		);
		const manual = execs.results.filter((e) => e.mode === 'manual');
		expect(manual[0]?.status).toBe('success');
		// ≥ 1 invoice reached the sandbox's Legal Tracker, entries were queued for review, and the run log says so
		const ltAfter = ((await t.sandbox.get('/_admin/legaltracker/invoices')).data as { data: unknown[] }).data.length;
		// on failure, say how many items each node of the editor's run emitted
		const exec = await waitForExecution(t.api, t.state, String(manual[0].id));
		const counts = Object.entries(exec.run?.data.resultData.runData ?? {}).map(([n, r]) => `${n}=${r.map((x) => (x.data?.main ?? []).map((o) => (o ?? []).length).join('/')).join(' ')}`);
		expect({ submitted: ltAfter - ltBefore >= 1, counts }).toEqual({ submitted: true, counts: expect.anything() });
		expect((await tableRows(t, 'legal_billing_review_queue')).length).toBeGreaterThan(0);
		expect((await tableRows(t, 'legal_billing_sync_runs')).map((r) => r.status)).toEqual(['success']);
	});

	it('connects a Clio credential through the sandbox OAuth authorize page', async () => {
		await page.goto(`${t.n8nUrl}/home/credentials/${CONNECT_IN_BROWSER_CLIO_ID}`);
		const connect = page.locator('[data-test-id=oauth-not-connected-banner]').getByRole('button', { name: 'Connect' });
		await connect.waitFor({ timeout: 30000 });
		await shot('clio-credential-before-connect');
		const [popup] = await Promise.all([context.waitForEvent('page'), connect.click()]);
		await popup.locator('#allow').waitFor({ timeout: 30000 });
		expect(popup.url()).toContain(`${t.sandboxUrl}/clio/oauth/authorize`);
		expect(popup.url()).toContain('client_id=sandbox-clio-client');
		await popup.screenshot({ path: join(SHOTS, 'clio-sandbox-authorize.png') });
		await popup.click('#allow');
		await page.locator('[data-test-id=oauth-connect-success-banner]').waitFor({ timeout: 30000 });
		await shot('clio-credential-connected');
		// The credential now holds a token the sandbox issued: n8n's own credential test passes.
		const creds = await t.api.get<Array<{ id: string; data?: Record<string, unknown> }>>('/rest/credentials', {
			includeData: true,
		});
		const c = creds.find((x) => x.id === CONNECT_IN_BROWSER_CLIO_ID);
		expect(c?.data?.oauthTokenData).toBeTruthy();
	});
});
