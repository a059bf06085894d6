/**
 * Actionstep time entry → canonical BillingEntry. Pure: no n8n, no HTTP.
 *
 * Accepts a `timeentries` record as Actionstep returns it (JSON:API-style: attributes at the top,
 * relations under `links`, booleans "T"/"F", numbers sometimes as strings) or as the Actionstep node
 * flattens it (relations as `<name>Id`, linked records resolved under `<name>`).
 */
import { Decimal } from '../money/decimal';
import type { BillingEntry, ClientRef, MatterRef, Timekeeper } from '../model';

type Rec = Record<string, unknown>;

export interface ActionstepLinked {
	actions?: Rec[];
	participants?: Rec[];
	utbmscodes?: Rec[];
}

export interface ActionstepMapOptions {
	/** records from the response's `linked` section, used to name the matter, timekeeper, client */
	linked?: ActionstepLinked;
	/** ISO 4217, e.g. "AUD"; Actionstep amounts carry no currency */
	currency?: string;
	/** IANA zone the firm's dates are in, e.g. "Australia/Sydney" */
	timeZone?: string;
	/** LEDES timekeeper classification per participant id (Actionstep has no such field) */
	classifications?: Record<string, string>;
	/** the client's ids per action id (often kept in an Actionstep data collection) */
	matterExtras?: Record<string, { clientMatterId?: string; ledesClientId?: string; clientId?: string; clientName?: string }>;
}

export class ActionstepMappingError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ActionstepMappingError';
	}
}

function str(v: unknown): string | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v === 'object') {
		const o = v as Rec;
		if (o.id !== undefined) return str(o.id);
		return undefined;
	}
	return String(v);
}

/** A relation id from `links.<name>`, `<name>Id` or a resolved `<name>` object. */
function relation(rec: Rec, name: string): string | undefined {
	const links = (rec.links ?? {}) as Rec;
	const l = links[name];
	if (Array.isArray(l)) return str(l[0]);
	return str(l) ?? str(rec[`${name}Id`]) ?? (typeof rec[name] === 'object' ? str(rec[name]) : undefined);
}

/** Actionstep booleans: "T"/"F" (also true/false, "true"/"false"). */
export function actionstepBool(v: unknown): boolean | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	if (typeof v === 'boolean') return v;
	const s = String(v).trim().toUpperCase();
	if (s === 'T' || s === 'TRUE' || s === 'Y' || s === '1') return true;
	if (s === 'F' || s === 'FALSE' || s === 'N' || s === '0') return false;
	return undefined;
}

function decimalField(rec: Rec, name: string, required: boolean): Decimal | undefined {
	const v = rec[name];
	if (v === undefined || v === null || v === '') {
		if (required) throw new ActionstepMappingError(name, `Actionstep time entry ${str(rec.id) ?? '?'}: "${name}" is missing`);
		return undefined;
	}
	const d = Decimal.tryFrom(typeof v === 'number' ? String(v) : v);
	if (!d) throw new ActionstepMappingError(name, `Actionstep time entry ${str(rec.id) ?? '?'}: "${name}" is not a number (got ${JSON.stringify(v)})`);
	return d;
}

/** "2026-11-02", "2026-11-02T09:30:00+10:00" → "2026-11-02" (the local date as written). */
function isoDate(rec: Rec): string {
	const v = rec.timestampDate ?? rec.date;
	const s = typeof v === 'string' ? v.trim() : '';
	const m = /^(\d{4}-\d{2}-\d{2})/.exec(s);
	if (!m) throw new ActionstepMappingError('timestampDate', `Actionstep time entry ${str(rec.id) ?? '?'}: "timestampDate" is not an ISO date (got ${JSON.stringify(v)})`);
	return m[1];
}

function findLinked(list: Rec[] | undefined, id: string | undefined): Rec | undefined {
	if (!list || id === undefined) return undefined;
	return list.find((r) => String(r.id) === id);
}

function utbmsCode(rec: Rec, name: string, linked: Rec[] | undefined): string | undefined {
	const id = relation(rec, name);
	if (id === undefined) return undefined;
	const l = findLinked(linked, id);
	return str(l?.code) ?? id;
}

