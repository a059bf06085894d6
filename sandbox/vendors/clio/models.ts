import { Decimal } from '../../../lib/money/decimal';
import type { Model } from './fields';
import { BILL_TRANSITIONS, type ClioActivity, type ClioActivityDescription, type ClioBill, type ClioContact, type ClioMatter, type ClioState, type ClioUser, type ClioUtbmsCode, type ClioUtbmsSet, type ClioWebhook } from './state';

/**
 * How each Clio record renders. Plain fields are the `*_base` properties of Clio's OpenAPI
 * document (only those the sandbox can fill meaningfully); nested fields are relations. Money
 * and quantities are JSON numbers, as Clio sends them.
 */
export interface ClioModels {
	user: Model<ClioUser>;
	contact: Model<ClioContact>;
	matter: Model<ClioMatter>;
	utbmsSet: Model<ClioUtbmsSet>;
	utbmsCode: Model<ClioUtbmsCode>;
	activityDescription: Model<ClioActivityDescription>;
	activity: Model<ClioActivity>;
	bill: Model<ClioBill>;
	webhook: Model<ClioWebhook>;
}

const num = (d: Decimal | string): number => Number(typeof d === 'string' ? d : d.toString());
const CURRENCY = { code: 'USD', id: 1, sign: '$' };

