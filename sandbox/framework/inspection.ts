/**
 * What a simulator received or did, for tests and for a user trying a template: LEDES files,
 * invoices, status changes, webhook deliveries… Served at `GET /_admin/<vendor>/received`
 * (optional `?kind=` filter, `?since=<seq>`), cleared by `DELETE /_admin/<vendor>/received`.
 */
export interface InspectionEntry {
	/** increasing sequence number across the vendor's log */
	seq: number;
	/** sandbox-clock ISO time */
	at: string;
	vendor: string;
	/** e.g. "ledes-file", "invoice", "status-change", "webhook-delivery" */
	kind: string;
	[key: string]: unknown;
}

export class InspectionLog {
	private entries: InspectionEntry[] = [];
	private seq = 0;

	constructor(
		readonly vendor: string,
		private readonly nowIso: () => string,
		private readonly max = 10_000,
	) {}

	record(kind: string, data: Record<string, unknown> = {}): InspectionEntry {
		const entry: InspectionEntry = { ...data, seq: ++this.seq, at: this.nowIso(), vendor: this.vendor, kind };
		this.entries.push(entry);
		if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
		return entry;
	}

	list(filter: { kind?: string; since?: number } = {}): InspectionEntry[] {
		return this.entries.filter((e) => (filter.kind === undefined || e.kind === filter.kind) && (filter.since === undefined || e.seq > filter.since));
	}

	clear(): void {
		this.entries = [];
	}
}
