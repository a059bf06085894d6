/**
 * The sandbox's OWN reading of a LEDES 1998B / 98BI file: a minimal line splitter and total check
 * that imports nothing from the product (lib/), so a bug in the product's LEDES parser cannot hide
 * itself from the simulators that judge it. It checks only what a platform's intake must check
 * before anything else: the format line, the header line, every data line ending in `[]` with as
 * many fields as the header, dates as YYYYMMDD, amounts as decimals, each LINE_ITEM_TOTAL =
 * units × unit cost + adjustment (+ LINE_ITEM_TAX_TOTAL in 98BI; units and cost may be empty on IF/IE lines), and INVOICE_TOTAL the same on
 * every line of an invoice and equal to the sum of its line totals. Tolerance: half a cent, as
 * LEDES amounts carry at most 2–4 decimals. LEDES XML is not read here.
 *
 * Money is exact: amounts become BigInt counts of 1/10,000.
 */

export interface LedesCheckIssue {
	/** 1-based file line */
	line: number;
	field?: string;
	code: 'FORMAT' | 'HEADER' | 'FIELD_COUNT' | 'REQUIRED' | 'DATE_INVALID' | 'NUMBER_INVALID' | 'LINE_TOTAL_MISMATCH' | 'INVOICE_TOTAL_INCONSISTENT' | 'INVOICE_TOTAL_MISMATCH';
	message: string;
}

export interface LedesCheckInvoice {
	invoiceNumber: string;
	lineCount: number;
	/** sum of the line totals, 2 decimals */
	total: string;
	/** INVOICE_TOTAL as stated on its first line */
	statedTotal: string;
}

export interface LedesCheckResult {
	format?: '1998B' | '98BI';
	issues: LedesCheckIssue[];
	invoices: LedesCheckInvoice[];
}

const SCALE = 10_000n;

/** A LEDES amount ("-70", "2.00", "717.63", "5.") as 1/10,000 units, or undefined. */
export function toUnits(text: string): bigint | undefined {
	const m = /^(-)?(\d+)(?:\.(\d{0,4}))?$/.exec(text.trim());
	if (!m) return undefined;
	const frac = (m[3] ?? '').padEnd(4, '0');
	const v = BigInt(m[2]) * SCALE + BigInt(frac);
	return m[1] ? -v : v;
}

/** 1/10,000 units → "123.45" (rounded half away from zero to 2 decimals). */
export function unitsToText(v: bigint): string {
	const neg = v < 0n;
	const abs = neg ? -v : v;
	const cents = (abs + 50n) / 100n;
	const s = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
	return neg && cents !== 0n ? `-${s}` : s;
}

