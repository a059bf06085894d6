import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	BUILTIN_CODE_SETS,
	isKnownUtbmsCode,
	lookupUtbmsCode,
	utbmsCatalog,
	type UtbmsCodeSet,
} from '../../lib/utbms';
import * as core from '../../lib';

/** Every "CODE Name" pair the reference gives for a set, parsed from the reference itself. */
const reference = readFileSync(join(__dirname, 'fixtures/reference-utbms.md'), 'utf8')
	.replace(/\n\s*/g, ' ')
	.replace(/\/ /g, '/');
function referencePairs(prefix: string): Map<string, string> {
	const m = new Map<string, string>();
	const re = new RegExp(`\\b(${prefix}\\d{3}) ([A-Z][^;:.\\n]*?)(?=;|:|\\.|\\n| \\(There| ${prefix}\\d{3}\\b|$)`, 'g');
	// first mention wins: the reference later quotes a wrong table ("A101 Fact Investigation") as a warning
	for (const [, code, name] of reference.matchAll(re)) if (!m.has(code)) m.set(code, name.trim());
	return m;
}

describe('UTBMS code sets', () => {
	it('ships the litigation set complete: five phases, each task under its phase, names as the reference gives them', () => {
		const lit = utbmsCatalog.getSet('litigation')!;
		expect(lit.partial).toBe(false);
		const phases = lit.codes.filter((c) => c.isPhase).map((c) => c.code);
		expect(phases).toEqual(['L100', 'L200', 'L300', 'L400', 'L500']);
		const tasks = lit.codes.filter((c) => !c.isPhase);
		expect(tasks).toHaveLength(29);
		for (const t of tasks) expect(t.phase).toBe(`${t.code.slice(0, 2)}00`);
		const ref = referencePairs('L');
		expect([...ref.keys()].sort()).toEqual(lit.codes.map((c) => c.code).sort());
		for (const c of lit.codes) expect(c.name).toBe(ref.get(c.code));
	});

	it('ships activities A101–A111 (no A112) and expenses E101–E124 complete, names from the reference', () => {
		for (const [id, prefix, last] of [
			['activity', 'A', 111],
			['expense', 'E', 124],
		] as const) {
			const set = utbmsCatalog.getSet(id)!;
			expect(set.partial).toBe(false);
			const want = Array.from({ length: last - 100 }, (_, i) => `${prefix}${101 + i}`);
			expect(set.codes.map((c) => c.code)).toEqual(want);
			const ref = referencePairs(prefix);
			for (const c of set.codes) expect(c.name).toBe(ref.get(c.code));
		}
		expect(lookupUtbmsCode('A112')).toBeUndefined();
		expect(lookupUtbmsCode('A101')?.name).toBe('Plan and prepare for');
	});

	it('marks the partly sourced sets partial and lists only codes the reference names', () => {
		const partial = BUILTIN_CODE_SETS.filter((s) => s.partial).map((s) => s.id);
		expect(partial.sort()).toEqual(['bankruptcy', 'counseling', 'project']);
		for (const id of partial) {
			const set = utbmsCatalog.getSet(id)!;
			expect(set.note).toMatch(/Partial/);
			for (const c of set.codes) expect(reference).toContain(`${c.code} ${c.name}`);
		}
	});

	it('every code is unique across sets and every task points at a phase of its own set', () => {
		const all = BUILTIN_CODE_SETS.flatMap((s) => s.codes.map((c) => c.code));
		expect(new Set(all).size).toBe(all.length);
		for (const set of BUILTIN_CODE_SETS)
			for (const c of set.codes.filter((x) => x.phase))
				expect(set.codes.find((p) => p.code === c.phase)?.isPhase).toBe(true);
	});
});

