// Dashboard and portal benchmark: a ledger of 5,000 invoices (with a Legal Tracker record each:
// approved, adjusted, rejected or pending), a warehouse of 100,000 entries, 20,000 review-queue
// rows, run log and alerts, rendered as the reconciliation dashboard (HTML and one CSV) and as one
// client's portal, through the built library (dist/lib/index.js) as the Legal Billing Report node
// calls it. Reports the server time of each render (median of ROUNDS) and checks the page's
// invoice count and billed total against a direct sum. `npm run bench` (not a timed test).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { report } = require(process.env.DASHBOARD_BENCH_LIB ?? join(root, 'dist/lib/index.js'));

const INVOICES = Number(process.env.DASHBOARD_BENCH_INVOICES ?? 5000);
const ENTRIES = Number(process.env.DASHBOARD_BENCH_ENTRIES ?? 100_000);
const ROUNDS = Number(process.env.DASHBOARD_BENCH_ROUNDS ?? 5);
const NOW = new Date('2026-11-18T16:00:00Z');
const CLIENTS = 120;

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const cents = (max) => (Math.floor(rnd() * max * 100) / 100).toFixed(2);

const ledger = [];
const legalTracker = [];
let billedCents = 0n;
const toCents = (t) => BigInt(t.replace('.', ''));
const fromCents = (c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
for (let i = 0; i < INVOICES; i++) {
	const client = `CL${String(i % CLIENTS).padStart(3, '0')}`;
	const total = cents(20000);
	billedCents += toCents(total);
	const invoiceNumber = `INV-C${10000 + i}-2026${String(1 + (i % 10)).padStart(2, '0')}`;
	ledger.push({ invoiceNumber, platform: 'legalTracker', status: 'submitted', clientId: client, clientMatterId: `${client}-M${i % 7}`, matter: `M-${i % 900}`, total, periodStart: '2026-10-01', periodEnd: '2026-10-31', platformInvoiceId: String(i), loggedAt: '2026-11-01T10:00:00Z' });
	const k = i % 4;
	const status = ['approved', 'approved', 'rejected', 'pending'][k];
	const adjustments = k === 1 ? [{ reasonCode: ['RATE_ABOVE_APPROVED', 'BLOCK_BILLING', 'NARRATIVE_TOO_SHORT'][i % 3], reason: 'cut', amount: '-25.00' }] : [];
	legalTracker.push({ id: i, invoiceNumber, status, totalAmount: total, approvedAmount: status === 'approved' ? fromCents(toCents(total) - (k === 1 ? 2500n : 0n)) : '0.00', statusDate: `2026-${k === 2 ? '09' : '11'}-${String(1 + (i % 28)).padStart(2, '0')}`, statusReasonCode: k === 2 ? 'NARRATIVE_TOO_SHORT' : undefined, adjustments });
}
const tasks = ['L110', 'L120', 'L210', 'L230', 'L310', 'L330', 'L420', 'E101', 'E106'];
const warehouse = [];
for (let i = 0; i < ENTRIES; i++) {
	const client = `CL${String(i % CLIENTS).padStart(3, '0')}`;
	warehouse.push({ entryId: `clio:activity:${i}`, source: 'clio', clientId: client, clientMatterId: `${client}-M${i % 7}`, matter: `M-${i % 900}`, date: '2026-10-15', timekeeper: `TK ${i % 80}`, kind: i % 9 > 6 ? 'ExpenseEntry' : 'TimeEntry', quantity: (0.1 * (1 + (i % 30))).toFixed(1), rate: '450.00', total: cents(2000), taskCode: tasks[i % tasks.length], activityCode: 'A101', ocgStatus: i % 10 === 0 ? 'review' : 'compliant', guidelineRefs: i % 10 === 0 ? `OCG §${1 + (i % 6)}` : '', platform: 'legaltracker', periodEnd: '2026-10-31', loadedAt: '2026-11-01T10:00:00Z' });
}
const review = Array.from({ length: 20000 }, (_, i) => ({ entryId: `r${i}`, stage: ['ocg-review', 'ocg-rejected', 'utbms-unmapped'][i % 3], clientId: `CL${String(i % CLIENTS).padStart(3, '0')}`, timekeeper: `TK ${i % 80}`, total: cents(900), guidelineRefs: `OCG §${1 + (i % 9)}` }));
const runs = Array.from({ length: 2000 }, (_, i) => ({ runAt: new Date(Date.UTC(2026, 9, 1) + i * 3600_000).toISOString(), workflow: ['Clio → e-billing time sync', 'Multi-LPM compliance hub'][i % 2], status: 'success', invoices: 3 }));
const alerts = Array.from({ length: 500 }, (_, i) => ({ alertAt: new Date(Date.UTC(2026, 9, 1) + i * 3600_000).toISOString(), kind: 'stale', workflow: 'Clio → e-billing time sync', message: 'no run' }));
const input = { ledger, legalTracker, brightflag: [], warehouse, review, runs, alerts };

function median(fn) {
	const times = [];
	let out;
	for (let r = 0; r < ROUNDS; r++) {
		globalThis.gc?.();
		const t0 = process.hrtime.bigint();
		out = fn();
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	times.sort((a, b) => a - b);
	return { ms: times[Math.floor(times.length / 2)], out };
}

const dash = median(() => report.dashboardResponse(input, {}, { now: NOW }));
const figure = (html, id) => new RegExp(`data-figure="${id}">([^<]*)<`).exec(html)?.[1].replace(/,/g, '');
const okCount = figure(dash.out.body, 'invoices') === String(INVOICES);
const okBilled = figure(dash.out.body, 'billed') === fromCents(billedCents);
console.log(`dashboard: ${INVOICES} invoices, ${ENTRIES} warehouse entries → ${(dash.out.body.length / 1024).toFixed(0)} KiB HTML in ${dash.ms.toFixed(0)} ms (count ${okCount ? 'ok' : 'WRONG'}, billed ${okBilled ? 'ok' : 'WRONG'})`);
const csv = median(() => report.dashboardResponse(input, { format: 'csv', table: 'invoices' }, { now: NOW }));
const filtered = median(() => report.dashboardResponse(input, { client: 'CL007', period: '2026-10' }, { now: NOW }));
const key = 'bench-portal-signing-secret-0123456789abcdef';
const token = report.signPortalToken(key, { clientId: 'CL007', ttlSeconds: 3600, now: NOW });
const portal = median(() => report.portalResponse({ ledger, legalTracker, warehouse }, { token, key, now: NOW }, { now: NOW }));
const verify = median(() => {
	for (let i = 0; i < 10000; i++) report.verifyPortalToken(token, key, { now: NOW });
});
const results = [
	{ name: 'dashboard render (5k invoices, 100k entries)', metric: 'server time', value: dash.ms, unit: 'ms', ok: okCount && okBilled },
	{ name: 'dashboard CSV export (invoices table)', metric: 'server time', value: csv.ms, unit: 'ms' },
	{ name: 'dashboard, one client and period', metric: 'server time', value: filtered.ms, unit: 'ms' },
	{ name: 'client portal render (one client of 120)', metric: 'server time', value: portal.ms, unit: 'ms', ok: portal.out.statusCode === 200 },
	{ name: 'portal token verifications', metric: 'per second', value: 10000 / (verify.ms / 1000), unit: '/s' },
];
for (const r of results) console.log(`BENCH_RESULT ${JSON.stringify(r)}`);
if (!okCount || !okBilled || portal.out.statusCode !== 200) process.exit(1);
