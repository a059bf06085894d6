import { Decimal } from '../../lib/money/decimal';
import { generateFirm } from '../../sandbox/seed';
import { firmDate, PINNED_DATES, periodAt } from '../helpers/dates';

const REVISED = new Set(['PARTNR', 'OFCOUN', 'ASSOC', 'STFATT', 'PARALG', 'LGLAST', 'CLKSEC']);

describe('firm seed', () => {
	it('is deterministic: same seed and size → identical firm; another seed → different data', () => {
		const a = generateFirm({ seed: 'det', size: 500, asOf: '2026-11-18' });
		const b = generateFirm({ seed: 'det', size: 500, asOf: '2026-11-18' });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		const c = generateFirm({ seed: 'det-2', size: 500, asOf: '2026-11-18' });
		expect(c.entries.map((e) => e.narrative)).not.toEqual(a.entries.map((e) => e.narrative));
	});

	it('looks like a mid-size firm: classifications, rates, LEDES client ids, client matter ids', () => {
		const f = generateFirm({ seed: 'shape', size: 60, asOf: '2026-11-18' });
		expect(f.entries).toHaveLength(60);
		expect(f.timekeepers.length).toBeGreaterThanOrEqual(8);
		for (const t of f.timekeepers) {
			expect(REVISED.has(t.classification)).toBe(true);
			expect(Decimal.from(t.rate).gt('0')).toBe(true);
			expect(t.ledesName).toBe(`${t.lastName}, ${t.firstName}`);
		}
		expect(new Set(f.timekeepers.map((t) => t.classification)).size).toBe(REVISED.size);
		const ledesIds = f.clients.map((c) => c.ledesClientId);
		expect(new Set(ledesIds).size).toBe(ledesIds.length);
		for (const m of f.matters) {
			expect(m.clientMatterId).toMatch(/^[A-Z]{3}-\d{4}-\d{4}$/);
			expect(f.clients.some((c) => c.id === m.clientId)).toBe(true);
		}
		for (const e of f.entries) {
			expect(Decimal.from(e.quantity).mul(e.rate).round(2).toFixed(2)).toBe(e.total);
			if (e.kind === 'fee') {
				expect(e.taskCode).toMatch(/^[LCB]\d{3}$/);
				expect(e.activityCode).toMatch(/^A1(0[1-9]|1[01])$/);
			} else {
				expect(e.expenseCode).toMatch(/^E1\d{2}$/);
			}
		}
	});

	it('includes entries that break typical billing guidelines, even in a small seed', () => {
		const f = generateFirm({ seed: 'ocg', size: 100, asOf: '2026-11-18' });
		const issues = new Set(f.entries.flatMap((e) => e.guidelineIssues));
		for (const i of ['block_billing', 'vague_narrative', 'rate_above_cap', 'increment_0_05', 'long_day', 'banned_expense', 'expense_unit_cost_above_cap']) expect(issues.has(i as never)).toBe(true);
		const block = f.entries.find((e) => e.guidelineIssues.includes('block_billing'));
		expect(block?.narrative.split(';').length).toBeGreaterThanOrEqual(3);
		const inc = f.entries.filter((e) => e.guidelineIssues.includes('increment_0_05'));
		for (const e of inc) {
			expect(Decimal.from(e.quantity).isMultipleOf('0.05')).toBe(true);
			expect(Decimal.from(e.quantity).isMultipleOf('0.1')).toBe(false);
		}
		const over = f.entries.find((e) => e.guidelineIssues.includes('rate_above_cap')) as (typeof f.entries)[number];
		const tk = f.timekeepers.find((t) => t.id === over.timekeeperId);
		const client = f.clients.find((c) => c.id === f.matters.find((m) => m.id === over.matterId)?.clientId);
		expect(Decimal.from(over.rate).gt(client?.rateCaps[tk?.classification as 'PARTNR'] as string)).toBe(true);
		// a timekeeper-day of 14 hours or more
		const perDay = new Map<string, Decimal>();
		for (const e of f.entries) if (e.kind === 'fee') perDay.set(`${e.timekeeperId}|${e.date}`, (perDay.get(`${e.timekeeperId}|${e.date}`) ?? Decimal.ZERO).add(e.quantity));
		expect([...perDay.values()].some((h) => h.gte('14'))).toBe(true);
	});

	it('has bills in several states and entries in every billing status', () => {
		const f = generateFirm({ seed: 'bills', size: 2000, asOf: '2026-11-18' });
		expect(new Set(f.bills.map((b) => b.state))).toEqual(new Set(['paid', 'awaiting_payment', 'draft', 'awaiting_approval', 'void']));
		const statuses = new Set(f.entries.map((e) => e.status));
		for (const s of ['unbilled', 'draft', 'billed', 'non_billable']) expect(statuses.has(s as never)).toBe(true);
		for (const b of f.bills.filter((x) => x.state !== 'void')) {
			const sum = Decimal.sum(b.entryIds.map((id) => f.entries.find((e) => e.id === id)?.total as string));
			expect(sum.round(2).toFixed(2)).toBe(b.total);
		}
	});

	it('scales to 100,000 entries with unique ids and more people', () => {
		const f = generateFirm({ seed: 'big', size: 100_000, asOf: '2026-11-18' });
		expect(f.entries).toHaveLength(100_000);
		expect(new Set(f.entries.map((e) => e.id)).size).toBe(100_000);
		expect(f.timekeepers.length).toBeGreaterThan(80 - 1);
		expect(f.clients.length).toBeGreaterThan(100);
		expect(f.matters.length).toBeGreaterThan(200);
	});

	it('caps clients at 120 unless maxClients says otherwise (the firm-scale bench lifts it; default firms unchanged)', () => {
		const opts = { seed: 'cap', size: 8_000, asOf: '2026-11-18' };
		const f = generateFirm(opts);
		expect(f.clients).toHaveLength(15); // 8,000 / 800 + 5, under the default cap
		expect(JSON.stringify(generateFirm({ ...opts, maxClients: 120 }))).toBe(JSON.stringify(f));
		const capped = generateFirm({ ...opts, maxClients: 10 });
		expect(capped.clients).toHaveLength(10);
		expect(capped.entries).toHaveLength(8_000);
		expect(new Set(capped.entries.map((e) => e.matterId)).size).toBeLessThan(new Set(f.entries.map((e) => e.matterId)).size);
	});

	describe.each(PINNED_DATES)('moves with the clock: at $label', ({ now }) => {
		const f = generateFirm({ seed: 'e2e', size: 60, now });
		const { periodStart, periodEnd } = periodAt(now);
		const today = firmDate(now);
		const monthStart = `${today.slice(0, 7)}-01`;
		const ltClients = new Set(f.clients.filter((c) => c.ebilling === 'legaltracker').map((c) => c.id));
		const matterById = new Map(f.matters.map((m) => [m.id, m]));

		it('runs up to the clock\'s date in the firm\'s time zone; no timestamp after the clock', () => {
			expect(f.asOf).toBe(today);
			const stamps = [...f.entries.flatMap((e) => [e.createdAt, e.updatedAt]), ...f.bills.flatMap((b) => [b.createdAt, b.updatedAt])];
			expect(stamps.filter((t) => Date.parse(t) > Date.parse(now))).toEqual([]);
			expect(f.entries.filter((e) => e.date > today)).toEqual([]);
			// same seed and clock date → the same firm
			expect(JSON.stringify(generateFirm({ seed: 'e2e', size: 60, now }))).toBe(JSON.stringify(f));
		});

		it('has unbilled work in the current and the previous calendar month, the breakers among it', () => {
			const prev = f.entries.filter((e) => e.date >= periodStart && e.date <= periodEnd);
			const cur = f.entries.filter((e) => e.date >= monthStart && e.date <= today);
			expect(prev.length).toBeGreaterThan(5);
			expect(cur.length).toBeGreaterThan(0);
			expect([...prev, ...cur].every((e) => e.status === 'unbilled' || e.status === 'non_billable')).toBe(true);
			const issues = new Set(prev.flatMap((e) => e.guidelineIssues));
			for (const i of ['block_billing', 'vague_narrative', 'rate_above_cap', 'increment_0_05', 'long_day', 'banned_expense', 'expense_unit_cost_above_cap']) expect(issues.has(i as never)).toBe(true);
			// clean billable work on a Legal Tracker client's matter: the demo's first invoice
			expect(prev.some((e) => e.billable && e.guidelineIssues.length === 0 && ltClients.has(matterById.get(e.matterId)!.clientId))).toBe(true);
		});

		it('has billed history for the year before, in every bill state', () => {
			expect(new Set(f.bills.map((b) => b.state))).toEqual(new Set(['paid', 'awaiting_payment', 'draft', 'awaiting_approval', 'void']));
			expect(f.bills.every((b) => b.endAt < periodStart)).toBe(true);
			const billed = f.entries.filter((e) => e.billId !== undefined);
			expect(billed.every((e) => e.date < periodStart)).toBe(true);
			expect(billed.length).toBeGreaterThan(5);
		});
	});
});

