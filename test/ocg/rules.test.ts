/**
 * Every built-in rule type: an entry that passes, one that fails, and one exactly on the boundary.
 */
import { compileRuleSet, evaluateOcg } from '../../lib/ocg';
import { expense, fee, flagged, hits, run } from './helpers';

const ctx = { invoiceDate: '2026-11-05', periodStart: '2026-10-01', periodEnd: '2026-10-31', today: '2026-11-27' };

describe('approvedRate', () => {
	const rule = {
		type: 'approvedRate',
		action: 'adjust',
		params: {
			timekeepers: [
				{ id: 'T9', rate: '500', to: '2026-06-30' },
				{ id: 'T9', rate: '550', from: '2026-07-01' },
			],
			classifications: [{ classification: 'ASSOC', rate: '400.00' }],
		},
	};
	it('passes below, sits on, and cuts above the classification rate', () => {
		const r = run(rule, [fee({ rate: '399.99' }), fee({ rate: '400' }), fee({ rate: '425.50', quantity: '2' })]);
		expect(flagged(r)).toEqual([false, false, true]);
		const v = r.results[2].violations[0];
		expect(v.amountAtStake).toBe('51.00');
		expect(v.adjustment).toEqual({ quantity: '2', rate: '400.00', adjustment: '0.00', total: '800.00' });
		expect(v.message).toBe('Timekeeper Ann Lee rate 425.50/hr exceeds the negotiated rate of 400.00/hr');
		expect(r.results[2].status).toBe('adjusted');
	});
	it('prefers the timekeeper rate effective on the entry date, and maps legacy classification codes', () => {
		const tk = { id: 'T9', classification: 'PT' };
		const r = run(rule, [
			fee({ timekeeper: tk, date: '2026-06-30', rate: '500' }),
			fee({ timekeeper: tk, date: '2026-06-30', rate: '550' }),
			fee({ timekeeper: tk, date: '2026-07-01', rate: '550' }),
			fee({ timekeeper: { id: 'T2', classification: 'AS' }, rate: '401' }),
			fee({ timekeeper: { id: 'T3', classification: 'PARTNR' }, rate: '9000' }),
		]);
		expect(flagged(r)).toEqual([false, true, false, true, false]);
		expect(r.results[1].violations[0].details).toEqual({ approvedRate: '500.00', basis: 'timekeeper T9' });
	});
	it('leaves expenses alone', () => {
		expect(flagged(run(rule, [expense({ rate: '1000' })]))).toEqual([false]);
	});
});

describe('unknownTimekeeper', () => {
	it('uses the rate cards of the same rule set when no list is given (rate submitted for the period)', () => {
		const set = [
			{ id: 'RATE', type: 'approvedRate', ref: 'x', action: 'adjust', params: { timekeepers: [{ id: 'T1', rate: '400', from: '2026-10-01' }] } },
			{ id: 'NEW', type: 'unknownTimekeeper', ref: 'OCG §2', action: 'flag' },
		];
		const r = evaluateOcg(
			[fee({ date: '2026-10-01' }), fee({ date: '2026-09-30' }), fee({ timekeeper: { id: 'T2' } }), fee({ timekeeper: undefined })],
			compileRuleSet({ id: 's', version: '1', rules: set }),
		);
		expect(hits(r)).toEqual([[], ['NEW'], ['NEW'], ['NEW']]);
		expect(r.results[1].violations[0].message).toBe('Unknown timekeeper Ann Lee: no approved rate submitted for 2026-09-30');
	});
	it('uses an explicit staffing list', () => {
		const r = run({ type: 'unknownTimekeeper', params: { timekeepers: ['T1'], classifications: ['PARALG'] } }, [
			fee(),
			fee({ timekeeper: { id: 'T7', classification: 'PL' } }),
			fee({ timekeeper: { id: 'T8', classification: 'ASSOC' } }),
		]);
		expect(flagged(r)).toEqual([false, false, true]);
	});
});

