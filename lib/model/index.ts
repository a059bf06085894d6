/**
 * The canonical billing model shared by every vendor mapper, the UTBMS mapper, the OCG engine and
 * the LEDES writer. Plain JSON (n8n items carry it as-is): amounts, hours and rates are decimal
 * STRINGS ("12.50"), never numbers; dates are ISO calendar dates ("2026-11-27") in the firm's
 * local time zone, named on the entry/invoice when known (IANA, e.g. "America/New_York").
 */

export type EntryKind = 'fee' | 'expense' | 'feeAdjustment' | 'expenseAdjustment';

/** A decimal number written as a string: "-12.5", "0.1", "1250". */
export type DecimalString = string;
/** An ISO calendar date "YYYY-MM-DD" (no time, no zone: the zone is `timeZone` where it matters). */
export type IsoDate = string;

export interface SourceRef {
	/** e.g. "clio", "actionstep", "ledes", "manual" */
	system: string;
	/** the record's id in that system */
	id: string;
	/** optional type in that system, e.g. "TimeEntry", "timeentries" */
	type?: string;
}

export interface Timekeeper {
	id: string;
	name?: string;
	firstName?: string;
	lastName?: string;
	/** LEDES timekeeper classification, revised (PARTNR, ASSOC, …) or legacy (PT, AS, …) */
	classification?: string;
	email?: string;
}

export interface ClientRef {
	id: string;
	name?: string;
	/** the id the client's e-billing platform knows the client by (LEDES CLIENT_ID) */
	ledesClientId?: string;
	taxId?: string;
}

export interface MatterRef {
	id: string;
	/** the firm's matter number (LEDES LAW_FIRM_MATTER_ID) */
	number?: string;
	name?: string;
	/** the client's own matter id (LEDES CLIENT_MATTER_ID) */
	clientMatterId?: string;
	/** e.g. "litigation", "counseling"; OCG rule sets may be scoped by it */
	matterType?: string;
}

export interface UtbmsCodes {
	task?: string;
	activity?: string;
	expense?: string;
}

export interface TaxInfo {
	/** decimal 0–1, e.g. "0.2" */
	rate: DecimalString;
	amount: DecimalString;
	/** e.g. "VAT", "GST" */
	type?: string;
}

export interface BillingEntry {
	/** source-qualified id, e.g. "clio:activity:123" */
	id: string;
	source: SourceRef;
	kind: EntryKind;
	date: IsoDate;
	timeZone?: string;
	timekeeper?: Timekeeper;
	client?: ClientRef;
	matter?: MatterRef;
	/** hours for fees, units for expenses */
	quantity: DecimalString;
	/** rate per hour / cost per unit */
	rate: DecimalString;
	/** discount (negative) or premium (positive) on the line; "0" when none */
	adjustment?: DecimalString;
	/** quantity × rate + adjustment (+ tax on tax-inclusive formats); computed when absent */
	total?: DecimalString;
	currency?: string;
	/** UTBMS codes, as the client expects them */
	codes?: UtbmsCodes;
	/** the firm's own codes before mapping */
	firmCodes?: { task?: string; activity?: string; expense?: string; [k: string]: string | undefined };
	narrative?: string;
	billable?: boolean;
	billingStatus?: string;
	tax?: TaxInfo;
	/** anything the source had that the model has no field for */
	extra?: Record<string, unknown>;
}

export interface Address {
	address1?: string;
	address2?: string;
	city?: string;
	stateOrRegion?: string;
	postcode?: string;
	country?: string;
}

export interface LawFirm extends Address {
	/** LEDES LAW_FIRM_ID (US federal tax id where the firm has one; up to three joined by "~" on 98BI) */
	id: string;
	name?: string;
}

export interface Invoice {
	number: string;
	date: IsoDate;
	periodStart: IsoDate;
	periodEnd: IsoDate;
	description?: string;
	currency?: string;
	client: ClientRef & Address;
	lawFirm: LawFirm;
	poNumber?: string;
	/** entries may carry different matters: LEDES allows several matters per invoice */
	lines: BillingEntry[];
	/** totals are always computed from lines; a stated total is kept for comparison only */
	statedTotal?: DecimalString;
	taxCurrency?: string;
	/** LEDES 98BI ACCOUNT_TYPE: "O" ordinary or "T" trust */
	accountType?: 'O' | 'T';
}

export interface InvoiceTotals {
	fees: DecimalString;
	expenses: DecimalString;
	adjustments: DecimalString;
	tax: DecimalString;
	/** total = sum of line totals (tax included) */
	total: DecimalString;
	/** net = total − tax */
	net: DecimalString;
}

export { Decimal, dec } from '../money/decimal';