function isDate(s: string): boolean {
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

const REQUIRED = ['INVOICE_DATE', 'INVOICE_NUMBER', 'CLIENT_ID', 'INVOICE_TOTAL', 'LINE_ITEM_NUMBER', 'EXP/FEE/INV_ADJ_TYPE', 'LINE_ITEM_TOTAL', 'LINE_ITEM_DATE', 'LAW_FIRM_ID'];
const DATES = ['INVOICE_DATE', 'BILLING_START_DATE', 'BILLING_END_DATE', 'LINE_ITEM_DATE'];
const AMOUNTS = ['INVOICE_TOTAL', 'LINE_ITEM_NUMBER_OF_UNITS', 'LINE_ITEM_ADJUSTMENT_AMOUNT', 'LINE_ITEM_TOTAL', 'LINE_ITEM_UNIT_COST', 'LINE_ITEM_TAX_TOTAL'];
/** half a cent, in 1/10,000 units */
const TOLERANCE = 50n;

/** Reads a 1998B or 98BI file; anything else is one FORMAT issue. */
export function checkLedesText(text: string): LedesCheckResult {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const issues: LedesCheckIssue[] = [];
	const first = (lines[0] ?? '').trim();
	const format = first === 'LEDES1998B[]' ? '1998B' : /^LEDES98BI V\d+\[\]$/.test(first) ? '98BI' : undefined;
	if (!format) return { issues: [{ line: 1, code: 'FORMAT', message: 'The first line must be LEDES1998B[] or LEDES98BI V2[]' }], invoices: [] };
	const headerLine = (lines[1] ?? '').trim();
	if (!headerLine.endsWith('[]')) return { format, issues: [{ line: 2, code: 'HEADER', message: 'The header line must end with []' }], invoices: [] };
	const names = headerLine.slice(0, -2).split('|');
	const col = new Map(names.map((n, i) => [n, i]));
	for (const n of ['INVOICE_NUMBER', 'INVOICE_TOTAL', 'LINE_ITEM_TOTAL', 'LINE_ITEM_NUMBER_OF_UNITS', 'LINE_ITEM_UNIT_COST', 'LINE_ITEM_ADJUSTMENT_AMOUNT']) {
		if (!col.has(n)) issues.push({ line: 2, code: 'HEADER', field: n, message: `The header line has no ${n}` });
	}
	if (issues.length) return { format, issues, invoices: [] };
	const invoices = new Map<string, LedesCheckInvoice & { sum: bigint; firstLine: number; broken: boolean }>();
	for (let i = 2; i < lines.length; i++) {
		const raw = lines[i].trim();
		if (raw === '') continue;
		const lineNo = i + 1;
		if (!raw.endsWith('[]')) {
			issues.push({ line: lineNo, code: 'FORMAT', message: 'A data line must end with []' });
			continue;
		}
		const v = raw.slice(0, -2).split('|');
		if (v.length !== names.length) {
			issues.push({ line: lineNo, code: 'FIELD_COUNT', message: `${v.length} fields, the header names ${names.length}` });
			continue;
		}
		const get = (n: string) => (col.has(n) ? v[col.get(n) as number].trim() : '');
		let lineOk = true;
		const type = get('EXP/FEE/INV_ADJ_TYPE');
		for (const n of REQUIRED) {
			if (col.has(n) && get(n) === '') {
				issues.push({ line: lineNo, field: n, code: 'REQUIRED', message: `${n} is empty` });
				lineOk = false;
			}
		}
		// units and unit cost may be empty only on invoice-level adjustment lines (IF, IE)
		if (type !== 'IF' && type !== 'IE') {
			for (const n of ['LINE_ITEM_NUMBER_OF_UNITS', 'LINE_ITEM_UNIT_COST']) {
				if (get(n) === '') {
					issues.push({ line: lineNo, field: n, code: 'REQUIRED', message: `${n} is empty on a ${type || '?'} line` });
					lineOk = false;
				}
			}
		}
		for (const n of DATES) {
			if (get(n) !== '' && !isDate(get(n))) {
				issues.push({ line: lineNo, field: n, code: 'DATE_INVALID', message: `${n} "${get(n)}" is not a YYYYMMDD date` });
				lineOk = false;
			}
		}
		const amount: Record<string, bigint> = {};
		for (const n of AMOUNTS) {
			const s = get(n);
			if (s === '') {
				amount[n] = 0n;
				continue;
			}
			const u = toUnits(s);
			if (u === undefined) {
				issues.push({ line: lineNo, field: n, code: 'NUMBER_INVALID', message: `${n} "${s}" is not a decimal amount` });
				lineOk = false;
			} else amount[n] = u;
		}
		const number = get('INVOICE_NUMBER');
		let inv = invoices.get(number);
		if (!inv) {
			inv = { invoiceNumber: number, lineCount: 0, total: '0.00', statedTotal: get('INVOICE_TOTAL'), sum: 0n, firstLine: lineNo, broken: false };
			invoices.set(number, inv);
		}
		inv.lineCount++;
		if (get('INVOICE_TOTAL') !== inv.statedTotal) {
			issues.push({ line: lineNo, field: 'INVOICE_TOTAL', code: 'INVOICE_TOTAL_INCONSISTENT', message: `INVOICE_TOTAL "${get('INVOICE_TOTAL')}" differs from "${inv.statedTotal}" on line ${inv.firstLine} of invoice ${number}` });
		}
		if (!lineOk) {
			inv.broken = true;
			continue;
		}
		// units × unit cost has up to 8 decimals: compare in 1/10,000² and scale the rest up
		const product = amount.LINE_ITEM_NUMBER_OF_UNITS * amount.LINE_ITEM_UNIT_COST;
		const tax = format === '98BI' ? amount.LINE_ITEM_TAX_TOTAL : 0n;
		const expected = product + (amount.LINE_ITEM_ADJUSTMENT_AMOUNT + tax) * SCALE;
		const diff = amount.LINE_ITEM_TOTAL * SCALE - expected;
		if ((diff < 0n ? -diff : diff) > TOLERANCE * SCALE) {
			issues.push({
				line: lineNo,
				field: 'LINE_ITEM_TOTAL',
				code: 'LINE_TOTAL_MISMATCH',
				message: `LINE_ITEM_TOTAL ${get('LINE_ITEM_TOTAL')} is not units × unit cost + adjustment${tax ? ' + tax' : ''} (${unitsToText(expected / SCALE)})`,
			});
		}
		inv.sum += amount.LINE_ITEM_TOTAL;
	}
	for (const inv of invoices.values()) {
		inv.total = unitsToText(inv.sum);
		const stated = toUnits(inv.statedTotal);
		if (!inv.broken && stated !== undefined) {
			const diff = stated - inv.sum;
			if ((diff < 0n ? -diff : diff) > TOLERANCE) {
				issues.push({ line: inv.firstLine, field: 'INVOICE_TOTAL', code: 'INVOICE_TOTAL_MISMATCH', message: `invoice ${inv.invoiceNumber} states INVOICE_TOTAL ${inv.statedTotal}, its ${inv.lineCount} line totals add up to ${inv.total}` });
			}
		}
	}
	return { format, issues, invoices: [...invoices.values()].map(({ invoiceNumber, lineCount, total, statedTotal }) => ({ invoiceNumber, lineCount, total, statedTotal })) };
}
