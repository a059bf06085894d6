/**
 * Budget watch: burn per matter and UTBMS phase from warehouse rows, alerts at thresholds (each
 * once: the keys of alerts already sent are given back), and a forecast of the month-end burn from
 * the month so far. Pure: "today" is a calendar date in the firm's time zone, given by the caller
 * (the template's settings), never read from the clock. Money is exact (Decimal), never a float.
 */
import { Decimal } from '../money/decimal';
import { dayNumber, isIsoDate } from '../model/dates';
import { formatMoney as money } from '../money/fixed';
import type { BudgetModel } from './model';

/** A warehouse row (Data Table `legal_billing_entries_warehouse`, written by template 3). */
export interface WarehouseRow {
	entryId?: string;
	matter?: string;
	clientMatterId?: string;
	date?: string;
	kind?: string;
	total?: string | number;
	taskCode?: string;
	ocgStatus?: string;
}

export interface MonthForecast {
	/** first day of today's month */
	monthStart: string;
	/** days of the month up to and including today */
	daysElapsed: number;
	daysInMonth: number;
	/** spent from the first of the month to today */
	monthToDate: string;
	/** the month's burn at the same daily pace: monthToDate × daysInMonth / daysElapsed, to the cent (half up) */
	monthEnd: string;
}

/** Days in the month of an ISO date. */
function daysInMonth(iso: string): number {
	const y = Number(iso.slice(0, 4));
	const m = Number(iso.slice(5, 7));
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	return dayNumber(next) - dayNumber(`${iso.slice(0, 8)}01`);
}

/**
 * Month-end burn forecast from the month so far (linear: the same spend per calendar day). `today`
 * is the firm's calendar date ("YYYY-MM-DD", in the firm's time zone), counted as elapsed.
 */
export function forecastMonthEnd(monthToDate: Decimal | string, today: string): MonthForecast {
	if (!isIsoDate(today)) throw new RangeError(`today must be an ISO date "YYYY-MM-DD", got "${String(today)}"`);
	const mtd = Decimal.from(monthToDate);
	const days = daysInMonth(today);
	const elapsed = Number(today.slice(8, 10));
	return {
		monthStart: `${today.slice(0, 8)}01`,
		daysElapsed: elapsed,
		daysInMonth: days,
		monthToDate: money(mtd),
		monthEnd: money(mtd.mul(days).div(elapsed, 2)),
	};
}

export interface BurnLine {
	matter: string;
	/** UTBMS phase ("" = the matter's total budget) */
	phase: string;
	key: string;
	responsible: string;
	responsibleEmail: string;
	budget: string;
	/** everything spent up to today (and the model's `spent` from before the warehouse) */
	spent: string;
	remaining: string;
	/** spent / budget, percent, one decimal (half up) */
	percent: string;
	/** spent today: the day's burn */
	today: string;
	forecast: MonthForecast;
	/** spent at the month's end if the month goes on at its pace so far */
	forecastSpent: string;
	forecastPercent: string;
	/** thresholds (percent) reached */
	reached: number[];
}

export interface BudgetAlert {
	/** matter|phase|threshold: what is remembered so an alert goes out once */
	alertKey: string;
	matter: string;
	phase: string;
	threshold: number;
	percent: string;
	budget: string;
	spent: string;
	forecastSpent: string;
	responsible: string;
	responsibleEmail: string;
	text: string;
}

export interface WatchInput {
	model: BudgetModel;
	rows: readonly unknown[];
	/** the firm's calendar date */
	today: string;
	/** alert thresholds in percent (default: the model's, 80 and 100) */
	thresholds?: readonly number[];
	/** keys of the alerts already sent (BudgetAlert.alertKey) */
	sent?: Iterable<string>;
}

export interface WatchResult {
	lines: BurnLine[];
	alerts: BudgetAlert[];
	/** rows that could not be read (row index and why): counted nowhere, listed here */
	notices: string[];
}

const MAX_ROWS = 1_000_000;

