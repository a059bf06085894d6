/**
 * The LEDES validating stream reader: a push parser that splits chunks into lines, lines into fields, and
 * validates every field against the format's field table, then the line and invoice arithmetic.
 * It holds one partial line of raw text plus small per-invoice state, so memory does not grow
 * with the file. Every finding is reported (never only the first).
 */
import { Decimal } from '../money/decimal';
import type { UtbmsKind } from '../utbms/types';
import {
	LEDES_INDEX as F,
	ISO_4217,
	LEDES_98BI_ACCEPTED_HEADERS,
	LEDES_FIELDS,
	LEDES_HEADERS,
	TIMEKEEPER_CLASSIFICATIONS_LEGACY,
	TIMEKEEPER_CLASSIFICATIONS_REVISED,
	type LedesField,
	type LedesTextFormat,
} from './fields';
import { LEDES_LIMITS } from './limits';
import { LineSplitter } from './lines';
import { shorten, WARNING_CODES, where, type LedesIssue, type LedesIssueCode } from './issues';
import { FixedSum, formatMoney } from '../money/fixed';
import { ledesDateAt, scanAmount, scanAmountAt, scanned } from './scan';


export interface LedesValidateOptions {
	/** Force the format instead of reading it from line 1. */
	format?: LedesTextFormat;
	/**
	 * Check UTBMS codes with this lookup (e.g. the UTBMS core's `isKnownCode`). Not called for
	 * empty codes. Results are cached per code. Leave unset to skip the check.
	 */
	isKnownCode?: (kind: UtbmsKind, code: string) => boolean;
	/** Which timekeeper classification codes are accepted: both (default), revised (PARTNR…) or legacy (PT…). */
	classifications?: 'both' | 'revised' | 'legacy';
	/** Largest accepted difference between a stated line total/tax and the computed one (default "0.005"). */
	tolerance?: string;
	/** Override a field's maximum length, e.g. { LINE_ITEM_DESCRIPTION: 1023 } for Brightflag. */
	maxLength?: Record<string, number>;
	/** Report non-ASCII characters as errors instead of warnings. */
	strictAscii?: boolean;
	/** Stop collecting (not checking) after this many errors; counts stay exact. Default 10,000. */
	maxIssues?: number;
	/**
	 * Longest line read, in characters (default 1,048,576). A longer line is reported once
	 * (LINE_TOO_LONG, naming the line) and skipped without being held or split, so a hostile file
	 * cannot exhaust memory.
	 */
	maxLineLength?: number;
	/** Most fields a line may have before it is skipped unsplit (TOO_MANY_FIELDS). Default 128. */
	maxFields?: number;
	/**
	 * parseLedes only: most line items turned into canonical entries (default 500,000, about a
	 * 100 MB file). Past it the file is still validated to the end, and one TOO_MANY_LINE_ITEMS error
	 * says where building stopped, so a flood of tiny lines cannot exhaust memory.
	 */
	maxLineItems?: number;
}

export { LEDES_LIMITS } from './limits';

/** One data line as split from the file: the raw field texts, 0-based (field n is fields[n-1]). */
export interface LedesRecord {
	readonly line: number;
	/** split on first access */
	readonly fields: string[];
	/** false when the line had a finding of severity error */
	readonly ok: boolean;
}

export interface LedesInvoiceSummary {
	number: string;
	firstLine: number;
	lastLine: number;
	lineCount: number;
	/** INVOICE_TOTAL as stated on the first line */
	statedTotal: string;
	/** computed: sum of line totals */
	total: string;
	/** computed: sum of line taxes (98BI) */
	tax: string;
	/** computed: total − tax */
	net: string;
	errorCount: number;
}

export interface LedesStreamSummary {
	format: LedesTextFormat | undefined;
	/** the header as read, e.g. "LEDES98BI V5[]" */
	header: string | undefined;
	lines: number;
	lineItems: number;
	invoices: number;
	errorCount: number;
	warningCount: number;
	valid: boolean;
}

export interface LedesStreamHandlers {
	onRecord?: (record: LedesRecord) => void;
	onIssue?: (issue: LedesIssue) => void;
	onInvoice?: (summary: LedesInvoiceSummary) => void;
}

/** Characters of the text searched for NUL (UTF-16 or binary files) before line 1 is read. */
const ENCODING_PROBE = 1024;

const TYPE_F = 1;
const TYPE_E = 2;
const TYPE_IF = 3;
const TYPE_IE = 4;
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_G = /[^\x00-\x7f]/g;

interface InvoiceState {
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

const MAX_FIELDS = 64;
const KIND_OTHER = 0;
const KIND_LENGTH = 1;
const KIND_AMOUNT = 2;
const KIND_DATE = 3;

/** A data line handed to onRecord; its field texts are split only when asked for. */
class LineRecord implements LedesRecord {
	constructor(
		readonly line: number,
		private readonly raw: string,
		private readonly end: number,
		readonly ok: boolean,
		private split: string[] | undefined,
	) {}

