/**
 * The engine as a whole: exact money, batch scales, rule-set selection, determinism, entry errors,
 * the example rule sets against the sandbox seed, and entries from both practice-management mappers.
 */
import { buildClioUtbmsIndex, clioActivityToBillingEntry, type ClioActivity } from '../../lib/mappers/clio';
import { actionstepTimeEntriesFromResponse } from '../../lib/mappers/actionstep';
import type { BillingEntry } from '../../lib/model';
import { compileRuleSet, CORPORATE_RULE_SET, evaluateOcg, INSURER_RULE_SET, selectRuleSet } from '../../lib/ocg';
import { generateFirm } from '../../sandbox/seed';
import { expense, fee, hits, ruleSet } from './helpers';

const r = (over: object) => ({ ref: 'OCG §1', action: 'flag', ...over });

describe('exact money and scales', () => {
	it('Clio hours with 6 decimals and adjustments with 8 decimals stay exact', () => {
		const rs = compileRuleSet(ruleSet([r({ id: 'RATE', type: 'approvedRate', action: 'adjust', params: { classifications: [{ classification: 'ASSOC', rate: '400' }] } })]));
		// 1000 s = 0.277778 h; Clio total 125.07 at 450.25/h = 125.0695445 → adjustment 0.0004555
		const e = fee({ quantity: '0.277778', rate: '450.25', total: '125.07', adjustment: '0.0004555' });
		const res = evaluateOcg([e], rs);
		const v = res.results[0].violations[0];
		// at stake: 0.277778 × 50.25 = 13.9583445 exactly
		expect(v.amountAtStake).toBe('13.9583445');
		// 0.277778 × 400 + 0.0004555
		expect(v.adjustment).toEqual({ quantity: '0.277778', rate: '400.00', adjustment: '0.0004555', total: '111.1116555' });
	});
	it('rates with 4 decimals (copies at 0.1250) and caps with more decimals than the data', () => {
		const rs = compileRuleSet(ruleSet([r({ id: 'CAP', type: 'expenseCap', action: 'adjust', params: { caps: [{ codes: ['E101'], maxUnitCost: '0.105' }] } })]));
		const res = evaluateOcg([expense({ rate: '0.1250', quantity: '1000' }), expense({ rate: '0.10' })], rs);
		expect(hits(res)).toEqual([['CAP'], []]);
		expect(res.results[0].adjusted).toMatchObject({ rate: '0.105', total: '105.00', reduction: '20.00' });
	});
	it('entries that cannot be read exactly are errors naming the field, the rest are still checked', () => {
		const rs = compileRuleSet(ruleSet([r({ id: 'DUP', type: 'duplicates' })]));
		const res = evaluateOcg(
			[fee({ quantity: '0.123456789' }), fee({ date: '2026-02-30' }), fee({ kind: 'time' as never }), fee({ rate: 'NaN' }), fee({ total: '1e5' }), null as never, fee()],
			rs,
		);
		expect(res.results.map((x) => x.error?.field ?? x.status)).toEqual(['quantity', 'date', 'kind', 'rate', 'total', '', 'compliant']);
		expect(res.results[0].error?.message).toBe('expected a decimal number with at most 8 decimals, got "0.123456789"');
		expect(res.summary.errors).toBe(6);
	});
	it('rejects a context date that is not ISO', () => {
		expect(() => evaluateOcg([fee()], compileRuleSet(ruleSet([])), { invoiceDate: '05/11/2026' })).toThrow('OCG context: invoiceDate must be an ISO date "YYYY-MM-DD", got "05/11/2026"');
	});
});

