/**
 * Clio Manage v4 records → the canonical billing model. Pure: no n8n import, no I/O.
 *
 * Facts this relies on (Clio API 4.0.4 and later):
 * - an Activity's `quantity` and `rounded_quantity` are in SECONDS for time entries (TimeEntry); for
 *   expense entries (ExpenseEntry, HardCostEntry, SoftCostEntry) `quantity` is a unit count;
 * - `price` is the hourly rate (time) or unit cost (expense), `total` what the entry bills;
 * - UTBMS task/activity codes live on the entry's activity description, not on the entry;
 *   expense codes on `utbms_expense`.
 * Amounts arrive as JSON numbers: they are turned into decimal strings once, here, through Decimal's
 * shortest round-trip conversion, and never touched as floats again.
 */
import { Decimal } from '../money/decimal';
import type { BillingEntry, EntryKind, UtbmsCodes } from '../model';

export const CLIO_SECONDS_PER_HOUR = 3600;

export type ClioNumber = number | string | null | undefined;

export interface ClioNamedRef {
	id: number | string;
	name?: string;
	[k: string]: unknown;
}

export interface ClioActivity {
	id: number | string;
	type?: string;
	date?: string;
	quantity?: ClioNumber;
	rounded_quantity?: ClioNumber;
	quantity_in_hours?: ClioNumber;
	rounded_quantity_in_hours?: ClioNumber;
	price?: ClioNumber;
	total?: ClioNumber;
	note?: string | null;
	flat_rate?: boolean;
	billed?: boolean;
	on_bill?: boolean;
	non_billable?: boolean;
	no_charge?: boolean;
	reference?: string | null;
	currency?: { code?: string; [k: string]: unknown } | null;
	matter?: (ClioNamedRef & { display_number?: string; description?: string; client_reference?: string; client_id?: number }) | null;
	user?: (ClioNamedRef & { first_name?: string; last_name?: string; email?: string }) | null;
	bill?: (ClioNamedRef & { state?: string; number?: string }) | null;
	activity_description?: (ClioNamedRef & {
		utbms_task_id?: number | null;
		utbms_task_name?: string | null;
		utbms_activity_id?: number | null;
	}) | null;
	utbms_expense?: (ClioNamedRef & { code?: string }) | null;
	expense_category?: ClioNamedRef | null;
	[k: string]: unknown;
}

/** An activity description as listed with `utbms_task{id,code}` and `utbms_activity{id,code}`. */
export interface ClioActivityDescription {
	id: number | string;
	name?: string;
	utbms_task_id?: number | null;
	utbms_task_name?: string | null;
	utbms_activity_id?: number | null;
	utbms_task?: { id?: number | string; code?: string; name?: string } | null;
	utbms_activity?: { id?: number | string; code?: string; name?: string } | null;
	[k: string]: unknown;
}

/** Matter details for an entry (from `/matters.json` with `client{…}`), keyed by matter id. */
export interface ClioMatterInfo {
	id: number | string;
	display_number?: string;
	description?: string;
	client_reference?: string | null;
	practice_area?: { name?: string } | null;
	client?: { id: number | string; name?: string; ledes_client_id?: string | null } | null;
	[k: string]: unknown;
}

export interface ClioMappingContext {
	/** UTBMS lookup built by `buildClioUtbmsIndex` from the firm's activity descriptions */
	utbms?: ClioUtbmsIndex;
	/** matter id → matter with its client (for LEDES client/matter ids) */
	matters?: Record<string, ClioMatterInfo>;
	/** user id → LEDES timekeeper classification (PARTNR, ASSOC, …) */
	classifications?: Record<string, string>;
	/** IANA time zone of the firm, stated on each entry */
	timeZone?: string;
	/** currency when the entry carries none */
	currency?: string;
	/** use `rounded_quantity` (what Clio bills) rather than the raw `quantity`; default true */
	useRoundedQuantity?: boolean;
}

const CLIO_UTBMS_CODE = /^\s*([A-Z]\d{3})\b/;

/** "L110 Fact Investigation" → "L110"; undefined when the text does not start with a UTBMS code. */
export function clioUtbmsCodeFromText(text: unknown): string | undefined {
	if (typeof text !== 'string') return undefined;
	return CLIO_UTBMS_CODE.exec(text)?.[1];
}

