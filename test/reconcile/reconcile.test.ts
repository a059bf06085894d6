import {
	defaultRejectionMap,
	defaultRejectionMapJson,
	parseRejectionMap,
	planReconciliation,
	RejectionMapError,
	renderTemplate,
	resolveRejection,
	type RejectionReason,
} from '../../lib/reconcile';

const bf = (code: string, extra: Partial<RejectionReason> = {}): RejectionReason => ({
	platform: 'brightflag',
	kind: 'rejection',
	code,
	reason: `reason ${code}`,
	invoiceNumber: 'INV-1',
	lineItemNumber: 3,
	...extra,
});

describe('rejection map', () => {
	it('ships a default table that validates and covers the sandbox reason codes', () => {
		const map = defaultRejectionMap();
		for (const code of ['NARRATIVE_TOO_SHORT', 'RATE_ABOVE_APPROVED', 'BLOCK_BILLING', 'INVALID_TASK_CODE']) {
			const r = resolveRejection(map, bf(code));
			expect(r.ruleId).not.toBe('fallback');
			expect(r.actions.length).toBeGreaterThan(0);
		}
		expect(resolveRejection(map, bf('BLOCK_BILLING')).ruleId).toBe('block-billing');
		const posting = resolveRejection(map, { platform: 'legalTracker', kind: 'postingError', code: '006', reason: 'line total mismatch' });
		expect(posting.ruleId).toBe('ledes-posting-error');
		expect(JSON.parse(defaultRejectionMapJson()).version).toBe(1);
	});

	it('renders templates into the actions', () => {
		const map = defaultRejectionMap();
		const r = resolveRejection(map, bf('RATE_ABOVE_APPROVED', { amount: '-50.00', reason: 'Rate 650 above approved 600' }));
		const task = r.actions.find((a) => a.type === 'createTask');
		expect(task).toMatchObject({ type: 'createTask', role: 'billingClerk', subject: 'Check approved rate for invoice INV-1 line 3', priority: 'high' });
		const field = r.actions.find((a) => a.type === 'writeCustomField');
		expect(field).toMatchObject({ field: 'Rejection Reason', value: 'brightflag RATE_ABOVE_APPROVED: Rate 650 above approved 600 (-50.00)' });
		expect(renderTemplate('{{code}}/{{unknown}}', bf('X'))).toBe('X/{{unknown}}');
	});

	it('prefers a code match over a text match, and falls back when nothing matches', () => {
		const map = defaultRejectionMap();
		// text mentions "narrative" but the code says task code
		expect(resolveRejection(map, bf('INVALID_TASK_CODE', { reason: 'narrative mentions L999' })).ruleId).toBe('invalid-task-code');
		// no code, text only
		expect(resolveRejection(map, { platform: 'legalTracker', kind: 'adjustment', reason: 'Block billed entry' }).ruleId).toBe('block-billing');
		const fb = resolveRejection(map, bf('SOMETHING_NEW', { reason: 'zzz' }));
		expect(fb.ruleId).toBe('fallback');
		expect(fb.actions.map((a) => a.type)).toEqual(['writeCustomField', 'createTask', 'notify']);
	});

	it('scopes rules by platform and kind', () => {
		const map = parseRejectionMap({
			version: 1,
			rules: [
				{ id: 'lt-only', platform: 'legalTracker', codes: ['X'], actions: [{ type: 'notify', to: 'a', message: 'lt' }] },
				{ id: 'adj', kind: 'adjustment', codes: ['X'], actions: [{ type: 'notify', to: 'a', message: 'adj' }] },
			],
			fallback: [{ type: 'notify', to: 'a', message: 'fb' }],
		});
		expect(resolveRejection(map, { platform: 'legalTracker', kind: 'rejection', code: 'x' }).ruleId).toBe('lt-only');
		expect(resolveRejection(map, { platform: 'brightflag', kind: 'adjustment', code: 'X' }).ruleId).toBe('adj');
		expect(resolveRejection(map, { platform: 'brightflag', kind: 'rejection', code: 'X' }).ruleId).toBe('fallback');
		// defaults filled in
		expect(map.rules[0].kind).toBe('*');
	});

	it('merges identical actions across the reasons of one invoice', () => {
		const plan = planReconciliation(defaultRejectionMap(), [bf('BLOCK_BILLING', { lineItemNumber: 1 }), bf('NARRATIVE_TOO_SHORT', { lineItemNumber: 2 })]);
		expect(plan.resolved.map((r) => r.ruleId)).toEqual(['block-billing', 'narrative-too-short']);
		expect(plan.actions.filter((a) => a.type === 'setStatus')).toHaveLength(1);
		expect(plan.actions.filter((a) => a.type === 'createTask')).toHaveLength(2);
	});

	it('rejects a bad table naming each problem by path', () => {
		expect(() => parseRejectionMap('{ not json')).toThrow(/not valid JSON/);
		let err: RejectionMapError | undefined;
		try {
			parseRejectionMap({
				version: 1,
				rules: [
					{ id: 'a', codes: ['X'], actions: [{ type: 'createTask', role: '', subject: 's' }] },
					{ id: 'a', actions: [{ type: 'explode' }] },
					{ id: 'b', reasonPattern: '([', actions: [{ type: 'notify', to: 'x', message: 'y' }] },
				],
				fallback: [],
			});
		} catch (e) {
			err = e as RejectionMapError;
		}
		expect(err).toBeInstanceOf(RejectionMapError);
		const paths = err!.issues.map((i) => i.path);
		expect(paths).toEqual(expect.arrayContaining(['rules[0].actions[0].role', 'rules[1].actions[0].type', 'rules[2].reasonPattern', 'fallback']));
		expect(err!.message).toMatch(/rules\[0\]\.actions\[0\]\.role: must not be empty/);
	});
});
