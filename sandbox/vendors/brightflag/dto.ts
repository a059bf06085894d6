/**
 * The bodies the Brightflag API answers with: `InvoiceSummaryAPI` (facts.md:64), the UNVERIFIED
 * invoice detail, and `Batch` (facts.md:59).
 */
import type { BfBatch, BfInvoice } from './state';

/** `InvoiceSummaryAPI` exactly as facts.md:64 lists it (no other field). */
export function summaryOf(inv: BfInvoice, api: string) {
	return {
		invoiceID: inv.invoiceID,
		invoiceGroupId: inv.invoiceGroupId,
		invoiceNumber: inv.invoiceNumber,
		invoiceDate: inv.invoiceDate,
		invoiceStatus: inv.invoiceStatus,
		invoiceStatusChangeTimestamp: inv.invoiceStatusChangeTimestamp,
		approvedGrossTotal: inv.approvedGrossTotal,
		originalGrossTotal: inv.originalGrossTotal,
		taxTotal: '0.00',
		exposurePercentage: null,
		currencyIsoCode: inv.currency,
		invoiceCurrencyDetails: null,
		vendorLink: `${api}/v1/vendor/${encodeURIComponent(inv.vendorId)}`,
		matterLink: `${api}/v1/matter/${inv.matterId}`,
	};
}

/** UNVERIFIED endpoint's body (facts.md:53: no public single-invoice read); fields modelled. */
export function detailOf(inv: BfInvoice, api: string) {
	return {
		...summaryOf(inv, api),
		isPreviousDraft: inv.isPreviousDraft,
		customerName: inv.customerName,
		submittedDate: inv.submittedDate,
		vendorName: inv.vendorName,
		matterName: inv.matterName,
		lawFirmMatterId: inv.lawFirmMatterId,
		clientMatterId: inv.clientMatterId,
		billingStartDate: inv.billingStartDate,
		billingEndDate: inv.billingEndDate,
		...(inv.paymentStatus ? { paymentStatus: inv.paymentStatus } : {}),
		...(inv.paymentDate ? { paymentDate: inv.paymentDate } : {}),
		...(inv.paymentAmount ? { paymentAmount: inv.paymentAmount } : {}),
		...(inv.paymentRef ? { paymentRef: inv.paymentRef } : {}),
		rejectionReasons: inv.rejectionReasons,
		lineItems: inv.lineItems,
		statusHistory: inv.statusHistory,
	};
}

/** `Batch` (facts.md:59) */
export const batchOf = (b: BfBatch) => ({ batchID: b.batchID, batchCreated: b.batchCreated, customerBatchID: b.customerBatchID });
