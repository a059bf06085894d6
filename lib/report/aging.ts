/**
 * Ages of unresolved rejections: whole days since the platform's status date, the age buckets, and
 * the links an aged rejection shows (invoice, matter) filled from the caller's URL templates.
 */
import type { JoinedInvoice } from './join';

const DAY = 86_400_000;

/** Days from an instant or date to now (whole days, UTC); undefined when the date is unreadable. */
export function ageDays(statusDate: string, now: Date): number | undefined {
	const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(statusDate) ? `${statusDate}T00:00:00Z` : statusDate);
	if (Number.isNaN(t)) return undefined;
	return Math.max(0, Math.floor((now.getTime() - t) / DAY));
}

export const AGE_BUCKETS = ['0–7 days', '8–30 days', '> 30 days'] as const;
export const ageBucket = (days: number): (typeof AGE_BUCKETS)[number] => (days <= 7 ? AGE_BUCKETS[0] : days <= 30 ? AGE_BUCKETS[1] : AGE_BUCKETS[2]);

export function fillLink(template: string | undefined, i: JoinedInvoice, fallback: string): string {
	if (!template) return fallback;
	const enc = encodeURIComponent;
	return template
		.replace(/\{invoice\}/g, enc(i.invoiceNumber))
		.replace(/\{platformInvoiceId\}/g, enc(i.platformInvoiceId || i.found?.platformInvoiceId || ''))
		.replace(/\{matter\}/g, enc(i.matter))
		.replace(/\{clientMatterId\}/g, enc(i.clientMatterId))
		.replace(/\{platform\}/g, enc(i.platform));
}
