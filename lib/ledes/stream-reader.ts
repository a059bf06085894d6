/**
 * The LEDES validating stream reader: a push parser that splits chunks into lines (./lines), lines
 * into fields, and validates every field against the format's field table (./stream-fields), then
 * the line arithmetic (./stream-arithmetic) and the invoice totals (./stream-invoice). It holds one
 * partial line of raw text plus small per-invoice state, so memory does not grow with the file.
 * Every finding is reported (never only the first), counted by ./stream-issues.
 */
import { Decimal } from '../money/decimal';
import { LEDES_INDEX as F, LEDES_FIELDS, type LedesField, type LedesTextFormat } from './fields';
import { shorten, where, type LedesIssueCode } from './issues';
import { LEDES_LIMITS } from './limits';
import { LineSplitter } from './lines';
import { ledesDateAt, scanAmountAt, scanned } from './scan';
import { isTaxRate, LineArithmetic, sameAmount } from './stream-arithmetic';
import { FieldChecks, hasNonAscii, KIND_AMOUNT, KIND_DATE, KIND_LENGTH, TYPE_E, TYPE_F, TYPE_IE, TYPE_IF } from './stream-fields';
import { columnNames, columnProblems, encodingProblem, exactFormat, formatOfColumns, guessFormat, headerMessage } from './stream-header';
import { closeInvoice, openInvoice, repeatedLineNumber, type InvoiceState } from './stream-invoice';
import { StreamIssues } from './stream-issues';
import { LineRecord, type LedesStreamHandlers, type LedesStreamSummary, type LedesValidateOptions } from './stream-types';

export type { LedesInvoiceSummary, LedesRecord, LedesStreamHandlers, LedesStreamSummary, LedesValidateOptions } from './stream-types';
export { LEDES_LIMITS } from './limits';

const MAX_FIELDS = 64;

export class LedesStreamReader {
	private readonly maxLine: number;
	private readonly maxFields: number;
	/** the text is not ASCII/UTF-8/Latin-1 (UTF-16, binary): one error, the rest is ignored */
	private stopped = false;
	private lineNo = 0;
	private format: LedesTextFormat | undefined;
	private header: string | undefined;
	private fields: readonly LedesField[] = LEDES_FIELDS['1998B'];
	private invoiceLevel: number[] = [];
	private current: InvoiceState | undefined;
	private seenInvoices = new Set<string>();
	private tol8: number;
	private pendingBlank = 0;
	private lineItems = 0;
	private invoiceCount = 0;
	private ended = false;
	/** findings: counts, attribution, the onIssue handler */
	private readonly issues: StreamIssues;
	/** one field against the field table */
	private readonly checks: FieldChecks;
	/** line totals and taxes with Decimal */
	private readonly arithmetic: LineArithmetic;
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
	private readonly ends = new Int32Array(MAX_FIELDS);
	/** the current data line's amounts in 1/10,000 units, by field index (NaN: empty or invalid) */
	private readonly amounts = new Float64Array(MAX_FIELDS);

	constructor(
		private readonly options: LedesValidateOptions = {},
		private readonly handlers: LedesStreamHandlers = {},
	) {
		this.issues = new StreamIssues(handlers.onIssue, options.maxIssues ?? LEDES_LIMITS.maxIssues, !!options.strictAscii);
		this.checks = new FieldChecks(this.issues, options);
		const tolerance = Decimal.from(options.tolerance ?? '0.005');
		this.tol8 = Number(tolerance.round(8).coef);
		this.arithmetic = new LineArithmetic(this.issues, tolerance);
		this.maxLine = options.maxLineLength ?? LEDES_LIMITS.maxLineLength;
		this.lines = new LineSplitter(this.maxLine, { line: (text) => this.processLine(text), tooLong: (head) => this.tooLong(head) });
		this.maxFields = Math.min(options.maxFields ?? LEDES_LIMITS.maxFields, 100_000);
		if (options.format) this.setFormat(options.format);
	}