describe('rateIncrease', () => {
	const rule = { type: 'rateIncrease', params: { maxPercent: '5', baseRates: { classifications: [{ classification: 'ASSOC', rate: '400' }] } } };
	it('allows up to the limit (whole cents, never above it)', () => {
		const r = run(rule, [fee({ rate: '419.99' }), fee({ rate: '420.00' }), fee({ rate: '420.01' })]);
		expect(flagged(r)).toEqual([false, false, true]);
		expect(r.results[2].violations[0].details).toMatchObject({ baseRate: '400.00', maxRate: '420.00', increasePercent: '5' });
	});
	it('rounds a fractional cap down to the cent', () => {
		const r = run({ ...rule, params: { maxPercent: '3', baseRates: { classifications: [{ classification: 'ASSOC', rate: '333.33' }] } } }, [
			fee({ rate: '343.32' }),
			fee({ rate: '343.33' }),
		]);
		// 333.33 × 1.03 = 343.3299 → cap 343.32
		expect(flagged(r)).toEqual([false, true]);
		expect(r.results[1].violations[0].details.maxRate).toBe('343.32');
	});
});

describe('maxDailyHours', () => {
	const rule = { type: 'maxDailyHours', action: 'adjust', params: { maxHours: 8 } };
	it('sums a timekeeper-day across the batch and cuts only the hours over the limit', () => {
		const r = run(rule, [
			fee({ quantity: '5' }),
			fee({ quantity: '3' }), // exactly 8 so far
			fee({ quantity: '2', timekeeper: { id: 'T2' } }),
			fee({ quantity: '1.5' }), // over by 1.5
			fee({ quantity: '4', date: '2026-10-06' }),
		]);
		expect(flagged(r)).toEqual([false, false, false, true, false]);
		const v = r.results[3].violations[0];
		expect(v.details).toMatchObject({ dayHours: '9.5', excessHours: '1.5' });
		expect(v.adjustment?.quantity).toBe('0');
		expect(v.amountAtStake).toBe('600.00');
	});
	it('exactly the maximum passes', () => {
		expect(flagged(run(rule, [fee({ quantity: '4' }), fee({ quantity: '4' })]))).toEqual([false, false]);
	});
	it('the 14-hour day (4 × 3.5 h): the third line is cut to 1 h, the fourth to zero', () => {
		const r = run(rule, [1, 2, 3, 4].map(() => fee({ quantity: '3.5' })));
		expect(flagged(r)).toEqual([false, false, true, true]);
		expect(r.results[2].adjusted?.quantity).toBe('1');
		expect(r.results[3].adjusted?.quantity).toBe('0');
		expect(r.summary.reduction).toBe('2400.00');
	});
});

describe('minimumIncrement', () => {
	const rule = { type: 'minimumIncrement', action: 'adjust', params: { increment: '0.1' } };
	it('flags 0.05 h steps and rounds them down', () => {
		const r = run(rule, [fee({ quantity: '1.2' }), fee({ quantity: '0.1' }), fee({ quantity: '1.25' }), fee({ quantity: '0.05' })]);
		expect(flagged(r)).toEqual([false, false, true, true]);
		expect(r.results[2].adjusted).toMatchObject({ quantity: '1.2', total: '480.00', reduction: '20.00' });
		expect(r.results[3].adjusted).toMatchObject({ quantity: '0', total: '0.00' });
	});
	it('quarter-hour increments', () => {
		const r = run({ ...rule, params: { increment: 0.25 } }, [fee({ quantity: '0.75' }), fee({ quantity: '0.7' })]);
		expect(flagged(r)).toEqual([false, true]);
	});
});

describe('blockBilling', () => {
	const rule = { type: 'blockBilling', action: 'reject' };
	const block = 'Review production; draft motion to compel; call with client regarding settlement';
	it('two separators and more than 1.0 h', () => {
		const r = run(rule, [fee({ quantity: '1.1', narrative: block }), fee({ quantity: '3', narrative: 'Draft motion; call with client' })]);
		expect(flagged(r)).toEqual([true, false]);
		expect(r.results[0].status).toBe('rejected');
		expect(r.results[0].violations[0].details).toMatchObject({ tasks: 3 });
	});
	it('exactly 1.0 h is not block billing', () => {
		expect(flagged(run(rule, [fee({ quantity: '1.0', narrative: block })]))).toEqual([false]);
	});
	it('counts "and <verb>" joins and inline time splits', () => {
		const r = run(rule, [
			fee({ quantity: '2', narrative: 'Review documents and draft memo and call opposing counsel' }),
			fee({ quantity: '2', narrative: 'Draft brief (.4), revise exhibits (.8), prepare witness (.8)' }),
			fee({ quantity: '2', narrative: 'Review and analyze the supply agreement' }),
			fee({ quantity: '2', narrative: 'Draft motion; ' }),
		]);
		expect(flagged(r)).toEqual([true, true, false, false]);
	});
});