export function actionstepTimeEntryToBillingEntry(record: Rec, options: ActionstepMapOptions = {}): BillingEntry {
	const id = str(record.id);
	if (id === undefined) throw new ActionstepMappingError('id', 'Actionstep time entry has no "id"');
	const linked = options.linked ?? {};

	const actionId = relation(record, 'action');
	const ownerId = relation(record, 'owner');
	const action = (typeof record.action === 'object' ? (record.action as Rec) : undefined) ?? findLinked(linked.actions, actionId);
	const owner = (typeof record.owner === 'object' ? (record.owner as Rec) : undefined) ?? findLinked(linked.participants, ownerId);

	const billableHours = decimalField(record, 'billableHours', false);
	const actualHours = decimalField(record, 'actualHours', false);
	const quantity = billableHours ?? actualHours;
	if (!quantity) throw new ActionstepMappingError('billableHours', `Actionstep time entry ${id}: neither "billableHours" nor "actualHours" is set`);
	const rate = decimalField(record, 'rateUnitPrice', false) ?? Decimal.from('0');
	const stated = decimalField(record, 'billableAmount', false);
	const computed = quantity.mul(rate).round(2);
	const adjustment = stated ? stated.sub(computed) : Decimal.from('0');

	const behaviour = str(record.billingBehavior);
	const isBillable = actionstepBool(record.isBillable);
	const billable = isBillable !== false && behaviour !== 'No charge' && behaviour !== 'Hide';
	// Actionstep's published time entry has no billed flag and no bill link (timeentries.yaml): a
	// billable entry maps as 'unbilled' unless the record carries one (another source's export)
	const billed = actionstepBool(record.isBilled);
	const billId = relation(record, 'bill');

	let timekeeper: Timekeeper | undefined;
	if (ownerId !== undefined) {
		const first = str(owner?.firstName);
		const last = str(owner?.lastName);
		timekeeper = {
			id: ownerId,
			...(owner ? { name: str(owner.displayName) ?? str(owner.name) ?? ([first, last].filter(Boolean).join(' ') || undefined) } : {}),
			...(first ? { firstName: first } : {}),
			...(last ? { lastName: last } : {}),
			...((options.classifications?.[ownerId] ?? str(owner?.ledesClassification))
				? { classification: options.classifications?.[ownerId] ?? str(owner?.ledesClassification) }
				: {}),
			...(str(owner?.email) ? { email: str(owner?.email) } : {}),
		};
	}

	let matter: MatterRef | undefined;
	let client: ClientRef | undefined;
	if (actionId !== undefined) {
		const extras = options.matterExtras?.[actionId] ?? {};
		matter = {
			id: actionId,
			...(str(action?.reference) ? { number: str(action?.reference) } : {}),
			...(str(action?.name) ? { name: str(action?.name) } : {}),
			...((extras.clientMatterId ?? str(action?.clientMatterId)) ? { clientMatterId: extras.clientMatterId ?? str(action?.clientMatterId) } : {}),
		};
		const clientId = extras.clientId ?? (action ? relation(action, 'primaryParticipants') : undefined);
		if (clientId !== undefined) {
			const c = findLinked(linked.participants, clientId);
			client = {
				id: clientId,
				...((extras.clientName ?? str(c?.displayName)) ? { name: extras.clientName ?? str(c?.displayName) } : {}),
				...((extras.ledesClientId ?? str(action?.ledesClientId)) ? { ledesClientId: extras.ledesClientId ?? str(action?.ledesClientId) } : {}),
			};
		}
	}

	const task = utbmsCode(record, 'utbmsTaskCode', linked.utbmscodes);
	const activity = utbmsCode(record, 'utbmsActivityCode', linked.utbmscodes);
	const extra: Record<string, unknown> = {};
	if (actualHours) extra.actualHours = actualHours.toString();
	if (behaviour) extra.billingBehavior = behaviour;
	if (billId) extra.billId = billId;

	const entry: BillingEntry = {
		id: `actionstep:timeentry:${id}`,
		source: { system: 'actionstep', id, type: 'timeentries' },
		kind: 'fee',
		date: isoDate(record),
		...(options.timeZone ? { timeZone: options.timeZone } : {}),
		...(timekeeper ? { timekeeper } : {}),
		...(client ? { client } : {}),
		...(matter ? { matter } : {}),
		quantity: quantity.toString(),
		rate: rate.toString(),
		adjustment: adjustment.toFixed(2),
		total: (stated ?? computed).toFixed(2),
		...(options.currency ? { currency: options.currency } : {}),
		...(task || activity ? { codes: { ...(task ? { task } : {}), ...(activity ? { activity } : {}) } } : {}),
		narrative: str(record.description) ?? '',
		billable,
		billingStatus: billed === true || billId ? 'billed' : billable ? 'unbilled' : 'nonBillable',
		...(Object.keys(extra).length ? { extra } : {}),
	};
	return entry;
}

/** Maps every time entry of an Actionstep `timeentries` response, resolving relations from its `linked` section. */
export function actionstepTimeEntriesFromResponse(response: Rec, options: Omit<ActionstepMapOptions, 'linked'> = {}): BillingEntry[] {
	const data = response.timeentries;
	const list = Array.isArray(data) ? (data as Rec[]) : data ? [data as Rec] : [];
	const linked = (response.linked ?? {}) as ActionstepLinked;
	return list.map((r) => actionstepTimeEntryToBillingEntry(r, { ...options, linked }));
}
