/**
 * Issue 13, item 15: the rejection map's reasonPattern is bounded (safe-regex check + text cap).
 */
import { defaultRejectionMap, MAX_REASON_TEXT, parseRejectionMap, reasonMatches, RejectionMapError, resolveRejection, unsafePatternReason } from '../../lib/reconcile';

const mapWith = (reasonPattern: string) => ({
	version: 1,
	rules: [{ id: 'r', reasonPattern, actions: [{ type: 'setStatus', status: 'x' }] }],
	fallback: [{ type: 'setStatus', status: 'y' }],
});

describe('rejection map: bounded reasonPattern', () => {
	it('refuses ^(\\w+\\s?)+$ (0.93 s on 27 characters before) with a clear error naming the rule', () => {
		let err: unknown;
		try {
			parseRejectionMap(mapWith('^(\\w+\\s?)+$'));
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(RejectionMapError);
		expect((err as RejectionMapError).issues).toEqual([
			{ path: 'rules[0].reasonPattern', message: expect.stringMatching(/^is not a safe pattern: it repeats a group that itself repeats or alternates/) },
		]);
	});

	it.each([
		['(a+)+', /repeats a group/],
		['(x|xy)*z', /repeats a group/],
		['((ab)+c)+', /repeats a group/],
		['(?:\\s*\\w)+$', /repeats a group/],
		['(\\w)\\1', /backreference/],
		['(?<w>a)\\k<w>', /backreference/],
		['a*a*a*!', /more than 2 repeating quantifiers/],
		['x'.repeat(201), /longer than 200/],
	])('refuses %s', (p, why) => expect(unsafePatternReason(p)).toMatch(why));

	it('accepts the patterns people write, including the default map', () => {
		for (const p of ['narrative|vague|description', 'block.?bill', 'rate.*(increase|exceed)', '^dup(licate)?s?$', '[a-z]+ code', '(?:task|activity) code', 'a{2}', '(foo)?bar+', '\\d{1,3}%']) expect(unsafePatternReason(p)).toBeUndefined();
		expect(() => defaultRejectionMap()).not.toThrow();
	});

	it('even the worst accepted pattern on the longest text stays fast (text capped at 300 characters)', () => {
		const texts = ['a'.repeat(100_000), 'a '.repeat(50_000), ' '.repeat(100_000)];
		const t0 = performance.now();
		for (const p of ['\\w*\\w*!', '.*a.*!', '\\s*\\s*x', 'a{1,1000}a{1,1000}!'])
			for (const t of texts) expect(reasonMatches(p, t)).toBe(false);
		expect(performance.now() - t0).toBeLessThan(2000);
		// the cap: a word past character 300 is not seen
		expect(reasonMatches('needle', 'x'.repeat(MAX_REASON_TEXT) + 'needle')).toBe(false);
		expect(reasonMatches('needle', 'x'.repeat(MAX_REASON_TEXT - 6) + 'needle')).toBe(true);
		const map = parseRejectionMap(mapWith('block.?bill'));
		expect(resolveRejection(map, { platform: 'brightflag', kind: 'rejection', reason: 'Block billing not allowed' } as never).ruleId).toBe('r');
	});
});
