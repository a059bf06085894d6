/**
 * lib/resolve: every class on a real LEDES file, judged by the product's parser AND the sandbox's own
 * LEDES checker; policy (approval switch, N per matter, loops, run twice); version numbers; exact money.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLedes, parseLedes } from '../../lib/ledes';
import type { BillingEntry, Invoice } from '../../lib/model';
import { compileRuleSet } from '../../lib/ocg';
import type { RejectionReason } from '../../lib/reconcile';
import { nextInvoiceNumber, parseResolverSettings, resolveInvoice, ResolverSettingsError, type ResolveInput } from '../../lib/resolve';
import { compileMappingTable } from '../../lib/utbms';
import { checkLedesText } from '../../sandbox/vendors/brightflag/ledes-check';
import { file, line } from '../ledes/lines';

const ruleSet = compileRuleSet(JSON.parse(readFileSync(join(__dirname, '../../rulesets/corporate-client.json'), 'utf8')));
const mapping = compileMappingTable({ clients: { GLOBEX01: { taskSets: ['litigation'], task: { RES: 'L120', DRAFT: 'L250' }, default: { task: 'L190' } } } });

function fee(n: number, over: Partial<BillingEntry> = {}): BillingEntry {
	return {
		id: `e${n}`,
		source: { system: 'test', id: String(n) },
		kind: 'fee',
		date: '2026-10-05',
		timekeeper: { id: 'TK1', name: 'Ann Lee', classification: 'ASSOC' },
		client: { id: 'GLOBEX01', ledesClientId: 'GLOBEX01' },
		matter: { id: 'M-7', number: 'M-7', clientMatterId: 'CM-7' },
		quantity: '2',
		rate: '450.00',
		codes: { task: 'L120', activity: 'A104' },
		narrative: 'Review and analyze the expert report on damages',
		...over,
	};
}

function invoiceFile(lines: BillingEntry[], number = 'INV-C7-202610'): string {
	const inv: Invoice = { number, date: '2026-11-02', periodStart: '2026-10-01', periodEnd: '2026-10-31', client: { id: 'GLOBEX01', ledesClientId: 'GLOBEX01' }, lawFirm: { id: '12-3456789' }, lines };
	return buildLedes([inv]);
}

const reason = (code: string, lineItemNumber?: number, over: Partial<RejectionReason> = {}): RejectionReason => ({ platform: 'legalTracker', kind: 'rejection', code, reason: code, ...(lineItemNumber ? { lineItemNumber } : {}), ...over });

function resolve(over: Partial<ResolveInput> & { reasons: RejectionReason[] }) {
	return resolveInvoice({ platform: 'legalTracker', invoiceId: '910001', invoiceNumber: 'INV-C7-202610', status: 'rejected', ruleSet, mapping, settings: { mode: 'resubmit' }, ...over });
}

/** The corrected file is valid for the pack's parser and for the sandbox's independent checker. */
function expectAccepted(ledes: string | undefined) {
	expect(ledes).toBeDefined();
	expect(parseLedes(ledes!).errors).toEqual([]);
	expect(checkLedesText(ledes!).issues).toEqual([]);
	return parseLedes(ledes!).invoices[0];
}