	get fields(): string[] {
		if (!this.split) this.split = this.raw.slice(0, this.end).split('|');
		return this.split;
	}
}

export class LedesStreamReader {
	private readonly maxLine: number;
	private readonly maxFields: number;
	/** the text is not ASCII/UTF-8/Latin-1 (UTF-16, binary): one error, the rest is ignored */
	private stopped = false;
	private lineNo = 0;
	private format: LedesTextFormat | undefined;
	private header: string | undefined;
	private fields: readonly LedesField[] = LEDES_FIELDS['1998B'];
	private maxLen: number[] = [];
	private invoiceLevel: number[] = [];
	private current: InvoiceState | undefined;
	private seenInvoices = new Set<string>();
	private codeCache = new Map<string, boolean>();
	private classSet: Set<string>;
	private currencySet = new Set(ISO_4217);
	private tol8: number;
	private tolDec: Decimal;
	private pendingBlank = 0;
	private lineItems = 0;
	private invoiceCount = 0;
	private errorCount = 0;
	private warningCount = 0;
	private collected = 0;
	private readonly maxIssues: number;
	private lineHadError = false;
	private ended = false;
	/** chunks → lines (bounded, linear; LF, CRLF or CR-only) */
	private readonly lines: LineSplitter;
	/** field position → index in InvoiceState.values (invoice-level fields), or -1 */
	private levelIndex: number[] = [];
	/** the current data line and its field offsets (field i is raw[starts[i], ends[i])) */
	private raw = '';
	/** end of the last field (before "[]" and CR) */
	private rawEnd = 0;
	private v: string[] | undefined;
	private readonly starts = new Int32Array(MAX_FIELDS);
	private runs: Array<[number, number]> = [];
	private runOf: number[] = [];
	private runSame: boolean[] = [];
	/** per field: which fast path of readData applies */
	private kinds: Uint8Array = new Uint8Array(0);
	private readonly ends = new Int32Array(MAX_FIELDS);
	/** the current data line's amounts in 1/10,000 units, by field index (NaN: empty or invalid) */
	private readonly amounts = new Float64Array(MAX_FIELDS);

	constructor(
		private readonly options: LedesValidateOptions = {},
		private readonly handlers: LedesStreamHandlers = {},
	) {
		const c = options.classifications ?? 'both';
		this.classSet = new Set<string>([
			...(c !== 'legacy' ? TIMEKEEPER_CLASSIFICATIONS_REVISED : []),
			...(c !== 'revised' ? TIMEKEEPER_CLASSIFICATIONS_LEGACY : []),
		]);
		this.tolDec = Decimal.from(options.tolerance ?? '0.005');
		this.tol8 = Number(this.tolDec.round(8).coef);
		this.maxIssues = options.maxIssues ?? LEDES_LIMITS.maxIssues;
		this.maxLine = options.maxLineLength ?? LEDES_LIMITS.maxLineLength;
		this.lines = new LineSplitter(this.maxLine, { line: (text) => this.processLine(text), tooLong: (head) => this.tooLong(head) });
		this.maxFields = Math.min(options.maxFields ?? LEDES_LIMITS.maxFields, 100_000);
		if (options.format) this.setFormat(options.format);
	}

	private setFormat(format: LedesTextFormat): void {
		this.format = format;
		this.fields = LEDES_FIELDS[format];
		this.maxLen = this.fields.map((f) => this.options.maxLength?.[f.name] ?? f.max ?? Infinity);
		this.kinds = Uint8Array.from(this.fields, (f) =>
			f.type === 'text' || f.type === 'id' || (f.type === 'code' && !this.options.isKnownCode)
				? KIND_LENGTH
				: f.type === 'amount'
					? KIND_AMOUNT
					: f.type === 'date'
						? KIND_DATE
						: KIND_OTHER,
		);
		this.invoiceLevel = this.fields.filter((f) => f.level === 'invoice').map((f) => f.position - 1);
		this.levelIndex = this.fields.map((f) => this.invoiceLevel.indexOf(f.position - 1));
		// runs of adjacent invoice-level fields, compared as one substring per run
		const runs: Array<[number, number]> = [];
		for (const i of this.invoiceLevel) {
			const last = runs[runs.length - 1];
			if (last && last[1] === i - 1) last[1] = i;
			else runs.push([i, i]);
		}
		this.runs = runs;
		this.runOf = this.fields.map((f) => runs.findIndex(([a, b]) => f.position - 1 >= a && f.position - 1 <= b));
		this.runSame = new Array<boolean>(runs.length).fill(false);
	}

	/** Feed text; lines are processed as soon as they are complete (see LineSplitter: linear, bounded). */
	push(chunk: string): void {
		this.lines.push(chunk);
	}

	/** A line over maxLineLength: reported once with its line number, not read. */
	private tooLong(head: string): void {
		const line = ++this.lineNo;
		if (this.stopped) return;
		if (line === 1) {
			this.header = shorten(head, LEDES_LIMITS.headerChars);
			if (!this.format) this.setFormat(/^LEDES\s*98BI/i.test(head) ? '98BI' : '1998B');
			if (this.checkEncoding(head)) return;
		} else if (line > 2) this.lineItems++;
		this.issue(
			line,
			undefined,
			'LINE_TOO_LONG',
			`Line ${line} is longer than ${this.maxLine.toLocaleString('en-US')} characters (the maxLineLength limit); it was not read. It starts "${shorten(head, 40)}".`,
			head,
		);
	}

	/** NUL characters near the start: the file is UTF-16 (or binary), not a LEDES text file. One error; the rest is ignored. */
	private checkEncoding(head: string): boolean {
		const probe = head.length > ENCODING_PROBE ? head.slice(0, ENCODING_PROBE) : head;
		const bom = probe.charCodeAt(0);
		const utf16Bom = (bom === 0xff && probe.charCodeAt(1) === 0xfe) || (bom === 0xfe && probe.charCodeAt(1) === 0xff) || bom === 0xfffe;
		if (!utf16Bom && probe.indexOf('\0') === -1) return false;
		this.stopped = true;
		this.issue(
			1,
			undefined,
			'ENCODING_INVALID',
			`Line 1: the file is not ASCII or UTF-8 text${utf16Bom || /^(?:[^\0]\0)+/.test(probe) || /^(?:\0[^\0])+/.test(probe) ? ' (it looks like UTF-16)' : ' (it contains NUL bytes)'}; save it as ASCII or UTF-8 and try again. Nothing else was read.`,
		);
		return true;
	}

