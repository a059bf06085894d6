import { baseInvoiceNumber, hubRouter, invoiceFacts, parseClientRules, ledgerPlan, outcomeRow, pendingRow, planEntry, reviewRow, skippedRow, summarizeRun, type LedgerRow } from '../../lib/ledger';

const row = (invoiceNumber: string, status: string, entryIds: string): LedgerRow => ({ invoiceNumber, status, entryIds, platform: 'legalTracker' });
const BASE = 'INV-C42-202610';

describe('lib/ledger plan: what a run may invoice', () => {
	it('numbers a matter that was never invoiced with its base number', () => {
		expect(baseInvoiceNumber('INV-C', 'clio:matter:42', '2026-10-31')).toBe(BASE);
		expect(planEntry(ledgerPlan([]), 'e1', BASE)).toEqual({ invoiceNumber: BASE });
	});

	it('leaves out entries on a submitted invoice and puts the rest of the matter on -S2, then -S3', () => {
		const plan = ledgerPlan([row(BASE, 'submitted', 'e1,e2')]);
		expect(planEntry(plan, 'e1', BASE)).toBeUndefined();
		expect(planEntry(plan, 'e3', BASE)).toEqual({ invoiceNumber: `${BASE}-S2` });
		const later = ledgerPlan([row(BASE, 'submitted', 'e1,e2'), row(`${BASE}-S2`, 'submitted', 'e3')]);
		expect(planEntry(later, 'e3', BASE)).toBeUndefined();
		expect(planEntry(later, 'e4', BASE)).toEqual({ invoiceNumber: `${BASE}-S3` });
	});

	it.each(['pending', 'unknown'])('an entry of a %s invoice keeps that number (the platform is asked before any resubmission)', (status) => {
		const plan = ledgerPlan([row(BASE, 'submitted', 'e1'), row(`${BASE}-S2`, status, 'e2')]);
		expect(planEntry(plan, 'e2', BASE)).toEqual({ invoiceNumber: `${BASE}-S2` });
		// a new late entry does not reuse the unsettled number
		expect(planEntry(plan, 'e9', BASE)).toEqual({ invoiceNumber: `${BASE}-S3` });
	});

	it('a pending row settled as submitted later in the ledger frees nothing twice', () => {
		const plan = ledgerPlan([row(BASE, 'pending', 'e1'), row(BASE, 'submitted', 'e1')]);
		expect(planEntry(plan, 'e1', BASE)).toBeUndefined();
	});

	it('failed and skipped rows neither hold entries nor take numbers', () => {
		const plan = ledgerPlan([row(BASE, 'failed', 'e1'), row(BASE, 'skipped', 'e2'), { ...row('', 'submitted', 'e3') }]);
		expect(planEntry(plan, 'e1', BASE)).toEqual({ invoiceNumber: BASE });
		expect(planEntry(plan, 'e2', BASE)).toEqual({ invoiceNumber: BASE });
		expect(planEntry(plan, 'e3', BASE)).toEqual({ invoiceNumber: BASE });
	});

	it('refuses a period end that is not a date', () => {
		expect(() => baseInvoiceNumber('INV-C', 42, 'October')).toThrow('period end "October" is not a date');
	});
});