export function createModels(state: ClioState, timeZone: string): ClioModels {
	const etag = (kind: string) => (r: { id: number; version: number; updated_at: string }) => state.etag(kind, r);

	const user: Model<ClioUser> = {
		name: 'user',
		fields: {
			id: (u) => u.id,
			etag: etag('user'),
			name: (u) => u.name,
			first_name: (u) => u.first_name,
			last_name: (u) => u.last_name,
			initials: (u) => u.initials,
			email: (u) => u.email,
			enabled: (u) => u.enabled,
			rate: (u) => num(u.rate),
			subscription_type: (u) => u.subscription_type,
			account_owner: (u) => u.account_owner,
			clio_connect: () => false,
			court_rules_default_attendee: () => false,
			default_calendar_id: (u) => u.id * 10,
			phone_number: () => '',
			roles: (u) => (u.account_owner ? ['admin', 'billing'] : u.subscription_type === 'Attorney' ? ['billing'] : []),
			time_zone: () => timeZone,
			created_at: (u) => u.created_at,
			updated_at: (u) => u.updated_at,
		},
		nested: {},
	};
	const jobTitle: Model<ClioUser> = {
		name: 'job_title',
		fields: { id: (u) => u.id * 7, etag: etag('job_title'), name: (u) => u.job_title_name, initials: (u) => u.classification },
		nested: {},
	};
	user.nested.job_title = { model: jobTitle, get: (u) => u };

	const address: Model<ClioContact> = {
		name: 'address',
		fields: {
			id: (c) => c.id * 3,
			etag: etag('address'),
			street: (c) => c.address?.street ?? '',
			city: (c) => c.address?.city ?? '',
			province: (c) => c.address?.province ?? '',
			postal_code: (c) => c.address?.postal_code ?? '',
			country: (c) => c.address?.country ?? '',
			name: () => 'Work',
			primary: () => true,
			created_at: (c) => c.created_at,
			updated_at: (c) => c.updated_at,
		},
		nested: {},
	};
	const contact: Model<ClioContact> = {
		name: 'contact',
		fields: {
			id: (c) => c.id,
			etag: etag('contact'),
			name: (c) => c.name,
			first_name: (c) => c.first_name,
			last_name: (c) => c.last_name,
			type: (c) => c.type,
			primary_email_address: (c) => c.primary_email_address,
			primary_phone_number: (c) => c.primary_phone_number,
			ledes_client_id: (c) => c.ledes_client_id,
			is_client: (c) => c.is_client,
			is_co_counsel: () => false,
			is_bill_recipient: (c) => c.is_client,
			sales_tax_number: (c) => c.sales_tax_number,
			initials: (c) => (c.type === 'Person' ? `${c.first_name?.[0] ?? ''}${c.last_name?.[0] ?? ''}` : c.name.slice(0, 2).toUpperCase()),
			created_at: (c) => c.created_at,
			updated_at: (c) => c.updated_at,
		},
		nested: {
			primary_address: { model: address, get: (c) => (c.address ? c : null) },
		},
	};

	const practiceArea: Model<ClioMatter> = {
		name: 'practice_area',
		fields: {
			id: (m) => 100 + ['Litigation', 'Corporate', 'Restructuring'].indexOf(m.practice_area),
			etag: etag('practice_area'),
			name: (m) => m.practice_area,
			code: (m) => m.matter_type,
			category: (m) => ({ Litigation: 'commercial_litigation', Corporate: 'business_formation_and_compliance', Restructuring: 'bankruptcy' })[m.practice_area] ?? 'other',
			created_at: () => `${m0(state)}`,
			updated_at: () => `${m0(state)}`,
		},
		nested: {},
	};
	const matter: Model<ClioMatter> = {
		name: 'matter',
		fields: {
			id: (m) => m.id,
			etag: etag('matter'),
			number: (m) => m.number,
			display_number: (m) => m.display_number,
			custom_number: () => null,
			description: (m) => m.description,
			status: (m) => m.status,
			location: () => null,
			client_reference: (m) => m.client_reference,
			client_id: (m) => m.client_id,
			billable: (m) => m.billable,
			billing_method: (m) => m.billing_method,
			open_date: (m) => m.open_date,
			close_date: (m) => m.close_date,
			pending_date: (m) => m.pending_date,
			created_at: (m) => m.created_at,
			updated_at: (m) => m.updated_at,
			shared: () => false,
			has_tasks: () => false,
			currency: () => CURRENCY,
		},
		nested: {
			client: { model: contact, get: (m) => state.contacts.get(m.client_id) ?? null },
			responsible_attorney: { model: user, get: (m) => (m.responsible_attorney_id ? (state.users.get(m.responsible_attorney_id) ?? null) : null) },
			originating_attorney: { model: user, get: (m) => (m.originating_attorney_id ? (state.users.get(m.originating_attorney_id) ?? null) : null) },
			practice_area: { model: practiceArea, get: (m) => m },
		},
	};

	const utbmsSet: Model<ClioUtbmsSet> = {
		name: 'utbms_set',
		fields: { id: (s) => s.id, etag: etag('utbms_set'), name: (s) => s.name, enabled: () => true, created_at: (s) => s.created_at, updated_at: (s) => s.updated_at },
		nested: {},
	};
	const utbmsCode: Model<ClioUtbmsCode> = {
		name: 'utbms_code',
		fields: {
			id: (c) => c.id,
			etag: etag('utbms_code'),
			name: (c) => c.name,
			code: (c) => c.code,
			description: (c) => `${c.code} ${c.name}`,
			type: (c) => c.type,
			utbms_set_id: (c) => c.utbms_set_id,
			created_at: (c) => c.created_at,
			updated_at: (c) => c.updated_at,
		},
		nested: {},
	};
	const code = (id: number | null) => (id === null ? undefined : state.utbmsCodes.get(id));

	const activityDescription: Model<ClioActivityDescription> = {
		name: 'activity_description',
		fields: {
			id: (a) => a.id,
			etag: etag('activity_description'),
			name: (a) => a.name,
			visible_to_co_counsel: () => false,
			created_at: (a) => a.created_at,
			updated_at: (a) => a.updated_at,
			default: () => false,
			type: (a) => (a.utbms_task_id !== null ? 'utbms' : 'clio'),
			utbms_activity_id: (a) => a.utbms_activity_id,
			utbms_task_id: (a) => a.utbms_task_id,
			utbms_task_name: (a) => {
				const c = code(a.utbms_task_id);
				return c ? `${c.code} ${c.name}` : null;
			},
			xero_service_code: () => null,
			accessible_to_user: () => true,
			category_type: () => 'activity',
		},
		nested: {
			utbms_task: { model: utbmsCode, get: (a) => code(a.utbms_task_id) ?? null },
			utbms_activity: { model: utbmsCode, get: (a) => code(a.utbms_activity_id) ?? null },
		},
	};

	const quantityNumber = (a: ClioActivity) => num(a.quantity);
	const hours = (a: ClioActivity) => (a.type === 'TimeEntry' ? num(Decimal.from(a.quantity).div(3600, 4)) : null);
	// Clio rounds time to the user's increment; the sandbox uses 6 minutes (0.1 h), rounding up.
	const roundedSeconds = (a: ClioActivity) => Decimal.from(a.quantity).ceilTo('360');
	const activity: Model<ClioActivity> = {
		name: 'activity',
		fields: {
			id: (a) => a.id,
			etag: etag('activity'),
			type: (a) => a.type,
			date: (a) => a.date,
			quantity: quantityNumber,
			rounded_quantity: (a) => (a.type === 'TimeEntry' ? num(roundedSeconds(a)) : num(a.quantity)),
			quantity_in_hours: hours,
			rounded_quantity_in_hours: (a) => (a.type === 'TimeEntry' ? num(roundedSeconds(a).div(3600, 4)) : null),
			quantity_redacted: () => false,
			price: (a) => num(a.price),
			total: (a) => num(state.activityTotal(a)),
			note: (a) => a.note,
			flat_rate: (a) => a.flat_rate,
			billed: (a) => state.activityStatus(a) === 'billed',
			on_bill: (a) => a.bill_id !== null && state.bills.get(a.bill_id) !== undefined,
			non_billable: (a) => a.non_billable,
			non_billable_total: (a) => (a.non_billable ? num(state.activityTotal(a)) : 0),
			no_charge: (a) => a.no_charge,
			contingency_fee: () => false,
			reference: (a) => a.reference,
			tax_setting: () => 'no_tax',
			currency: () => CURRENCY,
			created_at: (a) => a.created_at,
			updated_at: (a) => a.updated_at,
		},
		nested: {
			matter: { model: matter, get: (a) => (a.matter_id !== null ? (state.matters.get(a.matter_id) ?? null) : null) },
			user: { model: user, get: (a) => state.users.get(a.user_id) ?? null },
			activity_description: { model: activityDescription, get: (a) => (a.activity_description_id !== null ? (state.activityDescriptions.get(a.activity_description_id) ?? null) : null) },
			utbms_expense: { model: utbmsCode, get: (a) => code(a.utbms_expense_id) ?? null },
			bill: { model: null as unknown as Model<ClioBill>, get: (a) => (a.bill_id !== null ? (state.bills.get(a.bill_id) ?? null) : null) },
		},
	};

	const bill: Model<ClioBill> = {
		name: 'bill',
		fields: {
			id: (b) => b.id,
			etag: etag('bill'),
			number: (b) => b.number,
			type: (b) => b.type,
			kind: () => 'revenue_kind',
			state: (b) => b.state,
			subject: (b) => b.subject,
			memo: (b) => b.memo,
			purchase_order: (b) => b.purchase_order,
			issued_at: (b) => b.issued_at,
			due_at: (b) => b.due_at,
			start_at: (b) => b.start_at,
			end_at: (b) => b.end_at,
			tax_rate: () => 0,
			secondary_tax_rate: () => 0,
			total: (b) => num(state.billTotal(b)),
			sub_total: (b) => num(state.billTotal(b)),
			services_sub_total: (b) => num(billPart(state, b, 'TimeEntry')),
			tax_sum: () => 0,
			secondary_tax_sum: () => 0,
			total_tax: () => 0,
			paid: (b) => num(b.paid),
			paid_at: (b) => b.paid_at,
			pending: () => 0,
			balance: (b) => num(state.billTotal(b).sub(b.paid)),
			due: (b) => num(state.billTotal(b).sub(b.paid)),
			credits_issued: () => 0,
			can_update: (b) => b.state === 'draft' || b.state === 'awaiting_approval',
			shared: () => false,
			last_sent_at: (b) => b.last_sent_at,
			available_state_transitions: (b) => BILL_TRANSITIONS[b.state],
			created_at: (b) => b.created_at,
			updated_at: (b) => b.updated_at,
		},
		nested: {
			client: { model: contact, get: (b) => state.contacts.get(b.client_id) ?? null },
			matters: { model: matter, many: true, get: (b) => b.matter_ids.map((id) => state.matters.get(id)).filter(Boolean) },
			user: { model: user, get: (b) => state.users.get(b.user_id) ?? null },
		},
	};
	activity.nested.bill.model = bill;

	const webhook: Model<ClioWebhook> = {
		name: 'webhook',
		fields: {
			id: (w) => w.id,
			etag: etag('webhook'),
			url: (w) => w.url,
			fields: (w) => w.fields,
			shared_secret: (w) => w.shared_secret,
			model: (w) => w.model,
			status: (w) => w.status,
			events: (w) => w.events,
			expires_at: (w) => w.expires_at,
			created_at: (w) => w.created_at,
			updated_at: (w) => w.updated_at,
		},
		nested: {
			user: { model: user, get: (w) => state.users.get(w.user_id) ?? null },
		},
	};

	return { user, contact, matter, utbmsSet, utbmsCode, activityDescription, activity, bill, webhook };
}

function billPart(state: ClioState, b: ClioBill, type: string): Decimal {
	if (b.state === 'void' || b.state === 'deleted') return Decimal.ZERO;
	let total = Decimal.ZERO;
	for (const id of state.billActivities.get(b.id) ?? []) {
		const a = state.activities.get(id);
		if (a && a.type === type) total = total.add(state.activityTotal(a));
	}
	return total;
}

function m0(state: ClioState): string {
	return `${state.firm.asOf.slice(0, 4)}-01-01T00:00:00Z`;
}