describe('resolver: fixable without judgement', () => {
	it('rate above the approved rate → capped at the rule set rate, written off exactly', () => {
		const ledes = invoiceFile([fee(1, { rate: '650.00', quantity: '1.3' }), fee(2)]);
		const r = resolve({ ledes, reasons: [reason('RATE_ABOVE_APPROVED', 1)] });
		expect(r.outcome).toBe('resubmit');
		expect(r.newInvoiceNumber).toBe('INV-C7-202610-R2');
		expect(r.changes).toEqual([{ lineItemNumber: 1, class: 'rateAboveApproved', classRule: 'rate-cap', rule: 'GX-RATE', field: 'rate', before: '650.00', after: '500.00', writtenOff: '195.00' }]);
		// 1.3 × 650 + 2 × 450 = 1745.00 → 1.3 × 500 + 900 = 1550.00
		expect({ before: r.totalBefore, after: r.totalAfter, off: r.writtenOff }).toEqual({ before: '1745.00', after: '1550.00', off: '195.00' });
		const inv = expectAccepted(r.ledes);
		expect(inv.number).toBe('INV-C7-202610-R2');
		expect(Number(inv.lines[0].rate)).toBe(500);
	});

	it('a firm code on the line → the client mapping table gives the UTBMS code', () => {
		const r = resolve({ ledes: invoiceFile([fee(1, { codes: { task: 'RES', activity: 'A104' } })]), reasons: [reason('INVALID_TASK_CODE', 1)] });
		expect(r.outcome).toBe('resubmit');
		expect(r.changes).toMatchObject([{ field: 'taskCode', before: 'RES', after: 'L120', writtenOff: '0.00', rule: 'mapping:GLOBEX01:firmCode' }]);
		expect(expectAccepted(r.ledes).lines[0].codes?.task).toBe('L120');
	});

	it('a code only the client default would give → a person (no guess), unless the firm accepts defaults', () => {
		const ledes = invoiceFile([fee(1, { codes: { task: 'XYZ', activity: 'A104' } })]);
		expect(resolve({ ledes, reasons: [reason('INVALID_TASK_CODE', 1)] }).outcome).toBe('person');
		expect(resolve({ ledes, reasons: [reason('INVALID_TASK_CODE', 1)], settings: { mode: 'resubmit', acceptDefaultCodes: true } }).changes[0]).toMatchObject({ before: 'XYZ', after: 'L190' });
	});

	it('arithmetic: stated line totals that do not add up → rebuilt from units × rate', () => {
		// line 1: 2 × 350 stated as 750; the invoice total states 1450
		const ledes = file([line({ 5: '1450', 13: '750', 2: 'INV-A1' }), line({ 5: '1450', 2: 'INV-A1', 9: '2' })]);
		expect(parseLedes(ledes).valid).toBe(false);
		const r = resolve({ ledes, invoiceNumber: 'INV-A1', reasons: [reason('ARITHMETIC_ERROR')], ruleSet: undefined });
		expect(r.outcome).toBe('resubmit');
		expect(r.changes).toEqual([{ lineItemNumber: 1, class: 'arithmetic', classRule: 'arithmetic', rule: 'rebuild', field: 'total', before: '750.00', after: '700.00', writtenOff: '50.00' }]);
		expect(Number(expectAccepted(r.ledes).total)).toBe(1400);
		expect(r.writtenOff).toBe('50.00');
	});

	it('an expense code the client never pays → the line is dropped and written off', () => {
		const ledes = invoiceFile([fee(1), fee(2, { kind: 'expense', quantity: '1', rate: '84.20', codes: { expense: 'E111' }, narrative: 'Working lunch' })]);
		const r = resolve({ ledes, reasons: [reason('EXPENSE_NOT_ALLOWED', 2)] });
		expect(r.outcome).toBe('resubmit');
		expect(r.changes).toMatchObject([{ lineItemNumber: 2, field: 'line', after: 'dropped', writtenOff: '84.20', rule: 'GX-EXP-BAN' }]);
		expect(expectAccepted(r.ledes).lines).toHaveLength(1);
	});

	it('a line dated outside the billing period → re-dated to the period edge', () => {
		const r = resolve({ ledes: invoiceFile([fee(1, { date: '2026-11-01' }), fee(2, { date: '2026-09-30' })]), reasons: [reason('DATE_OUTSIDE_PERIOD')] });
		expect(r.outcome).toBe('resubmit');
		expect(r.changes.map((c) => [c.lineItemNumber, c.before, c.after])).toEqual([
			[1, '2026-11-01', '2026-10-31'],
			[2, '2026-09-30', '2026-10-01'],
		]);
		expect(expectAccepted(r.ledes).lines.map((l) => l.date)).toEqual(['2026-10-31', '2026-10-01']);
	});

	it('several fixable reasons on one invoice → one corrected file', () => {
		const ledes = invoiceFile([fee(1, { rate: '700' }), fee(2, { codes: { task: 'DRAFT', activity: 'A103' } }), fee(3, { kind: 'expense', quantity: '1', rate: '10', codes: { expense: 'E104' }, narrative: 'Fax' })]);
		const r = resolve({ ledes, reasons: [reason('RATE_ABOVE_APPROVED', 1), reason('INVALID_TASK_CODE', 2), reason('EXPENSE_NOT_ALLOWED', 3)] });
		expect(r.outcome).toBe('resubmit');
		expect(r.changes.map((c) => c.class)).toEqual(['utbmsCode', 'rateAboveApproved', 'disallowedExpense']);
		expect(r.writtenOff).toBe('410.00'); // 2 × 200 + 10
		expect(expectAccepted(r.ledes).lines).toHaveLength(2);
	});
});

