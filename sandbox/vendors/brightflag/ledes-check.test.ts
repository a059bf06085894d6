/**
 * The sandbox's own LEDES check (no product code) against the public sample files and their
 * documented defects (shared/fixtures/ledes/README.md), and the cross-check that catches a LEDES
 * core that reads a file differently from the sandbox.
 */
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../../test/helpers/shared';
import { checkLedesText, toUnits, unitsToText } from './ledes-check';

const fixture = (name: string) => readFileSync(sharedPath('fixtures', 'ledes', name), 'utf8');

describe('sandbox LEDES check (independent of lib/ledes)', () => {
	it('reads the valid 1998B sample with no issue, and its invoices and totals', () => {
		const r = checkLedesText(fixture('lexitree_ledes1998b_good.txt'));
		expect(r.format).toBe('1998B');
		expect(r.issues).toEqual([]);
		expect(r.invoices.length).toBe(2);
		for (const inv of r.invoices) expect(toUnits(inv.total)).toBe(toUnits(inv.statedTotal));
	});

	it('finds the documented total defects of the public samples', () => {
		// "the IF line of invoice 96543 is repeated, so its lines sum to 2500 against a stated total of 1250"
		const travis = checkLedesText(fixture('travisbashor_ledes_98B.txt'));
		expect(travis.issues).toEqual([expect.objectContaining({ code: 'INVOICE_TOTAL_MISMATCH', field: 'INVOICE_TOTAL' })]);
		expect(travis.invoices.find((i) => i.invoiceNumber === '96543')).toMatchObject({ total: '2500.00', statedTotal: '1250' });
		// "its 3 lines sum to 1555.52 against a stated total of 1869.97"
		const lexi = checkLedesText(fixture('lexitree_ledes98bi_good.txt'));
		expect(lexi.format).toBe('98BI');
		expect(lexi.invoices[0]).toMatchObject({ total: '1555.52', statedTotal: '1869.97' });
		// "an E line with an empty unit cost"
		expect(checkLedesText(fixture('lexitree_ledes1998b_eager_bad.txt')).issues).toEqual([expect.objectContaining({ line: 3, code: 'REQUIRED', field: 'LINE_ITEM_UNIT_COST' })]);
	});

	it('checks each line total, the invoice total on every line, dates and amounts', () => {
		const head = 'LEDES1998B[]\nINVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|CLIENT_MATTER_ID[]\n';
		const line = (n: number, units: string, cost: string, total: string, invTotal: string, date = '20261002') =>
			`20261105|INV-1|C1|M1|${invTotal}|20261001|20261031|Services|${n}|F|${units}|0|${total}|${date}|L120||A104|7|Work|12-3456789|${cost}|Doe, J|ASSOC|CM-1[]`;
		const good = head + [line(1, '0.4', '333.33', '133.33', '233.33'), line(2, '1', '100', '100.00', '233.33')].join('\n') + '\n';
		expect(checkLedesText(good).issues).toEqual([]);
		const bad = head + [line(1, '0.4', '333.33', '140.00', '240.00'), line(2, '1', '100', '100.00', '233.33', '20261302')].join('\n') + '\n';
		expect(checkLedesText(bad).issues.map((i) => `${i.line}:${i.code}:${i.field}`)).toEqual([
			'3:LINE_TOTAL_MISMATCH:LINE_ITEM_TOTAL',
			'4:DATE_INVALID:LINE_ITEM_DATE',
			'4:INVOICE_TOTAL_INCONSISTENT:INVOICE_TOTAL',
		]);
		expect(checkLedesText('hello\n').issues[0].code).toBe('FORMAT');
		expect(unitsToText(toUnits('-0.004')!)).toBe('0.00');
		expect(unitsToText(toUnits('1234.565')!)).toBe('1234.57');
	});
});

describe('LEDES intake cross-check', () => {
	afterEach(() => jest.resetModules());

	it('refuses a file the LEDES core reads differently from the sandbox (a parser bug cannot pass)', async () => {
		jest.doMock('../../../lib/ledes', () => {
			const real = jest.requireActual('../../../lib/ledes');
			return {
				...real,
				// a "bug": the core drops the last line of every invoice
				parseLedes: (text: string) => {
					const r = real.parseLedes(text);
					return { ...r, invoices: r.invoices.map((inv: { lines: unknown[] }) => ({ ...inv, lines: inv.lines.slice(0, -1) })) };
				},
			};
		});
		const { readLedesFile } = await import('./ledes-intake');
		const r = readLedesFile(fixture('lexitree_ledes1998b_good.txt'));
		expect(r.valid).toBe(false);
		expect(r.errors.map((e) => e.code)).toEqual(['SANDBOX_CROSS_CHECK']);
		expect(r.errors[0].message).toMatch(/the sandbox reads .* the LEDES core read/);
	});

	it('adds the sandbox check to the core when the core misses a wrong total', async () => {
		jest.doMock('../../../lib/ledes', () => {
			const real = jest.requireActual('../../../lib/ledes');
			// a "bug": the core finds nothing wrong
			return { ...real, parseLedes: (text: string) => ({ ...real.parseLedes(text), valid: true, errors: [] }) };
		});
		const { readLedesFile } = await import('./ledes-intake');
		const r = readLedesFile(fixture('travisbashor_ledes_98B.txt'));
		expect(r.valid).toBe(false);
		expect(r.errors.map((e) => e.code)).toEqual(['INVOICE_TOTAL_MISMATCH']);
		expect(r.errors[0].message).toMatch(/^sandbox check:/);
	});
});