/** Burn, thresholds and forecast for every budget of the model, from warehouse rows. Linear in the rows. */
export function watchBudgets(input: WatchInput): WatchResult {
	const { model, rows, today } = input;
	if (!isIsoDate(today)) throw new RangeError(`today must be an ISO date "YYYY-MM-DD", got "${String(today)}"`);
	if (rows.length > MAX_ROWS) throw new RangeError(`at most ${MAX_ROWS} warehouse rows, got ${rows.length}`);
	const thresholds = [...(input.thresholds?.length ? input.thresholds : model.thresholds)].sort((a, b) => a - b);
	const sent = new Set(input.sent ?? []);
	const monthStart = `${today.slice(0, 8)}01`;
	const notices: string[] = [];

	// one bucket per budget line; a row counts for its matter's total and for its phase
	interface Bucket {
		spent: Decimal;
		mtd: Decimal;
		day: Decimal;
	}
	const buckets = new Map<string, Bucket>();
	const matterOf = new Map<string, { m: BudgetModel['matters'][number]; phases: string[] }>();
	for (const m of model.matters) matterOf.set(m.matter, { m, phases: Object.keys(m.phases ?? {}) });
	const add = (key: string, v: Decimal, date: string) => {
		let b = buckets.get(key);
		if (!b) buckets.set(key, (b = { spent: Decimal.ZERO, mtd: Decimal.ZERO, day: Decimal.ZERO }));
		b.spent = b.spent.add(v);
		if (date >= monthStart) b.mtd = b.mtd.add(v);
		if (date === today) b.day = b.day.add(v);
	};
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i] as WarehouseRow | null;
		if (!r || typeof r !== 'object') {
			notices.push(`row ${i}: not an object`);
			continue;
		}
		const hit = matterOf.get(String(r.matter ?? '')) ?? matterOf.get(String(r.clientMatterId ?? ''));
		if (!hit) continue;
		if (String(r.ocgStatus ?? '').startsWith('duplicate')) continue; // counted once, under the kept entry
		const date = String(r.date ?? '');
		if (!isIsoDate(date)) {
			notices.push(`row ${i} (entry ${r.entryId ?? '?'}): date "${String(r.date ?? "").slice(0, 40)}" is not an ISO date`);
			continue;
		}
		if (date > today) continue;
		const kind = String(r.kind ?? 'fee');
		if (!hit.m.includeExpenses && kind !== 'fee' && kind !== 'feeAdjustment') continue;
		const total = Decimal.tryFrom(typeof r.total === 'string' ? r.total.trim() : r.total);
		if (!total) {
			notices.push(`row ${i} (entry ${r.entryId ?? '?'}): total "${String(r.total).slice(0, 40)}" is not a decimal`);
			continue;
		}
		const m = hit.m.matter;
		add(`${m}|`, total, date);
		const task = String(r.taskCode ?? '').toUpperCase();
		for (const ph of hit.phases) if (/^[A-Z]\d00$/.test(ph) ? task.startsWith(ph.slice(0, 2)) : task === ph) add(`${m}|${ph}`, total, date);
	}

	const lines: BurnLine[] = [];
	const alerts: BudgetAlert[] = [];
	const pct = (part: Decimal, whole: Decimal) => (whole.isZero() ? '' : part.mul(100).div(whole, 1).toFixed(1));
	for (const { m, phases } of matterOf.values()) {
		const budgets: Array<[string, string]> = [...(m.total !== undefined ? [['', m.total] as [string, string]] : []), ...phases.map((p) => [p, m.phases![p]] as [string, string])];
		for (const [phase, amount] of budgets) {
			const key = `${m.matter}|${phase}`;
			const b = buckets.get(key) ?? { spent: Decimal.ZERO, mtd: Decimal.ZERO, day: Decimal.ZERO };
			const budget = Decimal.from(amount);
			const spent = b.spent.add(phase ? '0' : m.spent);
			const forecast = forecastMonthEnd(b.mtd, today);
			const forecastSpent = spent.sub(b.mtd).add(forecast.monthEnd);
			// exact comparison: spent × 100 ≥ budget × threshold
			const reached = budget.isZero() ? [] : thresholds.filter((t) => spent.mul(100).gte(budget.mul(Decimal.from(t))));
			const line: BurnLine = {
				matter: m.matter,
				phase,
				key,
				responsible: m.responsible ?? '',
				responsibleEmail: m.responsibleEmail ?? '',
				budget: money(budget),
				spent: money(spent),
				remaining: money(budget.sub(spent)),
				percent: pct(spent, budget),
				today: money(b.day),
				forecast,
				forecastSpent: money(forecastSpent),
				forecastPercent: pct(forecastSpent, budget),
				reached,
			};
			lines.push(line);
			for (const t of reached) {
				const alertKey = `${key}|${t}`;
				if (sent.has(alertKey)) continue;
				const what = phase ? `matter ${m.matter}, phase ${phase}` : `matter ${m.matter}`;
				alerts.push({
					alertKey,
					matter: m.matter,
					phase,
					threshold: t,
					percent: line.percent,
					budget: line.budget,
					spent: line.spent,
					forecastSpent: line.forecastSpent,
					responsible: line.responsible,
					responsibleEmail: line.responsibleEmail,
					text:
						`Budget alert for ${m.responsible || 'the responsible attorney'}: ${what} has reached ${t}% of its budget ` +
						`(${line.spent} of ${line.budget}${model.currency ? ` ${model.currency}` : ''}, ${line.percent}%). ` +
						`Month-end forecast: ${line.forecastSpent} (${line.forecastPercent}%).`,
				});
			}
		}
	}
	return { lines, alerts, notices };
}
