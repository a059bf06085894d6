import fc from 'fast-check';
import { advanceChangeCursor, advancePollCursor, firstChangeCursor, pollFrom, type ChangeCursorState, type ChangeRecord, type PollCursorState, type PolledChange } from '../../nodes/shared/pollCursor';

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

describe('poll cursor with an overlap window (the Clio Trigger)', () => {
	const sec = (s: number) => new Date(Date.UTC(2026, 10, 27) + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

	it('emits every record once although writes land up to the overlap late and share seconds', () => {
		fc.assert(
			fc.property(
				// per record: seconds after the previous record's timestamp, and how late its write becomes visible
				fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 40 }),
				fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 40 }),
				(writes, pollGaps) => {
					let t = 100;
					const all = writes.map(([gap, late], n) => {
						t += gap;
						return { id: String(n + 1), atS: t, visibleFrom: t + late, etag: `e${n}` };
					});
					const overlapMs = 20_000;
					let state: PollCursorState = { since: sec(100), seen: {} };
					const emitted: string[] = [];
					const poll = (now: number) => {
						const from = Date.parse(pollFrom(state.since, overlapMs));
						const answer: Array<PolledChange<string>> = all
							.filter((w) => w.visibleFrom <= now && Date.parse(sec(w.atS)) >= from)
							.map((w) => ({ record: w.id, id: w.id, at: sec(w.atS), version: w.etag }));
						const r = advancePollCursor(state, answer, overlapMs);
						emitted.push(...r.emit.map((c) => c.record));
						state = r.state;
					};
					let now = 100;
					for (const g of pollGaps) poll((now += g));
					poll(t + 21);
					poll(t + 40);
					expect([...emitted].sort()).toEqual(all.map((w) => w.id).sort());
				},
			),
		);
	});

	it('emits a record again when it changes in the same second (new version), keeps the platform spelling of the cursor, forgets what left the window', () => {
		const overlapMs = 60_000;
		const first = advancePollCursor({ since: '2026-11-27T10:00:00-06:00', seen: {} }, [
			{ record: 'a1', id: '1', at: '2026-11-27T10:00:05-06:00', version: 'x' },
			{ record: 'b1', id: '2', at: '2026-11-27T10:00:05-06:00', version: 'y' },
		], overlapMs);
		expect(first.emit.map((c) => c.record)).toEqual(['a1', 'b1']);
		expect(first.state).toEqual({ since: '2026-11-27T10:00:05-06:00', seen: { 1: '2026-11-27T10:00:05-06:00|x', 2: '2026-11-27T10:00:05-06:00|y' } });
		// the same instant spelt in UTC is the same change; a new etag in the same second is not
		const again = advancePollCursor(first.state, [
			{ record: 'a1', id: '1', at: '2026-11-27T16:00:05Z', version: 'x' },
			{ record: 'b2', id: '2', at: '2026-11-27T10:00:05-06:00', version: 'z' },
		], overlapMs);
		expect(again.emit.map((c) => c.record)).toEqual(['b2']);
		// two minutes later, both fall out of the window
		const later = advancePollCursor(again.state, [{ record: 'c1', id: '3', at: '2026-11-27T10:02:10-06:00', version: 'w' }], overlapMs);
		expect(later.state).toEqual({ since: '2026-11-27T10:02:10-06:00', seen: { 3: '2026-11-27T10:02:10-06:00|w' } });
		expect(advancePollCursor(later.state, [{ record: 'c1', id: '3', at: '2026-11-27T10:02:10-06:00', version: 'w' }], overlapMs).state).toBe(later.state);
		expect(pollFrom('2026-11-27T10:02:10.500Z', overlapMs)).toBe('2026-11-27T10:01:10Z');
	});
});

describe('first state of the Brightflag and Legal Tracker cursors', () => {
	const now = Date.UTC(2026, 10, 27, 12);
	it('starts from Start From, else (manual) 30 days back, else none (the trigger stores a baseline)', () => {
		expect(firstChangeCursor('2026-11-01T00:00:00.000Z', false, now)).toEqual({ since: '2026-11-01T00:00:00.000Z', seenAtSince: [] });
		expect(firstChangeCursor(undefined, true, now)).toEqual({ since: '2026-10-28T12:00:00.000Z', seenAtSince: [] });
		expect(firstChangeCursor(undefined, false, now)).toBeUndefined();
	});
});