	/** Flush the last line and the last invoice; returns the summary. */
	end(): LedesStreamSummary {
		if (!this.ended) {
			this.ended = true;
			this.lines.end();
			if (this.stopped) return this.summary();
			if (this.lineNo === 0) this.issue(1, undefined, 'EMPTY_FILE', 'The file is empty.');
			else if (this.lineNo === 1 && this.format) this.issue(2, undefined, 'COLUMNS_INVALID', 'Line 2: the column-definition line is missing.');
			this.closeInvoice();
			if (this.lineNo >= 2 && this.lineItems === 0)
				this.issue(this.lineNo + 1, undefined, 'NO_LINE_ITEMS', 'The file has no invoice lines after the two header lines.');
		}
		return this.summary();
	}

	summary(): LedesStreamSummary {
		return {
			format: this.format,
			header: this.header,
			lines: this.lineNo,
			lineItems: this.lineItems,
			invoices: this.invoiceCount,
			errorCount: this.errorCount,
			warningCount: this.warningCount,
			valid: this.errorCount === 0,
		};
	}

	private issue(
		line: number,
		field: number | undefined,
		code: LedesIssueCode,
		message: string,
		value?: string,
		invoiceNumber?: string,
	): void {
		const warning = WARNING_CODES.has(code) && !(code === 'NON_ASCII' && this.options.strictAscii);
		if (warning) this.warningCount++;
		else {
			this.errorCount++;
			this.lineHadError = true;
			if (this.current) this.current.errorCount++;
		}
		if (!this.handlers.onIssue || this.collected >= this.maxIssues) return;
		this.collected++;
		const out: LedesIssue = { line, code, message, severity: warning ? 'warning' : 'error' };
		if (field !== undefined) {
			out.field = field;
			out.fieldName = this.fields[field - 1]?.name;
		}
		if (invoiceNumber !== undefined) out.invoiceNumber = invoiceNumber;
		else if (this.current) out.invoiceNumber = this.current.number;
		if (value !== undefined) out.value = shorten(value);
		this.handlers.onIssue(out);
	}

	private fieldIssue(line: number, i: number, code: LedesIssueCode, what: string, value: string): void {
		const f = this.fields[i];
		this.issue(line, i + 1, code, `${where(line, i + 1, f.name)}: ${what}`, value);
	}

	/** One physical line, possibly still ending with the CR of a CRLF. */
	private processLine(text: string): void {
		const line = ++this.lineNo;
		if (this.stopped) return;
		if (line <= 2) {
			const t = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
			return line === 1 ? this.readHeader(t) : this.readColumns(t);
		}
		if (text.length === 0 || (text.length < 24 && text.trim() === '')) {
			this.pendingBlank = line;
			return;
		}
		if (this.pendingBlank) {
			this.issue(this.pendingBlank, undefined, 'BLANK_LINE', `Line ${this.pendingBlank} is blank; it was skipped.`);
			this.pendingBlank = 0;
		}
		this.readData(line, text);
	}

	private readHeader(text: string): void {
		const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
		this.header = shorten(t, LEDES_LIMITS.headerChars);
		if (this.checkEncoding(t)) {
			if (!this.format) this.setFormat('1998B');
			return;
		}
		const forced = this.options.format;
		let fmt: LedesTextFormat | undefined;
		if (t === LEDES_HEADERS['1998B']) fmt = '1998B';
		else if (LEDES_98BI_ACCEPTED_HEADERS.includes(t)) fmt = '98BI';
		if (fmt && (!forced || forced === fmt)) {
			if (!forced) this.setFormat(fmt);
			return;
		}
		const guess: LedesTextFormat = forced ?? (/^LEDES\s*98BI/i.test(t) ? '98BI' : '1998B');
		if (!this.format) this.setFormat(guess);
		const expected = guess === '98BI' ? LEDES_98BI_ACCEPTED_HEADERS.join(' or ') : LEDES_HEADERS['1998B'];
		this.issue(1, undefined, 'HEADER_INVALID', `Line 1: the header must be exactly ${expected}; found "${shorten(t)}".`, t);
	}

	private readColumns(text: string): void {
		// split at most maxFields + 1 times: a line of a million "|" is not turned into a million strings
		const names = stripTerminator(text).split('|', this.maxFields + 1);
		// A 52-column definition line decides 98BI even when the header was unreadable.
		if (!this.options.format && this.header !== LEDES_HEADERS['1998B'] && !LEDES_98BI_ACCEPTED_HEADERS.includes(this.header ?? '')) {
			if (names.length === LEDES_FIELDS['98BI'].length) this.setFormat('98BI');
			else if (names.length === LEDES_FIELDS['1998B'].length) this.setFormat('1998B');
		}
		const fields = this.fields;
		const problems: string[] = [];
		if (!text.endsWith('[]')) problems.push('it must end with []');
		if (names.length !== fields.length) problems.push(`it has ${names.length > this.maxFields ? `more than ${this.maxFields}` : names.length} columns, LEDES ${this.format} has ${fields.length}`);
		let first: number | undefined;
		for (let i = 0; i < Math.min(names.length, fields.length); i++) {
			if (names[i] !== fields[i].name) {
				first ??= i;
				if (problems.length < 4) problems.push(`column ${i + 1} is "${shorten(names[i], 30)}" instead of ${fields[i].name}`);
			}
		}
		if (problems.length) {
			this.issue(
				2,
				first !== undefined ? first + 1 : undefined,
				'COLUMNS_INVALID',
				`Line 2: the column-definition line is not the LEDES ${this.format} one: ${problems.join('; ')}.`,
			);
		}
	}

