/**
 * The stream reader's arithmetic on field texts: a line's total (units × unit cost + adjustment,
 * + tax on 98BI) and tax checked with Decimal (the reader's integer fast path falls back here),
 * and the small value tests it shares with the field checks and invoice sums (amounts, tax rates).
 */
import { Decimal } from '../money/decimal';
import { formatMoney } from '../money/fixed';
import { LEDES_INDEX as F } from './fields';
import { scanAmount, scanned } from './scan';
import type { StreamIssues } from './stream-issues';

/** Two amount texts of the same value ("100" and "100.00"). */
export function sameAmount(a: string, b: string): boolean {
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
export function isAmount4(s: string): boolean {
	if (s.length > Decimal.MAX_LENGTH) return false;
	const a = scanAmount(s);
	return a === a && scanned.decimals <= 4;
}

/** digits, at most one ".", at least one digit; one pass (the former /^\d*\.?\d*$/ backtracked on long text) */
export function isTaxRate(s: string, maxDecimals: number): boolean {
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

/** Canonical text of a computed amount: at least 2 decimals, trailing zeros beyond dropped. */
export const canonical = (d: Decimal): string => formatMoney(d);

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

/** Line arithmetic on the field texts `v`, within `tolerance`: reports LINE_TOTAL_MISMATCH and LINE_TAX_MISMATCH. */
export class LineArithmetic {
	constructor(
		private readonly issues: StreamIssues,
		private readonly tolerance: Decimal,
	) {}

	/** The stated line total differs from units × unit cost + adjustment (+ tax) (already known on the fast path). */
	totalMismatch(line: number, v: string[], is98: boolean): void {
		const exp = expectedLineTotal(v, is98);
		this.issues.field(
			line,
			F.LINE_TOTAL,
			'LINE_TOTAL_MISMATCH',
			`the line total ${v[F.LINE_TOTAL]} does not equal units × unit cost + adjustment${is98 ? ' + tax' : ''} = ${exp.toString()}.`,
			v[F.LINE_TOTAL],
		);
	}

	/** The line total checked with Decimal (values too large or too precise for the integer path). */
	total(line: number, v: string[], is98: boolean): void {
		const exp = expectedLineTotal(v, is98);
		if (Decimal.from(v[F.LINE_TOTAL]).sub(exp).abs().gt(this.tolerance)) this.totalMismatch(line, v, is98);
	}

	/** 98BI: the line tax is (units × unit cost + adjustment) × tax rate. */
	tax(line: number, v: string[]): void {
		const base = lineBase(v);
		const expected = base.mul(v[F.TAX_RATE]);
		if (Decimal.from(v[F.TAX_TOTAL]).sub(expected).abs().gt(this.tolerance)) {
			this.issues.field(
				line,
				F.TAX_TOTAL,
				'LINE_TAX_MISMATCH',
				`the line tax ${v[F.TAX_TOTAL]} does not equal (units × unit cost + adjustment) × tax rate = ${base.toString()} × ${v[F.TAX_RATE]} = ${expected.round(2).toString()}.`,
				v[F.TAX_TOTAL],
			);
		}
	}
}
