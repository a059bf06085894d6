/**
 * Standing guard (issue 13): a bounded fuzz suite over the readers that take untrusted text.
 * Fixed seeds, a fixed number of runs (a few seconds per target on the 2-core VM). Each target
 * may only end in its documented error type, and each input must be handled in bounded time.
 *
 * - LEDES text reader (parseLedes, validateLedes, the streaming reader with random chunking): never throws.
 * - LEDES XML reader (parseLedes on XML): never throws.
 * - Rule-set loaders (parseRuleSetText for JSON and YAML, compileRuleSet): only RuleSetValidationError.
 * - Rejection map (parseRejectionMap, resolveRejection): only RejectionMapError, matching is fast.
 */
import fc from 'fast-check';
import { LEDES_98BI_FIELDS, LEDES_XML_ELEMENTS, ledesColumnLine, parseLedes, readLedesStreamBatches, validateLedes, type LedesIssueCode } from '../../lib/ledes';
import { compileRuleSet, CORPORATE_RULE_SET, evaluateOcg, INSURER_RULE_SET, parseRuleSetText, RuleSetValidationError } from '../../lib/ocg';
import { fee } from '../ocg/helpers';
import { parseRejectionMap, RejectionMapError, resolveRejection, type RejectionReason } from '../../lib/reconcile';

/** Per input: generous, but far below what the quadratic and exponential cases took (seconds to minutes). */
const PER_INPUT_MS = 1500;
const timed = <T>(f: () => T): T => {
	const t0 = performance.now();
	const r = f();
	const took = performance.now() - t0;
	if (took > PER_INPUT_MS) throw new Error(`took ${took.toFixed(0)} ms`);
	return r;
};

const KNOWN_CODES = new Set<LedesIssueCode>([
	'EMPTY_FILE', 'HEADER_INVALID', 'COLUMNS_INVALID', 'COLUMN_COUNT', 'LINE_TERMINATOR_MISSING', 'BLANK_LINE', 'NO_LINE_ITEMS', 'REQUIRED',
	'DATE_INVALID', 'NUMBER_INVALID', 'NUMBER_TOO_LARGE', 'TOO_MANY_DECIMALS', 'TOO_LONG', 'VALUE_NOT_ALLOWED', 'TAX_RATE_INVALID', 'NEGATIVE_UNITS',
	'LINE_TOTAL_MISMATCH', 'LINE_TAX_MISMATCH', 'INVOICE_FIELD_INCONSISTENT', 'INVOICE_TOTAL_INCONSISTENT', 'INVOICE_TOTAL_MISMATCH',
	'INVOICE_TAX_TOTAL_MISMATCH', 'INVOICE_NET_TOTAL_MISMATCH', 'REPORTED_TAX_TOTAL_MISMATCH', 'LINE_DATE_OUTSIDE_PERIOD', 'BILLING_PERIOD_INVERTED',
	'UNKNOWN_UTBMS_CODE', 'DUPLICATE_LINE_ITEM_NUMBER', 'DUPLICATE_INVOICE_NUMBER', 'NON_ASCII', 'XML_INVALID', 'XML_ELEMENT_MISSING',
	'LINE_TOO_LONG', 'TOO_MANY_FIELDS', 'ENCODING_INVALID', 'TOO_MANY_ISSUES', 'TOO_MANY_LINE_ITEMS',
]);

// ---- LEDES text -------------------------------------------------------------------------------

/** Field values: valid ones, near misses and hostile ones (long digit runs, separators, NUL, UTF-16 halves). */
const fieldValue = fc.oneof(
	fc.constantFrom('', '0', '1', '-1', '700', '700.00', '1250.', '.5', '0.2', '20260131', '20260230', 'F', 'E', 'IF', 'IE', 'USD', 'PARTNR', 'L110', 'A101', 'E101', 'INV-1', 'O', 'T'),
	fc.string({ maxLength: 12 }),
	fc.string({ unit: fc.constantFrom('|', '[', ']', '\r', '\n', '\0', '~', '.', '-', 'é', '\ufeff', '\ud800', '9'), maxLength: 20 }),
	fc.nat({ max: 3000 }).map((n) => '9'.repeat(n) + (n % 2 ? 'x' : '')),
	fc.nat({ max: 2000 }).map((n) => '0.' + '1'.repeat(n)),
);
const dataLine = fc.tuple(fc.array(fieldValue, { minLength: 0, maxLength: 56 }), fc.constantFrom('[]', '', '[', '[]\r', ' []')).map(([f, end]) => f.join('|') + end);
const header = fc.constantFrom('LEDES1998B[]', 'LEDES98BI V2[]', 'LEDES98BI V5[]', 'LEDES98BI[]', '', 'ledes', '\ufeffLEDES1998B[]', '\xff\xfeL\0E\0');
const columns = fc.constantFrom(ledesColumnLine('1998B'), ledesColumnLine('98BI'), LEDES_98BI_FIELDS.map((f) => f.name).slice(0, 30).join('|'), '', '|||');
const ledesText = fc
	.tuple(header, columns, fc.array(dataLine, { maxLength: 12 }), fc.constantFrom('\n', '\r\n', '\r'))
	.map(([h, c, lines, eol]) => [h, c, ...lines].join(eol) + eol);