describe('several adjust rules on one line', () => {
	it('are applied in rule order; each violation shows its own adjustment, the entry the combined one', () => {
		const rs = compileRuleSet(
			ruleSet([
				r({ id: 'INC', type: 'minimumIncrement', action: 'adjust', params: { increment: '0.1' } }),
				r({ id: 'RATE', type: 'approvedRate', action: 'adjust', params: { classifications: [{ classification: 'ASSOC', rate: '400' }] } }),
				r({ id: 'SHORT', type: 'shortNarrative', params: { minWords: 2 } }),
			]),
		);
		const res = evaluateOcg([fee({ quantity: '1.25', rate: '500', narrative: 'Draft brief' })], rs);
		const x = res.results[0];
		expect(x.status).toBe('adjusted');
		expect(x.violations.map((v) => [v.ruleId, v.amountAtStake, v.adjustment?.total])).toEqual([
			['INC', '25.00', '600.00'],
			['RATE', '125.00', '500.00'],
		]);
		expect(x.adjusted).toEqual({ quantity: '1.2', rate: '400.00', adjustment: '0.00', total: '480.00', reduction: '145.00' });
		expect(res.summary).toMatchObject({ adjusted: 1, violations: 2, amountAtStake: '150.00', reduction: '145.00', byRule: { INC: { count: 1, amountAtStake: '25.00' } } });
	});
	it('a flag makes the entry need review, a reject rejects it', () => {
		const rs = compileRuleSet(ruleSet([r({ id: 'F', type: 'shortNarrative', params: { minWords: 5 } }), r({ id: 'X', type: 'bannedWords', action: 'reject', params: { words: ['misc'] } })]));
		const res = evaluateOcg([fee({ narrative: 'Draft brief' }), fee({ narrative: 'misc work on the matter today' }), fee({ narrative: 'Draft the brief for the court' })], rs);
		expect(res.results.map((x) => x.status)).toEqual(['review', 'rejected', 'compliant']);
	});
});

describe('rule-set scope and selection', () => {
	const general = compileRuleSet({ id: 'general', version: '1', rules: [r({ id: 'G', type: 'shortNarrative', params: { minWords: 100 } })] });
	const client = compileRuleSet({ id: 'client', version: '1', scope: { clients: ['GLOBEX01'] }, rules: [r({ id: 'C', type: 'shortNarrative', params: { minWords: 100 } })] });
	const lit = compileRuleSet({ id: 'lit', version: '1', scope: { clients: ['C1'], matterTypes: ['Litigation'] }, rules: [r({ id: 'L', type: 'shortNarrative', params: { minWords: 100 } })] });
	const matter = compileRuleSet({ id: 'matter', version: '1', scope: { matters: ['00001'] }, effective: { to: '2026-06-30' }, rules: [r({ id: 'M', type: 'shortNarrative', params: { minWords: 100 } })] });
	const v2 = compileRuleSet({ id: 'general', version: '10', rules: [r({ id: 'G2', type: 'shortNarrative', params: { minWords: 100 } })] });

	it('the most specific rule set in scope judges each entry (matter > matter type > client), then the highest version', () => {
		const entries: BillingEntry[] = [
			fee({ date: '2026-06-30' }), // matter-scoped set still effective
			fee({ date: '2026-07-01' }), // matter set expired → client + litigation
			fee({ matter: { id: 'M2', matterType: 'counseling' } }), // client only (by ledes client id)
			fee({ client: { id: 'C9' }, matter: { id: 'M3' } }), // nobody specific → general, highest version
		];
		const res = evaluateOcg(entries, [general, client, lit, matter, v2]);
		expect(res.results.map((x) => `${x.ruleSet?.id}@${x.ruleSet?.version}`)).toEqual(['matter@1', 'lit@1', 'client@1', 'general@10']);
		expect(hits(res)).toEqual([['M'], ['L'], ['C'], ['G2']]);
		expect(selectRuleSet([general, client], entries[2])?.id).toBe('client');
	});
	it('an entry outside every scope is compliant with no rule set (the node routes it to review)', () => {
		const res = evaluateOcg([fee({ client: { id: 'C9' } })], client);
		expect(res.results[0]).toMatchObject({ status: 'compliant', violations: [] });
		expect(res.results[0].ruleSet).toBeUndefined();
	});
	it('rules can carry their own scope, effective dates and entry kinds', () => {
		const rs = compileRuleSet(
			ruleSet([
				r({ id: 'LIT', type: 'shortNarrative', params: { minWords: 100 }, scope: { matterTypes: ['litigation'] } }),
				r({ id: 'NEW', type: 'shortNarrative', params: { minWords: 100 }, effective: { from: '2026-10-06' } }),
				r({ id: 'EXP', type: 'shortNarrative', params: { minWords: 100 }, appliesTo: ['expense'] }),
			]),
		);
		const res = evaluateOcg([fee(), fee({ date: '2026-10-06', matter: { id: 'M5', matterType: 'counseling' } }), expense()], rs);
		// LIT is a fee rule (shortNarrative's default kinds), EXP was narrowed to expenses
		expect(hits(res)).toEqual([['LIT'], ['NEW'], ['EXP']]);
	});
});