describe('bannedWords', () => {
	const rule = { type: 'bannedWords', params: { words: ['one', 'internal meeting', 'misc'] } };
	it('matches whole words and phrases, case-insensitively', () => {
		const r = run(rule, [
			fee({ narrative: 'Telephone call with client' }), // "one" inside "phone": no
			fee({ narrative: 'Draft ONE page summary' }),
			fee({ narrative: 'Internal  Meeting to discuss strategy' }),
			fee({ narrative: 'Miscellaneous research' }), // "misc" inside "miscellaneous": no
			fee({ narrative: 'misc.' }),
			expense({ narrative: 'One courier' }),
		]);
		expect(flagged(r)).toEqual([false, true, true, false, true, true]);
		expect(r.results[2].violations[0].message).toBe('Line item description contains a disallowed word: internal meeting');
	});
	it('"phone" does not match "one", and "one" does not match "phone"', () => {
		expect(flagged(run({ type: 'bannedWords', params: { words: ['phone'] } }, [fee({ narrative: 'one thing' }), fee({ narrative: 'Phone call' })]))).toEqual([false, true]);
	});
});

describe('vagueNarrative', () => {
	const rule = { type: 'vagueNarrative', params: { exact: ['review', 'attention to file'], contains: ['various activities'] } };
	it('a bare lead verb is vague, the same verb with an object is not', () => {
		const r = run(rule, [fee({ narrative: 'Review.' }), fee({ narrative: 'Review deposition transcript of plant manager' }), fee({ narrative: '  ATTENTION TO FILE ' })]);
		expect(flagged(r)).toEqual([true, false, true]);
	});
	it('contains-phrases match anywhere, as whole words', () => {
		const r = run(rule, [fee({ narrative: 'Various activities regarding the case' }), fee({ narrative: 'Nefarious activities of defendant researched' })]);
		expect(flagged(r)).toEqual([true, false]);
	});
});

describe('shortNarrative', () => {
	it('minimum words: one below, exactly, and above', () => {
		const r = run({ type: 'shortNarrative', params: { minWords: 3 } }, [fee({ narrative: 'Draft memo' }), fee({ narrative: 'Draft legal memo' }), fee({ narrative: 'Draft the legal memo' }), fee({ narrative: '' })]);
		expect(flagged(r)).toEqual([true, false, false, true]);
		expect(r.results[0].violations[0].message).toBe('Narrative too short (2 words, 10 characters; minimum 3 words)');
	});
	it('minimum characters', () => {
		const r = run({ type: 'shortNarrative', params: { minChars: 10 } }, [fee({ narrative: 'Draft mem' }), fee({ narrative: 'Draft memo' })]);
		expect(flagged(r)).toEqual([true, false]);
	});
});

describe('clericalWork', () => {
	const rule = { type: 'clericalWork', action: 'adjust', params: { keywords: ['filing', 'scheduling', 'organize'], activityCodes: ['A110'] } };
	it('keywords (whole words) and activity codes zero the line', () => {
		const r = run(rule, [
			fee({ narrative: 'Scheduling deposition dates with court reporter' }),
			fee({ narrative: 'Prepare profiling memo' }), // "filing" inside "profiling": no
			fee({ narrative: 'Update document database', codes: { task: 'L120', activity: 'a110' } }),
		]);
		expect(flagged(r)).toEqual([true, false, true]);
		expect(r.results[0].adjusted).toMatchObject({ total: '0.00', reduction: '400.00' });
	});
});

describe('duplicates', () => {
	it('same timekeeper, date, hours, rate and narrative: the second is the duplicate', () => {
		const a = { quantity: '1.5', narrative: 'Draft motion to compel' };
		const r = run({ type: 'duplicates' }, [fee(a), fee({ ...a, narrative: 'draft motion to compel ' }), fee({ ...a, quantity: '1.6' }), fee({ ...a, timekeeper: { id: 'T2' } })]);
		expect(flagged(r)).toEqual([false, true, false, false]);
		expect(r.results[1].violations[0].message).toBe('Potential duplicate charge, see line item 1');
	});
	it('optionally ignores the narrative; expenses compare by code', () => {
		const r = run({ type: 'duplicates', params: { compareNarrative: false } }, [fee({ narrative: 'a b c' }), fee({ narrative: 'x y z' }), expense(), expense({ narrative: 'other' }), expense({ codes: { expense: 'E102' } })]);
		expect(flagged(r)).toEqual([false, true, false, true, false]);
	});
});