describe('lib/ledger rows', () => {
	const facts = { invoiceNumber: BASE, entryIds: 'e1,e2', clientId: 'NORTHW001', clientMatterId: 'CM-7', matter: 'M-7', total: '1200.00', lineCount: 2, periodStart: '2026-10-01', periodEnd: '2026-10-31' };
	const at = '2026-11-18T16:00:00.000Z';

	it('invoice facts: number, entry ids in file order, client matter number of the first entry', () => {
		const entries = [{ id: 'e0' }, { id: 'e1', matter: { clientMatterId: 'CM-7' } }, { id: 'e2', matter: { clientMatterId: 'CM-7' } }];
		expect(invoiceFacts({ number: BASE, client: 'NORTHW001', matters: ['M-7'], total: '1200.00', lineCount: 2, periodStart: '2026-10-01', periodEnd: '2026-10-31', items: [1, 2] }, entries)).toEqual(facts);
	});

	it('pending before, then submitted / unknown / failed / skipped after', () => {
		expect(pendingRow(facts, 'legalTracker', at)).toMatchObject({ status: 'pending', platformInvoiceId: '', error: '', entryIds: 'e1,e2', loggedAt: at });
		expect(outcomeRow(facts, { outcome: 'created', invoiceId: 9001 }, 'legalTracker', at)).toMatchObject({ status: 'submitted', platformInvoiceId: '9001', error: '' });
		expect(outcomeRow(facts, { outcome: 'exists', invoiceId: 9001 }, 'legalTracker', at)).toMatchObject({ status: 'submitted', platformInvoiceId: '9001' });
		expect(outcomeRow(facts, { outcome: 'unknown', error: 'The answer was lost: it may have been created' }, 'legalTracker', at)).toMatchObject({ status: 'unknown', error: 'The answer was lost: it may have been created' });
		expect(outcomeRow(facts, { error: 'Conflict', errorDescription: 'Invoice number exists' }, 'brightflag', at)).toMatchObject({ status: 'failed', platform: 'brightflag', platformInvoiceId: '', error: 'Conflict | Invoice number exists' });
		expect(outcomeRow(facts, { error: { message: 'x'.repeat(5000) } }, 'brightflag', at).error).toHaveLength(1000);
		expect(skippedRow(facts, 'legalTracker', 'No Legal Tracker matter', at)).toMatchObject({ status: 'skipped', error: 'No Legal Tracker matter' });
	});

	it('review rows: the UTBMS reason, or the guideline messages and their references once each', () => {
		const e = { id: 'e5', client: { ledesClientId: 'NORTHW001' }, matter: { number: 'M-7' }, timekeeper: { name: 'Ann' }, date: '2026-10-02', quantity: '0.3', total: '90.00', narrative: 'n'.repeat(900) };
		expect(reviewRow({ ...e, utbmsUnmapped: { reason: 'no task code for XYZ' } }, 'utbms', at)).toMatchObject({ stage: 'utbms-unmapped', reasons: 'no task code for XYZ', guidelineRefs: '', clientId: 'NORTHW001', matter: 'M-7' });
		const ocg = reviewRow({ ...e, ocg: { status: 'rejected', violations: [{ message: 'block billing', ref: '§4.2' }, { message: 'vague', ref: '§4.2' }] } }, 'ocg', at);
		expect(ocg).toMatchObject({ stage: 'ocg-rejected', reasons: 'block billing | vague', guidelineRefs: '§4.2' });
		expect(ocg.narrative).toHaveLength(500);
	});
});

