/**
 * The stream reader's per-invoice state: the invoice-level values of its first line, its line item
 * numbers (for duplicates), its billing period and its running sums; and, when the invoice ends,
 * the stated totals checked against the computed ones and the invoice summary.
 */
import { Decimal } from '../money/decimal';
import { FixedSum } from '../money/fixed';
import { LEDES_INDEX as F, type LedesField } from './fields';
import { shorten, where, type LedesIssueCode } from './issues';
import { canonical, isAmount4 } from './stream-arithmetic';
import type { IssueInvoice, StreamIssues } from './stream-issues';
import type { LedesInvoiceSummary } from './stream-types';

export interface InvoiceState extends IssueInvoice {
	number: string;
	firstLine: number;
	lastLine: number;
	lineCount: number;
	/** invoice-level field values as on the invoice's first (complete) line */
	values: string[];
	valuesLine: number;
	/** per invoice-level field: its first-line value passed every check */
	clean: boolean[];
	/** the runs of adjacent invoice-level fields of the first line, as text */
	runValues: string[];
	/** line item numbers: while they are increasing plain integers only the last is kept, else a set */
	lastLineNumber: number;
	increasing: number[];
	/** billing period of the first line, YYYYMMDD numbers (-1 when invalid) */
	startDate: number;
	endDate: number;
	/** sums in 1/10,000 units */
	total: FixedSum;
	tax: FixedSum;
	lineNumbers: Set<string>;
	errorCount: number;
	/** sums are unreliable once a line total could not be read */
	sumsBroken: boolean;
}

/** A new invoice starting on `line`; `values` are its invoice-level field texts ([] when the line is incomplete). */
export function openInvoice(number: string, line: number, values: string[], levelCount: number): InvoiceState {
	return {
		number,
		firstLine: line,
		lastLine: line,
		lineCount: 1,
		values,
		valuesLine: line,
		clean: new Array<boolean>(levelCount).fill(false),
		runValues: [],
		lastLineNumber: 0,
		increasing: [],
		startDate: -1,
		endDate: -1,
		total: new FixedSum(4),
		tax: new FixedSum(4),
		lineNumbers: new Set(),
		errorCount: 0,
		sumsBroken: false,
	};
}

/**
 * Notes the line item number raw[ls, le) (not empty); returns it when the invoice already had it.
 * Fast path: plain increasing integers (1, 2, 3 …) cannot repeat; anything else goes through a set.
 */
export function repeatedLineNumber(cur: InvoiceState, raw: string, ls: number, le: number): string | undefined {
	const num = cur.lastLineNumber >= 0 ? plainInt(raw, ls, le) : -1;
	if (num > cur.lastLineNumber) {
		cur.lastLineNumber = num;
		cur.increasing.push(num);
		return undefined;
	}
	if (cur.lastLineNumber >= 0) {
		for (const x of cur.increasing) cur.lineNumbers.add(String(x));
		cur.increasing = [];
		cur.lastLineNumber = -1;
	}
	const lin = raw.slice(ls, le);
	const size = cur.lineNumbers.size;
	cur.lineNumbers.add(lin);
	return cur.lineNumbers.size === size ? lin : undefined;
}

/** s[from, to) as a plain positive integer without leading zeros (at most 15 digits), else -1. */
function plainInt(s: string, from: number, to: number): number {
	if (to - from > 15 || s.charCodeAt(from) === 48) return -1;
	let v = 0;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i) - 48;
		if (c < 0 || c > 9) return -1;
		v = v * 10 + c;
	}
	return v;
}

/**
 * The end of an invoice: its stated totals (first line) against the computed sums, unless a line
 * total could not be read; returns its summary. Findings name the invoice and its first line.
 */
export function closeInvoice(cur: InvoiceState, fields: readonly LedesField[], invoiceLevel: number[], issues: StreamIssues): LedesInvoiceSummary {
	const is98 = fields.length > 24;
	const total = cur.total.toDecimal();
	const tax = is98 ? cur.tax.toDecimal() : Decimal.ZERO;
	const net = total.sub(tax);
	const val = (pos: number) => {
		const k = invoiceLevel.indexOf(pos);
		return k >= 0 ? (cur.values[k] ?? '') : '';
	};
	const stated = val(F.INVOICE_TOTAL);
	const line = cur.firstLine;
	const num = cur.number;
	const check = (pos: number, computed: Decimal, code: LedesIssueCode, what: string) => {
		const s = val(pos);
		if (s === '' || !isAmount4(s)) return;
		if (!Decimal.from(s).eq(computed)) {
			issues.issue(line, pos + 1, code, `${where(line, pos + 1, fields[pos].name)}: invoice ${shorten(num)} states ${s}, but ${what} ${canonical(computed)}.`, s, num);
		}
	};
	if (!cur.sumsBroken && cur.values.length) {
		check(F.INVOICE_TOTAL, total, 'INVOICE_TOTAL_MISMATCH', `its ${cur.lineCount} line totals add up to`);
		if (is98) {
			check(F.INVOICE_TAX_TOTAL, tax, 'INVOICE_TAX_TOTAL_MISMATCH', 'its line taxes add up to');
			check(F.INVOICE_NET_TOTAL, net, 'INVOICE_NET_TOTAL_MISMATCH', 'the invoice total less the tax total is');
			const taxCur = val(F.INVOICE_TAX_CURRENCY);
			if (taxCur === '' || taxCur === val(F.INVOICE_CURRENCY)) check(F.INVOICE_REPORTED_TAX_TOTAL, tax, 'REPORTED_TAX_TOTAL_MISMATCH', 'its line taxes add up to');
		}
	}
	return {
		number: num,
		firstLine: cur.firstLine,
		lastLine: cur.lastLine,
		lineCount: cur.lineCount,
		statedTotal: stated,
		total: canonical(total),
		tax: canonical(tax),
		net: canonical(net),
		errorCount: cur.errorCount,
	};
}
