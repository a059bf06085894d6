import { getPath, setPath, splitPath } from '../../nodes/Utbms/helpers/utils';

describe('UTBMS node field paths', () => {
	it('reads dotted and indexed paths', () => {
		const o = { a: { b: [{ c: 'L110' }] }, 'x y': 1 };
		expect(splitPath(' a.b[0].c ')).toEqual(['a', 'b', '0', 'c']);
		expect(getPath(o, 'a.b[0].c')).toBe('L110');
		expect(getPath(o, 'a.b.0.c')).toBe('L110');
		expect(getPath(o, 'a.z.c')).toBeUndefined();
		expect(getPath(o, 'a.b[0].c.d')).toBeUndefined();
		expect(getPath('text', 'length')).toBeUndefined();
	});

	it('writes without touching the objects of the input item', () => {
		const input = { ledes: { task: 'old', keep: 1 }, other: { n: 1 } };
		const out = { ...input };
		setPath(out, 'ledes.task', 'L330');
		setPath(out, 'new.deep.code', 'A101');
		expect(out).toEqual({ ledes: { task: 'L330', keep: 1 }, other: { n: 1 }, new: { deep: { code: 'A101' } } });
		expect(input.ledes.task).toBe('old');
		expect(out.other).toBe(input.other);
	});
});
