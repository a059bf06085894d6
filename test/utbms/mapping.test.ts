import fc from 'fast-check';
import { compileMappingTable, MappingTableError, utbmsCatalog, wholeWordRegExp, type MappingTableInput } from '../../lib/utbms';
import type { BillingEntry } from '../../lib/model';

const table: MappingTableInput = {
	clients: {
		ACME: {
			name: 'Acme Corp',
			taskSets: ['litigation'],
			task: { RESEARCH: 'L120', depo: 'L330' },
			activity: { RES: 'A102', CALL: 'A106' },
			expense: { PHOTOCOPY: 'E101', COURIER: 'E107' },
			keywords: [
				{ words: ['deposition', 'depo prep'], task: 'L330', activity: 'A101' },
				{ words: ['motion to dismiss'], task: 'L240' },
				{ words: ['taxi'], kind: 'expense', expense: 'E109' },
			],
			default: { activity: 'A111' },
		},
		'*': { task: { GEN: 'L190' }, activity: { GEN: 'A111' }, expense: { GEN: 'E124' } },
	},
};

function entry(over: Partial<BillingEntry>): Partial<BillingEntry> {
	return { id: 'x', kind: 'fee', client: { id: 'ACME' }, quantity: '1', rate: '100', ...over };
}

describe('mapping tables: validation', () => {
	it('compiles a good table and lists its clients', () => {
		expect(compileMappingTable(table).clientIds()).toEqual(['ACME', '*']);
		expect(compileMappingTable(JSON.stringify(table)).clientIds()).toEqual(['ACME', '*']);
	});

	it('reports every problem with its path', () => {
		const bad = {
			clients: {
				ACME: {
					taskSets: ['litigation', 'expense', 'nope'],
					task: { RES: 'C100', X: 'A101', PH: 'L100', Y: 'L115' },
					activity: { A: 'E101' },
					keywords: [{ words: [] }, { words: ['x'], kind: 'fee', expense: 'E101' }],
					default: { expense: '' },
					colour: 'red',
				},
			},
		};
		let err: MappingTableError | undefined;
		try {
			compileMappingTable(bad);
		} catch (e) {
			err = e as MappingTableError;
		}
		expect(err).toBeInstanceOf(MappingTableError);
		// schema errors come first (and stop compilation)
		expect(err!.issues.map((i) => i.path)).toEqual(
			expect.arrayContaining(['clients.ACME', 'clients.ACME.keywords[0].words', 'clients.ACME.keywords[0]', 'clients.ACME.default.expense']),
		);
		expect(err!.message).toMatch(/^Invalid UTBMS mapping table: /);
		expect(err!.issues.find((i) => i.path === 'clients.ACME')!.message).toMatch(/colour/);

		// once the shape is right, the codes themselves are checked, every one of them
		const shaped = { clients: { ACME: { ...bad.clients.ACME, colour: undefined, keywords: [bad.clients.ACME.keywords[1]], default: undefined } } };
		const e2 = (() => {
			try {
				compileMappingTable(JSON.parse(JSON.stringify(shaped)));
			} catch (e) {
				return e as MappingTableError;
			}
			throw new Error('expected an error');
		})();
		expect(e2.issues).toEqual([
			{ path: 'clients.ACME.taskSets[1]', message: '"expense" is the Expense Codes (expense codes), not a task code set' },
			{ path: 'clients.ACME.taskSets[2]', message: expect.stringMatching(/^unknown code set "nope"; known: litigation, counseling/) },
			{ path: 'clients.ACME.task.RES', message: expect.stringContaining('"C100" is from the Counseling Code Set') },
			{ path: 'clients.ACME.task.X', message: expect.stringContaining('is an activity code, not a task code') },
			{ path: 'clients.ACME.task.PH', message: expect.stringContaining('is a phase') },
			{ path: 'clients.ACME.task.Y', message: expect.stringContaining('"L115" is not a UTBMS task code') },
			{ path: 'clients.ACME.activity.A', message: expect.stringContaining('is an expense code') },
			{ path: 'clients.ACME.keywords[0].expense', message: 'a rule for fee lines cannot set an expense code' },
		]);
	});

	it('quotes keys that are not identifiers and rejects duplicates after case folding', () => {
		expect(() => compileMappingTable({ clients: { 'Big Co': { task: { res: 'L120', RES: 'L130' } } } })).toThrow(
			'clients["Big Co"].task.RES: firm code "RES" is listed twice (codes are compared ignoring case)',
		);
		expect(() => compileMappingTable({ clients: {} })).toThrow('clients: no clients');
		expect(() => compileMappingTable('{"clients":')).toThrow(/\(root\): not valid JSON/);
		expect(() => compileMappingTable({ clients: { A: { task: { x: 'L120' } } }, version: 2 })).toThrow(/version/);
	});

	it('keeps non-fatal warnings for codes of partial sets', () => {
		const t = compileMappingTable({ clients: { BK: { taskSets: ['bankruptcy'], task: { ADMIN: 'B120' } } } });
		expect(t.warnings).toEqual([{ path: 'clients.BK.task.ADMIN', message: expect.stringContaining('only partly known') }]);
	});
});