function checkIssues(issues: Array<{ code: LedesIssueCode; message: string; line: number }>): void {
	for (const i of issues) {
		if (!KNOWN_CODES.has(i.code)) throw new Error(`unknown code ${i.code}`);
		if (i.message.length > 1000) throw new Error(`message of ${i.message.length} characters`);
		if (!Number.isInteger(i.line) || i.line < 0) throw new Error(`line ${i.line}`);
	}
}

describe('fuzz: LEDES text reader', () => {
	it('parseLedes and validateLedes never throw, in bounded time, with known codes and short messages', () => {
		fc.assert(
			fc.property(ledesText, (text) => {
				const r = timed(() => parseLedes(text));
				checkIssues([...r.errors, ...r.warnings]);
				if ((r.header ?? '').length > 201) throw new Error('header not capped');
				const v = timed(() => validateLedes(text, { maxLineLength: 200, maxFields: 30 }));
				checkIssues(v.errors);
			}),
			{ seed: 1301, numRuns: 400 },
		);
	});

	it('the streaming reader gives the same findings wherever the chunks are cut', async () => {
		await fc.assert(
			fc.asyncProperty(ledesText, fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }), async (text, cuts) => {
				const chunks: string[] = [];
				for (let i = 0, k = 0; i < text.length; k++) {
					const n = cuts[k % cuts.length];
					chunks.push(text.slice(i, i + n));
					i += n;
				}
				const streamed: string[] = [];
				for await (const batch of readLedesStreamBatches(chunks)) for (const e of batch) if (e.type === 'issue') streamed.push(`${e.issue.line}:${e.issue.code}`);
				const whole = validateLedes(text);
				expect(streamed.sort()).toEqual([...whole.errors, ...whole.warnings].map((i) => `${i.line}:${i.code}`).sort());
			}),
			{ seed: 1302, numRuns: 200 },
		);
	});
});

// ---- LEDES XML --------------------------------------------------------------------------------

const tagNames = [...new Set(LEDES_XML_ELEMENTS.map((e) => e.element)), 'firm', 'client', 'invoice', 'matter', 'fee', 'expense', 'tk_sum', 'matter_disc_cred', 'file_item_nbr'];
const xmlPiece: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
	node: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.oneof(fieldValue, fc.constantFrom('&amp;', '&lt;', '&#x41;', '&bogus;', '<![CDATA[x]]>', '<!-- c -->', '<', '>', '"', "'")),
		fc.tuple(fc.constantFrom(...tagNames), fc.array(tie('node'), { maxLength: 5 }), fc.boolean()).map(([t, kids, close]) => `<${t}>${kids.join('')}${close ? `</${t}>` : ''}`),
	),
})).node;
const xmlText = fc
	.tuple(fc.constantFrom('ledesxmlebilling2.1', 'ledesxmlebilling2.2', 'ledesxmlebilling3', 'root'), fc.array(xmlPiece, { maxLength: 6 }), fc.constantFrom('', '\n', '\r\n'))
	.map(([root, kids, eol]) => `<?xml version="1.0"?>${eol}<${root}>${eol}${kids.join(eol)}${eol}</${root}>`);

describe('fuzz: LEDES XML reader', () => {
	it('parseLedes on XML never throws, in bounded time, with known codes and short messages', () => {
		fc.assert(
			fc.property(xmlText, (text) => {
				const r = timed(() => parseLedes(text));
				checkIssues(r.errors);
				if (r.valid !== (r.errors.length === 0)) throw new Error('valid disagrees with errors');
			}),
			{ seed: 1303, numRuns: 1500 },
		);
	});
});

// ---- rule sets (JSON and YAML) -----------------------------------------------------------------

