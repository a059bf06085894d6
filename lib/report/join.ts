/**
 * The report's inputs (the rows the caller passes, the options) and the join of the ledger's
 * submitted invoices to what the platforms say about them.
 */
import { Decimal } from '../money/decimal';
import {
	readBrightflagInvoices,
	readLegalTrackerInvoices,
	type LedgerInvoice,
	type Outcome,
	type PlatformInvoice,
	type Problems,
	type StatusPatterns,
} from './rows';

export interface ReportInput {
	ledger?: readonly unknown[];
	legalTracker?: readonly unknown[];
	brightflag?: readonly unknown[];
	runs?: readonly unknown[];
	review?: readonly unknown[];
	warehouse?: readonly unknown[];
	alerts?: readonly unknown[];
}

export interface ReportOptions {
	/** "Now" for ages (default: the current time). */
	now?: Date;
	brightflagStatuses?: StatusPatterns;
	/** Links of unresolved rejections: "{invoice}", "{platformInvoiceId}", "{matter}", "{clientMatterId}", "{platform}" are replaced. Default: in-page anchors. */
	invoiceUrl?: string;
	matterUrl?: string;
}

/** One invoice of the ledger as the dashboard sees it. */
export interface JoinedInvoice extends LedgerInvoice {
	outcome: Outcome;
	approved: Decimal;
	platformStatus: string;
	statusDate: string;
	found?: PlatformInvoice;
}

/** Joins the ledger's submitted invoices to the platforms' records (by platform and invoice number; the latest status wins). */
export function joinInvoices(ledger: LedgerInvoice[], platform: PlatformInvoice[]): JoinedInvoice[] {
	const byKey = new Map<string, PlatformInvoice>();
	for (const p of platform) {
		const key = `${p.platform}|${p.invoiceNumber}`;
		const prev = byKey.get(key);
		if (!prev || p.statusDate >= prev.statusDate) byKey.set(key, p);
	}
	return ledger
		.filter((l) => l.ledgerStatus === 'submitted')
		.map((l) => {
			const found = byKey.get(`${l.platform}|${l.invoiceNumber}`);
			return {
				...l,
				outcome: found?.outcome ?? 'pending',
				approved: found?.approved ?? Decimal.ZERO,
				platformStatus: found?.rawStatus ?? 'not found on the platform',
				statusDate: found?.statusDate ?? '',
				found,
			};
		});
}

export function readPlatforms(input: ReportInput, p: Problems, o: ReportOptions): PlatformInvoice[] {
	return [...readLegalTrackerInvoices(input.legalTracker, p), ...readBrightflagInvoices(input.brightflag, p, o.brightflagStatuses)];
}
