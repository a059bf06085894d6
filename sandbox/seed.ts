/**
 * The sandbox's firm: one deterministic mid-size law firm that EVERY simulator serves (Clio and
 * Actionstep as the firm's practice-management system; Brightflag and Legal Tracker know its
 * clients, matters and timekeepers). Same `seed` and `size` → the same firm, byte for byte.
 *
 * `size` is the number of time and expense entries (default 60; 100,000+ works). Timekeepers,
 * clients and matters grow with it (8 → 80 timekeepers, 5 → 120 clients).
 *
 * Entries deliberately include ones that break typical outside-counsel guidelines, at fixed
 * positions so even a small seed has each kind (see `SeedEntry.guidelineIssues`):
 * block billing, vague narratives, rates above the client's cap, 0.05 h increments, 14-hour days,
 * plus banned expenses (meals) and copy charges above $0.10/page.
 *
 * All money, hours and rates are decimal strings (computed with lib/money Decimal).
 */
import { Decimal } from '../lib/money/decimal';
import { createPrng, type Prng } from './framework/prng';
import type {
	Classification,
	Firm,
	FirmOptions,
	GuidelineIssue,
	SeedActivityCode,
	SeedBill,
	SeedBillState,
	SeedClient,
	SeedEntry,
	SeedMatter,
	SeedTimekeeper,
	SeedUtbmsCode,
} from './seed-types';
import { DAY, dateInZone, HOUR, iso, isoDate, monthBefore, pickWorkday } from './seed-dates';
import {
	ACTIVITIES,
	BANKRUPTCY_TASKS,
	CITIES,
	COMPANY_STEMS,
	COMPANY_SUFFIXES,
	COUNSELING_TASKS,
	EXPENSES,
	FIRST_NAMES,
	LAST_NAMES,
	LEVELS,
	LITIGATION_TASKS,
	NARRATIVES,
	PRACTICE,
	SUBJECTS,
	VAGUE,
} from './seed-vocabulary';

export type * from './seed-types';
export { dateInZone, FIRM_TIME_ZONE, previousMonthPeriod } from './seed-dates';

export const DEFAULT_SEED = 'sandbox';
export const DEFAULT_SIZE = 60;

/** Slots (position in each 100 entries) of the guideline breakers; they are dated in the previous month. */
const BREAKER_SLOTS = new Set([3, 7, 11, 13, 17, 20, 21, 22, 23, 27]);
/** Slots of clean work on a Legal Tracker client's matter in the previous month (the demo's first invoice). */
const LT_DEMO_SLOTS = new Set([0, 1, 2]);

// ---------------------------------------------------------------------------------------------

