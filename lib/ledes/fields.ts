/**
 * LEDES field tables: ONE table per format. The writer, the parser and the validator all read
 * these tables (names, 1-based positions, types, sizes, required-when rules), so a correction
 * made here reaches all three.
 *
 * Sources: LEDES 1998B / 98BI specification copies (Rev 7/2014) and the reference notes in
 * shared/reference/ledes-utbms.md. Where sources disagree the stricter public rule is used and the
 * value is overridable through validator options (`maxLength`).
 */

export type LedesTextFormat = '1998B' | '98BI';
export type LedesFormat = LedesTextFormat | 'XML2.1';

/**
 * Field value types.
 * - date: YYYYMMDD
 * - amount: signed decimal, `intDigits` integer digits at most, `decimals` decimals at most (0–4), trailing dot allowed
 * - text: free text up to `max` characters (descriptions, names, addresses)
 * - id: identifier, up to `max` characters
 * - code: UTBMS task/activity/expense code, up to `max` characters
 * - lineType: F, E, IF, IE
 * - classification: timekeeper classification (revised six-letter codes or the legacy ones)
 * - currency: ISO 4217 alphabetic code
 * - accountType: O (ordinary) or T (trust)
 * - rate: decimal between 0 and 1 (tax rate), up to `decimals` decimals
 * - lawFirmId: up to three ids joined by "~" (98BI), each up to `max` characters
 */
export type LedesFieldType =
	| 'date'
	| 'amount'
	| 'text'
	| 'id'
	| 'code'
	| 'lineType'
	| 'classification'
	| 'currency'
	| 'accountType'
	| 'rate'
	| 'lawFirmId';

/**
 * When a field must be filled in.
 * - always / never
 * - notInvoiceAdjustment: required unless the line is IF or IE (units, unit cost)
 * - fee: required on fee lines (F)
 * - feeOrTimekeeper: required on fee lines and on any line naming a timekeeper (TIMEKEEPER_ID or TIMEKEEPER_NAME filled)
 */
export type RequiredWhen = 'always' | 'never' | 'notInvoiceAdjustment' | 'fee' | 'feeOrTimekeeper';

/** Where the field sits in the data: on every line the same (invoice level) or per line. */
export type FieldLevel = 'invoice' | 'line';

export interface LedesField {
	/** 1-based position in the line */
	position: number;
	name: string;
	type: LedesFieldType;
	/** maximum length in characters (text/id/code/…) */
	max?: number;
	/** amounts: most integer digits */
	intDigits?: number;
	/** amounts and rates: most decimals */
	decimals?: number;
	required: RequiredWhen;
	/** invoice-level fields must hold the same value on every line of one invoice */
	level: FieldLevel;
	/** text that a clerk reads in an error message */
	label: string;
}

const KB15 = 15 * 1024;

type Row = [name: string, type: LedesFieldType, size: number | [number, number] | undefined, required: RequiredWhen, level: FieldLevel, label: string];

function table(rows: Row[]): readonly LedesField[] {
	return Object.freeze(
		rows.map(([name, type, size, required, level, label], i) => {
			const f: LedesField = { position: i + 1, name, type, required, level, label };
			if (Array.isArray(size)) {
				f.intDigits = size[0];
				f.decimals = size[1];
			} else if (size !== undefined) {
				if (type === 'rate') f.decimals = size;
				else f.max = size;
			}
			return Object.freeze(f);
		}),
	);
}

