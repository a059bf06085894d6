/**
 * The one node parameter reader (nodes/shared/params.ts, paths in lib/model/path.ts). Commit
 * 0df3fbf pinned the four date readers, two requiredIds and two getPath/setPath that existed; this
 * file now checks that every node reads through the shared reader, and names each change the
 * unification made ("was: …").
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { isoDate, requiredId as clioRequiredId } from '../../nodes/Clio/helpers/utils';
import { dateParam, decimalParam, requiredId as actionstepRequiredId } from '../../nodes/Actionstep/helpers/utils';
import { getPath as ocgGetPath, isoDateParam, setPath as ocgSetPath } from '../../nodes/OcgCompliance/helpers/utils';
import { getPath as utbmsGetPath, setPath as utbmsSetPath } from '../../nodes/Utbms/helpers/utils';
import { getPath, readDate, readDecimal, readId, readOptionalDate, setPath } from '../../nodes/shared/params';

function ctx(params: Record<string, unknown> = {}): IExecuteFunctions {
	return {
		getNode: () => ({ id: 'n', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => (name in params ? params[name] : fallback),
	} as unknown as IExecuteFunctions;
}
const attempt = (f: () => unknown) => {
	try {
		return f();
	} catch (e) {
		return `error: ${(e as Error).message} @${String((e as { context?: { itemIndex?: number } }).context?.itemIndex)}`;
	}
};

describe('dates: one reader', () => {
	const inputs = ['2026-11-05', '2026-11-05T10:00:00Z', '2026-11-05 10:00', '2026-11-05junk', '2026-02-30', '2026/11/05', '', 'soon', '2028-02-29'];
	const expected = (label: string) => [
		'2026-11-05',
		'2026-11-05',
		// was: Clio refused a space before the time
		'2026-11-05',
		// was: Actionstep took any text starting with a date
		`error: ${label} must be a date "YYYY-MM-DD", got "2026-11-05junk" @3`,
		// was: every reader but the LEDES build took 2026-02-30
		`error: ${label} must be a date "YYYY-MM-DD", got "2026-02-30" @3`,
		`error: ${label} must be a date "YYYY-MM-DD", got "2026/11/05" @3`,
		`error: ${label} must be a date "YYYY-MM-DD", got "" @3`,
		`error: ${label} must be a date "YYYY-MM-DD", got "soon" @3`,
		'2028-02-29',
	];
	it('the shared reader: a date, a date-time after T or a space (date part as written), a real calendar date, the item named', () => {
		expect(inputs.map((v) => attempt(() => readDate.call(ctx(), v, 'Date', 3)))).toEqual(expected('Date'));
		expect(readDate.call(ctx(), { toISODate: () => '2026-11-05' }, 'Date', 0)).toBe('2026-11-05');
		expect(readOptionalDate.call(ctx(), '  ', 'Date', 0)).toBeUndefined();
	});
	it('Clio, Actionstep and OCG read through it', () => {
		expect(inputs.map((v) => attempt(() => isoDate.call(ctx(), v, 'Date', 3)))).toEqual(expected('"Date"'));
		expect(inputs.map((v) => attempt(() => dateParam.call(ctx(), v, 'Date', 3)))).toEqual(expected('Date'));
		// OCG's options are run-level (no item) and optional
		expect(attempt(() => isoDateParam.call(ctx(), 'soon', 'Today'))).toBe('error: Option "Today" must be a date "YYYY-MM-DD", got "soon" @undefined');
		expect(isoDateParam.call(ctx(), '', 'Today')).toBeUndefined();
		expect(isoDateParam.call(ctx(), '2026-11-05 08:00', 'Today')).toBe('2026-11-05');
	});
});

describe('decimals and ids', () => {
	it('decimals are exact, never floats; numbers from number parameters are read as written', () => {
		expect(readDecimal.call(ctx(), ' 1.50 ', 'Hours', 0).toString()).toBe('1.5');
		expect(readDecimal.call(ctx(), 12, 'Hours', 0).toString()).toBe('12');
		expect(attempt(() => readDecimal.call(ctx(), '1,5', 'Hours', 2))).toBe('error: Hours must be a decimal number, got "1,5" @2');
		expect(decimalParam.call(ctx(), '0.1', 'Hours', 0)).toBe('0.1');
	});
	const ids = ['123', ' 42 ', 'abc-1', '1.5', ''];
	it('Clio ids are digits; Actionstep ids word characters and dashes; empty says so', () => {
		expect(ids.map((v) => attempt(() => clioRequiredId.call(ctx({ id: v }), 1)))).toEqual([
			'123',
			'42',
			'error: "id" must be a numeric Clio ID, got "abc-1" @1',
			'error: "id" must be a numeric Clio ID, got "1.5" @1',
			// was: '"id" must be a numeric Clio ID, got ""'
			'error: "id" is empty @1',
		]);
		expect(ids.map((v) => attempt(() => actionstepRequiredId.call(ctx({ id: v }), 'id', 'Action ID', 1)))).toEqual([
			'123',
			'42',
			'abc-1',
			'error: Action ID must be an Actionstep ID (digits), got "1.5" @1',
			'error: Action ID is empty @1',
		]);
		expect(readId.call(ctx(), 7, 'X', 0, { pattern: /^\d+$/, what: 'digits' })).toBe('7');
	});
});

describe('field paths: one getPath/setPath (the one that reads a[0].b), everywhere', () => {
	const obj = { a: { b: 1, list: [{ code: 'L110' }] } };
	it('UTBMS and OCG share it; OCG now reads list indexes (was: dots only)', () => {
		expect(utbmsGetPath).toBe(getPath);
		expect(ocgGetPath).toBe(getPath);
		expect(utbmsSetPath).toBe(setPath);
		expect(ocgSetPath).toBe(setPath);
		expect(getPath(obj, 'a.list[0].code')).toBe('L110');
		expect(getPath(obj, 'a.list.0.code')).toBe('L110');
		expect(getPath(obj, '')).toBe(obj);
		expect(getPath(obj, 'a.b.c')).toBeUndefined();
	});
	it('setPath creates objects on the way and copies the children it passes (was, in OCG: wrote into shared children)', () => {
		const child = { b: 1 };
		const o: Record<string, unknown> = { a: child };
		setPath(o, 'a.c', 2);
		expect(o).toEqual({ a: { b: 1, c: 2 } });
		expect(child).toEqual({ b: 1 });
		const n: Record<string, unknown> = {};
		setPath(n, 'p.q[0]', 'v');
		expect(n).toEqual({ p: { q: { 0: 'v' } } });
	});
});