/** Exact decimal string of a Clio number (JSON number or numeric string); undefined when absent. */
export function clioDecimal(value: ClioNumber): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	return Decimal.from(value).toString();
}

/** Seconds → hours as an exact decimal string (up to 6 places, trailing zeros dropped): 5400 → "1.5". */
export function clioSecondsToHours(seconds: ClioNumber): string | undefined {
	if (seconds === null || seconds === undefined || seconds === '') return undefined;
	return Decimal.from(seconds).div(CLIO_SECONDS_PER_HOUR, 6).toString();
}

/** Hours → whole seconds for Clio's `quantity` ("0.1" → 360; rounded half up to the second). */
export function clioHoursToSeconds(hours: string | number): number {
	const d = Decimal.from(hours);
	if (d.isNegative()) throw new RangeError(`Hours must not be negative: "${hours}"`);
	return Number(d.mul(CLIO_SECONDS_PER_HOUR).round(0).toString());
}

export function isClioTimeEntry(activity: Pick<ClioActivity, 'type'>): boolean {
	return activity.type === 'TimeEntry';
}

export interface ClioUtbmsIndex {
	byDescription: Record<string, UtbmsCodes & { name?: string }>;
	byCodeId: Record<string, string>;
}

/** Indexes the firm's activity descriptions: description id → codes, UTBMS code id → code. */
export function buildClioUtbmsIndex(descriptions: ClioActivityDescription[]): ClioUtbmsIndex {
	const index: ClioUtbmsIndex = { byDescription: {}, byCodeId: {} };
	for (const d of descriptions) {
		const task = d.utbms_task?.code ?? clioUtbmsCodeFromText(d.utbms_task?.name) ?? clioUtbmsCodeFromText(d.utbms_task_name);
		const activity = d.utbms_activity?.code ?? clioUtbmsCodeFromText(d.utbms_activity?.name);
		if (task && (d.utbms_task?.id ?? d.utbms_task_id) !== undefined && (d.utbms_task?.id ?? d.utbms_task_id) !== null)
			index.byCodeId[String(d.utbms_task?.id ?? d.utbms_task_id)] = task;
		if (activity && (d.utbms_activity?.id ?? d.utbms_activity_id) !== undefined && (d.utbms_activity?.id ?? d.utbms_activity_id) !== null)
			index.byCodeId[String(d.utbms_activity?.id ?? d.utbms_activity_id)] = activity;
		index.byDescription[String(d.id)] = { task, activity, name: d.name };
	}
	return index;
}

/** The UTBMS codes of one Clio activity: from its activity description (task, activity) and its
 * `utbms_expense` (expense). Uses the index when given, else what the nested objects carry. */
export function clioActivityUtbmsCodes(activity: ClioActivity, index?: ClioUtbmsIndex): UtbmsCodes {
	const codes: UtbmsCodes = {};
	const ad = activity.activity_description;
	if (ad) {
		const known = index?.byDescription[String(ad.id)];
		const task =
			known?.task ??
			(ad.utbms_task_id != null ? index?.byCodeId[String(ad.utbms_task_id)] : undefined) ??
			clioUtbmsCodeFromText(ad.utbms_task_name);
		const act = known?.activity ?? (ad.utbms_activity_id != null ? index?.byCodeId[String(ad.utbms_activity_id)] : undefined) ?? clioUtbmsCodeFromText(ad.name);
		if (task) codes.task = task;
		if (act && act !== task) codes.activity = act;
	}
	const exp = activity.utbms_expense;
	if (exp) {
		const code = exp.code ?? clioUtbmsCodeFromText(exp.name) ?? (index ? index.byCodeId[String(exp.id)] : undefined);
		if (code) codes.expense = code;
	}
	return codes;
}

/** Clio's billing status of an entry, in the words of its `status` filter. */
export function clioActivityStatus(a: ClioActivity): string {
	if (a.billed) return 'billed';
	if (a.on_bill) return 'draft';
	if (a.non_billable || a.no_charge) return 'non_billable';
	return 'unbilled';
}

function entryKind(a: ClioActivity): EntryKind {
	return isClioTimeEntry(a) ? 'fee' : 'expense';
}

function requireField<T>(value: T | null | undefined, name: string, id: unknown): T {
	if (value === null || value === undefined || value === '')
		throw new Error(`Clio activity ${String(id)}: field "${name}" is missing — request it in "fields"`);
	return value;
}