const ROWS_1998B: Row[] = [
	['INVOICE_DATE', 'date', undefined, 'always', 'invoice', 'invoice date'],
	['INVOICE_NUMBER', 'id', 20, 'always', 'invoice', 'invoice number'],
	['CLIENT_ID', 'id', 20, 'always', 'invoice', 'client ID'],
	['LAW_FIRM_MATTER_ID', 'id', 20, 'always', 'line', "law firm's matter ID"],
	['INVOICE_TOTAL', 'amount', [12, 4], 'always', 'invoice', 'invoice total'],
	['BILLING_START_DATE', 'date', undefined, 'always', 'invoice', 'billing period start date'],
	['BILLING_END_DATE', 'date', undefined, 'always', 'invoice', 'billing period end date'],
	['INVOICE_DESCRIPTION', 'text', KB15, 'never', 'invoice', 'invoice description'],
	['LINE_ITEM_NUMBER', 'id', 20, 'always', 'line', 'line item number'],
	['EXP/FEE/INV_ADJ_TYPE', 'lineType', 2, 'always', 'line', 'line type (F, E, IF or IE)'],
	['LINE_ITEM_NUMBER_OF_UNITS', 'amount', [10, 4], 'notInvoiceAdjustment', 'line', 'number of units (hours)'],
	['LINE_ITEM_ADJUSTMENT_AMOUNT', 'amount', [10, 4], 'never', 'line', 'adjustment amount'],
	['LINE_ITEM_TOTAL', 'amount', [10, 4], 'always', 'line', 'line total'],
	['LINE_ITEM_DATE', 'date', undefined, 'always', 'line', 'line date'],
	['LINE_ITEM_TASK_CODE', 'code', 20, 'never', 'line', 'UTBMS task code'],
	['LINE_ITEM_EXPENSE_CODE', 'code', 20, 'never', 'line', 'UTBMS expense code'],
	['LINE_ITEM_ACTIVITY_CODE', 'code', 20, 'never', 'line', 'UTBMS activity code'],
	['TIMEKEEPER_ID', 'id', 20, 'fee', 'line', 'timekeeper ID'],
	['LINE_ITEM_DESCRIPTION', 'text', KB15, 'never', 'line', 'line description'],
	['LAW_FIRM_ID', 'id', 20, 'always', 'invoice', 'law firm ID'],
	['LINE_ITEM_UNIT_COST', 'amount', [10, 4], 'notInvoiceAdjustment', 'line', 'unit cost (rate)'],
	['TIMEKEEPER_NAME', 'text', 30, 'fee', 'line', 'timekeeper name'],
	['TIMEKEEPER_CLASSIFICATION', 'classification', 10, 'fee', 'line', 'timekeeper classification'],
	['CLIENT_MATTER_ID', 'id', 20, 'never', 'line', "client's matter ID"],
];

