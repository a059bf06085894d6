import fc from 'fast-check';
import type { BillingEntry, Invoice } from '../../lib/model';
import { Decimal } from '../../lib/money/decimal';
import { buildLedes, neutraliseText, parseLedes, type LedesTextFormat } from '../../lib/ledes';

const alnum = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z0-9][A-Z0-9-]{${min - 1},${max - 1}}$`));
const decimalText = (maxInt: number, maxDec: number, signed = false) =>
	fc
		.tuple(fc.integer({ min: signed ? -maxInt : 0, max: maxInt }), fc.integer({ min: 0, max: maxDec }), fc.integer({ min: 0, max: 9999 }))
		.map(([i, d, f]) => {
			const frac = String(f).padStart(4, '0').slice(0, d);
			return d === 0 ? String(i) : `${i}.${frac}`;
		});
// Hostile text: separators, the line terminator, line breaks, tabs, non-ASCII, controls.
const hostile = fc.oneof(
	fc.string({ maxLength: 60 }),
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.array(fc.constantFrom('|', '[]', '[', ']', '\r\n', '\n', '\r', '\t', 'é', '’', '—', '€', '日本', '😀', 'Smith & Co', ' ', 'x'), { maxLength: 12 }).map((a) => a.join('')),
);
const isoDay = (y: number, doy: number) => new Date(Date.UTC(y, 0, 1 + doy)).toISOString().slice(0, 10);

function invoiceArb(format: LedesTextFormat) {
	return fc
		.record({
			number: alnum(1, 20),
			year: fc.integer({ min: 1999, max: 2030 }),
			startDoy: fc.integer({ min: 0, max: 300 }),
			len: fc.integer({ min: 0, max: 60 }),
			client: alnum(1, 20),
			firm: alnum(1, 20),
			description: hostile,
			currency: fc.constantFrom('USD', 'GBP', 'EUR'),
			matters: fc.array(alnum(1, 20), { minLength: 1, maxLength: 3 }),
			lines: fc.array(
				fc.record({
					kind: fc.constantFrom('fee', 'fee', 'expense', 'feeAdjustment', 'expenseAdjustment') as fc.Arbitrary<BillingEntry['kind']>,
					quantity: decimalText(999, 4),
					rate: decimalText(9999, 4),
					adjustment: decimalText(500, 2, true),
					narrative: hostile,
					matterIdx: fc.nat(2),
					dayOffset: fc.nat(60),
					last: fc.stringMatching(/^[A-Za-z][a-z]{0,11}$/),
					first: fc.stringMatching(/^[A-Za-z][a-z]{0,11}$/),
					tkId: alnum(1, 10),
					classification: fc.constantFrom('PARTNR', 'ASSOC', 'PARALG', 'PT', 'AS'),
					task: fc.constantFrom(undefined, 'L110', 'L510', 'B110'),
					activity: fc.constantFrom(undefined, 'A101', 'A104'),
					expense: fc.constantFrom(undefined, 'E101', 'E124'),
					taxRate: fc.constantFrom('0', '0.2', '0.061245', '0.1'),
				}),
				{ minLength: 1, maxLength: 8 },
			),
		})
		.map((g): Invoice => {
			const start = isoDay(g.year, g.startDoy);
			const end = isoDay(g.year, g.startDoy + g.len);
			return {
				number: g.number,
				date: end,
				periodStart: start,
				periodEnd: end,
				description: g.description,
				currency: format === '98BI' ? g.currency : undefined,
				client: { id: g.client, taxId: 'TAX-1', name: 'Client ' + g.client },
				lawFirm: { id: g.firm, name: 'Firm | [x]' },
				lines: g.lines.map((l, i): BillingEntry => {
					const isAdj = l.kind === 'feeAdjustment' || l.kind === 'expenseAdjustment';
					const base = Decimal.from(isAdj ? '0' : l.quantity).mul(isAdj ? '0' : l.rate).add(l.adjustment);
					const tax = format === '98BI' ? { rate: l.taxRate, amount: base.mul(l.taxRate).round(2).toString(), type: 'VAT' } : undefined;
					return {
						id: `x${i}`,
						source: { system: 'test', id: String(i) },
						kind: l.kind,
						date: isoDay(g.year, g.startDoy + Math.min(l.dayOffset, g.len)),
						quantity: isAdj ? '0' : l.quantity,
						rate: isAdj ? '0' : l.rate,
						adjustment: l.adjustment,
						narrative: l.narrative,
						matter: { id: g.matters[l.matterIdx % g.matters.length], number: g.matters[l.matterIdx % g.matters.length], name: 'Matter ' + l.matterIdx },
						timekeeper: l.kind === 'fee' ? { id: l.tkId, lastName: l.last, firstName: l.first, classification: l.classification } : undefined,
						codes: { task: l.kind === 'fee' ? l.task : undefined, activity: l.kind === 'fee' ? l.activity : undefined, expense: l.kind === 'expense' ? l.expense : undefined },
						tax,
					};
				}),
			};
		});
}

const eq = (a: string | undefined, b: string | undefined) => Decimal.from(a || '0').eq(Decimal.from(b || '0'));
const text = (s: string | undefined) => (s ? neutraliseText(s) || undefined : undefined);

function expectSame(inv: Invoice, back: ReturnType<typeof parseLedes>['invoices'][number], format: LedesTextFormat) {
	expect(back.number).toBe(inv.number);
	expect([back.date, back.periodStart, back.periodEnd]).toEqual([inv.date, inv.periodStart, inv.periodEnd]);
	expect(back.client.id).toBe(inv.client.id);
	expect(back.lawFirm.id).toBe(inv.lawFirm.id);
	expect(back.description).toBe(text(inv.description));
	expect(back.lines).toHaveLength(inv.lines.length);
	let sum = Decimal.ZERO;
	inv.lines.forEach((l, i) => {
		const b = back.lines[i];
		expect(b.kind).toBe(l.kind);
		expect(eq(b.quantity, l.quantity)).toBe(true);
		expect(eq(b.rate, l.rate)).toBe(true);
		expect(eq(b.adjustment, l.adjustment)).toBe(true);
		const tax = Decimal.from(l.tax?.amount ?? '0');
		const total = Decimal.from(l.quantity).mul(l.rate).add(l.adjustment!).add(format === '98BI' ? tax : Decimal.ZERO).round(2);
		expect(Decimal.from(b.total!).eq(total)).toBe(true);
		sum = sum.add(total);
		expect(b.date).toBe(l.date);
		expect(b.narrative).toBe(text(l.narrative));
		expect(b.matter?.number).toBe(l.matter?.number);
		expect(b.codes?.task).toBe(l.codes?.task);
		expect(b.codes?.activity).toBe(l.codes?.activity);
		expect(b.codes?.expense).toBe(l.codes?.expense);
		if (l.timekeeper) expect(b.timekeeper).toMatchObject({ id: l.timekeeper.id, name: `${l.timekeeper.lastName}, ${l.timekeeper.firstName}`, classification: l.timekeeper.classification });
		if (format === '98BI') expect(eq(b.tax?.amount, l.tax?.amount)).toBe(true);
	});
	expect(Decimal.from(back.total).eq(sum)).toBe(true);
	expect(Decimal.from(back.statedTotal!).eq(sum)).toBe(true);
}

describe('LEDES build → parse round trip (fast-check)', () => {
	for (const format of ['1998B', '98BI'] as const) {
		it(`${format}: random invoices, hostile narratives; the file validates clean and parses back to the same invoices`, () => {
			fc.assert(
				fc.property(fc.uniqueArray(invoiceArb(format), { minLength: 1, maxLength: 4, selector: (i) => i.number }), fc.constantFrom('\r\n', '\n') as fc.Arbitrary<'\r\n' | '\n'>, (invoices, lineEnding) => {
					const file = buildLedes(invoices, { format, lineEnding });
					expect(file).toMatch(/^[\x00-\x7f]*$/); // ASCII only
					const lines = file.split(lineEnding);
					expect(lines.pop()).toBe('');
					const n = format === '98BI' ? 52 : 24;
					for (const l of lines.slice(1)) {
						expect(l.endsWith('[]')).toBe(true);
						expect(l.slice(0, -2).split('|')).toHaveLength(n);
						expect(l.slice(0, -2)).not.toMatch(/[[\]\r\n]/);
					}
					const r = parseLedes(file);
					expect(r.errors).toEqual([]);
					expect(r.format).toBe(format);
					expect(r.invoices).toHaveLength(invoices.length);
					invoices.forEach((inv, k) => expectSame(inv, r.invoices[k], format));
					// idempotent: building the parsed invoices again gives the same file
					expect(buildLedes(r.invoices, { format, lineEnding })).toBe(file);
				}),
				{ numRuns: 150 },
			);
		});
	}

	it('XML 2.1: random invoices parse back with the same amounts, dates and (Unicode) narratives', () => {
		fc.assert(
			fc.property(fc.uniqueArray(invoiceArb('98BI'), { minLength: 1, maxLength: 3, selector: (i) => i.number }), (invoices) => {
				const xml = buildLedes(invoices, { format: 'XML2.1' });
				const r = parseLedes(xml);
				expect(r.errors).toEqual([]);
				expect(r.invoices.map((i) => i.number).sort()).toEqual(invoices.map((i) => i.number).sort());
				for (const inv of invoices) {
					const back = r.invoices.find((b) => b.number === inv.number)!;
					expect(back.lines).toHaveLength(inv.lines.length);
					let sum = Decimal.ZERO;
					for (const l of inv.lines) sum = sum.add(Decimal.from(l.quantity).mul(l.rate).add(l.adjustment!).add(l.tax!.amount).round(2));
					expect(Decimal.from(back.total).eq(sum)).toBe(true);
					expect([back.date, back.periodStart, back.periodEnd]).toEqual([inv.date, inv.periodStart, inv.periodEnd]);
					// lines are grouped by matter in XML: compare as multisets
					const key = (l: BillingEntry) => [l.kind, l.date, Decimal.from(l.quantity).toString(), Decimal.from(l.rate).toString(), Decimal.from(l.adjustment!).toString(), l.matter?.number].join('|');
					expect(back.lines.map(key).sort()).toEqual(inv.lines.map(key).sort());
					const narr = (xs: (string | undefined)[]) => xs.map((x) => (x ?? '').trim()).filter(Boolean).sort();
					expect(narr(back.lines.map((l) => l.narrative))).toEqual(narr(inv.lines.map((l) => l.narrative?.replace(/\r\n?/g, '\n').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''))));
				}
			}),
			{ numRuns: 60 },
		);
	});
});
