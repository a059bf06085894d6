import { createHash } from 'node:crypto';
import { Decimal } from '../../../lib/money/decimal';
import type { Firm, SeedBillState } from '../../seed';
import { Collection } from './collection';

/**
 * The Clio simulator's data, built from the shared firm seed. Records are kept close to Clio's
 * API (snake_case), with relations as ids; `models.ts` renders them.
 *
 * Mapping from the seed (modelled, documented in docs/sandbox.md):
 * - timekeepers → users; the LEDES classification is on the user's `job_title` (`initials` =
 *   revised code, e.g. PARTNR; `name` = "Partner");
 * - clients → contacts with `is_client` and `ledes_client_id`; matters → matters with
 *   `client_reference` = the client's matter id (LEDES CLIENT_MATTER_ID);
 * - UTBMS task/activity pairs → activity descriptions with `utbms_task_id`/`utbms_activity_id`
 *   (ids of /utbms/codes.json records) and `utbms_task_name` = "L120 Analysis/Strategy";
 * - entries → activities: TimeEntry `quantity` in SECONDS, ExpenseEntry `quantity` in units,
 *   UTBMS expense code as `utbms_expense`.
 */
export interface ClioUser {
	id: number;
	first_name: string;
	last_name: string;
	name: string;
	initials: string;
	email: string;
	enabled: boolean;
	rate: string;
	subscription_type: 'Attorney' | 'NonAttorney';
	classification: string;
	job_title_name: string;
	account_owner: boolean;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioContact {
	id: number;
	type: 'Person' | 'Company';
	name: string;
	first_name: string | null;
	last_name: string | null;
	primary_email_address: string | null;
	primary_phone_number: string | null;
	ledes_client_id: string | null;
	is_client: boolean;
	sales_tax_number: string | null;
	address: { street: string; city: string; province: string; postal_code: string; country: string } | null;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioMatter {
	id: number;
	number: number;
	display_number: string;
	description: string;
	status: 'Pending' | 'Open' | 'Closed';
	client_id: number;
	client_reference: string | null;
	billable: boolean;
	billing_method: 'flat' | 'contingency' | 'hourly';
	open_date: string | null;
	close_date: string | null;
	pending_date: string | null;
	responsible_attorney_id: number | null;
	originating_attorney_id: number | null;
	practice_area: string;
	matter_type: string;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioUtbmsCode {
	id: number;
	code: string;
	name: string;
	type: 'UtbmsTask' | 'UtbmsActivity' | 'UtbmsExpense';
	utbms_set_id: number;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioUtbmsSet {
	id: number;
	name: string;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioActivityDescription {
	id: number;
	name: string;
	utbms_task_id: number | null;
	utbms_activity_id: number | null;
	created_at: string;
	updated_at: string;
	version: number;
}

export type ClioActivityType = 'TimeEntry' | 'ExpenseEntry' | 'HardCostEntry' | 'SoftCostEntry';

export interface ClioActivity {
	id: number;
	type: ClioActivityType;
	date: string;
	/** TimeEntry: seconds (integer); expenses: units (decimal string) */
	quantity: string;
	/** hourly rate (time) or unit cost (expense), decimal string */
	price: string;
	note: string;
	matter_id: number | null;
	user_id: number;
	activity_description_id: number | null;
	utbms_expense_id: number | null;
	bill_id: number | null;
	non_billable: boolean;
	no_charge: boolean;
	flat_rate: boolean;
	written_off: boolean;
	reference: string | null;
	created_at: string;
	updated_at: string;
	version: number;
}

export type ClioBillState = SeedBillState | 'deleted';

export interface ClioBill {
	id: number;
	number: string;
	type: 'MatterBill' | 'ClientBill';
	state: ClioBillState;
	matter_ids: number[];
	client_id: number;
	user_id: number;
	issued_at: string;
	due_at: string;
	start_at: string;
	end_at: string;
	subject: string | null;
	memo: string | null;
	purchase_order: string | null;
	paid: string;
	paid_at: string | null;
	last_sent_at: string | null;
	created_at: string;
	updated_at: string;
	version: number;
}

export interface ClioWebhook {
	id: number;
	url: string;
	model: string;
	fields: string;
	events: string[];
	shared_secret: string;
	status: 'pending' | 'enabled' | 'suspended';
	expires_at: string;
	user_id: number;
	created_at: string;
	updated_at: string;
	version: number;
}

/** Which transitions PATCH /bills/{id}.json allows (modelled on Clio's bill workflow). */
export const BILL_TRANSITIONS: Record<ClioBillState, ClioBillState[]> = {
	draft: ['awaiting_approval', 'awaiting_payment', 'void', 'deleted'],
	awaiting_approval: ['awaiting_payment', 'void', 'deleted'],
	awaiting_payment: ['paid', 'void'],
	paid: ['awaiting_payment'],
	void: ['deleted'],
	deleted: [],
};

const JOB_TITLES: Record<string, string> = {
	PARTNR: 'Partner',
	OFCOUN: 'Of Counsel',
	ASSOC: 'Associate',
	STFATT: 'Staff Attorney',
	PARALG: 'Paralegal',
	LGLAST: 'Legal Assistant',
	CLKSEC: 'Clerk/Secretary',
};

/**
 * Secondary indexes of the activities: the list endpoint answers `matter_id=` / `user_id=` from
 * them (O(that matter's activities), not O(firm)); see Collection and api/kit.ts.
 */
export const ACTIVITY_INDEXES = {
	matter_id: (a: ClioActivity) => a.matter_id ?? null,
	user_id: (a: ClioActivity) => a.user_id ?? null,
};

export class ClioState {
	users!: Collection<ClioUser>;
	contacts!: Collection<ClioContact>;
	matters!: Collection<ClioMatter>;
	utbmsSets!: Collection<ClioUtbmsSet>;
	utbmsCodes!: Collection<ClioUtbmsCode>;
	activityDescriptions!: Collection<ClioActivityDescription>;
	activities!: Collection<ClioActivity>;
	bills!: Collection<ClioBill>;
	webhooks!: Collection<ClioWebhook>;
	/** per-bill activity ids (kept in step with activity.bill_id) */
	billActivities = new Map<number, Set<number>>();

	constructor(readonly firm: Firm) {
		this.load();
	}

	/** (Re)builds everything from the seed. */
	load(): void {
		const f = this.firm;
		this.users = new Collection(
			f.timekeepers.map((t, i) => ({
				id: t.id,
				first_name: t.firstName,
				last_name: t.lastName,
				name: t.name,
				initials: t.initials,
				email: t.email,
				enabled: t.enabled,
				rate: t.rate,
				subscription_type: t.subscriptionType,
				classification: t.classification,
				job_title_name: JOB_TITLES[t.classification] ?? t.classification,
				account_owner: i === 0,
				created_at: t.createdAt,
				updated_at: t.createdAt,
				version: 1,
			})),
		);
		this.contacts = new Collection(
			f.clients.map((c) => ({
				id: c.id,
				type: c.type,
				name: c.type === 'Person' ? `${c.firstName} ${c.lastName}` : c.name,
				first_name: c.firstName ?? null,
				last_name: c.lastName ?? null,
				primary_email_address: c.email,
				primary_phone_number: null,
				ledes_client_id: c.ledesClientId,
				is_client: true,
				sales_tax_number: c.taxId,
				address: { street: c.address.street, city: c.address.city, province: c.address.region, postal_code: c.address.postcode, country: c.address.country },
				created_at: c.createdAt,
				updated_at: c.createdAt,
				version: 1,
			})),
		);
		this.matters = new Collection(
			f.matters.map((m) => ({
				id: m.id,
				number: m.number,
				display_number: m.displayNumber,
				description: m.description,
				status: m.status,
				client_id: m.clientId,
				client_reference: m.clientMatterId,
				billable: true,
				billing_method: m.billingMethod,
				open_date: m.status === 'Pending' ? null : m.openDate,
				close_date: m.closeDate ?? null,
				pending_date: m.status === 'Pending' ? m.openDate : null,
				responsible_attorney_id: m.responsibleTimekeeperId,
				originating_attorney_id: m.responsibleTimekeeperId,
				practice_area: m.practiceArea,
				matter_type: m.matterType,
				created_at: m.createdAt,
				updated_at: m.createdAt,
				version: 1,
			})),
		);
		const sets = ['Litigation', 'Counseling', 'Bankruptcy', 'Activities', 'Expenses'];
		const created = `${f.asOf.slice(0, 4)}-01-01T00:00:00Z`;
		this.utbmsSets = new Collection(sets.map((name, i) => ({ id: 1 + i, name: name === 'Activities' || name === 'Expenses' ? `UTBMS ${name}` : `UTBMS ${name} Code Set`, created_at: created, updated_at: created, version: 1 })));
		this.utbmsCodes = new Collection(
			f.utbmsCodes.map((c) => ({ id: c.id, code: c.code, name: c.name, type: c.type, utbms_set_id: 1 + sets.indexOf(c.set), created_at: created, updated_at: created, version: 1 })),
		);
		const codeId = new Map(f.utbmsCodes.map((c) => [c.code, c.id]));
		this.activityDescriptions = new Collection(
			f.activityCodes.map((a) => ({
				id: a.id,
				name: a.name,
				utbms_task_id: codeId.get(a.taskCode) ?? null,
				utbms_activity_id: codeId.get(a.activityCode) ?? null,
				created_at: a.createdAt,
				updated_at: a.createdAt,
				version: 1,
			})),
		);
		this.billActivities = new Map();
		this.activities = new Collection(
			f.entries.map((e) => {
				const fee = e.kind === 'fee';
				if (e.billId) this.billSet(e.billId).add(e.id);
				return {
					id: e.id,
					type: fee ? 'TimeEntry' : 'ExpenseEntry',
					date: e.date,
					quantity: fee ? Decimal.from(e.quantity).mul(3600).round(0).toFixed(0) : e.quantity,
					price: e.rate,
					note: e.narrative,
					matter_id: e.matterId,
					user_id: e.timekeeperId,
					activity_description_id: e.activityCodeId ?? null,
					utbms_expense_id: e.expenseCode ? (codeId.get(e.expenseCode) ?? null) : null,
					bill_id: e.billId ?? null,
					non_billable: !e.billable,
					no_charge: false,
					flat_rate: false,
					written_off: e.status === 'written_off',
					reference: null,
					created_at: e.createdAt,
					updated_at: e.updatedAt,
					version: 1,
				} satisfies ClioActivity;
			}),
			1,
			ACTIVITY_INDEXES,
		);
		this.bills = new Collection(
			f.bills.map((b) => ({
				id: b.id,
				number: b.number,
				type: 'MatterBill' as const,
				state: b.state,
				matter_ids: [b.matterId],
				client_id: b.clientId,
				user_id: f.matters.find((m) => m.id === b.matterId)?.responsibleTimekeeperId ?? f.timekeepers[0].id,
				issued_at: b.issuedAt,
				due_at: b.dueAt,
				start_at: b.startAt,
				end_at: b.endAt,
				subject: null,
				memo: null,
				purchase_order: null,
				paid: b.paid,
				paid_at: b.state === 'paid' ? b.updatedAt : null,
				last_sent_at: b.state === 'draft' || b.state === 'awaiting_approval' ? null : `${b.issuedAt}T15:00:00Z`,
				created_at: b.createdAt,
				updated_at: b.updatedAt,
				version: 1,
			})),
		);
		// webhook ids never restart (a reset must not hand an old hook's pending retries to a new one)
		this.webhooks = new Collection<ClioWebhook>([], this.webhooks ? this.webhooks.nextId() : 1);
	}

	billSet(billId: number): Set<number> {
		let s = this.billActivities.get(billId);
		if (!s) this.billActivities.set(billId, (s = new Set()));
		return s;
	}

	// ---- derived values

	/** TimeEntry: hours; expenses: units */
	activityHours(a: ClioActivity): Decimal {
		return a.type === 'TimeEntry' ? Decimal.from(a.quantity).div(3600, 6) : Decimal.from(a.quantity);
	}

	activityTotal(a: ClioActivity): Decimal {
		if (a.no_charge) return Decimal.ZERO;
		if (a.flat_rate) return Decimal.from(a.price);
		return this.activityHours(a).mul(a.price).round(2);
	}

	activityStatus(a: ClioActivity): 'billed' | 'draft' | 'unbilled' | 'non_billable' | 'written_off' {
		if (a.written_off) return 'written_off';
		if (a.bill_id !== null) {
			const b = this.bills.get(a.bill_id);
			if (b && (b.state === 'draft' || b.state === 'awaiting_approval')) return 'draft';
			if (b) return 'billed';
		}
		if (a.non_billable) return 'non_billable';
		return 'unbilled';
	}

	billTotal(b: ClioBill): Decimal {
		if (b.state === 'void' || b.state === 'deleted') return Decimal.ZERO;
		let total = Decimal.ZERO;
		for (const id of this.billActivities.get(b.id) ?? []) {
			const a = this.activities.get(id);
			if (a) total = total.add(this.activityTotal(a));
		}
		return total.round(2);
	}

	etag(kind: string, r: { id: number; version: number; updated_at: string }): string {
		return `"${createHash('md5').update(`${kind}:${r.id}:${r.version}:${r.updated_at}`).digest('hex')}"`;
	}
}