describe('billingPeriod', () => {
	it('the first and last day of the period are inside', () => {
		const r = run({ type: 'billingPeriod', action: 'reject' }, [fee({ date: '2026-09-30' }), fee({ date: '2026-10-01' }), fee({ date: '2026-10-31' }), fee({ date: '2026-11-01' })], ctx);
		expect(flagged(r)).toEqual([true, false, false, true]);
	});
	it('is skipped, and says so, without a billing period', () => {
		const r = run({ type: 'billingPeriod' }, [fee({ date: '1999-01-01' })]);
		expect(flagged(r)).toEqual([false]);
		expect(r.summary.skipped).toEqual([{ ruleSetId: 'test', ruleId: 'R1', reason: 'needs the billing period (periodStart and periodEnd)' }]);
	});
});

describe('staleCharge', () => {
	it('charges older than maxDays at the invoice date', () => {
		// 2026-11-05 minus 90 days = 2026-08-07
		const r = run({ type: 'staleCharge', params: { maxDays: 90 } }, [fee({ date: '2026-08-06' }), fee({ date: '2026-08-07' }), fee({ date: '2026-10-01' })], ctx);
		expect(flagged(r)).toEqual([true, false, false]);
		expect(r.results[0].violations[0].details.ageDays).toBe(91);
	});
});