/**
 * One Clio activity → one canonical BillingEntry. Throws (naming the activity and the field) when a
 * field the model needs is missing, so nothing is silently dropped.
 */
export function clioActivityToBillingEntry(activity: ClioActivity, ctx: ClioMappingContext = {}): BillingEntry {
	const id = requireField(activity.id, 'id', activity.id);
	const type = requireField(activity.type, 'type', id);
	const date = requireField(activity.date, 'date', id);
	const fee = type === 'TimeEntry';
	const useRounded = ctx.useRoundedQuantity !== false;
	let quantity: string;
	if (fee) {
		const seconds = useRounded && activity.rounded_quantity != null ? activity.rounded_quantity : activity.quantity;
		if (seconds != null) quantity = clioSecondsToHours(seconds)!;
		else quantity = clioDecimal(requireField(activity.quantity_in_hours, 'quantity', id))!;
	} else {
		quantity = clioDecimal(requireField(activity.quantity, 'quantity', id))!;
	}
	const rate = clioDecimal(requireField(activity.price, 'price', id))!;
	const computed = Decimal.from(quantity).mul(rate).round(2);
	const total = clioDecimal(activity.total) ?? computed.toString();
	// Flat-rate entries and Clio's own rounding can make total ≠ quantity × rate: the difference is
	// carried as the line adjustment so that quantity × rate + adjustment = total holds exactly.
	const adjustment = Decimal.from(total).sub(Decimal.from(quantity).mul(rate)).toString();

	const entry: BillingEntry = {
		id: `clio:activity:${id}`,
		source: { system: 'clio', id: String(id), type },
		kind: entryKind(activity),
		date,
		quantity,
		rate,
		adjustment,
		total,
		billable: !(activity.non_billable || activity.no_charge),
		billingStatus: clioActivityStatus(activity),
	};
	if (ctx.timeZone) entry.timeZone = ctx.timeZone;
	const currency = activity.currency?.code ?? ctx.currency;
	if (currency) entry.currency = currency;
	if (activity.note) entry.narrative = activity.note;

	const user = activity.user;
	if (user) {
		entry.timekeeper = { id: String(user.id) };
		if (user.name) entry.timekeeper.name = user.name;
		if (user.first_name) entry.timekeeper.firstName = user.first_name;
		if (user.last_name) entry.timekeeper.lastName = user.last_name;
		if (user.email) entry.timekeeper.email = user.email;
		const cls = ctx.classifications?.[String(user.id)];
		if (cls) entry.timekeeper.classification = cls;
	}

	const m = activity.matter;
	if (m) {
		const info = ctx.matters?.[String(m.id)];
		entry.matter = { id: String(m.id) };
		const number = info?.display_number ?? m.display_number;
		const name = info?.description ?? m.description;
		const clientMatterId = info?.client_reference ?? m.client_reference;
		if (number) entry.matter.number = number;
		if (name) entry.matter.name = name;
		if (clientMatterId) entry.matter.clientMatterId = clientMatterId;
		if (info?.practice_area?.name) entry.matter.matterType = info.practice_area.name;
		const client = info?.client;
		if (client) {
			entry.client = { id: String(client.id) };
			if (client.name) entry.client.name = client.name;
			if (client.ledes_client_id) entry.client.ledesClientId = client.ledes_client_id;
		} else if (m.client_id != null) {
			entry.client = { id: String(m.client_id) };
		}
	}

	const codes = clioActivityUtbmsCodes(activity, ctx.utbms);
	if (Object.keys(codes).length) entry.codes = codes;
	const firm: NonNullable<BillingEntry['firmCodes']> = {};
	if (activity.activity_description?.name) firm.activityDescription = activity.activity_description.name;
	if (activity.expense_category?.name) firm.expenseCategory = activity.expense_category.name;
	if (Object.keys(firm).length) entry.firmCodes = firm;

	const extra: Record<string, unknown> = {};
	if (activity.flat_rate) extra.flatRate = true;
	if (activity.reference) extra.reference = activity.reference;
	if (activity.bill?.id != null) extra.billId = String(activity.bill.id);
	if (Object.keys(extra).length) entry.extra = extra;
	return entry;
}