describe('what the seed takes from lib/ (issue 17): data only, never judgement', () => {
	it('imports only exact arithmetic and the public UTBMS code-set tables, which are pure data', () => {
		const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
		const { join } = jest.requireActual<typeof import('node:path')>('node:path');
		const root = join(__dirname, '../..');
		const libImports = (file: string) => [...readFileSync(join(root, file), 'utf8').matchAll(/from '(\.\.?\/[^']*lib\/[^']*)'/g)].map((m) => m[1].replace(/^(\.\.\/)+/, ''));
		// the seed and its modules by concern (seed-types, seed-dates, seed-vocabulary …)
		const seedFiles = readdirSync(join(root, 'sandbox')).filter((f) => /^seed(-[a-z-]+)?\.ts$/.test(f));
		expect(seedFiles).toContain('seed.ts');
		expect([...new Set(seedFiles.flatMap((f) => libImports(`sandbox/${f}`)))].sort()).toEqual(['lib/money/decimal', 'lib/utbms/sets', 'lib/utbms/types']);
		// the code-set modules hold tables only: their one import is a type
		for (const f of ['activity', 'expense', 'litigation', 'partial']) {
			const text = readFileSync(join(root, `lib/utbms/sets/${f}.ts`), 'utf8');
			expect([...text.matchAll(/^import .*$/gm)].map((m) => m[0])).toEqual(["import type { UtbmsCodeSet } from '../types';"]);
		}
	});

	it('names every UTBMS code the demo firm uses as the public code set does', () => {
		const { BUILTIN_CODE_SETS } = jest.requireActual<typeof import('../../lib/utbms/sets')>('../../lib/utbms/sets');
		const names = new Map(BUILTIN_CODE_SETS.flatMap((s) => s.codes.map((c) => [c.code, c.name] as const)));
		const firm = generateFirm({ seed: 'codes', size: 60, asOf: '2026-11-18' });
		expect(firm.utbmsCodes.length).toBe(48);
		for (const c of firm.utbmsCodes) expect([c.code, c.name]).toEqual([c.code, names.get(c.code)]);
		expect(firm.utbmsCodes.find((c) => c.code === 'L330')).toMatchObject({ name: 'Depositions', type: 'UtbmsTask', set: 'Litigation' });
	});
});