describe('mapping entries', () => {
	const t = compileMappingTable(table);

	it('maps firm codes (ignoring case) per client', () => {
		const r = t.mapEntry(entry({ firmCodes: { task: 'research', activity: 'RES' } }));
		expect(r).toEqual({
			mapped: true,
			client: 'ACME',
			codes: { task: 'L120', activity: 'A102' },
			sources: { task: { by: 'firmCode', firmCode: 'research' }, activity: { by: 'firmCode', firmCode: 'RES' } },
			missing: [],
		});
	});

	it('falls back to whole-word keywords, then the default', () => {
		const r = t.mapEntry(entry({ firmCodes: {}, narrative: 'Depo prep with witness; reviewed depositions' }));
		expect(r.codes).toEqual({ task: 'L330', activity: 'A101' });
		expect(r.sources.task).toEqual({ by: 'keyword', keyword: 'depo prep', rule: 0 });
		const r2 = t.mapEntry(entry({ firmCodes: { activity: 'ZZZ' }, narrative: 'Drafted MOTION  to\ndismiss' }));
		expect(r2.codes).toEqual({ task: 'L240', activity: 'A111' });
		expect(r2.sources.activity).toEqual({ by: 'default', firmCode: 'ZZZ', note: 'firm activity code "ZZZ" is not in the table; no keyword matched the narrative' });
	});

	it('does not match keywords inside other words', () => {
		const r = t.mapEntry(entry({ narrative: 'Depositional analysis; redepositions' }));
		expect(r.mapped).toBe(false);
		expect(r.missing).toEqual(['task']);
	});

	it('says why an entry is unmapped', () => {
		const r = t.mapEntry(entry({ firmCodes: { task: 'XYZ' }, narrative: 'phone call' }));
		expect(r).toMatchObject({ mapped: false, client: 'ACME', reasonCode: 'missing-codes', missing: ['task'] });
		expect(r.reason).toBe(
			'No task code for this fee entry of client "ACME": firm task code "XYZ" is not in the table, no keyword matched the narrative, no default task code',
		);
		// what could be mapped is still reported
		expect(r.codes).toEqual({ activity: 'A111' });
	});

	it('maps expenses to expense codes, with expense-only keywords', () => {
		expect(t.mapEntry(entry({ kind: 'expense', firmCodes: { expense: 'courier' } })).codes).toEqual({ expense: 'E107' });
		expect(t.mapEntry(entry({ kind: 'expense', narrative: 'Taxi to court' })).codes).toEqual({ expense: 'E109' });
		// the expense-only rule does not fire on a fee, and fee defaults are not applied to expenses
		const fee = t.mapEntry(entry({ firmCodes: { task: 'research' }, narrative: 'Taxi to court' }));
		expect(fee.codes).toEqual({ task: 'L120', activity: 'A111' });
		const exp = t.mapEntry(entry({ kind: 'expense', narrative: 'Lunch' }));
		expect(exp).toMatchObject({ mapped: false, missing: ['expense'] });
		expect(exp.reason).toContain('the entry has no firm expense code');
	});

	it('maps adjustments without requiring codes', () => {
		expect(t.mapEntry(entry({ kind: 'feeAdjustment' }))).toMatchObject({ mapped: true, codes: {} });
	});

	it('uses the "*" table for other clients, and reports a missing client', () => {
		expect(t.mapEntry(entry({ client: { id: 'OTHER' }, firmCodes: { task: 'gen', activity: 'gen' } })).codes).toEqual({ task: 'L190', activity: 'A111' });
		const only = compileMappingTable({ clients: { ACME: { task: { A: 'L110' } } } });
		expect(only.mapEntry(entry({ client: { id: 'OTHER', ledesClientId: 'OTH-1' } }))).toMatchObject({
			mapped: false,
			reasonCode: 'unknown-client',
			reason: 'The mapping table has no table for client "OTHER" / "OTH-1" and no "*" table',
		});
		expect(only.mapEntry(entry({ client: undefined }))).toMatchObject({ mapped: false, reasonCode: 'no-client' });
		expect(only.mapEntry(entry({ client: { id: '1', ledesClientId: 'ACME' }, firmCodes: { task: 'a' } })).client).toBe('ACME');
		expect(only.map({ clientIds: ['x'], kind: 'fee' }, { clientId: 'ACME' }).client).toBe('ACME');
	});

	it('rejects an unknown entry kind instead of guessing', () => {
		expect(t.map({ clientIds: ['ACME'], kind: 'lunch' })).toMatchObject({ mapped: false, reasonCode: 'unknown-kind' });
		expect(t.map({ clientIds: ['ACME'], kind: 'F', firmCodes: { task: 'depo', activity: 'call' } }).codes).toEqual({ task: 'L330', activity: 'A106' });
	});

	it('passes through valid UTBMS firm codes and keeps valid existing codes only when asked', () => {
		const p = compileMappingTable({ clients: { ACME: { taskSets: ['litigation'], passThroughUtbmsCodes: true } } });
		expect(p.mapEntry(entry({ firmCodes: { task: 'l310', activity: 'A104' } }))).toMatchObject({
			mapped: true,
			codes: { task: 'L310', activity: 'A104' },
			sources: { task: { by: 'passThrough', firmCode: 'l310' } },
		});
		// a phase, or a code of another set, is not passed through
		expect(p.mapEntry(entry({ firmCodes: { task: 'L300', activity: 'A104' } })).missing).toEqual(['task']);
		expect(p.mapEntry(entry({ firmCodes: { task: 'C100', activity: 'A104' } })).missing).toEqual(['task']);
		const withCodes = entry({ codes: { task: 'L210', activity: 'A103' }, firmCodes: { task: 'research', activity: 'res' } });
		expect(t.mapEntry(withCodes).codes).toEqual({ task: 'L120', activity: 'A102' });
		expect(t.mapEntry(withCodes, { keepExisting: true })).toMatchObject({ codes: { task: 'L210', activity: 'A103' }, sources: { task: { by: 'existing' } } });
	});

	it('never maps to a code the catalog would reject (property)', () => {
		fc.assert(
			fc.property(
				fc.record({
					task: fc.constantFrom('research', 'DEPO', 'gen', 'xyz', '', 'L310'),
					activity: fc.constantFrom('res', 'call', 'nope', ''),
					narrative: fc.string(),
					kind: fc.constantFrom('fee', 'expense', 'feeAdjustment', 'F', 'E'),
					client: fc.constantFrom('ACME', 'OTHER'),
				}),
				(x) => {
					const r = t.map({ clientIds: [x.client], kind: x.kind, firmCodes: { task: x.task, activity: x.activity, expense: x.task }, narrative: x.narrative });
					const check = utbmsCatalog.checkEntry(r.codes, { require: [] });
					expect(check.valid).toBe(true);
					if (r.mapped) expect(r.missing).toEqual([]);
					else expect(r.reason).toBeTruthy();
				},
			),
		);
	});
});

describe('wholeWordRegExp', () => {
	it.each([
		['depo', 'Depo with Smith', true],
		['depo', 'deposition', false],
		['depo', 'pre-depo call', true],
		['c++', 'c++ review', true],
		['motion to dismiss', 'Motion   to dismiss', true],
		['café', 'Café meeting', true],
		['café', 'cafés', false],
	])('%s in %j → %s', (w, text, hit) => expect(wholeWordRegExp(w).test(text)).toBe(hit));
});