	/**
	 * One data line. Fields are located by offsets (no substring per field): sizes, dates, amounts
	 * and codes are checked in place, and substrings are only made where a value must be kept
	 * (invoice-level values of an invoice's first line, line item numbers) or reported.
	 */
	private readData(line: number, raw: string): void {
		this.lineHadError = false;
		this.lineItems++;
		const cr = raw.charCodeAt(raw.length - 1) === 13;
		const end0 = cr ? raw.length - 1 : raw.length;
		const terminated = raw.charCodeAt(end0 - 1) === 93 && raw.charCodeAt(end0 - 2) === 91;
		const len = terminated ? end0 - 2 : end0;
		const S = this.starts;
		const E = this.ends;
		const fields = this.fields;
		const n = fields.length;
		let count = 0;
		let p = 0;
		const maxFields = this.maxFields;
		for (;;) {
			const q = raw.indexOf('|', p);
			const end = q === -1 || q > len ? len : q;
			if (count < MAX_FIELDS) {
				S[count] = p;
				E[count] = end;
			}
			count++;
			if (end === len) break;
			if (count === maxFields) {
				// counted, never split: the line is reported and skipped
				this.issue(line, undefined, 'TOO_MANY_FIELDS', `Line ${line} has more than ${maxFields} fields (the maxFields limit); LEDES ${this.format} lines have exactly ${n}. It was not read.`);
				return;
			}
			p = q + 1;
		}
		this.raw = raw;
		this.rawEnd = len;
		this.v = undefined;
		this.enterInvoice(line, count > 1 ? S[F.INVOICE_NUMBER] : 0, count > 1 ? E[F.INVOICE_NUMBER] : 0, count === n);
		if (!terminated) this.issue(line, undefined, 'LINE_TERMINATOR_MISSING', `Line ${line}: the line must end with [].`);
		if (count !== n) {
			this.issue(
				line,
				undefined,
				'COLUMN_COUNT',
				`Line ${line} has ${count} fields; LEDES ${this.format} lines have exactly ${n}. Check for a "|" inside a description or a missing field.`,
			);
			this.emit(line);
			return;
		}
		if (!this.lines.ascii && NON_ASCII.test(raw)) this.reportNonAscii(line, this.values());

		const ts = S[F.TYPE];
		const tl = E[F.TYPE] - ts;
		const c0 = raw.charCodeAt(ts);
		const t =
			tl === 1 ? (c0 === 70 ? TYPE_F : c0 === 69 ? TYPE_E : 0) : tl === 2 && c0 === 73 ? (raw.charCodeAt(ts + 1) === 70 ? TYPE_IF : raw.charCodeAt(ts + 1) === 69 ? TYPE_IE : 0) : 0;
		const hasTimekeeper = E[F.TIMEKEEPER_ID] > S[F.TIMEKEEPER_ID] || E[F.TIMEKEEPER_NAME] > S[F.TIMEKEEPER_NAME];

		// Amounts of this line in 1/10,000 units, by field index; NaN = empty or invalid; unsafe ones are re-read with Decimal.
		const A = this.amounts;
		A[F.UNITS] = A[F.ADJUSTMENT] = A[F.LINE_TOTAL] = A[F.UNIT_COST] = A[F.TAX_TOTAL] = NaN;
		let unsafe = false;
		let lineDate = -1;

		const cur = this.current!;
		if (cur.values.length === 0) {
			cur.values = this.invoiceLevel.map((i) => raw.slice(S[i], E[i]));
			cur.valuesLine = line;
		}
		const first = cur.valuesLine === line;
		const levelIndex = this.levelIndex;
		const runSame = this.runSame;
		const runOf = this.runOf;
		if (first) cur.runValues = this.runs.map(([a, b]) => raw.slice(S[a], E[b]));
		else for (let r = 0; r < runSame.length; r++) runSame[r] = raw.slice(S[this.runs[r][0]], E[this.runs[r][1]]) === cur.runValues[r];

		const kinds = this.kinds;
		const maxLen = this.maxLen;
		for (let i = 0; i < n; i++) {
			const s0 = S[i];
			const e0 = E[i];
			const spec = fields[i];
			const k = levelIndex[i];
			// Fast paths for line-level fields with a value: only a failed check goes through checkField,
			// which reports it.
			if (k < 0 && e0 > s0) {
				const kind = kinds[i];
				if (kind === KIND_LENGTH) {
					if (e0 - s0 > maxLen[i]) this.checkField(line, i, raw, s0, e0, spec, t, hasTimekeeper);
					continue;
				}
				if (kind === KIND_AMOUNT) {
					const a = scanAmountAt(raw, s0, e0);
					if (a !== a || scanned.intDigits > spec.intDigits! || scanned.decimals > spec.decimals!) {
						this.checkField(line, i, raw, s0, e0, spec, t, hasTimekeeper);
						continue;
					}
					if (scanned.unsafe) unsafe = true;
					A[i] = a;
					continue;
				}
				if (kind === KIND_DATE) {
					const d = ledesDateAt(raw, s0, e0);
					if (d < 0) this.checkField(line, i, raw, s0, e0, spec, t, hasTimekeeper);
					if (i === F.LINE_DATE) lineDate = d;
					continue;
				}
			}
			let before = 0;
			if (k >= 0) {
				// Invoice-level fields hold the same value on every line: a value already found clean on
				// the invoice's first line is not checked again; a different value is reported.
				if (first) before = this.errorCount + this.warningCount;
				else {
					const want = cur.values[k];
					if (runSame[runOf[i]]) {
						if (cur.clean[k]) continue;
					} else {
						const got = raw.slice(s0, e0);
						if (got === want) {
							if (cur.clean[k]) continue;
						} else if (!(spec.type === 'amount' && sameAmount(got, want))) this.inconsistent(line, i, k, cur, got);
					}
				}
			}
			this.checkField(line, i, raw, s0, e0, spec, t, hasTimekeeper);
			if (k >= 0 && first) cur.clean[k] = this.errorCount + this.warningCount === before;
			if (spec.type === 'amount') {
				if (this.fieldOk && e0 > s0) {
					if (scanned.unsafe) unsafe = true;
					A[i] = this.lastAmount;
				}
			} else if (i === F.LINE_DATE) lineDate = this.lastDate;
		}
		this.afterFields(line, t, unsafe, lineDate, first);
	}

