import { Decimal } from '../../../lib/money/decimal';
import type { Firm } from '../../seed';
import { eqKey, linkValue } from './keys';

export type Rec = Record<string, unknown> & { id: string | number; links?: Record<string, unknown> };

/** Relations of each resource: link name → the resource type it points at. */
export const RESOURCE_LINKS: Record<string, Record<string, string>> = {
	actions: { assignedTo: 'participants', actionType: 'actiontypes', primaryParticipants: 'participants' },
	actiontypes: {},
	participants: {},
	// timeentries.yaml: no `bill` link (and no billed flag) on a time entry
	timeentries: { action: 'actions', owner: 'participants', createdBy: 'participants', utbmsTaskCode: 'utbmscodes', utbmsActivityCode: 'utbmscodes' },
	// bills.yaml: `action` is a LIST of matters, the client is `theirParticipant`
	bills: { action: 'actions', theirParticipant: 'participants' },
	tasks: { action: 'actions', assignee: 'participants' },
	datacollections: {},
	datacollectionfields: { dataCollection: 'datacollections' },
	datacollectionrecords: { action: 'actions', dataCollection: 'datacollections' },
	datacollectionrecordvalues: { action: 'actions', dataCollectionField: 'datacollectionfields', dataCollectionRecord: 'datacollectionrecords', dataCollection: 'datacollections' },
	resthooks: {},
	utbmscodes: {},
};

/**
 * The 21 REST hook events Actionstep accepts (shared/vendor-specs/actionstep/resthook-events.json,
 * from https://docs.actionstep.com/webhooks): no bill events, no time-entry/task/matter deletes.
 */
export const RESTHOOK_EVENTS = [
	'ActionCreated',
	'ActionUpdated',
	'ActionDocumentCreated',
	'ActionDocumentUpdated',
	'ActionDocumentDeleted',
	'ActionParticipantAdded',
	'ActionParticipantDeleted',
	'DataCollectionRecordUpdated',
	'DataCollectionRecordDeleted',
	'DataCollectionRecordValueUpdated',
	'DisbursementCreated',
	'DisbursementUpdated',
	'FileNoteCreated',
	'FileNoteUpdated',
	'ParticipantCreated',
	'ParticipantUpdated',
	'StepChanged',
	'TaskCreated',
	'TaskUpdated',
	'TimeEntryCreated',
	'TimeEntryUpdated',
];

/** Resthook event name prefix per simulated resource (an event fires only when its name is in RESTHOOK_EVENTS). */
export const EVENT_PREFIX: Record<string, string> = {
	actions: 'Action',
	participants: 'Participant',
	timeentries: 'TimeEntry',
	tasks: 'Task',
	datacollectionrecords: 'DataCollectionRecord',
	datacollectionrecordvalues: 'DataCollectionRecordValue',
};

export const BILLING_COLLECTION_ID = 1;
export const BILLING_FIELDS: Array<{ name: string; label: string }> = [
	{ name: 'client_matter_id', label: 'Client Matter ID' },
	{ name: 'ledes_client_id', label: 'LEDES Client ID' },
	{ name: 'ebilling_status', label: 'E-billing Status' },
	{ name: 'rejection_reason', label: 'Rejection Reason' },
];

/**
 * A resource's records (id → record, in insertion order like any Map) that also files them by the
 * ids of one relation (e.g. a time entry's `action`), so `action_eq=` / `action_in=` reads cost
 * O(that matter's records), not O(all). `set` and `delete` keep the index; a record whose relation
 * changed in place must be followed by `reindex(id)`.
 */
export class LinkIndexedMap extends Map<string, Rec> {
	/** insertion sequence of each key (the Map's own order) */
	private readonly seq = new Map<string, number>();
	private nextSeq = 0;
	/** eqKey of a relation id → ids of the records holding it */
	private readonly byKey = new Map<string, Set<string>>();
	private readonly keysOf = new Map<string, string[]>();

	constructor(readonly link: string) {
		super();
	}

	override set(id: string, rec: Rec): this {
		// Map's constructor calls set() before the fields exist: only a constructor without entries is used
		if (!super.has(id)) this.seq.set(id, this.nextSeq++);
		super.set(id, rec);
		this.reindex(id);
		return this;
	}

	override delete(id: string): boolean {
		this.unfile(id);
		this.seq.delete(id);
		return super.delete(id);
	}