/** 98BI: the 24 fields of 1998B (LAW_FIRM_ID may hold up to three ids joined by "~"), then 28 more. */
const ROWS_98BI: Row[] = [
	...ROWS_1998B.map((r): Row => (r[0] === 'LAW_FIRM_ID' ? [r[0], 'lawFirmId', r[2], r[3], r[4], r[5]] : r)),
	['PO_NUMBER', 'id', 100, 'never', 'invoice', 'purchase order number'],
	['CLIENT_TAX_ID', 'id', 20, 'always', 'invoice', "client's tax ID"],
	['MATTER_NAME', 'text', 255, 'always', 'line', 'matter name'],
	['INVOICE_TAX_TOTAL', 'amount', [12, 4], 'never', 'invoice', 'invoice tax total'],
	['INVOICE_NET_TOTAL', 'amount', [12, 4], 'always', 'invoice', 'invoice net total'],
	['INVOICE_CURRENCY', 'currency', 3, 'always', 'invoice', 'invoice currency'],
	['TIMEKEEPER_LAST_NAME', 'text', 60, 'feeOrTimekeeper', 'line', 'timekeeper last name'],
	['TIMEKEEPER_FIRST_NAME', 'text', 60, 'feeOrTimekeeper', 'line', 'timekeeper first name'],
	['ACCOUNT_TYPE', 'accountType', 1, 'never', 'invoice', 'account type (O or T)'],
	['LAW_FIRM_NAME', 'text', 60, 'never', 'invoice', 'law firm name'],
	['LAW_FIRM_ADDRESS_1', 'text', 60, 'never', 'invoice', 'law firm address line 1'],
	['LAW_FIRM_ADDRESS_2', 'text', 60, 'never', 'invoice', 'law firm address line 2'],
	['LAW_FIRM_CITY', 'text', 40, 'never', 'invoice', 'law firm city'],
	['LAW_FIRM_STATEorREGION', 'text', 40, 'never', 'invoice', 'law firm state or region'],
	['LAW_FIRM_POSTCODE', 'text', 20, 'never', 'invoice', 'law firm postcode'],
	['LAW_FIRM_COUNTRY', 'text', 3, 'never', 'invoice', 'law firm country'],
	['CLIENT_NAME', 'text', 60, 'never', 'invoice', 'client name'],
	['CLIENT_ADDRESS_1', 'text', 60, 'never', 'invoice', 'client address line 1'],
	['CLIENT_ADDRESS_2', 'text', 60, 'never', 'invoice', 'client address line 2'],
	['CLIENT_CITY', 'text', 40, 'never', 'invoice', 'client city'],
	['CLIENT_STATEorREGION', 'text', 40, 'never', 'invoice', 'client state or region'],
	['CLIENT_POSTCODE', 'text', 20, 'never', 'invoice', 'client postcode'],
	['CLIENT_COUNTRY', 'text', 3, 'never', 'invoice', 'client country'],
	['LINE_ITEM_TAX_RATE', 'rate', 10, 'never', 'line', 'line tax rate (0 to 1)'],
	['LINE_ITEM_TAX_TOTAL', 'amount', [10, 4], 'always', 'line', 'line tax total'],
	['LINE_ITEM_TAX_TYPE', 'id', 20, 'never', 'line', 'line tax type'],
	['INVOICE_REPORTED_TAX_TOTAL', 'amount', [12, 4], 'never', 'invoice', 'reported invoice tax total'],
	['INVOICE_TAX_CURRENCY', 'currency', 3, 'never', 'invoice', 'invoice tax currency'],
];

export const LEDES_1998B_FIELDS = table(ROWS_1998B);
export const LEDES_98BI_FIELDS = table(ROWS_98BI);

export const LEDES_FIELDS: Readonly<Record<LedesTextFormat, readonly LedesField[]>> = Object.freeze({
	'1998B': LEDES_1998B_FIELDS,
	'98BI': LEDES_98BI_FIELDS,
});

/** Header line (line 1) written per format; the 98BI reader also accepts `LEDES98BI V5[]`. */
export const LEDES_HEADERS: Readonly<Record<LedesTextFormat, string>> = Object.freeze({
	'1998B': 'LEDES1998B[]',
	'98BI': 'LEDES98BI V2[]',
});
export const LEDES_98BI_ACCEPTED_HEADERS = Object.freeze(['LEDES98BI V2[]', 'LEDES98BI V5[]']);

/**
 * Which LEDES format a file is, from its first line (a BOM and leading blank space are ignored):
 * '1998B', '98BI' (V2 or V5 header), 'XML' (a ledesxmlebilling root), or undefined.
 */
export function detectLedesFormat(text: string): '1998B' | '98BI' | 'XML' | undefined {
	const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 300);
	if (/^LEDES1998B\[\]/.test(head)) return '1998B';
	if (/^LEDES98BI V\d+\[\]/.test(head)) return '98BI';
	if (/^(<\?xml[^>]*\?>\s*)?<ledesxmlebilling/i.test(head)) return 'XML';
	return undefined;
}

/** Column-definition line (line 2). */
export function ledesColumnLine(format: LedesTextFormat): string {
	return LEDES_FIELDS[format].map((f) => f.name).join('|') + '[]';
}