describe('determinism', () => {
	it('the same input gives the same output, every time', () => {
		const rs = compileRuleSet(INSURER_RULE_SET);
		const entries = Array.from({ length: 300 }, (_, i) =>
			fee({ id: `d${i}`, timekeeper: { id: `T${i % 7}`, classification: ['PARTNR', 'ASSOC', 'PARALG'][i % 3] }, quantity: String(((i * 37) % 50) / 10 + 0.05), date: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`, narrative: i % 5 ? 'Review; draft; call regarding settlement terms' : 'Review' }),
		);
		const ctx = { invoiceDate: '2026-11-05', periodStart: '2026-10-01', periodEnd: '2026-10-31', today: '2026-11-27' };
		const a = JSON.stringify(evaluateOcg(entries, rs, ctx));
		const b = JSON.stringify(evaluateOcg(entries, rs, ctx));
		expect(a).toBe(b);
		expect(JSON.parse(a).summary.violations).toBeGreaterThan(300);
	});
});

describe('the example rule sets against the sandbox seed', () => {
	const firm = generateFirm({ size: 400 });
	const tks = new Map(firm.timekeepers.map((t) => [t.id, t]));
	const matters = new Map(firm.matters.map((m) => [m.id, m]));
	const clients = new Map(firm.clients.map((c) => [c.id, c]));
	const toEntry = (s: (typeof firm.entries)[number]): BillingEntry => {
		const m = matters.get(s.matterId)!;
		const t = tks.get(s.timekeeperId)!;
		const c = clients.get(m.clientId)!;
		return {
			id: `seed:${s.id}`,
			source: { system: 'sandbox', id: String(s.id) },
			kind: s.kind,
			date: s.date,
			timekeeper: { id: String(t.id), name: t.name, classification: t.classification },
			client: { id: String(c.id), ledesClientId: c.ledesClientId },
			matter: { id: String(m.id), number: m.displayNumber, clientMatterId: m.clientMatterId, matterType: m.matterType },
			quantity: s.quantity,
			rate: s.rate,
			total: s.total,
			currency: 'USD',
			codes: s.kind === 'fee' ? { task: s.taskCode, activity: s.activityCode } : { expense: s.expenseCode },
			narrative: s.narrative,
			billable: s.billable,
		};
	};
	// one invoice per matter, as the templates build them
	const byMatter = new Map<number, BillingEntry[]>();
	const issuesOf = new Map<string, string[]>();
	for (const s of firm.entries) {
		const e = toEntry(s);
		issuesOf.set(e.id, s.guidelineIssues);
		byMatter.set(s.matterId, [...(byMatter.get(s.matterId) ?? []), e]);
	}
	const expected: Record<string, [string, string]> = {
		block_billing: ['INS-BLOCK', 'GX-BLOCK'],
		vague_narrative: ['INS-VAGUE', 'GX-VAGUE'],
		increment_0_05: ['INS-INC', 'GX-INC'],
		banned_expense: ['INS-EXP-BAN', 'GX-EXP-BAN'],
		expense_unit_cost_above_cap: ['INS-EXP-CAP', 'GX-EXP-CAP'],
	};

	it.each([
		['insurer', INSURER_RULE_SET, 0],
		['corporate', CORPORATE_RULE_SET, 1],
	] as const)('the %s rule set catches every seeded block billing, vague narrative, 0.05 h increment, banned and over-cap expense, and the 14-hour days', (_name, set, col) => {
		const rs = compileRuleSet(set);
		let checked = 0;
		const longDays = new Map<string, string[]>();
		for (const entries of byMatter.values()) {
			const res = evaluateOcg(entries, rs, { today: '2026-10-30' });
			res.results.forEach((x, k) => {
				if (!x.ruleSet) return; // e.g. the insurer's guidelines cover litigation only
				const ids = x.violations.map((v) => v.ruleId);
				for (const issue of issuesOf.get(entries[k].id)!) {
					if (issue === 'long_day') longDays.set(`${entries[k].timekeeper!.id}|${entries[k].date}`, [...(longDays.get(`${entries[k].timekeeper!.id}|${entries[k].date}`) ?? []), ...ids]);
					else if (expected[issue]) {
						expect([entries[k].id, issue, ids.includes(expected[issue][col])]).toEqual([entries[k].id, issue, true]);
						checked++;
					}
				}
			});
		}
		expect(checked).toBeGreaterThan(10);
		expect(longDays.size).toBeGreaterThan(0);
		for (const [day, ids] of longDays) expect([day, ids.includes(col === 0 ? 'INS-DAY' : 'GX-DAY')]).toEqual([day, true]);
	});
});

describe('one rule set checks entries from Clio and from Actionstep', () => {
	it('the same guidelines flag the same problems whichever system the entry came from', () => {
		const rs = compileRuleSet(CORPORATE_RULE_SET);
		const clio: ClioActivity[] = [
			{ id: 1, type: 'TimeEntry', date: '2026-10-05', quantity: 180, price: 450, note: 'Draft motion to compel discovery responses', user: { id: 7, name: 'Ada Lovelace' }, matter: { id: 3, display_number: '00003' }, currency: { code: 'USD' }, activity_description: { id: 11, name: 'Draft motion' } },
			{ id: 2, type: 'TimeEntry', date: '2026-10-06', quantity: 7200, price: 950, note: 'Attention to file', user: { id: 7, name: 'Ada Lovelace' }, matter: { id: 3, display_number: '00003' }, currency: { code: 'USD' }, activity_description: { id: 11, name: 'Draft motion' } },
		];
		const utbms = buildClioUtbmsIndex([{ id: 11, name: 'Draft motion', utbms_task: { id: 501, code: 'L250' }, utbms_activity: { id: 601, code: 'A103' } }]);
		const fromClio = clio.map((a) => clioActivityToBillingEntry(a, { classifications: { '7': 'PARTNR' }, utbms }));
		const fromActionstep = actionstepTimeEntriesFromResponse(
			{
				timeentries: [
					{ id: 41, timestampDate: '2026-10-05', description: 'Draft motion to compel discovery responses', billableHours: '0.05', rateUnitPrice: '450.00', billableAmount: '22.50', links: { action: '7', owner: '3', utbmsTaskCode: 'L250', utbmsActivityCode: 'A103' } },
					{ id: 42, timestampDate: '2026-10-06', description: 'Attention to file', billableHours: '2', rateUnitPrice: '950', billableAmount: '1900.00', links: { action: '7', owner: '3', utbmsTaskCode: 'L250' } },
				],
				linked: { actions: [{ id: 7, name: 'Acme v Widget', reference: 'ACME-0007' }], participants: [{ id: 3, displayName: 'Jane Smith' }] },
			},
			{ currency: 'USD', classifications: { '3': 'PARTNR' } },
		);
		const a = evaluateOcg(fromClio, rs, { today: '2026-10-30' });
		const b = evaluateOcg(fromActionstep, rs, { today: '2026-10-30' });
		expect(hits(a)).toEqual([['GX-INC'], ['GX-RATE', 'GX-RATE-INC', 'GX-VAGUE']]);
		expect(hits(b)).toEqual(hits(a));
		expect(a.results[1].adjusted?.total).toBe('1800.00');
		expect(b.results[1].adjusted?.total).toBe('1800.00');
	});
});
