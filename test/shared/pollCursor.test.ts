import fc from 'fast-check';
import { advanceChangeCursor, type ChangeCursorState, type ChangeRecord } from '../../lib/reconcile/cursor';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 27) + ms).toISOString();

describe('change cursor', () => {
	it('emits every change exactly once whatever the poll times and timestamp ties', () => {
		fc.assert(
			fc.property(
				// gaps between consecutive changes (0 = same instant), and after which changes a poll happens
				fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
				fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
				(gaps, pollAfter) => {
					let t = 0;
					const all: Array<ChangeRecord<number>> = gaps.map((g, n) => {
						t += g;
						return { record: n, at: at(t), key: `inv${n}` };
					});
					let state: ChangeCursorState = { since: at(0), seenAtSince: [] };
					const emitted: string[] = [];
					const visible: Array<ChangeRecord<number>> = [];
					const poll = () => {
						const answer = visible.filter((c) => Date.parse(c.at) >= Date.parse(state.since));
						const r = advanceChangeCursor(state, answer);
						emitted.push(...r.emit.map((c) => c.key));
						state = r.state;
					};
					all.forEach((c, n) => {
						visible.push(c);
						if (pollAfter[n]) poll();
					});
					poll();
					poll();
					expect(emitted).toEqual(all.map((c) => c.key));
				},
			),
		);
	});

	it('ignores a change reported twice in one answer and anything older than the cursor', () => {
		const state = { since: at(10), seenAtSince: ['a'] };
		const r = advanceChangeCursor(state, [
			{ record: 1, at: at(5), key: 'old' },
			{ record: 2, at: at(10), key: 'a' },
			{ record: 3, at: at(10), key: 'b' },
			{ record: 4, at: at(12), key: 'c' },
			{ record: 5, at: at(12), key: 'c' },
		]);
		expect(r.emit.map((c) => c.key)).toEqual(['b', 'c']);
		expect(r.state).toEqual({ since: at(12), seenAtSince: ['c'] });
		expect(advanceChangeCursor(r.state, []).state).toBe(r.state);
		expect(() => advanceChangeCursor({ since: 'yesterday', seenAtSince: [] }, [])).toThrow(/Not an ISO timestamp/);
	});
});