describe('lateInvoice', () => {
	const rule = { type: 'lateInvoice', action: 'reject', params: { maxDaysAfterPeriodEnd: 30 } };
	it('an invoice more than N days after the period end rejects every line', () => {
		const entries = [fee(), expense()];
		expect(flagged(run(rule, entries, { ...ctx, invoiceDate: '2026-11-30', today: '2026-11-30' }))).toEqual([false, false]); // exactly 30
		const late = run(rule, entries, { ...ctx, invoiceDate: '2026-12-01', today: '2026-12-01' });
		expect(late.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(late.results[0].violations[0]).toMatchObject({ level: 'invoice', amountAtStake: '400.00' });
	});
	it('an invoice dated in the future', () => {
		const rule2 = { type: 'lateInvoice', action: 'reject', params: {} };
		expect(flagged(run(rule2, [fee()], { invoiceDate: '2026-11-28', today: '2026-11-27' }))).toEqual([true]);
		expect(flagged(run(rule2, [fee()], { invoiceDate: '2026-11-27', today: '2026-11-27' }))).toEqual([false]);
	});
	it('cannot be adjusted', () => {
		expect(() => run({ ...rule, action: 'adjust' }, [fee()])).toThrow(/rules\[0\]\.action: rule type "lateInvoice" judges the whole invoice/);
	});
});

describe('taskCodes', () => {
	it('required, allowed (with wildcards) and blocked codes', () => {
		const r = run({ type: 'taskCodes', params: { required: ['task', 'expense'], allowed: ['L1*', 'L210'], blocked: ['L160', 'A110'] } }, [
			fee(),
			fee({ codes: { activity: 'A104' } }),
			fee({ codes: { task: 'L160', activity: 'A104' } }),
			fee({ codes: { task: 'L210' } }),
			fee({ codes: { task: 'L220' } }),
			fee({ codes: { task: 'L120', activity: 'A110' } }),
			expense(),
			expense({ codes: {} }),
		]);
		expect(flagged(r)).toEqual([false, true, true, false, true, true, false, true]);
		expect(r.results[4].violations[0].message).toBe('Task code L220 is not among the approved codes');
	});
});

describe('expenseCap', () => {
	const rule = { type: 'expenseCap', action: 'adjust', params: { caps: [{ codes: ['E101'], maxUnitCost: '0.10' }, { codes: ['E1*'], maxLineTotal: 500 }] } };
	it('per-unit cap: at the cap passes, above is cut to it', () => {
		const r = run(rule, [expense({ rate: '0.10' }), expense({ rate: '0.25', quantity: '300' })]);
		expect(flagged(r)).toEqual([false, true]);
		expect(r.results[1].violations[0]).toMatchObject({ amountAtStake: '45.00', message: 'Expense exceeds the maximum allowed unit cost of 0.10' });
		expect(r.results[1].adjusted).toMatchObject({ rate: '0.10', total: '30.00' });
	});
	it('per-line cap', () => {
		const r = run(rule, [expense({ codes: { expense: 'E110' }, quantity: '1', rate: '500' }), expense({ codes: { expense: 'E110' }, quantity: '1', rate: '500.01' }), expense({ codes: { expense: 'E201' }, quantity: '1', rate: '9000' })]);
		expect(flagged(r)).toEqual([false, true, false]);
		expect(r.results[1].adjusted).toMatchObject({ total: '500.00', adjustment: '-0.01' });
	});
});

describe('bannedExpenseCodes', () => {
	it('zeroes banned codes only', () => {
		const r = run({ type: 'bannedExpenseCodes', action: 'adjust', params: { codes: ['E111'] } }, [expense({ codes: { expense: 'E111' }, quantity: '1', rate: '80' }), expense({ codes: { expense: 'E112' } })]);
		expect(flagged(r)).toEqual([true, false]);
		expect(r.results[0].violations[0]).toMatchObject({ amountAtStake: '80.00', message: 'Expense code E111 is not reimbursable' });
	});
});

describe('maxTimekeepersPerMatter', () => {
	it('the timekeepers beyond the maximum (in order of first appearance) are flagged', () => {
		const tk = (id: string) => ({ timekeeper: { id } });
		const r = run({ type: 'maxTimekeepersPerMatter', params: { max: 2 } }, [fee(tk('A')), fee(tk('B')), fee(tk('A')), fee(tk('C')), fee({ ...tk('C'), matter: { id: 'M2' } })]);
		expect(flagged(r)).toEqual([false, false, false, true, false]);
		expect(r.results[3].violations[0].details).toMatchObject({ count: 3, max: 2 });
	});
});

describe('eventAttendance', () => {
	it('attendees of the same event (matter, date, event) beyond the maximum', () => {
		const at = (id: string, over = {}) => fee({ timekeeper: { id }, narrative: 'Attend deposition of plant manager', ...over });
		const r = run({ type: 'eventAttendance', params: { maxAttendees: 2 } }, [at('A'), at('B'), at('A'), at('C'), at('D', { date: '2026-10-06' }), fee({ timekeeper: { id: 'E' } })]);
		expect(flagged(r)).toEqual([false, false, false, true, false, false]);
		expect(r.results[3].violations[0].message).toBe('3 timekeepers billed the same event ("attend deposition") on 2026-10-05 (maximum 2)');
	});
	it('mentioning an event is not attending it; keywords and activity codes are configurable', () => {
		const n = (id: string, narrative: string, over = {}) => fee({ timekeeper: { id }, narrative, ...over });
		const r = run({ type: 'eventAttendance', params: { maxAttendees: 1 } }, [n('A', 'Revise trial exhibit list'), n('B', 'Prepare for hearing on motion')]);
		expect(flagged(r)).toEqual([false, false]);
		const codes = run({ type: 'eventAttendance', params: { maxAttendees: 1, keywords: ['mediation'], activityCodes: ['A109'] } }, [
			n('A', 'Appear for status conference', { codes: { task: 'L230', activity: 'A109' } }),
			n('B', 'Appear for status conference', { codes: { task: 'L230', activity: 'A109' } }),
			n('C', 'Mediation session'),
			n('D', 'mediation session'),
		]);
		expect(flagged(codes)).toEqual([false, true, false, true]);
	});
});

describe('travel', () => {
	const rule = { type: 'travel', action: 'adjust', params: { percent: 50 } };
	it('non-working travel above the percentage is cut to it; at exactly 50% it passes', () => {
		const r = run(rule, [
			fee({ narrative: 'Travel to Chicago for deposition', quantity: '3' }),
			fee({ narrative: 'Travel to Chicago for deposition', quantity: '3', adjustment: '-600' }),
			fee({ narrative: 'Working travel: revised brief on the flight', quantity: '3' }),
			fee({ narrative: 'Draft travel policy section', quantity: '1' }),
		]);
		expect(flagged(r)).toEqual([true, false, false, true]);
		expect(r.results[0].adjusted).toMatchObject({ adjustment: '-600.00', total: '600.00', reduction: '600.00' });
	});
	it('rounds the allowed total to the cent, half up', () => {
		const r = run({ ...rule, params: { percent: 50, codes: ['B195'] } }, [fee({ codes: { task: 'B195' }, narrative: 'Drive to court', quantity: '0.3', rate: '275.05' })]);
		// 0.3 × 275.05 = 82.515 → 41.2575 → 41.26
		expect(r.results[0].adjusted?.total).toBe('41.26');
	});
});

describe('budget', () => {
	it('the line that crosses the budget is cut to what remains, later lines to zero', () => {
		const r = run({ type: 'budget', action: 'adjust', params: { budgets: [{ matter: '00001', amount: '1000', spent: '200' }] } }, [
			fee({ quantity: '1' }), // 600 after
			fee({ quantity: '1' }), // 1000: exactly the budget
			fee({ quantity: '0.5' }), // over by 200
			fee({ quantity: '1', matter: { id: 'M2' } }),
		]);
		expect(flagged(r)).toEqual([false, false, true, false]);
		expect(r.results[2].adjusted).toMatchObject({ total: '0.00' });
		expect(r.results[2].violations[0].details).toMatchObject({ over: '200.00', spentBefore: '1000.00' });
	});
	it('per phase (L100 covers L110–L190)', () => {
		const r = run({ type: 'budget', params: { budgets: [{ matter: 'M1', phase: 'L100', amount: '500' }] } }, [fee({ codes: { task: 'L120' } }), fee({ codes: { task: 'L310' } }), fee({ codes: { task: 'L110' } })]);
		expect(flagged(r)).toEqual([false, false, true]);
	});
});

describe('currency', () => {
	it('lines in another currency than the rule set / invoice currency', () => {
		const r = run({ type: 'currency', params: { currency: 'USD' } }, [fee(), fee({ currency: 'eur' }), fee({ currency: undefined })]);
		expect(flagged(r)).toEqual([false, true, false]);
		expect(r.results[1].violations[0].message).toBe('Currency EUR differs from the invoice currency USD');
	});
	it('without a configured currency, the batch must be in one currency', () => {
		const r = run({ type: 'currency' }, [fee({ currency: 'GBP' }), fee({ currency: 'USD' })]);
		expect(flagged(r)).toEqual([false, true]);
	});
});

describe('multiMatter', () => {
	it('one matter passes; two matters reject every line', () => {
		expect(flagged(run({ type: 'multiMatter', action: 'reject' }, [fee(), fee()]))).toEqual([false, false]);
		const r = run({ type: 'multiMatter', action: 'reject' }, [fee(), fee({ matter: { id: 'M2' } })]);
		expect(r.results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
		expect(r.results[0].violations[0].message).toBe('Multi-matter invoices are not accepted (2 matters: M1, M2)');
	});
	it('per invoice when the caller says which invoice each entry goes on', () => {
		const entries = [fee(), fee({ matter: { id: 'M2' } }), fee({ matter: { id: 'M3' } })];
		const byMatter = run({ type: 'multiMatter', action: 'reject' }, entries, { invoiceOf: (e) => e.matter!.id });
		expect(flagged(byMatter)).toEqual([false, false, false]);
		const twoInvoices = run({ type: 'multiMatter', action: 'reject' }, entries, { invoiceOf: (_e, i) => (i < 2 ? 'INV-1' : 'INV-2') });
		expect(flagged(twoInvoices)).toEqual([true, true, false]);
	});
});

describe('expression (user-written rules)', () => {
	it('sees the entry and the batch aggregates', () => {
		const rule = {
			type: 'expression',
			params: { when: { and: [{ '==': [{ var: 'entry.classification' }, 'PARTNR'] }, { '>': [{ var: 'agg.dayHours' }, 6] }] } },
			message: 'Partner {{timekeeper}} over 6 h on {{date}}',
		};
		const p = { timekeeper: { id: 'P', name: 'Pat', classification: 'PT' } };
		const r = run(rule, [fee({ ...p, quantity: '3' }), fee({ ...p, quantity: '3' }), fee({ quantity: '9' }), fee({ ...p, quantity: '0.1', date: '2026-10-07' })]);
		// day total 6.0 is not > 6
		expect(flagged(r)).toEqual([false, false, false, false]);
		const r2 = run(rule, [fee({ ...p, quantity: '3' }), fee({ ...p, quantity: '3.1' })]);
		expect(flagged(r2)).toEqual([true, true]);
		expect(r2.results[0].violations[0].message).toBe('Partner Pat over 6 h on 2026-10-05');
	});
	it('duplicates, matter counts and invoice context', () => {
		const r = run({ type: 'expression', params: { when: { or: [{ var: 'agg.duplicate' }, { '>': [{ var: 'agg.matterTimekeepers' }, 1] }, { '<': [{ var: 'entry.date' }, { var: 'invoice.periodStart' }] }] } } }, [fee(), fee(), fee({ date: '2026-09-01', matter: { id: 'M3' } })], ctx);
		expect(flagged(r)).toEqual([false, true, true]);
	});
});