/** Rule-set text: the examples, mutated, as YAML-ish token soup and as JSON of random values. */
const yamlToken = fc.constantFrom('rules:', '- id: A', '  type: maxDailyHours', '  params:', '    maxHours: 8', '    when: {">": [{var: entry.hours}, 8]}', '[', ']', '{', '}', ',', ': ', '- ', '  ', '"', "'", '|', '>-', '#', '&a', '*a', '!tag', '---', '...', '%YAML', '\t', '__proto__: 1', 'key', '1e999', '9'.repeat(400) + 'x');
const yamlText = fc.array(fc.array(yamlToken, { maxLength: 6 }).map((t) => t.join('')), { maxLength: 25 }).map((lines) => lines.join('\n'));
const ruleSetValue = fc.oneof(
	fc.constantFrom(INSURER_RULE_SET, CORPORATE_RULE_SET),
	fc.record({ id: fc.string(), version: fc.oneof(fc.string(), fc.integer()), rules: fc.array(fc.record({ id: fc.string({ maxLength: 5 }), type: fc.constantFrom('expression', 'maxDailyHours', 'approvedRate', 'bannedWords', 'nope'), ref: fc.string({ maxLength: 5 }), action: fc.constantFrom('flag', 'reject', 'adjust', 'x'), params: fc.jsonValue({ maxDepth: 4 }) }), { maxLength: 4 }) }),
	fc.jsonValue({ maxDepth: 5 }),
);
const whenValue = fc.letrec<{ e: unknown }>((tie) => ({
	e: fc.oneof(
		{ depthSize: 'small' },
		fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null)),
		fc.record({ var: fc.constantFrom('entry.hours', 'entry.hourz', 'agg.dayHours', 'invoice.today', 'entry.constructor', '', 'entry.extra.x') }),
		fc.tuple(fc.constantFrom('and', 'or', '>', '==', '!', 'if', 'some', 'map', 'reduce', 'in', 'cat', 'constructor', 'toString', '__defineGetter__', 'valueOf', 'throw'), fc.array(tie('e'), { maxLength: 3 })).map(([op, args]) => JSON.parse(`{${JSON.stringify(op)}: ${JSON.stringify(args)}}`)),
	),
})).e;

function onlyRuleSetErrors(f: () => unknown): void {
	try {
		timed(f);
	} catch (e) {
		if (!(e instanceof RuleSetValidationError)) throw e;
		if (e.message.length > 20_000) throw new Error(`message of ${e.message.length} characters`);
	}
}

describe('fuzz: rule-set loaders', () => {
	it('YAML text: only RuleSetValidationError, in bounded time', () => {
		fc.assert(
			fc.property(yamlText, (text) => onlyRuleSetErrors(() => compileRuleSet(parseRuleSetText(text)))),
			{ seed: 1304, numRuns: 3000 },
		);
	});

	it('JSON values and mutated examples: only RuleSetValidationError', () => {
		fc.assert(
			fc.property(ruleSetValue, (v) => {
				onlyRuleSetErrors(() => compileRuleSet(parseRuleSetText(JSON.stringify(v) ?? '')));
				onlyRuleSetErrors(() => compileRuleSet(v));
			}),
			{ seed: 1305, numRuns: 300 },
		);
	});

	it('expressions (allowed and refused operators, good and bad paths) compile or are refused, never crash', () => {
		fc.assert(
			fc.property(whenValue, (when) =>
				onlyRuleSetErrors(() => {
					const set = compileRuleSet({ id: 'f', version: '1', rules: [{ id: 'X', type: 'expression', ref: 'r', action: 'flag', params: { when } }] });
					// a compiled expression also runs (an operator such as __defineGetter__ used to fail here, asynchronously)
					evaluateOcg([fee(), fee({ quantity: '9' })], set);
				}),
			),
			{ seed: 1306, numRuns: 1500 },
		);
	});
});

// ---- rejection map -----------------------------------------------------------------------------

const regexSoup = fc.string({ unit: fc.constantFrom('a', 'b', '\\w', '\\s', '\\d', '.', '*', '+', '?', '(', ')', '(?:', '|', '[', ']', '{2,}', '{1,3}', '^', '$', '\\1', ' '), maxLength: 16 });
const reasonText = fc.oneof(fc.string({ maxLength: 60 }), fc.nat({ max: 5000 }).map((n) => 'a'.repeat(n) + '!'), fc.nat({ max: 2000 }).map((n) => 'word '.repeat(n) + '#'));

describe('fuzz: rejection map', () => {
	it('only RejectionMapError; a map that loads matches any reason text in bounded time', () => {
		fc.assert(
			fc.property(regexSoup, fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }), reasonText, (pattern, codes, text) => {
				let map;
				try {
					map = timed(() => parseRejectionMap({ version: 1, rules: [{ id: 'r', reasonPattern: pattern, codes, actions: [{ type: 'setStatus', status: 'x {{reason}}' }] }], fallback: [{ type: 'notify', to: 'a', message: '{{code}}' }] }));
				} catch (e) {
					if (!(e instanceof RejectionMapError)) throw e;
					return;
				}
				const reason: RejectionReason = { platform: 'brightflag', kind: 'rejection', code: 'C', reason: text, comment: text.slice(0, 10) } as RejectionReason;
				timed(() => resolveRejection(map, reason));
			}),
			{ seed: 1307, numRuns: 2000 },
		);
	});

	it('arbitrary JSON as a map: only RejectionMapError', () => {
		fc.assert(
			fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string()), (v) => {
				try {
					timed(() => parseRejectionMap(v));
				} catch (e) {
					if (!(e instanceof RejectionMapError)) throw e;
				}
			}),
			{ seed: 1308, numRuns: 1000 },
		);
	});
});
