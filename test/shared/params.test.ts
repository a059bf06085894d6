/**
 * The node parameter readers (issue 17: "one parameter reader"). Pinned first on the four date
 * readers, two requiredIds and two getPath/setPath that existed, so the unification's changes are
 * deliberate and visible here.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { isoDate } from '../../nodes/Clio/helpers/utils';
import { dateParam } from '../../nodes/Actionstep/helpers/utils';
import { isoDateParam } from '../../nodes/OcgCompliance/helpers/utils';
import { brightflagDate } from '../../nodes/Brightflag/actions/payment/updateStatus.operation';
import { requiredId as clioRequiredId } from '../../nodes/Clio/helpers/utils';
import { requiredId as actionstepRequiredId } from '../../nodes/Actionstep/helpers/utils';
import { getPath as utbmsGetPath, setPath as utbmsSetPath } from '../../nodes/Utbms/helpers/utils';
import { getPath as ocgGetPath, setPath as ocgSetPath } from '../../nodes/OcgCompliance/helpers/utils';

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
		return `error: ${(e as Error).message}`;
	}
};

describe('date readers (pinned before the unification)', () => {
	const inputs = ['2026-11-05', '2026-11-05T10:00:00Z', '2026-11-05 10:00', '2026-11-05junk', '2026-02-30', '2026/11/05', '', 'soon'];
	it('Clio: YYYY-MM-DD or an ISO date-time, the date as written', () => {
		expect(inputs.map((v) => attempt(() => isoDate.call(ctx(), v, 'Date', 0)))).toEqual([
			'2026-11-05',
			'2026-11-05',
			'error: "Date" must be a date like 2026-11-27, got "2026-11-05 10:00"',
			'error: "Date" must be a date like 2026-11-27, got "2026-11-05junk"',
			'2026-02-30',
			'error: "Date" must be a date like 2026-11-27, got "2026/11/05"',
			'error: "Date" must be a date like 2026-11-27, got ""',
			'error: "Date" must be a date like 2026-11-27, got "soon"',
		]);
	});
	it('Actionstep: any text that starts with YYYY-MM-DD', () => {
		expect(inputs.map((v) => attempt(() => dateParam.call(ctx(), v, 'Date', 0)))).toEqual([
			'2026-11-05',
			'2026-11-05',
			'2026-11-05',
			'2026-11-05',
			'2026-02-30',
			'error: Date must be a date (YYYY-MM-DD), got "2026/11/05"',
			'error: Date must be a date (YYYY-MM-DD), got ""',
			'error: Date must be a date (YYYY-MM-DD), got "soon"',
		]);
	});
	it('OCG: YYYY-MM-DD, optionally with a time after T or a space; empty is undefined', () => {
		expect(inputs.map((v) => attempt(() => isoDateParam.call(ctx(), v, 'Today')))).toEqual([
			'2026-11-05',
			'2026-11-05',
			'2026-11-05',
			'error: Option "Today" must be a date "YYYY-MM-DD", got "2026-11-05junk"',
			'2026-02-30',
			'error: Option "Today" must be a date "YYYY-MM-DD", got "2026/11/05"',
			undefined,
			'error: Option "Today" must be a date "YYYY-MM-DD", got "soon"',
		]);
	});
	it('Brightflag: YYYY/MM/DD or YYYY-MM-DD exactly, written YYYY/MM/DD', () => {
		expect(inputs.map((v) => brightflagDate(v))).toEqual(['2026/11/05', undefined, undefined, undefined, '2026/02/30', '2026/11/05', undefined, undefined]);
	});
});

describe('id readers (pinned)', () => {
	const ids = ['123', ' 42 ', 'abc-1', '1.5', ''];
	it('Clio: digits only', () => {
		expect(ids.map((v) => attempt(() => clioRequiredId.call(ctx({ id: v }), 0)))).toEqual([
			'123',
			'42',
			'error: "id" must be a numeric Clio ID, got "abc-1"',
			'error: "id" must be a numeric Clio ID, got "1.5"',
			'error: "id" must be a numeric Clio ID, got ""',
		]);
	});
	it('Actionstep: word characters and dashes', () => {
		expect(ids.map((v) => attempt(() => actionstepRequiredId.call(ctx({ id: v }), 'id', 'Action ID', 0)))).toEqual([
			'123',
			'42',
			'abc-1',
			'error: Action ID must be an Actionstep ID (digits), got "1.5"',
			'error: Action ID is empty',
		]);
	});
});

describe('field paths (pinned)', () => {
	const obj = { a: { b: 1, list: [{ code: 'L110' }] }, 'x.y': 2 };
	it('UTBMS reads a[0].b; OCG reads dots only, and an empty path is the object', () => {
		expect(utbmsGetPath(obj, 'a.list[0].code')).toBe('L110');
		expect(utbmsGetPath(obj, 'a.list.0.code')).toBe('L110');
		expect(utbmsGetPath(obj, '')).toBe(obj);
		expect(ocgGetPath(obj, 'a.list[0].code')).toBeUndefined();
		expect(ocgGetPath(obj, 'a.list.0.code')).toBe('L110');
		expect(ocgGetPath(obj, '')).toBe(obj);
		expect(utbmsGetPath(obj, 'a.b.c')).toBeUndefined();
		expect(ocgGetPath(obj, 'a.b.c')).toBeUndefined();
	});
	it('setPath creates objects on the way; UTBMS copies the children it passes, OCG writes into them', () => {
		const child = { b: 1 };
		const u: Record<string, unknown> = { a: child };
		utbmsSetPath(u, 'a.c', 2);
		expect(u).toEqual({ a: { b: 1, c: 2 } });
		expect(child).toEqual({ b: 1 });
		const o: Record<string, unknown> = { a: child };
		ocgSetPath(o as never, 'a.c', 2);
		expect(o).toEqual({ a: { b: 1, c: 2 } });
		expect(child).toEqual({ b: 1, c: 2 });
		const n: Record<string, unknown> = {};
		utbmsSetPath(n, 'p.q[0]', 'v');
		expect(n).toEqual({ p: { q: { 0: 'v' } } });
	});
});