	/** The current line's field texts (made on demand: reporting, Decimal fallbacks, 98BI tax). */
	private values(): string[] {
		if (this.v) return this.v;
		const raw = this.raw;
		const v = raw.slice(0, this.rawEnd).split('|');
		this.v = v;
		return v;
	}

	private val(i: number): string {
		return this.v ? this.v[i] : this.raw.slice(this.starts[i], this.ends[i]);
	}

	/** Result of the last checkField: the value passed (or was empty and not required). */
	private fieldOk = true;
	private lastAmount = NaN;
	/** last date checked, as the number YYYYMMDD, or -1 */
	private lastDate = -1;

	private bad(line: number, i: number, code: LedesIssueCode, what: string, value: string): void {
		this.fieldOk = false;
		this.fieldIssue(line, i, code, what, value);
	}

	/** Checks one field (raw[s0, e0)) against its table entry: type, size, allowed values, required-when. */
	private checkField(line: number, i: number, raw: string, s0: number, e0: number, spec: LedesField, t: number, hasTimekeeper: boolean): void {
		this.fieldOk = true;
		const size = e0 - s0;
		if (size === 0) {
			this.lastDate = -1;
			const r = spec.required;
			if (
				r === 'always' ||
				(r === 'notInvoiceAdjustment' && t !== TYPE_IF && t !== TYPE_IE) ||
				(r === 'fee' && t === TYPE_F) ||
				(r === 'feeOrTimekeeper' && (t === TYPE_F || hasTimekeeper))
			)
				this.bad(line, i, 'REQUIRED', `the ${spec.label} is empty; ${requiredWhy(r)}.`, '');
			return;
		}
		switch (spec.type) {
			case 'date': {
				const d = ledesDateAt(raw, s0, e0);
				this.lastDate = d;
				if (d < 0) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'DATE_INVALID', `"${shorten(s)}" is not a date; write it as YYYYMMDD (e.g. 20260131).`, s);
				}
				return;
			}
			case 'amount': {
				const a = scanAmountAt(raw, s0, e0);
				this.lastAmount = a;
				if (a !== a) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'NUMBER_INVALID', `"${shorten(s)}" is not a number; use digits, one "." and an optional leading "-", no commas or currency signs.`, s);
					return;
				}
				if (scanned.intDigits > spec.intDigits!) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'NUMBER_TOO_LARGE', `"${shorten(s)}" has ${scanned.intDigits} digits before the decimal point; at most ${spec.intDigits} are allowed.`, s);
				}
				if (scanned.decimals > spec.decimals!) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'TOO_MANY_DECIMALS', `"${shorten(s)}" has ${scanned.decimals} decimals; at most ${spec.decimals} are allowed.`, s);
				}
				return;
			}
			case 'text':
			case 'id':
			case 'code':
				if (size > this.maxLen[i]) this.bad(line, i, 'TOO_LONG', `the ${spec.label} is ${size} characters long; at most ${this.maxLen[i]} are allowed.`, raw.slice(s0, e0));
				else if (spec.type === 'code' && this.options.isKnownCode) this.checkCode(line, i, raw.slice(s0, e0));
				return;
			case 'lineType': {
				const c = raw.charCodeAt(s0);
				const ok = size === 1 ? c === 70 || c === 69 : size === 2 && c === 73 && (raw.charCodeAt(s0 + 1) === 70 || raw.charCodeAt(s0 + 1) === 69);
				if (!ok) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'VALUE_NOT_ALLOWED', `"${shorten(s)}" is not a line type; use F (fee), E (expense), IF (invoice fee adjustment) or IE (invoice expense adjustment).`, s);
				}
				return;
			}
			case 'classification': {
				const s = raw.slice(s0, e0);
				if (!this.classSet.has(s))
					this.bad(line, i, 'VALUE_NOT_ALLOWED', `"${shorten(s)}" is not a LEDES timekeeper classification (e.g. PARTNR, ASSOC, PARALG${this.options.classifications === 'revised' ? '' : ', or the older PT, AS, PL'}).`, s);
				return;
			}
			case 'currency': {
				const s = raw.slice(s0, e0);
				if (!this.currencySet.has(s)) this.bad(line, i, 'VALUE_NOT_ALLOWED', `"${shorten(s)}" is not an ISO 4217 currency code (e.g. USD, EUR, GBP).`, s);
				return;
			}
			case 'accountType': {
				const c = raw.charCodeAt(s0);
				if (size !== 1 || (c !== 79 && c !== 84)) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'VALUE_NOT_ALLOWED', `"${shorten(s)}" is not an account type; use O (ordinary) or T (trust).`, s);
				}
				return;
			}
			case 'rate': {
				const s = raw.slice(s0, e0);
				if (!isTaxRate(s, spec.decimals ?? 10))
					this.bad(line, i, 'TAX_RATE_INVALID', `"${shorten(s)}" is not a tax rate; write a decimal from 0 to 1 (e.g. 0.2 for 20%) with at most ${spec.decimals ?? 10} decimals.`, s);
				return;
			}
			case 'lawFirmId': {
				const s = raw.slice(s0, e0);
				const ids = s.split('~');
				if (ids.length > 3 || ids.some((x) => x === '' || x.length > this.maxLen[i]))
					this.bad(line, i, 'TOO_LONG', `the ${spec.label} must be up to three IDs of at most ${this.maxLen[i]} characters, separated by "~".`, s);
				return;
			}
		}
	}

	/** Line checks after the fields: units sign, period, duplicates, arithmetic; then the invoice sums. */
	private afterFields(line: number, t: number, unsafe: boolean, lineDate: number, first: boolean): void {
		const A = this.amounts;
		const units = A[F.UNITS];
		const adj = A[F.ADJUSTMENT];
		const total = A[F.LINE_TOTAL];
		const cost = A[F.UNIT_COST];
		const tax = A[F.TAX_TOTAL];
		const cur = this.current!;
		const raw = this.raw;
		const S = this.starts;
		const E = this.ends;
		const is98 = this.fields.length > 24;
		// Negative units
		if (units < 0) this.fieldIssue(line, F.UNITS, 'NEGATIVE_UNITS', 'the number of units is negative; bill a reduction as a negative adjustment instead.', this.val(F.UNITS));

		// Dates: period order (once per invoice) and line date inside the period
		let sd: number;
		let ed: number;
		const ks = this.levelIndex[F.BILLING_START_DATE];
		const ke = this.levelIndex[F.BILLING_END_DATE];
		if (first) {
			sd = cur.startDate = ledesDateAt(raw, S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]);
			ed = cur.endDate = ledesDateAt(raw, S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]);
			if (sd >= 0 && ed >= 0 && sd > ed)
				this.fieldIssue(line, F.BILLING_START_DATE, 'BILLING_PERIOD_INVERTED', `the billing period starts (${sd}) after it ends (${ed}).`, String(sd));
		} else {
			sd = this.runSame[this.runOf[F.BILLING_START_DATE]] || raw.slice(S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]) === cur.values[ks] ? cur.startDate : ledesDateAt(raw, S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]);
			ed = this.runSame[this.runOf[F.BILLING_END_DATE]] || raw.slice(S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]) === cur.values[ke] ? cur.endDate : ledesDateAt(raw, S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]);
		}
		if (sd >= 0 && ed >= 0 && lineDate >= 0 && sd <= ed && (lineDate < sd || lineDate > ed))
			this.fieldIssue(line, F.LINE_DATE, 'LINE_DATE_OUTSIDE_PERIOD', `the line date ${lineDate} is outside the billing period ${sd}–${ed}.`, String(lineDate));

		// Duplicate line item number within the invoice
		const ls = S[F.LINE_ITEM_NUMBER];
		const le = E[F.LINE_ITEM_NUMBER];
		if (le > ls) {
			// Fast path: plain increasing integers (1, 2, 3 …) cannot repeat; anything else goes through a set.
			const num = cur.lastLineNumber >= 0 ? plainInt(raw, ls, le) : -1;
			if (num > cur.lastLineNumber) {
				cur.lastLineNumber = num;
				cur.increasing.push(num);
			} else {
				if (cur.lastLineNumber >= 0) {
					for (const x of cur.increasing) cur.lineNumbers.add(String(x));
					cur.increasing = [];
					cur.lastLineNumber = -1;
				}
				const lin = raw.slice(ls, le);
				const size = cur.lineNumbers.size;
				cur.lineNumbers.add(lin);
				if (cur.lineNumbers.size === size)
					this.fieldIssue(line, F.LINE_ITEM_NUMBER, 'DUPLICATE_LINE_ITEM_NUMBER', `line item number ${shorten(lin)} is used twice in invoice ${shorten(cur.number)}.`, lin);
			}
		}

		// Line arithmetic: total = units × cost + adjustment (+ tax on 98BI), in 1/10,000 units while exact
		const emptyUnits = E[F.UNITS] === S[F.UNITS];
		const emptyCost = E[F.UNIT_COST] === S[F.UNIT_COST];
		const emptyAdj = E[F.ADJUSTMENT] === S[F.ADJUSTMENT];
		const unitsOk = units === units || (emptyUnits && t >= TYPE_IF);
		const costOk = cost === cost || (emptyCost && t >= TYPE_IF);
		const adjOk = adj === adj || emptyAdj;
		const taxOk = !is98 || tax === tax;
		if (total === total && unitsOk && costOk && adjOk && taxOk && t !== 0) {
			if (!unsafe) {
				const prod = emptyUnits || emptyCost ? 0 : units * cost;
				const exp8 = prod + (emptyAdj ? 0 : adj * 10000) + (is98 ? tax * 10000 : 0);
				const st8 = total * 10000;
				if (Number.isSafeInteger(prod) && Number.isSafeInteger(exp8) && Number.isSafeInteger(st8)) {
					const d = st8 - exp8;
					if (d > this.tol8 || d < -this.tol8) this.lineTotalIssue(line, this.values(), is98);
				} else this.lineArithmeticDecimal(line, this.values(), is98);
			} else this.lineArithmeticDecimal(line, this.values(), is98);
			if (is98 && E[F.TAX_RATE] > S[F.TAX_RATE]) {
				const v = this.values();
				if (isTaxRate(v[F.TAX_RATE], 10)) this.lineTax(line, v);
			}
		}

		// Invoice sums
		if (total === total) {
			if (unsafe) cur.total.addDecimal(Decimal.from(this.val(F.LINE_TOTAL)));
			else cur.total.add(total);
		} else cur.sumsBroken = true;
		if (is98) {
			if (tax === tax) {
				if (unsafe) cur.tax.addDecimal(Decimal.from(this.val(F.TAX_TOTAL)));
				else cur.tax.add(tax);
			} else cur.sumsBroken = true;
		}
		this.emit(line);
	}

	private inconsistent(line: number, i: number, k: number, cur: InvoiceState, value: string): void {
		const f = this.fields[i];
		const code: LedesIssueCode = i === F.INVOICE_TOTAL ? 'INVOICE_TOTAL_INCONSISTENT' : 'INVOICE_FIELD_INCONSISTENT';
		this.issue(
			line,
			i + 1,
			code,
			`${where(line, i + 1, f.name)}: the ${f.label} "${shorten(value)}" differs from "${shorten(cur.values[k])}" on line ${cur.valuesLine}; it must be the same on every line of invoice ${shorten(cur.number)}.`,
			value,
		);
	}

	private emit(line: number): void {
		if (this.handlers.onRecord) this.handlers.onRecord(new LineRecord(line, this.raw, this.rawEnd, !this.lineHadError, this.v));
	}

	private lineTotalIssue(line: number, v: string[], is98: boolean): void {
		const exp = expectedLineTotal(v, is98);
		this.fieldIssue(
			line,
			F.LINE_TOTAL,
			'LINE_TOTAL_MISMATCH',
			`the line total ${v[F.LINE_TOTAL]} does not equal units × unit cost + adjustment${is98 ? ' + tax' : ''} = ${exp.toString()}.`,
			v[F.LINE_TOTAL],
		);
	}

	private lineArithmeticDecimal(line: number, v: string[], is98: boolean): void {
		const exp = expectedLineTotal(v, is98);
		if (Decimal.from(v[F.LINE_TOTAL]).sub(exp).abs().gt(this.tolDec)) this.lineTotalIssue(line, v, is98);
	}

	private lineTax(line: number, v: string[]): void {
		const base = lineBase(v);
		const expected = base.mul(v[F.TAX_RATE]);
		if (Decimal.from(v[F.TAX_TOTAL]).sub(expected).abs().gt(this.tolDec)) {
			this.fieldIssue(
				line,
				F.TAX_TOTAL,
				'LINE_TAX_MISMATCH',
				`the line tax ${v[F.TAX_TOTAL]} does not equal (units × unit cost + adjustment) × tax rate = ${base.toString()} × ${v[F.TAX_RATE]} = ${expected.round(2).toString()}.`,
				v[F.TAX_TOTAL],
			);
		}
	}

	private checkCode(line: number, i: number, code: string): void {
		const kind: UtbmsKind = i === F.TASK_CODE ? 'task' : i === F.ACTIVITY_CODE ? 'activity' : 'expense';
		const key = kind + ':' + code;
		let known = this.codeCache.get(key);
		if (known === undefined) {
			known = !!this.options.isKnownCode!(kind, code);
			this.codeCache.set(key, known);
		}
		if (!known) this.fieldIssue(line, i, 'UNKNOWN_UTBMS_CODE', `"${shorten(code)}" is not a known UTBMS ${kind} code.`, code);
	}

	private reportNonAscii(line: number, v: string[]): void {
		for (let i = 0; i < v.length; i++) {
			if (!NON_ASCII.test(v[i])) continue;
			const found = new Set<string>();
			NON_ASCII_G.lastIndex = 0;
			for (let m = NON_ASCII_G.exec(v[i]); m && found.size < 10; m = NON_ASCII_G.exec(v[i])) found.add(m[0]);
			NON_ASCII_G.lastIndex = 0;
			const chars = [...found].join(' ');
			this.fieldIssue(line, i, 'NON_ASCII', `contains characters outside ASCII (${chars}); LEDES text files are ASCII, platforms may reject or garble them.`, v[i]);
		}
	}

	private enterInvoice(line: number, s0: number, e0: number, complete: boolean): void {
		const cur = this.current;
		const raw = this.raw;
		if (cur && e0 - s0 === cur.number.length && raw.slice(s0, e0) === cur.number) {
			cur.lastLine = line;
			cur.lineCount++;
			return;
		}
		const number = raw.slice(s0, e0);
		this.closeInvoice();
		// only lines with the right field count are remembered: a flood of short broken lines (whose
		// "invoice number" is any text) cannot grow the set beyond one entry per 24+ characters
		if (complete && this.seenInvoices.has(number)) {
			this.issue(
				line,
				F.INVOICE_NUMBER + 1,
				'DUPLICATE_INVOICE_NUMBER',
				`${where(line, F.INVOICE_NUMBER + 1, 'INVOICE_NUMBER')}: invoice ${shorten(number)} appears again after other invoices; keep the lines of one invoice together, or give a new invoice its own number.`,
				number,
				number,
			);
		}
		if (complete) this.seenInvoices.add(number);
		this.invoiceCount++;
		const S = this.starts;
		const E = this.ends;
		this.current = {
			number,
			firstLine: line,
			lastLine: line,
			lineCount: 1,
			values: complete ? this.invoiceLevel.map((i) => raw.slice(S[i], E[i])) : [],
			valuesLine: line,
			clean: this.invoiceLevel.map(() => false),
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

	private closeInvoice(): void {
		const cur = this.current;
		if (!cur) return;
		this.current = undefined;
		const is98 = this.fields.length > 24;
		const total = cur.total.toDecimal();
		const tax = is98 ? cur.tax.toDecimal() : Decimal.ZERO;
		const net = total.sub(tax);
		const idx = this.invoiceLevel;
		const val = (pos: number) => {
			const k = idx.indexOf(pos);
			return k >= 0 ? (cur.values[k] ?? '') : '';
		};
		const stated = val(F.INVOICE_TOTAL);
		const line = cur.firstLine;
		const num = cur.number;
		const check = (pos: number, computed: Decimal, code: LedesIssueCode, what: string) => {
			const s = val(pos);
			if (s === '' || !isAmount4(s)) return;
			if (!Decimal.from(s).eq(computed)) {
				this.issue(line, pos + 1, code, `${where(line, pos + 1, this.fields[pos].name)}: invoice ${shorten(num)} states ${s}, but ${what} ${canonical(computed)}.`, s, num);
			}
		};
		if (!cur.sumsBroken && cur.values.length) {
			check(F.INVOICE_TOTAL, total, 'INVOICE_TOTAL_MISMATCH', `its ${cur.lineCount} line totals add up to`);
			if (is98) {
				check(F.INVOICE_TAX_TOTAL, tax, 'INVOICE_TAX_TOTAL_MISMATCH', 'its line taxes add up to');
				check(F.INVOICE_NET_TOTAL, net, 'INVOICE_NET_TOTAL_MISMATCH', 'the invoice total less the tax total is');
				const taxCur = val(F.INVOICE_TAX_CURRENCY);
				if (taxCur === '' || taxCur === val(F.INVOICE_CURRENCY))
					check(F.INVOICE_REPORTED_TAX_TOTAL, tax, 'REPORTED_TAX_TOTAL_MISMATCH', 'its line taxes add up to');
			}
		}
		this.handlers.onInvoice?.({
			number: num,
			firstLine: cur.firstLine,
			lastLine: cur.lastLine,
			lineCount: cur.lineCount,
			statedTotal: stated,
			total: canonical(total),
			tax: canonical(tax),
			net: canonical(net),
			errorCount: cur.errorCount,
		});
	}
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

function stripTerminator(s: string): string {
	return s.endsWith('[]') ? s.slice(0, -2) : s;
}

function requiredWhy(r: string): string {
	switch (r) {
		case 'notInvoiceAdjustment':
			return 'it is required on fee (F) and expense (E) lines';
		case 'fee':
			return 'it is required on fee (F) lines';
		case 'feeOrTimekeeper':
			return 'it is required on fee lines and on lines that name a timekeeper';
		default:
			return 'it is required';
	}
}

function sameAmount(a: string, b: string): boolean {
	const x = scanAmount(a);
	const ux = scanned.unsafe;
	const y = scanAmount(b);
	if (x !== x || y !== y) return false;
	if (ux || scanned.unsafe) {
		const da = Decimal.tryFrom(a);
		const db = Decimal.tryFrom(b);
		return da && db ? da.eq(db) : a === b;
	}
	return x === y;
}

/** A valid amount with at most 4 decimals, short enough for Decimal. */
function isAmount4(s: string): boolean {
	if (s.length > Decimal.MAX_LENGTH) return false;
	const a = scanAmount(s);
	return a === a && scanned.decimals <= 4;
}

/** digits, at most one ".", at least one digit; one pass (the former /^\d*\.?\d*$/ backtracked on long text) */
function isTaxRate(s: string, maxDecimals: number): boolean {
	const n = s.length;
	if (n === 0 || n > Decimal.MAX_LENGTH) return false;
	let dot = -1;
	for (let i = 0; i < n; i++) {
		const c = s.charCodeAt(i);
		if (c === 46 && dot === -1) dot = i;
		else if (c < 48 || c > 57) return false;
	}
	if (n === 1 && dot === 0) return false;
	if (dot >= 0 && s.length - dot - 1 > maxDecimals) return false;
	const d = Decimal.from(s.startsWith('.') ? '0' + s : s);
	return d.gte(0) && d.lte(1);
}

function dec(s: string): Decimal {
	return s === '' ? Decimal.ZERO : Decimal.from(s);
}

function lineBase(v: string[]): Decimal {
	const prod = v[F.UNITS] === '' || v[F.UNIT_COST] === '' ? Decimal.ZERO : dec(v[F.UNITS]).mul(dec(v[F.UNIT_COST]));
	return prod.add(dec(v[F.ADJUSTMENT]));
}

function expectedLineTotal(v: string[], is98: boolean): Decimal {
	const base = lineBase(v);
	return is98 ? base.add(dec(v[F.TAX_TOTAL])) : base;
}

/** Canonical text of a computed amount: at least 2 decimals, trailing zeros beyond dropped. */
const canonical = (d: Decimal): string => formatMoney(d);

/** @deprecated the old name of LedesStreamReader (a validating stream reader, not an engine). */
export const LedesEngine = LedesStreamReader;
/** @deprecated the old name of LedesStreamReader. */
export type LedesEngine = LedesStreamReader;
/** @deprecated the old name of LedesStreamHandlers. */
export type LedesEngineHandlers = LedesStreamHandlers;
