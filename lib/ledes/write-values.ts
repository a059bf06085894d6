/**
 * Where the LEDES writer takes each field from in the canonical model: the invoice-level fields of
 * an invoice (neutralised text, dates as YYYYMMDD), a timekeeper's last and first names, and the
 * canonical source of each required field (named in error messages).
 */
import type { BillingEntry, Invoice } from '../model';
import { LEDES_INDEX as F } from './fields';
import { neutraliseCached as text } from './text';

/** The invoice-level field texts of `inv` by field index (the computed totals are left ''); `date` turns an ISO date into YYYYMMDD. */
export function invoiceFieldValues(inv: Invoice, fieldCount: number, is98: boolean, date: (iso: string | undefined, field: string) => string): string[] {
	const lines = inv.lines;
	const head = new Array<string>(fieldCount).fill('');
	head[F.INVOICE_DATE] = date(inv.date, 'INVOICE_DATE');
	head[F.INVOICE_NUMBER] = text(inv.number);
	head[F.CLIENT_ID] = text(inv.client?.ledesClientId ?? inv.client?.id);
	head[F.BILLING_START_DATE] = date(inv.periodStart, 'BILLING_START_DATE');
	head[F.BILLING_END_DATE] = date(inv.periodEnd, 'BILLING_END_DATE');
	head[F.INVOICE_DESCRIPTION] = text(inv.description);
	head[F.LAW_FIRM_ID] = text(inv.lawFirm?.id);
	if (is98) {
		head[F.PO_NUMBER] = text(inv.poNumber);
		head[F.CLIENT_TAX_ID] = text(inv.client?.taxId);
		head[F.INVOICE_CURRENCY] = text(inv.currency ?? lines[0]?.currency);
		head[F.ACCOUNT_TYPE] = text(inv.accountType);
		head[F.LAW_FIRM_NAME] = text(inv.lawFirm?.name);
		head[F.LAW_FIRM_ADDRESS_1] = text(inv.lawFirm?.address1);
		head[F.LAW_FIRM_ADDRESS_2] = text(inv.lawFirm?.address2);
		head[F.LAW_FIRM_CITY] = text(inv.lawFirm?.city);
		head[F.LAW_FIRM_STATE] = text(inv.lawFirm?.stateOrRegion);
		head[F.LAW_FIRM_POSTCODE] = text(inv.lawFirm?.postcode);
		head[F.LAW_FIRM_COUNTRY] = text(inv.lawFirm?.country);
		head[F.CLIENT_NAME] = text(inv.client?.name);
		head[F.CLIENT_ADDRESS_1] = text(inv.client?.address1);
		head[F.CLIENT_ADDRESS_2] = text(inv.client?.address2);
		head[F.CLIENT_CITY] = text(inv.client?.city);
		head[F.CLIENT_STATE] = text(inv.client?.stateOrRegion);
		head[F.CLIENT_POSTCODE] = text(inv.client?.postcode);
		head[F.CLIENT_COUNTRY] = text(inv.client?.country);
		head[F.INVOICE_TAX_CURRENCY] = text(inv.taxCurrency ?? (lines.some((l) => l?.tax) ? (inv.currency ?? lines[0]?.currency) : undefined));
	}
	return head;
}

/** TIMEKEEPER_NAME: the name, else "Last, First", else the last name. */
export function timekeeperName(tk: NonNullable<BillingEntry['timekeeper']>): string | undefined {
	return tk.name ?? (tk.lastName && tk.firstName ? `${tk.lastName}, ${tk.firstName}` : tk.lastName);
}

/** 98BI's TIMEKEEPER_LAST_NAME and TIMEKEEPER_FIRST_NAME: as given, else split from the name ("Last, First" or "First Last"). */
export function splitName(tk: BillingEntry['timekeeper']): [string | undefined, string | undefined] {
	if (!tk) return [undefined, undefined];
	if (tk.lastName || tk.firstName) return [tk.lastName, tk.firstName];
	const name = tk.name ?? '';
	const comma = name.indexOf(',');
	if (comma > 0) return [name.slice(0, comma).trim(), name.slice(comma + 1).trim()];
	const sp = name.trim().lastIndexOf(' ');
	if (sp > 0) return [name.slice(sp + 1), name.slice(0, sp)];
	return [name || undefined, undefined];
}

/** Where the writer takes each required field from (for error messages). */
export const CANONICAL_SOURCE: Readonly<Record<string, string>> = {
	INVOICE_NUMBER: 'invoice.number',
	CLIENT_ID: 'invoice.client.ledesClientId or invoice.client.id',
	LAW_FIRM_MATTER_ID: 'line.matter.number or line.matter.id',
	LAW_FIRM_ID: 'invoice.lawFirm.id',
	LINE_ITEM_NUMBER_OF_UNITS: 'line.quantity',
	LINE_ITEM_UNIT_COST: 'line.rate',
	TIMEKEEPER_ID: 'line.timekeeper.id',
	TIMEKEEPER_NAME: 'line.timekeeper.name, or lastName and firstName',
	TIMEKEEPER_CLASSIFICATION: 'line.timekeeper.classification',
	TIMEKEEPER_LAST_NAME: 'line.timekeeper.lastName, or name "Last, First"',
	TIMEKEEPER_FIRST_NAME: 'line.timekeeper.firstName, or name "Last, First"',
	CLIENT_TAX_ID: 'invoice.client.taxId',
	MATTER_NAME: 'line.matter.name',
	INVOICE_CURRENCY: 'invoice.currency',
};
