import {
	buildDashboard,
	buildPortal,
	dashboardResponse,
	issuePortalLink,
	parseFilters,
	portalResponse,
	readBudgets,
	renderCsv,
	signPortalToken,
	tokenOf,
	utbmsPhase,
	verifyPortalToken,
	type ReportInput,
} from '../../lib/report';

const NOW = new Date('2026-11-20T12:00:00Z');
const KEY = 'portal-signing-key-for-unit-tests-0001';

const ledgerRow = (n: string, client: string, total: string, over: Record<string, unknown> = {}) => ({
	invoiceNumber: n,
	platform: 'legalTracker',
	status: 'submitted',
	clientId: client,
	clientMatterId: `${client}-M1`,
	matter: `00${client.length}-M`,
	total,
	periodStart: '2026-10-01',
	periodEnd: '2026-10-31',
	platformInvoiceId: '',
	loggedAt: '2026-11-01T09:00:00Z',
	...over,
});

/** Two clients on Legal Tracker, one on Brightflag; every outcome once. */
const INPUT: ReportInput = {
	ledger: [
		ledgerRow('INV-1', 'ACME', '1000.10'),
		ledgerRow('INV-2', 'ACME', '2000.20'),
		ledgerRow('INV-3', 'ACME', '300.30', { clientMatterId: 'ACME-M2', matter: '002-X' }),
		ledgerRow('INV-4', 'GLOBEX', '400.40'),
		ledgerRow('INV-5', 'GLOBEX', '0.10', { platform: 'brightflag' }),
		// an answer lost then reconciled: two rows, one invoice
		ledgerRow('INV-6', 'GLOBEX', '600.00', { status: 'unknown', loggedAt: '2026-11-01T08:00:00Z' }),
		ledgerRow('INV-6', 'GLOBEX', '600.00', { status: 'submitted', loggedAt: '2026-11-02T08:00:00Z' }),
		// not submitted: not counted
		ledgerRow('INV-7', 'GLOBEX', '999.00', { status: 'failed' }),
		ledgerRow('INV-8', 'ACME', '50.00', { status: 'skipped' }),
		// another period
		ledgerRow('INV-9', 'ACME', '70.00', { periodStart: '2026-09-01', periodEnd: '2026-09-30' }),
		{ error: 'an n8n error item' },
		{},
	],
	legalTracker: [
		{ id: 11, invoiceNumber: 'INV-1', status: 'approved', totalAmount: '1000.10', approvedAmount: '1000.10', statusDate: '2026-11-10', adjustments: [] },
		{ id: 12, invoiceNumber: 'INV-2', status: 'approved', totalAmount: '2000.20', approvedAmount: '1880.20', statusDate: '2026-11-11', adjustments: [{ reasonCode: 'RATE_ABOVE_APPROVED', reason: 'Rate above approved', amount: '-120.00' }] },
		{ id: 13, invoiceNumber: 'INV-3', status: 'rejected', totalAmount: '300.30', statusDate: '2026-11-18', statusReasonCode: 'NARRATIVE_TOO_SHORT', statusReason: 'Narrative too short' },
		{ id: 14, invoiceNumber: 'INV-4', status: 'disputed', totalAmount: '400.40', statusDate: '2026-10-01', statusReasonCode: 'RATE_ABOVE_APPROVED', statusReason: 'Rate above approved' },
		{ id: 16, invoiceNumber: 'INV-6', status: 'pending', totalAmount: '600.00', statusDate: '2026-11-02' },
		// a platform invoice not in our ledger: not ours to count
		{ id: 99, invoiceNumber: 'SEEDED-1', status: 'rejected', totalAmount: '5.00', statusDate: '2026-11-01' },
	],
	brightflag: [{ invoiceID: 501, invoiceNumber: 'INV-5', invoiceStatus: 'DECLINED', originalGrossTotal: '0.10', approvedGrossTotal: '0', invoiceStatusChangeTimestamp: '2026-11-05T10:00:00Z' }],
	review: [
		{ entryId: 'e1', stage: 'ocg-review', clientId: 'ACME', timekeeper: 'Ann Lee', total: '100.00', guidelineRefs: 'OCG §3.1, OCG §4.2', reasons: 'INTERNAL: rate cap 450' },
		{ entryId: 'e2', stage: 'utbms-unmapped', clientId: 'GLOBEX', timekeeper: 'Bo Chen', total: '20.00', guidelineRefs: '' },
	],
	warehouse: [
		{ entryId: 'w1', clientId: 'ACME', matter: '004-M', clientMatterId: 'ACME-M1', timekeeper: 'Ann Lee', kind: 'TimeEntry', quantity: '1.5', rate: '450.00', total: '675.00', taskCode: 'L120', ocgStatus: 'compliant', platform: 'legaltracker', periodEnd: '2026-10-31' },
		{ entryId: 'w2', clientId: 'ACME', matter: '004-M', clientMatterId: 'ACME-M1', timekeeper: 'Cy Park', kind: 'TimeEntry', quantity: '2', rate: '200.00', total: '400.00', taskCode: 'L210', ocgStatus: 'review', guidelineRefs: 'OCG §3.1', platform: 'legaltracker', periodEnd: '2026-10-31' },
		{ entryId: 'w3', clientId: 'ACME', matter: '004-M', clientMatterId: 'ACME-M1', timekeeper: '', kind: 'ExpenseEntry', quantity: '1', total: '12.34', taskCode: 'E101', ocgStatus: 'compliant', platform: 'legaltracker', periodEnd: '2026-10-31' },
		{ entryId: 'w4', clientId: 'GLOBEX', matter: '005-G', clientMatterId: 'GLOBEX-M1', timekeeper: 'Bo Chen', kind: 'TimeEntry', quantity: '3', total: '999.99', taskCode: 'L110', ocgStatus: 'compliant', platform: 'legaltracker', periodEnd: '2026-10-31' },
	],
	runs: [
		{ runAt: '2026-11-01T09:00:00Z', workflow: 'Clio → e-billing time sync', status: 'success', invoices: 3 },
		{ runAt: '2026-11-02T09:00:00Z', workflow: 'Clio → e-billing time sync', status: 'partial', invoices: 1, message: 'one failed' },
		{ runAt: '2026-11-01T10:00:00Z', workflow: 'Hub', status: 'success' },
	],
	alerts: [{ alertAt: '2026-11-02T10:00:00Z', kind: 'last-run-failed', workflow: 'Clio → e-billing time sync', message: 'partly failed', executionUrl: 'javascript:alert(1)' }],
};

