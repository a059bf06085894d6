/**
 * The shapes of the sandbox's seeded firm: timekeepers, clients, matters, UTBMS and activity codes,
 * time and expense entries (with the guideline issues they carry), bills, and the generator's options.
 */

export type Classification = 'PARTNR' | 'OFCOUN' | 'ASSOC' | 'STFATT' | 'PARALG' | 'LGLAST' | 'CLKSEC';

export interface SeedTimekeeper {
	id: number;
	firstName: string;
	lastName: string;
	/** "First Last" */
	name: string;
	/** "Last, First" (LEDES TIMEKEEPER_NAME form) */
	ledesName: string;
	initials: string;
	email: string;
	/** revised LEDES (2014) classification code */
	classification: Classification;
	/** the legacy two-letter code for the same level (PT, OC, AS, LA, OT) */
	legacyClassification: string;
	/** standard hourly rate, decimal string */
	rate: string;
	subscriptionType: 'Attorney' | 'NonAttorney';
	enabled: boolean;
	createdAt: string;
}

export interface SeedAddress {
	street: string;
	city: string;
	region: string;
	postcode: string;
	/** ISO 3166 alpha-2 */
	country: string;
}

export interface SeedClient {
	id: number;
	name: string;
	type: 'Company' | 'Person';
	firstName?: string;
	lastName?: string;
	email: string;
	/** the id the client's e-billing platform knows it by (LEDES CLIENT_ID) */
	ledesClientId: string;
	taxId: string;
	address: SeedAddress;
	/** which e-billing platform the client uses */
	ebilling: 'brightflag' | 'legaltracker' | 'none';
	/** approved (capped) hourly rate per classification, decimal strings */
	rateCaps: Record<Classification, string>;
	createdAt: string;
}

export interface SeedMatter {
	id: number;
	/** sequential matter number */
	number: number;
	/** the firm's matter number, e.g. "00042-Northwind" (LEDES LAW_FIRM_MATTER_ID) */
	displayNumber: string;
	description: string;
	clientId: number;
	/** the client's own matter id (LEDES CLIENT_MATTER_ID) */
	clientMatterId: string;
	status: 'Open' | 'Pending' | 'Closed';
	billingMethod: 'hourly' | 'flat' | 'contingency';
	practiceArea: string;
	/** UTBMS code set family: litigation (L), counseling (C), bankruptcy (B) */
	matterType: 'litigation' | 'counseling' | 'bankruptcy';
	openDate: string;
	closeDate?: string;
	responsibleTimekeeperId: number;
	/** timekeepers who record time on the matter */
	teamIds: number[];
	createdAt: string;
}

export interface SeedUtbmsCode {
	id: number;
	code: string;
	name: string;
	type: 'UtbmsTask' | 'UtbmsActivity' | 'UtbmsExpense';
	set: 'Litigation' | 'Counseling' | 'Bankruptcy' | 'Activities' | 'Expenses';
}

/** A firm task code list item: a UTBMS task + activity pair (Clio: an activity description). */
export interface SeedActivityCode {
	id: number;
	name: string;
	taskCode: string;
	activityCode: string;
	createdAt: string;
}

export type GuidelineIssue =
	| 'block_billing'
	| 'vague_narrative'
	| 'rate_above_cap'
	| 'increment_0_05'
	| 'long_day'
	| 'banned_expense'
	| 'expense_unit_cost_above_cap';

export type SeedBillingStatus = 'unbilled' | 'draft' | 'billed' | 'non_billable' | 'written_off';

export interface SeedEntry {
	id: number;
	kind: 'fee' | 'expense';
	/** ISO date the work was done / cost incurred */
	date: string;
	timekeeperId: number;
	matterId: number;
	/** hours for fees, units for expenses */
	quantity: string;
	/** hourly rate for fees, unit cost for expenses */
	rate: string;
	/** quantity × rate rounded to cents */
	total: string;
	narrative: string;
	taskCode?: string;
	activityCode?: string;
	expenseCode?: string;
	activityCodeId?: number;
	billable: boolean;
	status: SeedBillingStatus;
	billId?: number;
	createdAt: string;
	updatedAt: string;
	/** the guideline problems this entry was built to show (empty for clean entries) */
	guidelineIssues: GuidelineIssue[];
}

export type SeedBillState = 'draft' | 'awaiting_approval' | 'awaiting_payment' | 'paid' | 'void';

export interface SeedBill {
	id: number;
	number: string;
	matterId: number;
	clientId: number;
	state: SeedBillState;
	/** billing period */
	startAt: string;
	endAt: string;
	issuedAt: string;
	dueAt: string;
	entryIds: number[];
	total: string;
	paid: string;
	balance: string;
	createdAt: string;
	updatedAt: string;
}

export interface Firm {
	seed: string;
	size: number;
	/** the data runs up to this date */
	asOf: string;
	name: string;
	/** LEDES LAW_FIRM_ID (a US federal tax id form) */
	lawFirmId: string;
	address: SeedAddress;
	currency: 'USD';
	timeZone: string;
	timekeepers: SeedTimekeeper[];
	clients: SeedClient[];
	matters: SeedMatter[];
	utbmsCodes: SeedUtbmsCode[];
	activityCodes: SeedActivityCode[];
	entries: SeedEntry[];
	bills: SeedBill[];
}

export interface FirmOptions {
	seed?: string | number;
	/** number of time and expense entries (default 60) */
	size?: number;
	/**
	 * most clients (default 120): clients grow with size (one per 800 entries, + 5) up to this. The
	 * default keeps the demo's client list short, so beyond ~92,000 entries only the entries per
	 * matter grow; the firm-scale bench lifts it so a 10× firm has about 10× the matters.
	 */
	maxClients?: number;
	/**
	 * last date of the data, YYYY-MM-DD (default: the date of `now` in the firm's time zone). The
	 * data has the same shape relative to it on every day: unbilled work in its calendar month and
	 * the month before, bills for the year before that, guideline breakers in the previous month.
	 */
	asOf?: string;
	/**
	 * the instant the data is generated at (the sandbox clock's now): no timestamp is later. Default:
	 * the end of the working day of `asOf` when that is given, else the real current time.
	 */
	now?: string | number | Date;
}