	private setFormat(format: LedesTextFormat): void {
		this.format = format;
		this.fields = LEDES_FIELDS[format];
		this.issues.fields = this.fields;
		this.checks.setFields(this.fields);
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

	private issue(line: number, field: number | undefined, code: LedesIssueCode, message: string, value?: string, invoiceNumber?: string): void {
		this.issues.issue(line, field, code, message, value, invoiceNumber);
	}

	/** A line over maxLineLength: reported once with its line number, not read. */
	private tooLong(head: string): void {
		const line = ++this.lineNo;
		if (this.stopped) return;
		if (line === 1) {
			this.header = shorten(head, LEDES_LIMITS.headerChars);
			if (!this.format) this.setFormat(guessFormat(head));
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
		const problem = encodingProblem(head);
		if (problem === undefined) return false;
		this.stopped = true;
		this.issue(1, undefined, 'ENCODING_INVALID', problem);
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
		const { errorCount, warningCount } = this.issues;
		return {
			format: this.format,
			header: this.header,
			lines: this.lineNo,
			lineItems: this.lineItems,
			invoices: this.invoiceCount,
			errorCount,
			warningCount,
			valid: errorCount === 0,
		};
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
		const fmt = exactFormat(t);
		if (fmt && (!forced || forced === fmt)) {
			if (!forced) this.setFormat(fmt);
			return;
		}
		const guess: LedesTextFormat = forced ?? guessFormat(t);
		if (!this.format) this.setFormat(guess);
		this.issue(1, undefined, 'HEADER_INVALID', headerMessage(guess, t), t);
	}

	private readColumns(text: string): void {
		const names = columnNames(text, this.maxFields);
		// A 52-column definition line decides 98BI even when the header was unreadable.
		if (!this.options.format && exactFormat(this.header ?? '') === undefined) {
			const byColumns = formatOfColumns(names);
			if (byColumns) this.setFormat(byColumns);
		}
		const { problems, first } = columnProblems(text, names, this.fields, this.format, this.maxFields);
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
		this.issues.lineHadError = false;
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
		if (!this.lines.ascii && hasNonAscii(raw)) this.checks.nonAscii(line, this.values());

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

		const checks = this.checks;
		const issues = this.issues;
		const kinds = checks.kinds;
		const maxLen = checks.maxLen;
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
					if (e0 - s0 > maxLen[i]) checks.check(line, i, raw, s0, e0, spec, t, hasTimekeeper);
					continue;
				}
				if (kind === KIND_AMOUNT) {
					const a = scanAmountAt(raw, s0, e0);
					if (a !== a || scanned.intDigits > spec.intDigits! || scanned.decimals > spec.decimals!) {
						checks.check(line, i, raw, s0, e0, spec, t, hasTimekeeper);
						continue;
					}
					if (scanned.unsafe) unsafe = true;
					A[i] = a;
					continue;
				}
				if (kind === KIND_DATE) {
					const d = ledesDateAt(raw, s0, e0);
					if (d < 0) checks.check(line, i, raw, s0, e0, spec, t, hasTimekeeper);
					if (i === F.LINE_DATE) lineDate = d;
					continue;
				}
			}
			let before = 0;
			if (k >= 0) {
				// Invoice-level fields hold the same value on every line: a value already found clean on
				// the invoice's first line is not checked again; a different value is reported.
				if (first) before = issues.errorCount + issues.warningCount;
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
			checks.check(line, i, raw, s0, e0, spec, t, hasTimekeeper);
			if (k >= 0 && first) cur.clean[k] = issues.errorCount + issues.warningCount === before;
			if (spec.type === 'amount') {
				if (checks.ok && e0 > s0) {
					if (scanned.unsafe) unsafe = true;
					A[i] = checks.amount;
				}
			} else if (i === F.LINE_DATE) lineDate = checks.date;
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
		if (units < 0) this.issues.field(line, F.UNITS, 'NEGATIVE_UNITS', 'the number of units is negative; bill a reduction as a negative adjustment instead.', this.val(F.UNITS));

		// Dates: period order (once per invoice) and line date inside the period
		let sd: number;
		let ed: number;
		const ks = this.levelIndex[F.BILLING_START_DATE];
		const ke = this.levelIndex[F.BILLING_END_DATE];
		if (first) {
			sd = cur.startDate = ledesDateAt(raw, S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]);
			ed = cur.endDate = ledesDateAt(raw, S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]);
			if (sd >= 0 && ed >= 0 && sd > ed)
				this.issues.field(line, F.BILLING_START_DATE, 'BILLING_PERIOD_INVERTED', `the billing period starts (${sd}) after it ends (${ed}).`, String(sd));
		} else {
			sd = this.runSame[this.runOf[F.BILLING_START_DATE]] || raw.slice(S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]) === cur.values[ks] ? cur.startDate : ledesDateAt(raw, S[F.BILLING_START_DATE], E[F.BILLING_START_DATE]);
			ed = this.runSame[this.runOf[F.BILLING_END_DATE]] || raw.slice(S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]) === cur.values[ke] ? cur.endDate : ledesDateAt(raw, S[F.BILLING_END_DATE], E[F.BILLING_END_DATE]);
		}
		if (sd >= 0 && ed >= 0 && lineDate >= 0 && sd <= ed && (lineDate < sd || lineDate > ed))
			this.issues.field(line, F.LINE_DATE, 'LINE_DATE_OUTSIDE_PERIOD', `the line date ${lineDate} is outside the billing period ${sd}–${ed}.`, String(lineDate));

		// Duplicate line item number within the invoice
		const ls = S[F.LINE_ITEM_NUMBER];
		const le = E[F.LINE_ITEM_NUMBER];
		if (le > ls) {
			const lin = repeatedLineNumber(cur, raw, ls, le);
			if (lin !== undefined)
				this.issues.field(line, F.LINE_ITEM_NUMBER, 'DUPLICATE_LINE_ITEM_NUMBER', `line item number ${shorten(lin)} is used twice in invoice ${shorten(cur.number)}.`, lin);
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
					if (d > this.tol8 || d < -this.tol8) this.arithmetic.totalMismatch(line, this.values(), is98);
				} else this.arithmetic.total(line, this.values(), is98);
			} else this.arithmetic.total(line, this.values(), is98);
			if (is98 && E[F.TAX_RATE] > S[F.TAX_RATE]) {
				const v = this.values();
				if (isTaxRate(v[F.TAX_RATE], 10)) this.arithmetic.tax(line, v);
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
		if (this.handlers.onRecord) this.handlers.onRecord(new LineRecord(line, this.raw, this.rawEnd, !this.issues.lineHadError, this.v));
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
		this.current = openInvoice(number, line, complete ? this.invoiceLevel.map((i) => raw.slice(S[i], E[i])) : [], this.invoiceLevel.length);
		this.issues.invoice = this.current;
	}

	private closeInvoice(): void {
		const cur = this.current;
		if (!cur) return;
		this.current = undefined;
		this.issues.invoice = undefined;
		const summary = closeInvoice(cur, this.fields, this.invoiceLevel, this.issues);
		this.handlers.onInvoice?.(summary);
	}
}

/** @deprecated the old name of LedesStreamReader (a validating stream reader, not an engine). */
export const LedesEngine = LedesStreamReader;
/** @deprecated the old name of LedesStreamReader. */
export type LedesEngine = LedesStreamReader;
/** @deprecated the old name of LedesStreamHandlers. */
export type LedesEngineHandlers = LedesStreamHandlers;