	override clear(): void {
		this.byKey.clear();
		this.keysOf.clear();
		this.seq.clear();
		super.clear();
	}

	/** Files a record again under the relation ids it holds now. */
	reindex(id: string): void {
		const rec = super.get(id);
		this.unfile(id);
		if (!rec) return;
		const keys = [...new Set(linkValue(rec, this.link).map(eqKey))];
		this.keysOf.set(id, keys);
		for (const k of keys) {
			let ids = this.byKey.get(k);
			if (!ids) this.byKey.set(k, (ids = new Set()));
			ids.add(id);
		}
	}

	/** The records whose relation holds one of `values` (compared as `matches` does), in the Map's order. */
	withLink(values: string[]): Rec[] {
		const ids = new Set<string>();
		for (const v of values) for (const id of this.byKey.get(eqKey(v)) ?? []) ids.add(id);
		return [...ids]
			.sort((a, b) => (this.seq.get(a) ?? 0) - (this.seq.get(b) ?? 0))
			.map((id) => super.get(id))
			.filter((r): r is Rec => r !== undefined);
	}

	private unfile(id: string): void {
		for (const k of this.keysOf.get(id) ?? []) {
			const ids = this.byKey.get(k);
			ids?.delete(id);
			if (ids && !ids.size) this.byKey.delete(k);
		}
		this.keysOf.delete(id);
	}
}

export interface ActionstepState {
	/** resource → id → record (Actionstep shape: attributes at the top, relations under `links`) */
	data: Record<string, Map<string, Rec>>;
	nextId: Record<string, number>;
}

const STATUS: Record<string, string> = { Open: 'Active', Pending: 'Active', Closed: 'Closed' };
const BILL_STATUS: Record<string, string> = { draft: 'Draft', awaiting_approval: 'Draft', awaiting_payment: 'Open', paid: 'Closed', void: 'Deleted' };

/** datacollectionrecordvalues.yaml: a value's id is `{dataCollectionId}--{fieldName}--{dataCollectionRecordId}`. */
export function recordValueId(dataCollectionId: string | number, field: string, recordId: string | number): string {
	return `${dataCollectionId}--${field}--${recordId}`;
}