describe('lib/ledger run summary', () => {
	const base = { periodStart: '2026-10-01', periodEnd: '2026-10-31', message: '{periodStart}..{periodEnd}: {entries} entries, {submitted} submitted, {failed} failed, {nope}', emptyMessage: 'nothing in {periodStart}..{periodEnd}', workflow: 'wf', runAt: 'now' };
	const led = (status: string, n = 'INV-1', error = '') => ({ invoiceNumber: n, status, error });

	it('empty, success, partial, failed; failures named; unknown counted as failed when asked', () => {
		expect(summarizeRun({ ...base, counts: { entries: 0 }, ledger: [], unknownAsFailed: true })).toMatchObject({ status: 'empty', message: 'nothing in 2026-10-01..2026-10-31' });
		expect(summarizeRun({ ...base, counts: { entries: 3, invoices: 1 }, ledger: [led('submitted')], unknownAsFailed: true })).toMatchObject({
			status: 'success',
			invoices: 1,
			submitted: 1,
			message: '2026-10-01..2026-10-31: 3 entries, 1 submitted, 0 failed, {nope}',
		});
		const partial = summarizeRun({ ...base, counts: { entries: 3 }, ledger: [led('submitted'), led('unknown', 'INV-2', 'cut')], unknownAsFailed: true });
		expect(partial).toMatchObject({ status: 'partial', failed: 1 });
		expect(partial.message).toContain('Failures: INV-2: outcome unknown');
		expect(summarizeRun({ ...base, counts: { entries: 3 }, ledger: [led('submitted'), led('unknown', 'INV-2', 'cut')], unknownAsFailed: false })).toMatchObject({ status: 'success', failed: 0 });
		expect(summarizeRun({ ...base, counts: { entries: 3 }, ledger: [led('failed', 'INV-3', '409')], unknownAsFailed: false }).message).toMatch(/failed, \{nope\}\. Failures: INV-3: 409$/);
		expect(summarizeRun({ ...base, counts: { entries: 3 }, ledger: [led('failed', 'INV-3', 'x'.repeat(3000))], unknownAsFailed: false }).message).toHaveLength(2000);
	});

	it('a sliced run adds its slices\' summaries: counts summed, ledger outcomes carried, failures named (issue 14)', () => {
		const slice = (entries: number, ledger: ReturnType<typeof led>[]) => summarizeRun({ ...base, counts: { entries, invoices: ledger.length }, ledger, unknownAsFailed: true });
		const slices = [slice(5, [led('submitted', 'INV-1'), led('skipped', 'INV-2')]), slice(0, []), slice(4, [led('unknown', 'INV-3', 'cut'), led('failed', 'INV-4', '409')])];
		const run = summarizeRun({ ...base, counts: { slices: 3 }, ledger: [], slices, unknownAsFailed: true });
		expect(run).toMatchObject({ status: 'partial', invoices: 4, submitted: 1, failed: 2, counts: { slices: 3, entries: 9, invoices: 4, submitted: 1, unknown: 1, failed: 2, skipped: 1 } });
		expect(run.failures).toEqual([expect.stringMatching(/^INV-3: outcome unknown .*cut$/), 'INV-4: 409']);
		expect(run.message).toBe(`2026-10-01..2026-10-31: 9 entries, 1 submitted, 2 failed, {nope}. Failures: ${run.failures.join('; ')}`);
		// no slice with entries: the period was empty
		expect(summarizeRun({ ...base, counts: {}, ledger: [], slices: [slice(0, [])], unknownAsFailed: true }).status).toBe('empty');
	});
});

describe('lib/ledger hub routing', () => {
	const rules = { NORTHW001: { platform: 'legalTracker', guidelines: 'corporate' }, '*': { platform: 'none', guidelines: 'insurer' } };
	const e = (id: string, system: string, over: Record<string, unknown> = {}) => ({
		id,
		source: { system },
		client: { ledesClientId: 'NORTHW001' },
		matter: { clientMatterId: 'CM-1' },
		date: '2026-10-02',
		timekeeper: { name: 'Ann' },
		quantity: '1.5',
		narrative: 'Draft motion ',
		...over,
	});

	it("gives each entry its client's platform and guidelines (* for the rest), leaves out non-billable ones", () => {
		const route = hubRouter(parseClientRules(JSON.stringify(rules)));
		expect(route(e('clio:1', 'clio'))).toEqual({ platform: 'legalTracker', guidelines: 'corporate', source: 'clio', duplicateOf: null });
		expect(route(e('clio:2', 'clio', { client: { ledesClientId: 'OTHER' } }))).toMatchObject({ platform: 'none', guidelines: 'insurer' });
		expect(route(e('clio:3', 'clio', { client: { ledesClientId: '__proto__' } }))).toMatchObject({ platform: 'none' });
		expect(route(e('clio:4', 'clio', { billable: false }))).toBeUndefined();
	});

	it('marks an entry kept in two systems as the duplicate of the first, never two of one system', () => {
		const route = hubRouter(rules);
		expect(route(e('clio:1', 'clio'))!.duplicateOf).toBeNull();
		expect(route(e('clio:9', 'clio'))!.duplicateOf).toBeNull(); // same system: the OCG duplicates rule's business
		expect(route(e('actionstep:5', 'actionstep', { narrative: 'draft MOTION' }))!.duplicateOf).toBe('clio:1');
		expect(route(e('actionstep:6', 'actionstep', { date: '2026-10-03' }))!.duplicateOf).toBeNull();
	});

	it('refuses rules that are not an object of objects', () => {
		expect(() => parseClientRules('[]')).toThrow('client rules must be an object');
		expect(() => parseClientRules({ X: 'legalTracker' })).toThrow('client rules: "X" must be an object');
	});
});
