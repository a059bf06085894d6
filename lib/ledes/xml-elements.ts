/**
 * LEDES XML 2.x: the element table both the writer (./xml-write) and the reader (./xml-read) use.
 *
 * No public XSD was found, so the element set is PARTLY UNVERIFIED. Everything modelled is in ONE
 * table, LEDES_XML_ELEMENTS, below (segment, element, canonical path, type, verified?), and
 * docs/core-api.md lists it. Nesting: root > firm > client > invoice > matter > {tk_sum, fee, expense,
 * matter_disc_cred}. Every segment starts with a unique integer `file_item_nbr` element, which is
 * also what errors point at (plus the file line where that element sits).
 */
import { Decimal } from '../money/decimal';
import { formatMoney } from '../money/fixed';

export type XmlSegment = 'firm' | 'client' | 'invoice' | 'matter' | 'tk_sum' | 'fee' | 'expense' | 'matter_disc_cred';
export type XmlValueType = 'text' | 'date' | 'amount' | 'units' | 'rate';

export interface LedesXmlElement {
	segment: XmlSegment;
	element: string;
	/** path in the canonical object of the segment (firm: LawFirm + vendorId; client: ClientRef; invoice: Invoice; matter: MatterRef; fee/expense/matter_disc_cred: BillingEntry; tk_sum: Timekeeper + rate) */
	path: string;
	type: XmlValueType;
	/** computed by the writer (totals), read back as the stated value */
	computed?: boolean;
	required?: boolean;
	/** true when the element name was seen in the reference sources (see shared/reference/ledes-utbms.md) */
	verified: boolean;
	max?: number;
}

export const LEDES_XML_ROOTS: Readonly<Record<'2.0' | '2.1' | '2.2', { root: string; xmlns: string; verified: boolean }>> = Object.freeze({
	'2.0': { root: 'ledesxmlebilling2.0', xmlns: 'http://www.ledes.org/LEDES20.xsd', verified: false },
	'2.1': { root: 'ledesxmlebilling2.1', xmlns: 'http://www.ledes.org/LEDES21.xsd', verified: false },
	'2.2': { root: 'ledesxmlebilling2.2', xmlns: 'http://www.ledes.org/LEDES22.xsd', verified: true },
});

const E = (segment: XmlSegment, element: string, path: string, type: XmlValueType, verified: boolean, extra: Partial<LedesXmlElement> = {}): LedesXmlElement =>
	Object.freeze({ segment, element, path, type, verified, ...extra });