describe('resolver: needs a person, never a guess', () => {
	it.each([
		['NARRATIVE_TOO_SHORT', 'narrative', 'timekeeper'],
		['BLOCK_BILLING', 'narrative', 'timekeeper'],
		['TIMEKEEPER_NOT_APPROVED', 'staffing', 'billingManager'],
		['WORK_NOT_AUTHORIZED', 'notAuthorised', 'responsibleAttorney'],
		['SOMETHING_ELSE', 'other', 'billingClerk'],
	])('%s → %s, routed to %s with the rule and the reason', (code, cls, role) => {
		const r = resolve({ ledes: invoiceFile([fee(1)]), reasons: [reason(code, 1)] });
		expect(r.outcome).toBe('person');
		expect(r.verdicts[0]).toMatchObject({ class: cls, fixed: false });
		expect(r.person?.role).toBe(role);
		expect(r.person?.details[0]).toContain(code);
		expect(r.ledes).toBeUndefined();
	});

	it('a rate reason on a line within the approved rate, or a line that does not exist → a person', () => {
		expect(resolve({ ledes: invoiceFile([fee(1)]), reasons: [reason('RATE_ABOVE_APPROVED', 1)] }).verdicts[0].why).toMatch(/no approved rate below 450/);
		expect(resolve({ ledes: invoiceFile([fee(1)]), reasons: [reason('RATE_ABOVE_APPROVED', 9)] }).verdicts[0].why).toMatch(/no line 9/);
	});

	it('a fixable and a judgement reason together → a person, with the corrected file prepared', () => {
		const r = resolve({ ledes: invoiceFile([fee(1, { rate: '650' }), fee(2)]), reasons: [reason('RATE_ABOVE_APPROVED', 1), reason('NARRATIVE_TOO_SHORT', 2)] });
		expect(r.outcome).toBe('person');
		expect(r.changes).toHaveLength(1);
		expectAccepted(r.ledes);
		expect(r.person?.details).toHaveLength(1);
	});

	it('disputed (not rejected) and missing files are never resubmitted', () => {
		expect(resolve({ status: 'disputed', ledes: invoiceFile([fee(1, { rate: '650' })]), reasons: [reason('RATE_ABOVE_APPROVED', 1)] }).outcome).toBe('person');
		expect(resolve({ ledes: undefined, reasons: [reason('RATE_ABOVE_APPROVED', 1)] }).why).toMatch(/no LEDES file/);
	});

	it('adjustments of an approved invoice: mechanical cuts accepted and written off, judgement cuts to a person', () => {
		const cut = (code: string, amount: string, n: number): RejectionReason => ({ platform: 'legalTracker', kind: 'adjustment', code, reason: code, lineItemNumber: n, amount });
		const ok = resolve({ status: 'approved', reasons: [cut('RATE_ABOVE_APPROVED', '-120.50', 1), cut('EXPENSE_NOT_ALLOWED', '-9.99', 2)] });
		expect({ outcome: ok.outcome, off: ok.writtenOff, key: ok.key }).toEqual({ outcome: 'acceptAdjustment', off: '130.49', key: 'legalTracker:910001:adjustment' });
		expect(resolve({ status: 'approved', reasons: [cut('NARRATIVE_TOO_SHORT', '-50', 1)] }).outcome).toBe('person');
		// Brightflag: line cuts of an approved invoice are reasons with an amount
		const bf = resolve({ platform: 'brightflag', status: 'APPROVED', reasons: [{ platform: 'brightflag', kind: 'rejection', code: 'RATE_ABOVE_APPROVED', lineItemNumber: 1, amount: '-75.00' }] });
		expect({ outcome: bf.outcome, off: bf.writtenOff, key: bf.key }).toEqual({ outcome: 'acceptAdjustment', off: '75.00', key: 'brightflag:910001:adjustment' });
	});
});

