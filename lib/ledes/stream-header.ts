/**
 * The first two lines of a LEDES text file: the header (which format), the column-definition line
 * (must match the format's field table), and the encoding probe (UTF-16 or binary files are refused
 * once, before anything else is read). Pure: the reader reports what these return.
 */
import { LEDES_98BI_ACCEPTED_HEADERS, LEDES_FIELDS, LEDES_HEADERS, type LedesField, type LedesTextFormat } from './fields';
import { shorten } from './issues';

/** Characters of the text searched for NUL (UTF-16 or binary files) before line 1 is read. */
const ENCODING_PROBE = 1024;

/** The ENCODING_INVALID message when the start of line 1 shows a UTF-16 or binary file, else undefined. */
export function encodingProblem(head: string): string | undefined {
	const probe = head.length > ENCODING_PROBE ? head.slice(0, ENCODING_PROBE) : head;
	const bom = probe.charCodeAt(0);
	const utf16Bom = (bom === 0xff && probe.charCodeAt(1) === 0xfe) || (bom === 0xfe && probe.charCodeAt(1) === 0xff) || bom === 0xfffe;
	if (!utf16Bom && probe.indexOf('\0') === -1) return undefined;
	const utf16 = utf16Bom || /^(?:[^\0]\0)+/.test(probe) || /^(?:\0[^\0])+/.test(probe);
	return `Line 1: the file is not ASCII or UTF-8 text${utf16 ? ' (it looks like UTF-16)' : ' (it contains NUL bytes)'}; save it as ASCII or UTF-8 and try again. Nothing else was read.`;
}

/** The format a header names loosely ("LEDES98BI…" is 98BI, anything else 1998B). */
export const guessFormat = (header: string): LedesTextFormat => (/^LEDES\s*98BI/i.test(header) ? '98BI' : '1998B');

/** The format whose header this is exactly, else undefined. */
export function exactFormat(header: string): LedesTextFormat | undefined {
	if (header === LEDES_HEADERS['1998B']) return '1998B';
	if (LEDES_98BI_ACCEPTED_HEADERS.includes(header)) return '98BI';
	return undefined;
}

/** The HEADER_INVALID message for a header that is not exactly the one of `format`. */
export function headerMessage(format: LedesTextFormat, header: string): string {
	const expected = format === '98BI' ? LEDES_98BI_ACCEPTED_HEADERS.join(' or ') : LEDES_HEADERS['1998B'];
	return `Line 1: the header must be exactly ${expected}; found "${shorten(header)}".`;
}

/** Column names of line 2, split at most maxFields + 1 times (a line of a million "|" is not a million strings). */
export function columnNames(text: string, maxFields: number): string[] {
	return (text.endsWith('[]') ? text.slice(0, -2) : text).split('|', maxFields + 1);
}

/** The format a column count decides (52: 98BI, 24: 1998B), else undefined. */
export function formatOfColumns(names: string[]): LedesTextFormat | undefined {
	if (names.length === LEDES_FIELDS['98BI'].length) return '98BI';
	if (names.length === LEDES_FIELDS['1998B'].length) return '1998B';
	return undefined;
}

/** What is wrong with the column-definition line (at most 4 problems), and the first column that differs. */
export function columnProblems(text: string, names: string[], fields: readonly LedesField[], format: LedesTextFormat | undefined, maxFields: number): { problems: string[]; first?: number } {
	const problems: string[] = [];
	if (!text.endsWith('[]')) problems.push('it must end with []');
	if (names.length !== fields.length) problems.push(`it has ${names.length > maxFields ? `more than ${maxFields}` : names.length} columns, LEDES ${format} has ${fields.length}`);
	let first: number | undefined;
	for (let i = 0; i < Math.min(names.length, fields.length); i++) {
		if (names[i] !== fields[i].name) {
			first ??= i;
			if (problems.length < 4) problems.push(`column ${i + 1} is "${shorten(names[i], 30)}" instead of ${fields[i].name}`);
		}
	}
	return { problems, first };
}
