/** LEDES 1998B test lines and files, shared by the LEDES test files. */
import { ledesColumnLine } from '../../lib/ledes';

export const COLS = ledesColumnLine('1998B');

/** A 1998B line from a few overrides (1-based field → value). */
export function line(over: Record<number, string> = {}): string {
	const base: Record<number, string> = {
		1: '20260131', 2: 'INV-1', 3: 'CL1', 4: 'M-1', 5: '700', 6: '20260101', 7: '20260131', 8: 'Services', 9: '1', 10: 'F',
		11: '2', 12: '0', 13: '700', 14: '20260115', 15: 'L110', 16: '', 17: 'A101', 18: 'TK1', 19: 'Work', 20: '12-3456789',
		21: '350', 22: 'Doe, Jane', 23: 'PARTNR', 24: 'CM-1',
	};
	const v = { ...base, ...over };
	return Array.from({ length: 24 }, (_, i) => v[i + 1]).join('|') + '[]';
}

/** A whole 1998B file of these lines. */
export const file = (lines: string[], eol = '\n') => ['LEDES1998B[]', COLS, ...lines].join(eol) + eol;