describe('resolver: policy', () => {
	const ledes = invoiceFile([fee(1, { rate: '650' })]);
	const reasons = [reason('RATE_ABOVE_APPROVED', 1)];

	it('the firm-wide switch: prepare and wait for approval (the default)', () => {
		const r = resolve({ ledes, reasons, settings: {} });
		expect(r.outcome).toBe('awaitApproval');
		expectAccepted(r.ledes);
	});

	it('run twice: a rejection already in the ledger is not handled again', () => {
		const first = resolve({ ledes, reasons });
		const again = resolve({ ledes, reasons, history: [{ key: first.key, outcome: first.outcome, newInvoiceNumber: first.newInvoiceNumber, matter: first.matter }] });
		expect(again.outcome).toBe('alreadyHandled');
		expect(again.ledes).toBeUndefined();
	});

	it('no loops: a rejected automatic correction goes to a person', () => {
		const history = [{ key: 'legalTracker:910001:rejection', invoiceNumber: 'INV-C7-202610', newInvoiceNumber: 'INV-C7-202610-R2', matter: 'M-7', outcome: 'resubmit' }];
		const r = resolve({ invoiceId: '910077', invoiceNumber: 'INV-C7-202610-R2', ledes: invoiceFile([fee(1, { rate: '650' })], 'INV-C7-202610-R2'), reasons, history, settings: { mode: 'resubmit', maxResubmissionsPerMatter: 5 } });
		expect(r.outcome).toBe('person');
		expect(r.why).toMatch(/itself an automatic correction/);
	});

	it('a platform that takes no resubmission by API: the corrected file goes to a person, in either mode', () => {
		for (const mode of ['resubmit', 'approval'] as const) {
			const r = resolve({ platform: 'brightflag', ledes, reasons, settings: { mode, canResubmit: false } });
			expect({ outcome: r.outcome, number: r.newInvoiceNumber, role: r.person?.role }).toEqual({ outcome: 'person', number: 'INV-C7-202610-R2', role: 'billingClerk' });
			expect(r.why).toMatch(/brightflag takes no resubmission by API: upload the attached INV-C7-202610-R2/);
			expectAccepted(r.ledes);
		}
		// a judgement reason still says so (not "upload by hand")
		expect(resolve({ platform: 'brightflag', ledes, reasons: [reason('NARRATIVE_TOO_SHORT', 1)], settings: { canResubmit: false } }).why).not.toMatch(/upload/);
	});

	it('at most N automatic resubmissions per matter', () => {
		const history = [1, 2].map((n) => ({ key: `legalTracker:${n}:rejection`, matter: 'M-7', outcome: 'resubmit', newInvoiceNumber: `X${n}-R2` }));
		expect(resolve({ ledes, reasons, history }).why).toMatch(/already had 2 automatic resubmission/);
		expect(resolve({ ledes, reasons, history, settings: { mode: 'resubmit', maxResubmissionsPerMatter: 3 } }).outcome).toBe('resubmit');
	});

	it('version numbers: {base}-R{version} by default, configurable', () => {
		expect(nextInvoiceNumber('INV-1', '{base}-R{version}')).toEqual({ number: 'INV-1-R2', version: 2 });
		expect(nextInvoiceNumber('INV-1-R2', '{base}-R{version}')).toEqual({ number: 'INV-1-R3', version: 3 });
		expect(nextInvoiceNumber('INV-1', '{base}-R{version}', [{ key: 'k', newInvoiceNumber: 'INV-1-R4', outcome: 'resubmit' }])).toEqual({ number: 'INV-1-R5', version: 5 });
		expect(nextInvoiceNumber('INV-1', '{base}.v{version}')).toEqual({ number: 'INV-1.v2', version: 2 });
	});

	it('settings are validated with the path of every problem', () => {
		expect(() => parseResolverSettings({ mode: 'sometimes', versionPattern: '{version}-{base}', rules: [{ id: 'x', class: 'narrative' }] })).toThrow(ResolverSettingsError);
		try {
			parseResolverSettings({ mode: 'sometimes', rules: [{ id: 'x', class: 'narrative', reasonPattern: '(a+)+' }] });
		} catch (e) {
			expect((e as ResolverSettingsError).issues.map((i) => i.path)).toEqual(['mode', 'rules[0].reasonPattern']);
		}
	});
});