describe('lookup', () => {
	it('finds a task with its phase, ignoring case and spaces', () => {
		expect(lookupUtbmsCode(' l330 ')).toMatchObject({
			code: 'L330',
			name: 'Depositions',
			kind: 'task',
			set: 'litigation',
			phase: 'L300',
			phaseName: 'Discovery',
			partialSet: false,
		});
	});
	it('finds a phase with its tasks', () => {
		expect(lookupUtbmsCode('L500')).toMatchObject({ isPhase: true, tasks: ['L510', 'L520', 'L530'] });
	});
	it('returns undefined for codes that do not exist', () => {
		expect(lookupUtbmsCode('L115')).toBeUndefined();
		expect(lookupUtbmsCode('')).toBeUndefined();
		expect(lookupUtbmsCode(undefined)).toBeUndefined();
	});
	it('lists codes by kind and set, with or without phases', () => {
		expect(utbmsCatalog.list({ kind: 'expense' })).toHaveLength(24);
		expect(utbmsCatalog.list({ sets: ['litigation'], includePhases: false })).toHaveLength(29);
		expect(utbmsCatalog.list({ kind: 'task' }).map((c) => c.set)).toContain('bankruptcy');
	});
});

describe('check (one code)', () => {
	it('accepts a task of the expected set', () => {
		const r = utbmsCatalog.check('L110', { kind: 'task', sets: ['litigation'] });
		expect(r).toMatchObject({ valid: true, code: 'L110', issues: [] });
	});
	it.each([
		['', { kind: 'task' as const }, 'empty'],
		['L1|0', { kind: 'task' as const }, 'malformed'],
		['L115', { kind: 'task' as const }, 'unknown'],
		['A102', { kind: 'task' as const }, 'wrong-kind'],
		['E101', { kind: 'activity' as const }, 'wrong-kind'],
		['L110', { kind: 'task' as const, sets: ['counseling'] }, 'wrong-set'],
		['L300', { kind: 'task' as const }, 'phase-not-task'],
		['L310', { kind: 'task' as const, phase: 'L200' }, 'not-in-phase'],
		['L310', { kind: 'task' as const, phase: 'L310' }, 'not-a-phase'],
	])('%j %j → %s', (code, opts, issue) => {
		const r = utbmsCatalog.check(code, opts);
		expect(r.valid).toBe(false);
		expect(r.issues.map((i) => i.code)).toContain(issue);
		for (const i of r.issues) expect(i.message.length).toBeGreaterThan(10);
	});
	it('explains a phase used as a task and names its tasks', () => {
		const r = utbmsCatalog.check('L500', { kind: 'task' });
		expect(r.issues[0].message).toBe('"L500" is a phase (Appeal), not a task: use one of its tasks (L510, L520, L530)');
		expect(utbmsCatalog.check('L500', { kind: 'task', allowPhase: true }).valid).toBe(true);
	});
	it('names the phase a task really belongs to', () => {
		const r = utbmsCatalog.check('L310', { kind: 'task', phase: 'L200' });
		expect(r.issues[0].message).toContain('it belongs to L300 (Discovery)');
		expect(utbmsCatalog.check('L310', { kind: 'task', phase: 'l300' }).valid).toBe(true);
	});
	it('warns (not errors) on an unlisted code of a partial set, errors when strict', () => {
		const r = utbmsCatalog.check('B120', { kind: 'task' });
		expect(r.valid).toBe(true);
		expect(r.issues).toEqual([expect.objectContaining({ code: 'unverified', severity: 'warning' })]);
		expect(utbmsCatalog.check('B120', { kind: 'task', strict: true }).valid).toBe(false);
		// a complete set has no such leniency
		expect(utbmsCatalog.check('L999', { kind: 'task' }).issues[0].code).toBe('unknown');
	});
});