export function generateFirm(options: FirmOptions = {}): Firm {
	const seed = String(options.seed ?? DEFAULT_SEED);
	const size = Math.max(0, Math.floor(options.size ?? DEFAULT_SIZE));
	const nowOption = options.now === undefined ? undefined : typeof options.now === 'string' ? Date.parse(options.now) : new Date(options.now).getTime();
	if (nowOption !== undefined && !Number.isFinite(nowOption)) throw new RangeError(`now must be an ISO date-time, got "${String(options.now)}"`);
	const asOf = options.asOf ?? dateInZone(nowOption ?? Date.now());
	if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !Number.isFinite(Date.parse(`${asOf}T00:00:00Z`))) throw new RangeError(`asOf must be YYYY-MM-DD, got "${asOf}"`);
	const rng = createPrng(`firm/${seed}`);
	const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
	// no timestamp later than an hour before the generating instant (the end of asOf's working day
	// when none is given): what a test writes "now" is never mixed up with seeded data
	const capMs = Math.max(asOfMs, (nowOption ?? asOfMs + 23 * HOUR) - HOUR);
	const asOfDate = new Date(asOfMs);
	const curMonthStartMs = Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth(), 1);
	const prevMonthStartMs = Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - 1, 1);
	const lastBilledStartMs = Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - 2, 1);
	const firmStartMs = asOfMs - 3 * 365 * DAY;

	// --- UTBMS codes and the firm's task list (activity descriptions)
	const utbmsCodes: SeedUtbmsCode[] = [];
	let codeId = 9001;
	const addCodes = (rows: [string, string][], type: SeedUtbmsCode['type'], set: SeedUtbmsCode['set']) => {
		for (const [code, name] of rows) utbmsCodes.push({ id: codeId++, code, name, type, set });
	};
	addCodes(LITIGATION_TASKS, 'UtbmsTask', 'Litigation');
	addCodes(COUNSELING_TASKS, 'UtbmsTask', 'Counseling');
	addCodes(BANKRUPTCY_TASKS, 'UtbmsTask', 'Bankruptcy');
	addCodes(ACTIVITIES, 'UtbmsActivity', 'Activities');
	addCodes(EXPENSES, 'UtbmsExpense', 'Expenses');

	const activityCodes: SeedActivityCode[] = [];
	const activityCodeIndex = new Map<string, SeedActivityCode>();
	const activityCodeFor = (task: string, activity: string): SeedActivityCode => {
		const key = `${task}/${activity}`;
		let ac = activityCodeIndex.get(key);
		if (!ac) {
			const taskName = utbmsCodes.find((c) => c.code === task)?.name ?? task;
			const activityName = utbmsCodes.find((c) => c.code === activity)?.name ?? activity;
			ac = { id: 5001 + activityCodes.length, name: `${task} ${taskName} — ${activity} ${activityName}`, taskCode: task, activityCode: activity, createdAt: iso(firmStartMs) };
			activityCodes.push(ac);
			activityCodeIndex.set(key, ac);
		}
		return ac;
	};
	// a stable core list, independent of size
	for (const [task] of [...LITIGATION_TASKS, ...COUNSELING_TASKS, ...BANKRUPTCY_TASKS]) for (const act of ['A103', 'A104', 'A106']) activityCodeFor(task, act);

	// --- timekeepers
	const tkCount = clamp(Math.round(6 + Math.sqrt(size) / 3), 8, 80);
	const timekeepers: SeedTimekeeper[] = [];
	const usedNames = new Set<string>();
	const tkRng = rng.fork('timekeepers');
	for (let i = 0; i < tkCount; i++) {
		// the first seven cover every level; the rest follow the headcount shares
		const level = i < LEVELS.length ? LEVELS[i] : tkRng.weighted(LEVELS.map((l) => [l, l[4]] as const));
		let first: string;
		let last: string;
		let n = 0;
		do {
			first = tkRng.pick(FIRST_NAMES);
			last = tkRng.pick(LAST_NAMES);
			if (++n > 20) last = `${last}-${i}`;
		} while (usedNames.has(`${first} ${last}`));
		usedNames.add(`${first} ${last}`);
		const rate = Decimal.from(level[2]).mul(Decimal.from(100 + tkRng.int(-3, 4) * 5).div(100, 2)).ceilTo('5').toFixed(2);
		timekeepers.push({
			id: 101 + i,
			firstName: first,
			lastName: last,
			name: `${first} ${last}`,
			ledesName: `${last}, ${first}`,
			initials: `${first[0]}${last[0]}`,
			email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `${i}@harrowgate-law.example`,
			classification: level[0],
			legacyClassification: level[1],
			rate,
			subscriptionType: level[3],
			enabled: i % 29 !== 28,
			createdAt: iso(firmStartMs + i * DAY),
		});
	}
	const attorneys = timekeepers.filter((t) => t.subscriptionType === 'Attorney');
	const partners = timekeepers.filter((t) => t.classification === 'PARTNR' || t.classification === 'OFCOUN');

	// --- clients
	const clientCount = clamp(Math.round(size / 800) + 5, 5, Math.max(5, Math.floor(options.maxClients ?? 120)));
	const clients: SeedClient[] = [];
	const clRng = rng.fork('clients');
	for (let i = 0; i < clientCount; i++) {
		const person = i % 9 === 8;
		const [city, region, postcode] = clRng.pick(CITIES);
		const stem = COMPANY_STEMS[i % COMPANY_STEMS.length] + (i >= COMPANY_STEMS.length ? ` ${romanish(Math.floor(i / COMPANY_STEMS.length) + 1)}` : '');
		const first = clRng.pick(FIRST_NAMES);
		const last = clRng.pick(LAST_NAMES);
		const name = person ? `${first} ${last}` : `${stem} ${clRng.pick(COMPANY_SUFFIXES)}`;
		const rateCaps = {} as Record<Classification, string>;
		// caps sit a little under or above the firm's standard rates: some timekeepers exceed them
		for (const [cls, , base] of LEVELS) rateCaps[cls] = Decimal.from(base).mul(Decimal.from(100 + clRng.int(-3, 2) * 5).div(100, 2)).ceilTo('5').toFixed(2);
		clients.push({
			id: 2001 + i,
			name,
			type: person ? 'Person' : 'Company',
			firstName: person ? first : undefined,
			lastName: person ? last : undefined,
			email: person ? `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + '@mail.example' : `legal-ops@${stem.toLowerCase().replace(/[^a-z]/g, '')}.example`,
			ledesClientId: person ? `IND${String(i + 1).padStart(5, '0')}` : `${stem.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 6)}${String(i + 1).padStart(3, '0')}`,
			taxId: `${clRng.int(10, 99)}-${clRng.int(1000000, 9999999)}`,
			address: { street: `${clRng.int(1, 999)} ${clRng.pick(['Main', 'Market', 'Park', 'Lake', 'Hill'])} St`, city, region, postcode, country: 'US' },
			ebilling: person ? 'none' : i % 3 === 0 ? 'legaltracker' : 'brightflag',
			rateCaps,
			createdAt: iso(firmStartMs + (10 + i) * DAY),
		});
	}

	// --- matters
	const matters: SeedMatter[] = [];
	const mRng = rng.fork('matters');
	let matterNumber = 1;
	for (const client of clients) {
		const count = client.type === 'Person' ? 1 : mRng.int(1, 4);
		for (let k = 0; k < count; k++) {
			const practice = mRng.weighted(PRACTICE.map((p, idx) => [p, [6, 3, 1][idx]] as const));
			const openMs = asOfMs - mRng.int(60, 900) * DAY;
			const status: SeedMatter['status'] = matterNumber % 11 === 0 ? 'Closed' : matterNumber % 13 === 0 ? 'Pending' : 'Open';
			const team = uniq([mRng.pick(partners).id, mRng.pick(attorneys).id, mRng.pick(attorneys).id, mRng.pick(timekeepers).id, mRng.pick(timekeepers).id]);
			const shortName = client.type === 'Person' ? client.lastName ?? client.name : client.name.split(' ')[0];
			matters.push({
				id: 30001 + matters.length,
				number: matterNumber,
				displayNumber: `${String(matterNumber).padStart(5, '0')}-${shortName.replace(/[^A-Za-z]/g, '')}`,
				description: `${client.name} — ${mRng.pick(practice.names)}`,
				clientId: client.id,
				clientMatterId: `${client.ledesClientId.slice(0, 3)}-${new Date(openMs).getUTCFullYear()}-${String(mRng.int(1, 9999)).padStart(4, '0')}`,
				status,
				billingMethod: matterNumber % 17 === 0 ? 'flat' : 'hourly',
				practiceArea: practice.area,
				matterType: practice.type,
				openDate: isoDate(openMs),
				closeDate: status === 'Closed' ? isoDate(asOfMs - mRng.int(1, 50) * DAY) : undefined,
				responsibleTimekeeperId: team[0],
				teamIds: team,
				createdAt: iso(openMs),
			});
			matterNumber++;
		}
	}
	const workMatters = matters.filter((m) => m.status !== 'Pending');
	const ltClientIds = new Set(clients.filter((c) => c.ebilling === 'legaltracker').map((c) => c.id));
	const ltMatters = workMatters.filter((m) => m.status === 'Open' && ltClientIds.has(m.clientId));
	const clientOf = new Map(clients.map((c) => [c.id, c]));
	/** a team member whose standard rate the client's cap allows (the demo's clean entries) */
	const pickWithinCap = (r: Prng, m: SeedMatter, fallback: SeedTimekeeper): SeedTimekeeper => {
		const c = clientOf.get(m.clientId) as SeedClient;
		const ok = timekeepers.filter((t) => m.teamIds.includes(t.id) && !Decimal.from(t.rate).gt(c.rateCaps[t.classification]));
		return ok.length ? r.pick(ok) : fallback;
	};

	// --- entries
	const entries: SeedEntry[] = [];
	const eRng = rng.fork('entries');
	const tkById = new Map(timekeepers.map((t) => [t.id, t]));
	const clientById = new Map(clients.map((c) => [c.id, c]));
	let longDay: { tk: number; matter: number; date: string } | undefined;
	for (let i = 0; i < size; i++) {
		const id = 700001 + i;
		const slot = i % 100;
		const issues: GuidelineIssue[] = [];
		const first = i < 100;
		let matter = first && LT_DEMO_SLOTS.has(slot) && ltMatters.length ? eRng.pick(ltMatters) : eRng.pick(workMatters);
		let tk = tkById.get(eRng.pick(matter.teamIds)) as SeedTimekeeper;
		if (first && LT_DEMO_SLOTS.has(slot)) tk = pickWithinCap(eRng, matter, tk);
		// 40% of the work is recent and unbilled (the current and the previous calendar month; the
		// guideline breakers of the first hundred always in the previous month), the rest spread over
		// the year before
		// (and a fifth of the older work in the month before, the newest billed month: its bills are
		// still drafts or awaiting approval on every date)
		const recent = first && (BREAKER_SLOTS.has(slot) || LT_DEMO_SLOTS.has(slot)) ? 'previous' : eRng.chance(0.4) ? (eRng.chance(0.35) ? 'current' : 'previous') : eRng.chance(0.2) ? 'lastBilled' : 'year';
		const openMs = Date.parse(`${matter.openDate}T00:00:00Z`);
		const endMs = matter.closeDate ? Date.parse(`${matter.closeDate}T00:00:00Z`) + DAY : asOfMs + DAY;
		let [fromMs, toMs] =
			recent === 'current' ? [curMonthStartMs, asOfMs + DAY] : recent === 'previous' ? [prevMonthStartMs, curMonthStartMs] : recent === 'lastBilled' ? [lastBilledStartMs, prevMonthStartMs] : [asOfMs - 365 * DAY, asOfMs + DAY];
		fromMs = Math.max(fromMs, openMs);
		toMs = Math.min(toMs, endMs);
		if (toMs <= fromMs) [fromMs, toMs] = [Math.max(openMs, asOfMs - 365 * DAY), endMs];
		let dateMs = pickWorkday(eRng, fromMs, toMs);
		const expense = slot % 7 === 6 && slot !== 20 && slot < 98;

		// a 14-hour day: four 3.5 h entries by one timekeeper on one date (slots 20–23)
		if (slot >= 20 && slot <= 23) {
			if (slot === 20) longDay = { tk: tk.id, matter: matter.id, date: isoDate(dateMs) };
			if (longDay) {
				tk = tkById.get(longDay.tk) as SeedTimekeeper;
				matter = matters.find((m) => m.id === longDay?.matter) as SeedMatter;
				dateMs = Date.parse(`${longDay.date}T00:00:00Z`);
			}
		}
		const client = clientById.get(matter.clientId) as SeedClient;

		let entry: SeedEntry;
		if (expense) {
			const [code, name] = slot === 13 ? ['E111', 'Meals'] : slot === 27 ? ['E101', 'Copying'] : eRng.pick(EXPENSES);
			let units = '1';
			let cost: string;
			let narrative: string;
			if (code === 'E101') {
				units = String(eRng.int(20, 900));
				cost = slot === 27 ? '0.25' : '0.10';
				narrative = `Photocopies of ${eRng.pick(SUBJECTS)} (${units} pages)`;
				if (slot === 27) issues.push('expense_unit_cost_above_cap');
			} else if (code === 'E111') {
				cost = Decimal.from(eRng.int(2500, 18000)).div(100, 2).toFixed(2);
				narrative = `Working dinner during preparation of ${eRng.pick(SUBJECTS)}`;
				issues.push('banned_expense');
			} else {
				cost = Decimal.from(eRng.int(1500, 250000)).div(100, 2).toFixed(2);
				narrative = `${name}: ${eRng.pick(SUBJECTS)}`;
			}
			entry = {
				id, kind: 'expense', date: isoDate(dateMs), timekeeperId: tk.id, matterId: matter.id,
				quantity: units, rate: cost, total: Decimal.from(cost).mul(units).round(2).toFixed(2),
				narrative, expenseCode: code, billable: true, status: 'unbilled', createdAt: '', updatedAt: '', guidelineIssues: issues,
			};
		} else {
			const tasks = matter.matterType === 'litigation' ? LITIGATION_TASKS : matter.matterType === 'counseling' ? COUNSELING_TASKS : BANKRUPTCY_TASKS;
			const [task] = eRng.pick(tasks);
			const [activity] = eRng.pick(ACTIVITIES);
			let hours = Decimal.from(eRng.weighted([[eRng.int(1, 10), 6], [eRng.int(10, 40), 3], [eRng.int(40, 80), 1]])).div(10, 1);
			let narrative = eRng.pick(NARRATIVES[activity]).replace('{x}', eRng.pick(SUBJECTS));
			let rate = tk.rate;
			if (slot >= 20 && slot <= 23) {
				hours = Decimal.from('3.5');
				issues.push('long_day');
			} else if (slot === 3 || slot === 53) {
				// block billing: several tasks, one time value
				const parts = [eRng.pick(NARRATIVES.A104), eRng.pick(NARRATIVES.A103), eRng.pick(NARRATIVES.A106)].map((p) => p.replace('{x}', eRng.pick(SUBJECTS)));
				narrative = parts.join('; ');
				hours = Decimal.from(eRng.int(30, 75)).div(10, 1);
				issues.push('block_billing');
			} else if (slot === 7 || slot === 61) {
				narrative = VAGUE[(Math.floor(i / 100) + (slot === 61 ? 3 : 0)) % VAGUE.length];
				issues.push('vague_narrative');
			} else if (slot === 11 || slot === 71) {
				hours = Decimal.from(eRng.int(1, 30)).div(10, 1).add(slot === 11 ? '0.05' : '0.15').sub('0.1');
				if (!hours.gt('0')) hours = Decimal.from('0.05');
				issues.push('increment_0_05');
			} else if (slot === 17 || slot === 87) {
				// billed above the client's approved rate for the classification
				rate = Decimal.from(client.rateCaps[tk.classification]).add(eRng.int(1, 4) * 25).toFixed(2);
			}
			if (Decimal.from(rate).gt(client.rateCaps[tk.classification])) issues.push('rate_above_cap');
			const ac = activityCodeFor(task, activity);
			entry = {
				id, kind: 'fee', date: isoDate(dateMs), timekeeperId: tk.id, matterId: matter.id,
				quantity: hours.toFixed(2), rate, total: hours.mul(rate).round(2).toFixed(2),
				narrative, taskCode: task, activityCode: activity, activityCodeId: ac.id,
				billable: true, status: 'unbilled', createdAt: '', updatedAt: '', guidelineIssues: issues,
			};
		}
		if (slot === 41 || slot === 89) {
			entry.billable = false;
			entry.status = 'non_billable';
		}
		const createdMs = Math.min(capMs, dateMs + eRng.int(0, 3) * DAY + eRng.int(8, 19) * HOUR + eRng.int(0, 59) * 60000);
		entry.createdAt = iso(createdMs);
		entry.updatedAt = iso(Math.min(capMs, createdMs + (eRng.chance(0.2) ? eRng.int(1, 5) * DAY : 0)));
		entries.push(entry);
	}

	// --- bills: one per matter and month for the months before the previous calendar month (the
	// current and the previous month are unbilled: the time sync's work). The newest billed month is
	// still a draft / awaiting approval (alternating), the two before it await payment, older ones
	// are paid (one in 30 void, at least one). Entries on bills get billed/draft status.
	const bills: SeedBill[] = [];
	const bRng = rng.fork('bills');
	const groups = new Map<string, SeedEntry[]>();
	const cutoff = isoDate(prevMonthStartMs);
	for (const e of entries) {
		if (!e.billable || e.date >= cutoff) continue;
		const key = `${e.matterId}|${e.date.slice(0, 7)}`;
		let g = groups.get(key);
		if (!g) groups.set(key, (g = []));
		g.push(e);
	}
	const lastClosedMonth = isoDate(Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - 2, 1)).slice(0, 7);
	const matterById = new Map(matters.map((m) => [m.id, m]));
	const keys = [...groups.keys()].sort((a, b) => (a.split('|')[1] + a).localeCompare(b.split('|')[1] + b));
	// states first, so that every state is there whenever there are bills enough
	const states = new Map<string, SeedBillState>();
	let drafts = 0;
	for (const key of keys) {
		const month = key.split('|')[1];
		states.set(key, month === lastClosedMonth ? (drafts++ % 2 === 0 ? 'draft' : 'awaiting_approval') : month >= monthBefore(lastClosedMonth, 2) ? 'awaiting_payment' : bRng.chance(1 / 30) ? 'void' : 'paid');
	}
	for (const want of ['awaiting_approval', 'draft'] as const) {
		if ([...states.values()].includes(want)) continue;
		// a client slow to approve: the newest bill awaiting payment is still awaiting approval
		const newest = [...keys].reverse().find((k) => states.get(k) === 'awaiting_payment');
		if (newest) states.set(newest, want);
	}
	if (![...states.values()].includes('void')) {
		const firstPaid = keys.find((k) => states.get(k) === 'paid');
		if (firstPaid) states.set(firstPaid, 'void');
	}
	for (const key of keys) {
		const list = groups.get(key) as SeedEntry[];
		const [matterIdText, month] = key.split('|');
		const matter = matterById.get(Number(matterIdText)) as SeedMatter;
		const start = `${month}-01`;
		const endMs = Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0);
		const issuedMs = endMs + bRng.int(3, 12) * DAY;
		const state = states.get(key) as SeedBillState;
		const billId = 80001 + bills.length;
		// a few old entries were written off instead of billed
		const onBill = list.filter((e, idx) => !(state === 'paid' && idx === 0 && bRng.chance(0.05)));
		for (const e of list) {
			if (!onBill.includes(e)) {
				e.status = 'written_off';
				continue;
			}
			e.billId = billId;
			e.status = state === 'draft' || state === 'awaiting_approval' ? 'draft' : 'billed';
		}
		const billTotal = Decimal.sum(onBill.map((e) => e.total)).round(2);
		const paid = state === 'paid' ? billTotal : Decimal.ZERO;
		bills.push({
			id: billId,
			number: String(10000 + bills.length + 1),
			matterId: matter.id,
			clientId: matter.clientId,
			state,
			startAt: start,
			endAt: isoDate(endMs),
			issuedAt: isoDate(issuedMs),
			dueAt: isoDate(issuedMs + 30 * DAY),
			entryIds: onBill.map((e) => e.id),
			total: (state === 'void' ? Decimal.ZERO : billTotal).toFixed(2),
			paid: paid.toFixed(2),
			balance: (state === 'void' ? Decimal.ZERO : billTotal.sub(paid)).toFixed(2),
			createdAt: iso(issuedMs - DAY),
			updatedAt: iso(Math.min(capMs, issuedMs + (state === 'paid' ? 20 : 1) * DAY)),
		});
	}

	return {
		seed,
		size,
		asOf,
		name: 'Harrowgate & Finch LLP',
		lawFirmId: '36-4821937',
		address: { street: '200 West Madison Street, Suite 3100', city: 'Chicago', region: 'IL', postcode: '60606', country: 'US' },
		currency: 'USD',
		timeZone: 'America/Chicago',
		timekeepers,
		clients,
		matters,
		utbmsCodes,
		activityCodes,
		entries,
		bills,
	};
}

function clamp(v: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, v));
}
function uniq<T>(list: T[]): T[] {
	return [...new Set(list)];
}
function romanish(n: number): string {
	return ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'][n] ?? String(n);
}