const row = (rows: Array<Record<string, string>>, key: string, value: string) => rows.find((r) => r[key] === value)!;

describe('dashboard figures', () => {
	const d = buildDashboard(INPUT, {}, { now: NOW });
	const table = (id: string) => d.page.tables.find((t) => t.id === id)!;

	it('counts each submitted ledger invoice once, with exact totals', () => {
		expect(d.totals.invoices).toBe(7); // INV-1..6 and INV-9; failed and skipped are not submissions
		expect(d.totals.billed.toFixed(2)).toBe('4371.10');
		// 0.10-cent amounts add exactly (no binary float): 1000.10 + 2000.20 + 300.30 + 400.40 + 0.10 + 600 + 70
		expect(row(table('summary').rows, 'client', 'All')).toMatchObject({
			invoices: '7',
			billed: '4371.10',
			approvedCount: '1',
			approvedBilled: '1000.10',
			adjustedCount: '1',
			adjustedCut: '120.00',
			rejectedCount: '3',
			rejectedAmount: '700.80',
			pendingCount: '2',
			pendingAmount: '670.00',
			accepted: '2880.30',
			realization: '65.9', // 2880.30 / 4371.10 = 65.894…%
		});
	});

	it('groups per client and platform', () => {
		const rows = table('summary').rows;
		expect(rows.find((r) => r.client === 'GLOBEX' && r.platform === 'Brightflag')).toMatchObject({ invoices: '1', rejectedAmount: '0.10' });
		expect(rows.find((r) => r.client === 'GLOBEX' && r.platform === 'Legal Tracker')).toMatchObject({ invoices: '2', rejectedAmount: '400.40', pendingAmount: '600.00' });
	});

	it('filters by client, platform and period', () => {
		const f = buildDashboard(INPUT, { client: 'ACME', period: '2026-10' }, { now: NOW });
		expect(f.totals.invoices).toBe(3);
		expect(f.totals.billed.toFixed(2)).toBe('3300.60');
		expect(buildDashboard(INPUT, { platform: 'brightflag' }, { now: NOW }).totals.invoices).toBe(1);
		expect(buildDashboard(INPUT, { period: '2026-09-01..2026-09-30' }, { now: NOW }).totals.billed.toFixed(2)).toBe('70.00');
		const notices: string[] = [];
		expect(parseFilters({ client: 'ACME', platform: 'Legal Tracker', period: 'last week', other: 'x' }, notices)).toEqual({ client: 'ACME', platform: 'legaltracker' });
		expect(notices[0]).toMatch(/Period "last week" ignored/);
	});

	it('ranks rejection and adjustment reasons by amount', () => {
		expect(table('reasons').rows.map((r) => [r.kind, r.code, r.count, r.amount])).toEqual([
			['rejection', 'RATE_ABOVE_APPROVED', '1', '400.40'],
			['rejection', 'NARRATIVE_TOO_SHORT', '1', '300.30'],
			['adjustment', 'RATE_ABOVE_APPROVED', '1', '120.00'],
			['rejection', 'UNSPECIFIED', '1', '0.10'],
		]);
	});

	it('ages unresolved rejections into 0–7, 8–30 and > 30 days, each linking to its invoice', () => {
		const rows = table('aging').rows;
		expect(rows.map((r) => [r.invoice, r.days, r.bucket])).toEqual([
			['INV-4', '50', '> 30 days'],
			['INV-5', '15', '8–30 days'],
			['INV-3', '2', '0–7 days'],
		]);
		expect(rows[0].invoiceHref).toBe('#invoices-INV-4');
		const linked = buildDashboard(INPUT, {}, { now: NOW, invoiceUrl: 'https://lt.example/invoices/{platformInvoiceId}', matterUrl: 'https://clio.example/matters?q={clientMatterId}' });
		const r = linked.page.tables.find((t) => t.id === 'aging')!.rows[0];
		expect([r.invoiceHref, r.matterHref]).toEqual(['https://lt.example/invoices/14', 'https://clio.example/matters?q=GLOBEX-M1']);
	});

	it('sizes the review queue by stage, violations by rule and timekeeper (once per entry and rule), last run per workflow', () => {
		expect(table('review').rows).toEqual([
			{ stage: 'ocg-review', entries: '1', amount: '100.00' },
			{ stage: 'utbms-unmapped', entries: '1', amount: '20.00' },
		]);
		expect(table('violations').rows).toEqual([
			{ rule: 'OCG §3.1', timekeeper: 'Ann Lee', entries: '1', amount: '100.00' },
			{ rule: 'OCG §3.1', timekeeper: 'Cy Park', entries: '1', amount: '400.00' },
			{ rule: 'OCG §4.2', timekeeper: 'Ann Lee', entries: '1', amount: '100.00' },
		]);
		expect(table('runs').rows.map((r) => [r.workflow, r.status, r.runAt])).toEqual([
			['Clio → e-billing time sync', 'partial', '2026-11-02T09:00:00Z'],
			['Hub', 'success', '2026-11-01T10:00:00Z'],
		]);
	});

	it('renders HTML with no script, a nonce style, a meta policy, escaped text and no javascript: link', () => {
		const evil = { ...INPUT, ledger: [ledgerRow('<script>alert(1)</script>', 'ACME"><img src=x onerror=alert(1)>', '1.00')] };
		const res = dashboardResponse(evil, { period: '<i>x' }, { now: NOW });
		expect(res.body).toContain('Period &quot;&lt;i&gt;x&quot; ignored');
		expect(res.statusCode).toBe(200);
		expect(res.body).not.toMatch(/<script/i);
		expect(res.body).not.toMatch(/<img/i);
		expect(res.body).not.toMatch(/href="javascript:/i);
		expect(res.body).toContain('&lt;script&gt;');
		const nonce = /<style nonce="([^"]+)">/.exec(res.body)![1];
		expect(nonce.length).toBeGreaterThanOrEqual(16);
		expect(res.contentSecurityPolicy).toBe(`default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`);
		expect(res.body).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-${nonce}&#39;`);
		// no URL of another origin anywhere in the page, but the SVG namespace
		expect(res.body.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
		expect(res.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' });
		// a fresh nonce per response
		expect(dashboardResponse(INPUT, {}, { now: NOW }).contentSecurityPolicy).not.toBe(res.contentSecurityPolicy);
		// alerts: a javascript: execution URL is shown as text, never linked
		expect(dashboardResponse(INPUT, {}, { now: NOW }).body).not.toContain('href="javascript:');
	});

	it('exports every table as CSV (exact amounts, formula cells neutralised), keeping the filters', () => {
		const page = dashboardResponse(INPUT, { client: 'ACME' }, { now: NOW }).body;
		for (const t of d.page.tables) expect(page).toContain(`href="?client=ACME&amp;format=csv&amp;table=${t.id}"`);
		const csv = dashboardResponse(INPUT, { client: 'ACME', format: 'csv', table: 'summary' }, { now: NOW });
		expect(csv.headers['Content-Type']).toBe('text/csv; charset=utf-8');
		expect(csv.headers['Content-Disposition']).toBe('attachment; filename="summary.csv"');
		const lines = csv.body.trim().split('\r\n');
		expect(lines[0]).toBe('Client,Platform,Submitted,Billed,Approved,Approved amount,Adjusted,Cut by adjustments,Rejected,Rejected amount,Pending,Pending amount,Accepted to pay,Realization');
		expect(lines.at(-1)).toBe('All,All,4,3370.60,1,1000.10,1,120.00,1,300.30,1,70.00,2880.30,85.5');
		expect(renderCsv({ id: 'x', title: 'x', columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B', kind: 'money' }], rows: [{ a: '=HYPERLINK("http://x")', b: '-5.00' }] })).toBe('A,B\r\n"\'=HYPERLINK(""http://x"")",-5.00\r\n');
		expect(dashboardResponse(INPUT, { format: 'csv', table: 'nope' }, { now: NOW }).statusCode).toBe(404);
	});

	it('reads 100,000 rows linearly and bounds text', () => {
		const ledger = Array.from({ length: 100_000 }, (_, i) => ledgerRow(`N-${i}`, `C${i % 50}`, '0.01', { narrative: 'x'.repeat(10) }));
		const t0 = Date.now();
		const big = buildDashboard({ ledger }, {}, { now: NOW });
		expect(big.totals.billed.toFixed(2)).toBe('1000.00');
		expect(Date.now() - t0).toBeLessThan(20_000); // a sanity bound, not a timing test (the bench measures)
		expect(buildDashboard({ ledger: [ledgerRow('A', 'C', 'not money')] }, {}, { now: NOW }).problems[0]).toMatch(/ledger row 1, invoice A, field total: not an amount/);
	});
});

describe('client portal', () => {
	const tokenFor = (client: string, over: { ttlSeconds?: number; now?: Date } = {}) => signPortalToken(KEY, { clientId: client, ttlSeconds: over.ttlSeconds ?? 3600, now: over.now ?? NOW, contact: `gc@${client.toLowerCase()}.example` });

	it('shows only the client of the token: its own totals, nothing of the other client', () => {
		const a = portalResponse(INPUT, { token: tokenFor('ACME'), key: KEY, now: NOW }, { now: NOW });
		const g = portalResponse(INPUT, { token: tokenFor('GLOBEX'), key: KEY, now: NOW }, { now: NOW });
		expect([a.statusCode, g.statusCode]).toEqual([200, 200]);
		expect(a.body).toContain('data-figure="billed">3,370.60<');
		expect(g.body).toContain('data-figure="billed">1,000.50<');
		expect(a.body).not.toMatch(/GLOBEX|INV-4|INV-5|INV-6/);
		expect(g.body).not.toMatch(/ACME|INV-1|INV-2|INV-3/);
	});

	it('a token for A with B in the query still shows A', () => {
		const res = portalResponse(INPUT, { token: tokenFor('ACME'), key: KEY, query: { client: 'GLOBEX', clientId: 'GLOBEX', sub: 'GLOBEX' }, now: NOW }, { now: NOW });
		expect(res.body).toContain('Legal spend: ACME');
		expect(res.body).not.toContain('GLOBEX');
	});

	it('shows nothing internal: no review reasons, rates, guideline findings or platform comments', () => {
		const res = portalResponse(INPUT, { token: tokenFor('ACME'), key: KEY, now: NOW }, { now: NOW });
		for (const internal of ['INTERNAL', 'rate cap', '450.00', 'OCG §', 'NARRATIVE_TOO_SHORT', 'Narrative too short', 'RATE_ABOVE_APPROVED', 'ocg-review', 'review']) expect({ internal, found: res.body.includes(internal) }).toEqual({ internal, found: false });
	});

	it.each([
		['missing', () => undefined, 401],
		['tampered signature', () => tokenFor('ACME').slice(0, -3) + 'AAA', 401],
		['alg none', () => `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'ACME', aud: 'legal-billing-portal', exp: NOW.getTime() / 1000 + 999 })).toString('base64url')}.`, 401],
		['expired', () => tokenFor('ACME', { ttlSeconds: 60, now: new Date(NOW.getTime() - 120_000) }), 403],
	])('a %s token gets %s and a page with no data', (_name, token, status) => {
		const res = portalResponse(INPUT, { token: token(), key: KEY, now: NOW }, { now: NOW });
		expect(res.statusCode).toBe(status);
		expect(res.body).not.toMatch(/ACME|GLOBEX|INV-|data-figure|<table/);
		expect(res.body).not.toMatch(/<script/i);
		// the CSV export is refused the same way
		expect(portalResponse(INPUT, { token: token(), key: KEY, query: { format: 'csv', table: 'invoices' }, now: NOW }, { now: NOW }).statusCode).toBe(status);
	});

	it('spends by matter, UTBMS phase and classification; budget versus actual where a budget exists', () => {
		const budgets = readBudgets(JSON.stringify([{ clientId: 'ACME', matter: 'ACME-M1', amount: '2000' }, { clientId: 'ACME', phase: 'L200', amount: '300' }, { clientId: 'GLOBEX', amount: '1' }, { amount: 'x' }]));
		expect(budgets).toHaveLength(3);
		// rows of the budgets Data Table (matter, phase, kind, amount; no client): a budget of one of ACME's matters is ACME's, a cap is not a budget
		const tableRows = readBudgets([{ matter: '004-M', amount: '1500.00', kind: 'budget' }, { matter: '004-M', amount: '9', kind: 'cap' }, { matter: '005-G', amount: '7' }]);
		expect(buildPortal(INPUT, 'ACME', { now: NOW, budgets: tableRows }).page.tables.find((x) => x.id === 'budgets')!.rows).toEqual([{ scope: 'matter 004-M', budget: '1500.00', actual: '1087.34', remaining: '412.66', used: '72.5' }]);
		const p = buildPortal(INPUT, 'ACME', { now: NOW, budgets, classifications: { 'Ann Lee': 'PARTNR', 'Cy Park': 'ASSOC' } });
		const t = (id: string) => p.page.tables.find((x) => x.id === id)!.rows;
		expect(t('phases').map((r) => [r.phase, r.amount])).toEqual([
			['L100', '675.00'],
			['L200', '400.00'],
			['E100', '12.34'],
		]);
		expect(t('classifications').map((r) => [r.classification, r.hours, r.amount])).toEqual([
			['PARTNR', '1.5', '675.00'],
			['ASSOC', '2', '400.00'],
		]);
		expect(t('budgets')).toEqual([
			{ scope: 'matter ACME-M1', budget: '2000.00', actual: '1087.34', remaining: '912.66', used: '54.4' },
			{ scope: 'all matters, phase L200', budget: '300.00', actual: '400.00', remaining: '-100.00', used: '133.3' },
		]);
		expect(t('invoices').map((r) => [r.invoice, r.status])).toEqual([
			['INV-9', 'pending'],
			['INV-1', 'approved'],
			['INV-2', 'adjusted'],
			['INV-3', 'rejected'],
		]);
		expect(utbmsPhase('l330')).toBe('L300');
		expect(() => buildPortal(INPUT, '')).toThrow(/verified token/);
	});

	it('dashboard: budget versus actual for every client (issue 16), the client filter applies, no panel without budgets', () => {
		const budgets = readBudgets([
			{ matter: '004-M', amount: '1500.00', kind: 'budget' },
			{ matter: '004-M', phase: 'L200', amount: '300', kind: 'budget' },
			{ matter: '005-G', amount: '900.00', kind: 'budget' },
			{ matter: '005-G', amount: '9', kind: 'cap' },
			{ clientId: 'ACME', amount: '0' },
		]);
		const rows = (filters = {}) => buildDashboard(INPUT, filters, { now: NOW, budgets }).page.tables.find((x) => x.id === 'budgets')?.rows;
		expect(rows()).toEqual([
			{ client: 'ACME', scope: 'matter 004-M', budget: '1500.00', actual: '1087.34', remaining: '412.66', used: '72.5' },
			{ client: 'ACME', scope: 'matter 004-M, phase L200', budget: '300.00', actual: '400.00', remaining: '-100.00', used: '133.3' },
			// over budget: the remaining amount is negative, exactly
			{ client: 'GLOBEX', scope: 'matter 005-G', budget: '900.00', actual: '999.99', remaining: '-99.99', used: '111.1' },
			{ client: 'ACME', scope: 'all matters', budget: '0.00', actual: '1087.34', remaining: '-1087.34', used: '' },
		]);
		expect(rows({ client: 'GLOBEX' })!.map((r) => r.scope)).toEqual(['matter 005-G']);
		// without a warehouse, a budget is measured against the submitted invoices of its matter in every period (INV-1, INV-2, INV-9; a phase budget against nothing)
		const noWarehouse = buildDashboard({ ...INPUT, warehouse: [] }, {}, { now: NOW, budgets }).page.tables.find((x) => x.id === 'budgets')!.rows;
		expect(noWarehouse.map((r) => [r.scope, r.actual])).toEqual([
			['matter 004-M', '3070.30'],
			['matter 004-M, phase L200', '0.00'],
			['matter 005-G', '0.00'],
			['all matters', '3370.60'],
		]);
		expect(buildDashboard(INPUT, {}, { now: NOW }).page.tables.some((x) => x.id === 'budgets')).toBe(false);
		// the CSV export carries the same rows
		const csv = dashboardResponse(INPUT, { format: 'csv', table: 'budgets' }, { now: NOW, budgets });
		expect(csv.statusCode).toBe(200);
		expect(csv.body).toContain('GLOBEX,matter 005-G,900.00,999.99,-99.99,111.1');
	});

	it('issues a link whose token verifies for that client only', () => {
		const link = issuePortalLink(KEY, { baseUrl: 'http://localhost:5678/webhook/legal-billing/portal', clientId: 'ACME', contact: 'gc@acme.example', ttlDays: 30, now: NOW });
		expect(link.expiresAt).toBe('2026-12-20T12:00:00.000Z');
		const token = new URL(link.url).searchParams.get('token');
		expect(tokenOf({ token }, {})).toBe(link.token);
		expect(tokenOf({}, { authorization: `Bearer ${link.token}` })).toBe(link.token);
		expect(verifyPortalToken(token, KEY, { now: NOW })).toMatchObject({ ok: true, claims: { sub: 'ACME' } });
		expect(() => issuePortalLink(KEY, { baseUrl: 'javascript:x', clientId: 'A', ttlDays: 1 })).toThrow(/http/);
	});
});