/** Field positions (0-based index into the split line) the engine reads by name. */
export const LEDES_INDEX = Object.freeze({
	INVOICE_DATE: 0,
	INVOICE_NUMBER: 1,
	CLIENT_ID: 2,
	LAW_FIRM_MATTER_ID: 3,
	INVOICE_TOTAL: 4,
	BILLING_START_DATE: 5,
	BILLING_END_DATE: 6,
	INVOICE_DESCRIPTION: 7,
	LINE_ITEM_NUMBER: 8,
	TYPE: 9,
	UNITS: 10,
	ADJUSTMENT: 11,
	LINE_TOTAL: 12,
	LINE_DATE: 13,
	TASK_CODE: 14,
	EXPENSE_CODE: 15,
	ACTIVITY_CODE: 16,
	TIMEKEEPER_ID: 17,
	LINE_DESCRIPTION: 18,
	LAW_FIRM_ID: 19,
	UNIT_COST: 20,
	TIMEKEEPER_NAME: 21,
	TIMEKEEPER_CLASSIFICATION: 22,
	CLIENT_MATTER_ID: 23,
	PO_NUMBER: 24,
	CLIENT_TAX_ID: 25,
	MATTER_NAME: 26,
	INVOICE_TAX_TOTAL: 27,
	INVOICE_NET_TOTAL: 28,
	INVOICE_CURRENCY: 29,
	TIMEKEEPER_LAST_NAME: 30,
	TIMEKEEPER_FIRST_NAME: 31,
	ACCOUNT_TYPE: 32,
	LAW_FIRM_NAME: 33,
	LAW_FIRM_ADDRESS_1: 34,
	LAW_FIRM_ADDRESS_2: 35,
	LAW_FIRM_CITY: 36,
	LAW_FIRM_STATE: 37,
	LAW_FIRM_POSTCODE: 38,
	LAW_FIRM_COUNTRY: 39,
	CLIENT_NAME: 40,
	CLIENT_ADDRESS_1: 41,
	CLIENT_ADDRESS_2: 42,
	CLIENT_CITY: 43,
	CLIENT_STATE: 44,
	CLIENT_POSTCODE: 45,
	CLIENT_COUNTRY: 46,
	TAX_RATE: 47,
	TAX_TOTAL: 48,
	TAX_TYPE: 49,
	INVOICE_REPORTED_TAX_TOTAL: 50,
	INVOICE_TAX_CURRENCY: 51,
});

/** Line types (EXP/FEE/INV_ADJ_TYPE). */
export const LEDES_LINE_TYPES = Object.freeze(['F', 'E', 'IF', 'IE'] as const);
export type LedesLineType = (typeof LEDES_LINE_TYPES)[number];

/** LOC revised timekeeper classification codes (2014+). */
export const TIMEKEEPER_CLASSIFICATIONS_REVISED = Object.freeze([
	'ADJSTR', 'ADJSMT', 'ANALST', 'ARBITR', 'ASSOC', 'TRANEE', 'AUDITR', 'CLKSEC', 'CONSLT', 'TEMPAT', 'TEMPOS',
	'CSTCNS', 'CTRPTR', 'DSCATT', 'DSCPMG', 'DSCANJ', 'DSCANS', 'DOCCDR', 'DOCRAT', 'DOCRNA', 'EVDEVL', 'EXPERT',
	'FLTFEE', 'FORANL', 'HLNLPF', 'INVSTG', 'IPSVPV', 'IPAGNT', 'LGLAST', 'LGLINT', 'LGPRMG', 'LIBRRN', 'MEDITR',
	'MDRCRV', 'OFCOUN', 'NBOTHR', 'PARALG', 'PARTNR', 'RSRCHR', 'RSPROF', 'SECNDE', 'SPAGNT', 'SOLDSG', 'STFATT',
	'STFCNS', 'TPADMN', 'TRAINR', 'TRNDEV', 'TRNFAG', 'TRANSL', 'VIDOGR',
]);
/** Legacy codes from the original 1998B specification, plus the Collaborati additions (PL, CS, LP, LI). */
export const TIMEKEEPER_CLASSIFICATIONS_LEGACY = Object.freeze(['PT', 'AS', 'OC', 'LA', 'OT', 'PL', 'CS', 'LP', 'LI']);

/** ISO 4217 alphabetic codes in use (list of 2024). */
export const ISO_4217 = Object.freeze(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
		'CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF ' +
		'GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR ' +
		'LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK ' +
		'PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT ' +
		'TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG ' +
		'XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
	).split(' '),
);
