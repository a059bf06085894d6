/**
 * The YAML subset reader against the `yaml` package (the reference) on the same documents.
 */
import { parse, stringify } from 'yaml';
import { CORPORATE_RULE_SET, INSURER_RULE_SET, parseYamlSubset } from '../../lib/ocg';

const same = (text: string) => expect(parseYamlSubset(text)).toEqual(parse(text));

describe('YAML subset', () => {
	it('reads both example rule sets as the yaml package writes them (block and flow styles)', () => {
		for (const set of [INSURER_RULE_SET, CORPORATE_RULE_SET]) {
			same(stringify(set));
			same(stringify(set, { collectionStyle: 'flow' }));
			same(stringify(set, { indentSeq: false }));
			expect(parseYamlSubset(stringify(set))).toEqual(set);
		}
	});

	it('scalars: null, booleans, numbers, quoted and plain strings, comments', () => {
		same(`# a rule set
---
id: my-set   # trailing comment
version: "2026.1"
n: 12
f: 1.50
neg: -3
e: 1e3
t: true
no: false
nothing: ~
empty:
tilde: null
hash: OCG #4 stays
quote: 'it''s ok'
dq: "tab\\tand \\"quotes\\" and \\u00e9"
colon: "a: b"
url: http://example.com/x
date: 2026-10-01
`);
	});

	it('nesting: mappings in sequences, sequences under keys at the same indent, flow over several lines', () => {
		same(`rules:
- id: A
  type: maxDailyHours
  params:
    maxHours: 10
- id: B
  params: { words: [one, "two words", 'three'], nested: {a: [1, 2]} }
  list:
    - x
    - - y
      - z
    -
      k: v
scope:
  clients: [
    C1,
    C2
  ]
`);
	});

	it('user-written expressions and odd keys as people write them', () => {
		same(`rules:\n  - id: X\n    params:\n      when: {">": [{var: entry.hours}, 8]}\n    message: "Too long: {{quantity}} h"\n`);
		same(`rules:\n- id: Y\n  params:\n    when:\n      and:\n        - "==": [{ var: entry.classification }, PARTNR]\n        - in: [{ var: entry.task }, [L310, L320]]\n`);
		same(`a: 'single # not comment'\nb: "x" # comment\nc: [a, 'b, c', "d]"]\n`);
		same(`key with spaces: 1\n"quoted key": 2\nempty_list: []\nempty_map: {}\n`);
	});

	it('block scalars: literal and folded, with chomping', () => {
		same(`a: |
  line one
  line two

  after blank
b: >
  folded
  text

  new paragraph
c: |-
  stripped
d: >-
  x
  y
e: z
`);
	});

	it('refuses what it does not read, with the line', () => {
		expect(() => parseYamlSubset('a: &anchor 1\nb: *anchor')).toThrow('line 1: anchors and aliases are not supported ("&anchor 1")');
		expect(() => parseYamlSubset('a: !!str 1')).toThrow('line 1: tags are not supported');
		expect(() => parseYamlSubset('a: 1\n\tb: 2')).toThrow('line 2: tabs cannot indent YAML');
		expect(() => parseYamlSubset('a: 1\na: 2')).toThrow('line 2: duplicate key "a"');
		expect(() => parseYamlSubset('a: [1, 2')).toThrow('line 1: unclosed "["');
		expect(() => parseYamlSubset('a: 1\n---\nb: 2')).toThrow('line 2: only one YAML document is supported');
		expect(() => parseYamlSubset('a:\n  b: 1\n c: 2')).toThrow(/line 3: unexpected indentation/);
		expect(() => parseYamlSubset('a: "open')).toThrow('line 1: unclosed double-quoted string');
	});
});

describe('YAML subset on hostile input (issue 13, item 8)', () => {
	const time = (f: () => unknown) => {
		const t0 = performance.now();
		f();
		return performance.now() - t0;
	};

	it('reads a 20,000-line flow list in linear time (10,000 lines took 80 s)', () => {
		const doc = (n: number) => 'rules: [\n' + '  x,\n'.repeat(n) + ']\nafter: 1\n';
		let v: unknown;
		const t = time(() => (v = parseYamlSubset(doc(20_000))));
		expect(v).toEqual({ rules: Array(20_000).fill('x'), after: 1 });
		expect(t).toBeLessThan(3000);
		// best of three against best of two, so a busy machine does not decide (quadratic work gives ~64x)
		const small = doc(2_500);
		const large = doc(20_000);
		const t1 = Math.min(...[1, 2, 3].map(() => time(() => parseYamlSubset(small))));
		const t8 = Math.min(...[1, 2].map(() => time(() => parseYamlSubset(large))));
		expect(t8).toBeLessThan(16 * Math.max(t1, 25));
	});

	it('multi-line quoted strings and flow maps are linear too, and still read like the yaml package', () => {
		const quotedDoc = 'a: "' + 'word\n  '.repeat(20_000) + 'end"\nb: 2\n';
		expect(time(() => same(quotedDoc))).toBeLessThan(5000);
		same('a: {x: 1,\n  y: [2,\n  3]}\nb: "one\n  two"\nc: \'it\'\'s\n  ok\'\n');
		expect(() => parseYamlSubset('a: [1,\n  2\nb: 3\n')).toThrow(/line 1/);
		expect(() => parseYamlSubset('a: [1, 2]\n  ]\n')).toThrow();
		expect(() => parseYamlSubset('a: "open\nb: 1\n')).toThrow(/line 1: unclosed/);
		expect(() => parseYamlSubset('a: [1,\n 2] x\n')).toThrow(/unexpected text after a flow collection/);
	});

	it('a block scalar of 200,000 lines does not overflow the stack', () => {
		const v = parseYamlSubset('a: |\n' + '  l\n'.repeat(200_000)) as { a: string };
		expect(v.a.length).toBe(400_000);
	});
});
