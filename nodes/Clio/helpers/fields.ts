/**
 * Default `fields` per resource. Clio answers with only `id` and `etag` unless `fields` is sent —
 * on writes too — so every operation asks for these documented fields (Clio OpenAPI 4.0.9, one
 * level of nesting). Users may replace them with the "Fields" option. Documented fields that are
 * rarely filled (expense_category, vendor, contact prefix/title/company, activity description
 * rates) are left out of the defaults and can be asked for through that option.
 */
export const CLIO_DEFAULT_FIELDS = {
	activity: [
		'id', 'etag', 'type', 'date', 'quantity', 'rounded_quantity', 'quantity_in_hours', 'rounded_quantity_in_hours',
		'price', 'total', 'note', 'flat_rate', 'billed', 'on_bill', 'non_billable', 'non_billable_total', 'no_charge',
		'reference', 'tax_setting', 'contingency_fee', 'currency', 'created_at', 'updated_at',
		'matter{id,display_number,description,client_reference,client_id}',
		'user{id,name,first_name,last_name,email}',
		'bill{id,number,state}',
		'activity_description{id,name,utbms_task_id,utbms_task_name,utbms_activity_id}',
		'utbms_expense{id,code,name}',
	].join(','),
	activityDescription: [
		'id', 'etag', 'name', 'type', 'default', 'category_type', 'visible_to_co_counsel', 'accessible_to_user',
		'utbms_task_id', 'utbms_task_name', 'utbms_activity_id', 'xero_service_code', 'created_at', 'updated_at',
		'utbms_task{id,code,name,description}',
		'utbms_activity{id,code,name,description}',
	].join(','),
	matter: [
		'id', 'etag', 'number', 'display_number', 'custom_number', 'description', 'status', 'location', 'client_reference',
		'client_id', 'billable', 'billing_method', 'open_date', 'close_date', 'pending_date', 'currency', 'created_at', 'updated_at',
		'client{id,name,type,ledes_client_id,primary_email_address}',
		'responsible_attorney{id,name,email}',
		'originating_attorney{id,name,email}',
		'practice_area{id,name}',
	].join(','),
	contact: [
		'id', 'etag', 'name', 'first_name', 'last_name', 'type', 'initials', 'primary_email_address', 'primary_phone_number',
		'ledes_client_id', 'is_client', 'is_co_counsel', 'is_bill_recipient', 'sales_tax_number', 'created_at', 'updated_at',
	].join(','),
	user: [
		'id', 'etag', 'name', 'first_name', 'last_name', 'initials', 'email', 'enabled', 'rate', 'subscription_type',
		'roles', 'time_zone', 'account_owner', 'created_at', 'updated_at',
	].join(','),
	bill: [
		'id', 'etag', 'number', 'type', 'kind', 'state', 'subject', 'memo', 'purchase_order', 'issued_at', 'due_at', 'start_at',
		'end_at', 'paid_at', 'last_sent_at', 'total', 'sub_total', 'balance', 'paid', 'pending', 'due', 'tax_sum',
		'secondary_tax_sum', 'total_tax', 'credits_issued', 'tax_rate', 'secondary_tax_rate', 'can_update',
		'available_state_transitions', 'created_at', 'updated_at',
		'client{id,name,ledes_client_id}',
		'matters{id,display_number,description,client_reference}',
	].join(','),
	webhook: ['id', 'etag', 'url', 'model', 'fields', 'events', 'status', 'expires_at', 'shared_secret', 'created_at', 'updated_at'].join(','),
} as const;

export type ClioResource = keyof typeof CLIO_DEFAULT_FIELDS;

/** Decimal-string fields per resource: Clio sends money as JSON numbers; outputs carry exact strings. */
export const CLIO_MONEY_FIELDS: Record<string, string[]> = {
	activity: ['price', 'total', 'non_billable_total'],
	user: ['rate'],
	bill: ['total', 'sub_total', 'balance', 'paid', 'pending', 'due', 'tax_sum', 'secondary_tax_sum', 'total_tax', 'credits_issued', 'tax_rate', 'secondary_tax_rate'],
	activityDescription: [],
	matter: [],
	contact: [],
};