export function buildActionstepState(firm: Firm): ActionstepState {
	const data: Record<string, Map<string, Rec>> = {};
	for (const r of Object.keys(RESOURCE_LINKS)) data[r] = new Map();
	// time entries are read per matter (action_eq=…): indexed by their action
	data.timeentries = new LinkIndexedMap('action');
	const put = (resource: string, rec: Rec) => data[resource].set(String(rec.id), rec);
	const stamp = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

	for (const t of firm.timekeepers) {
		const rec: Rec = {
			id: t.id,
			displayName: t.name,
			firstName: t.firstName,
			lastName: t.lastName,
			email: t.email,
			isCompany: 'F',
			// modelled: Actionstep has no LEDES classification; firms keep it in a participant custom field
			ledesClassification: t.classification,
			createdTimestamp: stamp(t.createdAt),
			modifiedTimestamp: stamp(t.createdAt),
			links: {},
		};
		// the simulator's own rate table: not a participant attribute, so never in an answer
		internal(rec, 'defaultRate', t.rate);
		put('participants', rec);
	}
	for (const c of firm.clients) {
		put('participants', {
			id: c.id,
			displayName: c.name,
			firstName: c.firstName ?? null,
			lastName: c.lastName ?? null,
			email: c.email,
			isCompany: c.type === 'Company' ? 'T' : 'F',
			createdTimestamp: stamp(c.createdAt),
			modifiedTimestamp: stamp(c.createdAt),
			links: {},
		});
	}
	const types = [...new Set(firm.matters.map((m) => m.matterType))];
	types.forEach((t, i) => put('actiontypes', { id: i + 1, name: t[0].toUpperCase() + t.slice(1), links: {} }));
	for (const m of firm.matters) {
		put('actions', {
			id: m.id,
			name: m.description,
			reference: m.displayNumber,
			status: STATUS[m.status] ?? 'Active',
			priority: 0,
			isBillableOverride: null,
			isFavorite: 'F',
			createdTimestamp: stamp(m.createdAt),
			modifiedTimestamp: stamp(m.createdAt),
			// actions.yaml: primaryParticipants is one id
			links: { assignedTo: String(m.responsibleTimekeeperId), actionType: String(types.indexOf(m.matterType) + 1), primaryParticipants: String(m.clientId) },
		});
	}
	// utbmscodes.yaml: the code is the id; no links
	for (const u of firm.utbmsCodes) put('utbmscodes', { id: u.code, categoryCode: u.type, parentUtbmsCode: null, description: u.name, overrideDescription: null, enabled: 'T' });
	for (const e of firm.entries) {
		if (e.kind !== 'fee') continue;
		put('timeentries', {
			id: e.id,
			timestampDate: e.date,
			description: e.narrative,
			actualHours: e.quantity,
			billableHours: e.quantity,
			billingBehavior: e.billable ? 'Bill' : 'No charge',
			rateUnitPrice: e.rate,
			billableAmount: e.total,
			isBillable: e.billable ? 'T' : 'F',
			createdTimestamp: stamp(e.createdAt),
			links: {
				action: String(e.matterId),
				owner: String(e.timekeeperId),
				createdBy: String(e.timekeeperId),
				utbmsTaskCode: e.taskCode ?? null,
				utbmsActivityCode: e.activityCode ?? null,
			},
		});
	}
	for (const b of firm.bills) {
		put('bills', {
			id: b.id,
			status: BILL_STATUS[b.state] ?? 'Draft',
			// bills.yaml has no invoice number: the firm's number is `ourReference`, the client's `theirReference`
			ourReference: b.number,
			theirReference: null,
			currency: 'USD',
			invoiceDate: b.issuedAt,
			dueDate: b.dueAt,
			totalInclusive: b.total,
			totalExclusive: b.total,
			totalSalesTax: '0.00',
			totalPaid: Decimal.from(b.total).sub(Decimal.from(b.balance)).toFixed(2),
			totalDue: b.balance,
			createdTimestamp: stamp(b.createdAt),
			modifiedTimestamp: stamp(b.updatedAt),
			links: { action: [String(b.matterId)], theirParticipant: String(b.clientId) },
		});
	}
	put('datacollections', { id: BILLING_COLLECTION_ID, name: 'billing', label: 'Billing', multipleRecords: 'F', links: {} });
	for (const f of BILLING_FIELDS) {
		put('datacollectionfields', { id: `${BILLING_COLLECTION_ID}--${f.name}`, name: f.name, label: f.label, dataType: 'Str255', links: { dataCollection: String(BILLING_COLLECTION_ID) } });
	}
	const clientById = new Map(firm.clients.map((c) => [c.id, c]));
	for (const m of firm.matters) {
		const recordId = 100000 + m.id;
		put('datacollectionrecords', { id: recordId, links: { action: String(m.id), dataCollection: String(BILLING_COLLECTION_ID) } });
		const client = clientById.get(m.clientId);
		const values: Record<string, string> = { client_matter_id: m.clientMatterId, ledes_client_id: client?.ledesClientId ?? '' };
		for (const [field, value] of Object.entries(values)) {
			put('datacollectionrecordvalues', {
				id: recordValueId(BILLING_COLLECTION_ID, field, recordId),
				stringValue: value,
				links: { action: String(m.id), dataCollectionField: `${BILLING_COLLECTION_ID}--${field}`, dataCollectionRecord: String(recordId), dataCollection: String(BILLING_COLLECTION_ID) },
			});
		}
	}
	const nextId: Record<string, number> = {};
	for (const [r, map] of Object.entries(data)) {
		// a loop, not Math.max(...ids): a 100k-entry firm has more ids than the call stack takes arguments
		let max = 0;
		for (const key of map.keys()) if (Number.isInteger(Number(key)) && Number(key) > max) max = Number(key);
		nextId[r] = max + 1;
	}
	nextId.tasks = Math.max(nextId.tasks, 600001);
	nextId.resthooks = Math.max(nextId.resthooks, 1);
	return { data, nextId };
}

/** A value the simulator keeps on a record but never answers (not enumerable, so JSON leaves it out). */
export function internal(rec: Rec, name: string, value: unknown): void {
	Object.defineProperty(rec, name, { value, enumerable: false, writable: true, configurable: true });
}

/** Recomputes a time entry's billable amount (hours × rate, exact). */
export function billableAmount(rec: Rec): string | undefined {
	const h = Decimal.tryFrom(String(rec.billableHours ?? rec.actualHours ?? ''));
	const r = Decimal.tryFrom(String(rec.rateUnitPrice ?? ''));
	return h && r ? h.mul(r).round(2).toFixed(2) : undefined;
}
