/**
 * The stream reader's field checks: one field's text (raw[s0, e0), no substring made unless it is
 * reported) against its entry in the format's field table: type, size, allowed values and
 * required-when. Also the per-format tables the reader's fast path reads (which check applies to a
 * field, its maximum length), UTBMS code lookups (cached) and non-ASCII findings.
 */
import type { UtbmsKind } from '../utbms/types';
import { LEDES_INDEX as F, ISO_4217, TIMEKEEPER_CLASSIFICATIONS_LEGACY, TIMEKEEPER_CLASSIFICATIONS_REVISED, type LedesField } from './fields';
import { shorten, type LedesIssueCode } from './issues';
import { ledesDateAt, scanAmountAt, scanned } from './scan';
import { isTaxRate } from './stream-arithmetic';
import type { StreamIssues } from './stream-issues';
import type { LedesValidateOptions } from './stream-types';

/** Line types, as read from the EXP/FEE/INV_ADJ_TYPE field (0: none of them). */
export const TYPE_F = 1;
export const TYPE_E = 2;
export const TYPE_IF = 3;
export const TYPE_IE = 4;

/** Which fast path of the reader applies to a field with a value. */
export const KIND_OTHER = 0;
export const KIND_LENGTH = 1;
export const KIND_AMOUNT = 2;
export const KIND_DATE = 3;

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_G = /[^\x00-\x7f]/g;

export class FieldChecks {
	/** Result of the last check: the value passed (or was empty and not required). */
	ok = true;
	/** the amount of the last amount field checked, in 1/10,000 units (NaN: invalid) */
	amount = NaN;
	/** the last date checked, as the number YYYYMMDD, or -1 */
	date = -1;
	/** per field index: its maximum length (options.maxLength overrides the table) */
	maxLen: number[] = [];
	/** per field index: KIND_* (which fast path applies) */
	kinds: Uint8Array = new Uint8Array(0);
	private readonly classSet: Set<string>;
	private readonly currencySet = new Set(ISO_4217);
	private readonly codeCache = new Map<string, boolean>();

	constructor(
		private readonly issues: StreamIssues,
		private readonly options: LedesValidateOptions,
	) {
		const c = options.classifications ?? 'both';
		this.classSet = new Set<string>([
			...(c !== 'legacy' ? TIMEKEEPER_CLASSIFICATIONS_REVISED : []),
			...(c !== 'revised' ? TIMEKEEPER_CLASSIFICATIONS_LEGACY : []),
		]);
	}

	/** The field table of the format being read. */
	setFields(fields: readonly LedesField[]): void {
		this.maxLen = fields.map((f) => this.options.maxLength?.[f.name] ?? f.max ?? Infinity);
		this.kinds = Uint8Array.from(fields, (f) =>
			f.type === 'text' || f.type === 'id' || (f.type === 'code' && !this.options.isKnownCode)
				? KIND_LENGTH
				: f.type === 'amount'
					? KIND_AMOUNT
					: f.type === 'date'
						? KIND_DATE
						: KIND_OTHER,
		);
	}

	private bad(line: number, i: number, code: LedesIssueCode, what: string, value: string): void {
		this.ok = false;
		this.issues.field(line, i, code, what, value);
	}

	/** Checks one field (raw[s0, e0)) against its table entry: type, size, allowed values, required-when. */
	check(line: number, i: number, raw: string, s0: number, e0: number, spec: LedesField, t: number, hasTimekeeper: boolean): void {
		this.ok = true;
		const size = e0 - s0;
		if (size === 0) {
			this.date = -1;
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
				this.date = d;
				if (d < 0) {
					const s = raw.slice(s0, e0);
					this.bad(line, i, 'DATE_INVALID', `"${shorten(s)}" is not a date; write it as YYYYMMDD (e.g. 20260131).`, s);
				}
				return;
			}
			case 'amount': {
				const a = scanAmountAt(raw, s0, e0);
				this.amount = a;
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
				else if (spec.type === 'code' && this.options.isKnownCode) this.code(line, i, raw.slice(s0, e0));
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

	/** A UTBMS code through options.isKnownCode (cached per kind and code). */
	private code(line: number, i: number, code: string): void {
		const kind: UtbmsKind = i === F.TASK_CODE ? 'task' : i === F.ACTIVITY_CODE ? 'activity' : 'expense';
		const key = kind + ':' + code;
		let known = this.codeCache.get(key);
		if (known === undefined) {
			known = !!this.options.isKnownCode!(kind, code);
			this.codeCache.set(key, known);
		}
		if (!known) this.issues.field(line, i, 'UNKNOWN_UTBMS_CODE', `"${shorten(code)}" is not a known UTBMS ${kind} code.`, code);
	}

	/** Reports each field of `v` that holds characters outside ASCII (up to ten of them named). */
	nonAscii(line: number, v: string[]): void {
		for (let i = 0; i < v.length; i++) {
			if (!NON_ASCII.test(v[i])) continue;
			const found = new Set<string>();
			NON_ASCII_G.lastIndex = 0;
			for (let m = NON_ASCII_G.exec(v[i]); m && found.size < 10; m = NON_ASCII_G.exec(v[i])) found.add(m[0]);
			NON_ASCII_G.lastIndex = 0;
			const chars = [...found].join(' ');
			this.issues.field(line, i, 'NON_ASCII', `contains characters outside ASCII (${chars}); LEDES text files are ASCII, platforms may reject or garble them.`, v[i]);
		}
	}
}

/** Whether the raw line has a character outside ASCII. */
export const hasNonAscii = (raw: string): boolean => NON_ASCII.test(raw);

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
