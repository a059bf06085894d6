import type { InvoiceFacts } from './types';
import { str } from './types';

/** The part of a built invoice (LEDES node, Build) the facts are read from. */
export interface BuiltInvoice {
	number?: unknown;
	client?: unknown;
	matters?: unknown[];
	total?: unknown;
	lineCount?: unknown;
	periodStart?: unknown;
	periodEnd?: unknown;
	/** indexes of the entries (the Build node's input items) on this invoice */
	items?: unknown[];
}

interface EntryLike {
	id?: unknown;
	matter?: { clientMatterId?: unknown } | null;
}

/**
 * One built invoice → what the ledger and the platforms need: its number, the ids of its entries,
 * the client, the client's matter number (how Legal Tracker knows the matter), total and lines.
 * `entries` are the items the Build node received, in order.
 */
export function invoiceFacts(inv: BuiltInvoice, entries: EntryLike[]): InvoiceFacts {
	const items = Array.isArray(inv.items) ? inv.items.map((k) => Number(k)) : [];
	const first = entries[items[0]] ?? {};
	return {
		invoiceNumber: str(inv.number),
		entryIds: items.map((k) => str(entries[k]?.id)).join(','),
		clientId: str(inv.client),
		clientMatterId: str(first.matter?.clientMatterId),
		matter: str(Array.isArray(inv.matters) ? inv.matters[0] : ''),
		total: str(inv.total),
		lineCount: Number(inv.lineCount ?? 0),
		periodStart: str(inv.periodStart),
		periodEnd: str(inv.periodEnd),
	};
}