describe('checkEntry (codes of one line)', () => {
	it('requires task and activity on fees, expense on expenses, nothing on adjustments', () => {
		expect(utbmsCatalog.checkEntry({ task: 'L110', activity: 'A101' }, { entryKind: 'fee' }).valid).toBe(true);
		const fee = utbmsCatalog.checkEntry({ task: 'L110' }, { entryKind: 'F' });
		expect(fee.issues).toEqual([expect.objectContaining({ field: 'activity', code: 'missing', message: 'A fee line has no activity code' })]);
		expect(utbmsCatalog.checkEntry({}, { entryKind: 'expense' }).issues[0]).toMatchObject({ field: 'expense', code: 'missing' });
		expect(utbmsCatalog.checkEntry({}, { entryKind: 'IF' }).valid).toBe(true);
	});
	it('rejects an expense code on a fee and puts each issue on its field', () => {
		const r = utbmsCatalog.checkEntry({ task: 'A101', activity: 'A101', expense: 'E101' }, { entryKind: 'fee' });
		expect(r.issues.map((i) => [i.field, i.code])).toEqual([
			['task', 'wrong-kind'],
			['expense', 'unexpected'],
		]);
	});
	it('checks the task against a given phase', () => {
		expect(utbmsCatalog.checkEntry({ task: 'L330', activity: 'A109', phase: 'L300' }, { entryKind: 'fee' }).valid).toBe(true);
		const r = utbmsCatalog.checkEntry({ task: 'L330', activity: 'A109', phase: 'L400' }, { entryKind: 'fee' });
		expect(r.issues.map((i) => i.code)).toEqual(['not-in-phase']);
	});
});

describe('isKnownUtbmsCode (LEDES validator plug-in)', () => {
	it('answers per column', () => {
		expect(isKnownUtbmsCode('task', 'L110')).toBe(true);
		expect(isKnownUtbmsCode('task', 'l110 ')).toBe(true);
		expect(isKnownUtbmsCode('activity', 'L110')).toBe(false);
		expect(isKnownUtbmsCode('expense', 'E125')).toBe(false);
		expect(isKnownUtbmsCode('activity', 'A112')).toBe(false);
		expect(isKnownUtbmsCode('task', '')).toBe(false);
	});
	it('restricts to sets and is configurable for partial sets', () => {
		expect(isKnownUtbmsCode('task', 'L110', { sets: ['bankruptcy'] })).toBe(false);
		expect(isKnownUtbmsCode('task', 'B120')).toBe(true);
		expect(isKnownUtbmsCode('task', 'B120', { acceptUnverified: false })).toBe(false);
		expect(utbmsCatalog.status('task', 'B120')).toBe('unverified');
		expect(utbmsCatalog.status('task', 'E101')).toBe('wrong-kind');
	});
	it('is exported by the package main', () => {
		expect(core.isKnownUtbmsCode).toBe(isKnownUtbmsCode);
		expect(typeof core.compileMappingTable).toBe('function');
	});
});

describe('loadable code sets', () => {
	const fullBankruptcy: UtbmsCodeSet = {
		id: 'bankruptcy',
		name: 'Bankruptcy (firm copy)',
		kind: 'task',
		partial: false,
		codes: [
			{ code: 'B100', name: 'Administration', isPhase: true },
			{ code: 'B110', name: 'Case Administration', phase: 'B100' },
		],
	};
	it('replaces a set by id and keeps the others', () => {
		const cat = utbmsCatalog.withSets([fullBankruptcy]);
		expect(cat.lookup('B110')).toMatchObject({ setName: 'Bankruptcy (firm copy)', phase: 'B100' });
		expect(cat.lookup('B195')).toBeUndefined();
		expect(cat.lookup('L110')).toBeDefined();
		expect(utbmsCatalog.lookup('B195')).toBeDefined();
	});
	it('rejects a bad set with the path of the problem', () => {
		expect(() =>
			utbmsCatalog.withSets([{ ...fullBankruptcy, codes: [{ code: 'B110', name: 'x', phase: 'B999' }] }]),
		).toThrow('Invalid UTBMS code set: [0].codes[0].phase: "B999" is not a phase');
		expect(() => utbmsCatalog.withSets([{ ...fullBankruptcy, id: 'mine', codes: [{ code: 'L110', name: 'clash' }] }])).toThrow(
			'UTBMS code "L110" is in both set "litigation" and set "mine"',
		);
	});
});