/** THE element table: writer and reader both walk it, in this order. */
export const LEDES_XML_ELEMENTS: readonly LedesXmlElement[] = Object.freeze([
	E('firm', 'lf_vendor_id', 'vendorId', 'text', true),
	E('firm', 'lf_id', 'id', 'text', true, { required: true, max: 20 }),
	E('firm', 'lf_name', 'name', 'text', true),
	E('firm', 'lf_address_1', 'address1', 'text', false),
	E('firm', 'lf_address_2', 'address2', 'text', false),
	E('firm', 'lf_city', 'city', 'text', false),
	E('firm', 'lf_state_province', 'stateOrRegion', 'text', false),
	E('firm', 'lf_zip_postal_code', 'postcode', 'text', false),
	E('firm', 'lf_country', 'country', 'text', false),
	E('client', 'cl_id', 'id', 'text', true, { required: true, max: 20 }),
	E('client', 'cl_name', 'name', 'text', false),
	E('client', 'cl_tax_id', 'taxId', 'text', false),
	E('client', 'cl_address_1', 'address1', 'text', false),
	E('client', 'cl_address_2', 'address2', 'text', false),
	E('client', 'cl_city', 'city', 'text', false),
	E('client', 'cl_state_province', 'stateOrRegion', 'text', false),
	E('client', 'cl_zip_postal_code', 'postcode', 'text', false),
	E('client', 'cl_country', 'country', 'text', false),
	E('invoice', 'inv_id', 'number', 'text', true, { required: true, max: 20 }),
	E('invoice', 'inv_date', 'date', 'date', true, { required: true }),
	E('invoice', 'inv_start_date', 'periodStart', 'date', true, { required: true }),
	E('invoice', 'inv_end_date', 'periodEnd', 'date', true, { required: true }),
	E('invoice', 'inv_currency', 'currency', 'text', true),
	E('invoice', 'inv_desc', 'description', 'text', false),
	E('invoice', 'inv_po_number', 'poNumber', 'text', false),
	E('invoice', 'inv_tax_currency', 'taxCurrency', 'text', false),
	E('invoice', 'inv_total_tax', 'totals.tax', 'amount', false, { computed: true }),
	E('invoice', 'inv_total_net_due', 'statedTotal', 'amount', true, { computed: true, required: true }),
	E('matter', 'lf_matter_id', 'number', 'text', true, { required: true, max: 20 }),
	E('matter', 'cl_matter_id', 'clientMatterId', 'text', true),
	E('matter', 'matter_name', 'name', 'text', false),
	E('matter', 'matter_total_due', 'total', 'amount', true, { computed: true }),
	E('tk_sum', 'tk_id', 'id', 'text', true, { required: true }),
	E('tk_sum', 'tk_lname', 'lastName', 'text', false),
	E('tk_sum', 'tk_fname', 'firstName', 'text', false),
	E('tk_sum', 'tk_level', 'classification', 'text', true),
	E('tk_sum', 'tk_rate', 'rate', 'amount', true),
	E('fee', 'charge_date', 'date', 'date', true, { required: true }),
	E('fee', 'tk_id', 'timekeeper.id', 'text', false),
	E('fee', 'tk_level', 'timekeeper.classification', 'text', false),
	E('fee', 'task_code', 'codes.task', 'text', true),
	E('fee', 'task_activity', 'codes.activity', 'text', true),
	E('fee', 'charge_desc', 'narrative', 'text', false),
	E('fee', 'units', 'quantity', 'units', true, { required: true }),
	E('fee', 'rate', 'rate', 'amount', true, { required: true }),
	E('fee', 'base_amount', 'extra.baseAmount', 'amount', true, { computed: true }),
	E('fee', 'item_disc_cred_amount', 'adjustment', 'amount', true),
	E('fee', 'item_tax_rate', 'tax.rate', 'rate', false),
	E('fee', 'item_tax_total', 'tax.amount', 'amount', false),
	E('fee', 'item_tax_type', 'tax.type', 'text', false),
	E('fee', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
	E('expense', 'charge_date', 'date', 'date', true, { required: true }),
	E('expense', 'tk_id', 'timekeeper.id', 'text', false),
	E('expense', 'expense_code', 'codes.expense', 'text', false),
	E('expense', 'charge_desc', 'narrative', 'text', false),
	E('expense', 'units', 'quantity', 'units', true, { required: true }),
	E('expense', 'rate', 'rate', 'amount', true, { required: true }),
	E('expense', 'base_amount', 'extra.baseAmount', 'amount', true, { computed: true }),
	E('expense', 'item_disc_cred_amount', 'adjustment', 'amount', true),
	E('expense', 'item_tax_rate', 'tax.rate', 'rate', false),
	E('expense', 'item_tax_total', 'tax.amount', 'amount', false),
	E('expense', 'item_tax_type', 'tax.type', 'text', false),
	E('expense', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
	// Invoice-level adjustments (IF/IE): disc_cred type MIA/MIDB/MISF seen in sources; "FEE"/"EXP" applies-to is UNVERIFIED.
	E('matter_disc_cred', 'charge_date', 'date', 'date', false, { required: true }),
	E('matter_disc_cred', 'disc_cred_type', 'extra.discCredType', 'text', false),
	E('matter_disc_cred', 'disc_cred_applies_to', 'extra.appliesTo', 'text', false),
	E('matter_disc_cred', 'charge_desc', 'narrative', 'text', false),
	E('matter_disc_cred', 'disc_cred_amount', 'adjustment', 'amount', true, { required: true }),
	E('matter_disc_cred', 'item_tax_total', 'tax.amount', 'amount', false),
	E('matter_disc_cred', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
]);

export const SEGMENTS: XmlSegment[] = ['firm', 'client', 'invoice', 'matter', 'tk_sum', 'fee', 'expense', 'matter_disc_cred'];
export const elementsOf = (s: XmlSegment) => LEDES_XML_ELEMENTS.filter((e) => e.segment === s);

/** Money in LEDES XML: 2 decimals, up to 4 when needed. */
export const money = (d: Decimal): string => formatMoney(d, 2, 4);
export const dec = (v: unknown) => (v === undefined || v === null || v === '' ? Decimal.ZERO : Decimal.from(v as string));
