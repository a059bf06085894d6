/** Reads LEDES XML 2.0/2.1/2.2 into canonical invoices and validates what the element table models. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BillingEntry, EntryKind, Invoice } from '../model';
import { Decimal } from '../money/decimal';
import { LEDES_LIMITS, type LedesValidateOptions } from './stream-reader';
import type { LedesFormat } from './fields';
import { shorten, type LedesIssue, type LedesIssueCode } from './issues';
import type { LedesParseResult, ParsedInvoice } from './types';
import { computeLedesTotals, sortLedesIssues } from './totals';
import { getPath, setPath } from '../model/path';
import { SEGMENTS, elementsOf, dec, type XmlSegment } from './xml-elements';

const KIND_OF: Record<string, EntryKind> = { fee: 'fee', expense: 'expense' };

/** Reads LEDES XML 2.0/2.1/2.2 into canonical invoices and validates what the table models. */
export function parseLedesXml(text: string, options: LedesValidateOptions = {}): LedesParseResult {
	const errors: LedesIssue[] = [];
	const warnings: LedesIssue[] = [];
	// file_item_nbr → file line, so findings point at a line as for text formats
	const lineOf = new Map<string, number>();
	{
		// one forward pass: the next newline is searched from the last one, never again from a match
		// (a one-line file made the old loop rescan the rest of the text for every element)
		const re = /<file_item_nbr>\s*(\d{1,20})\s*<\/file_item_nbr>/g;
		let m: RegExpExecArray | null;
		let line = 1;
		let nl = text.indexOf('\n');
		while ((m = re.exec(text))) {
			while (nl !== -1 && nl < m.index) {
				line++;
				nl = text.indexOf('\n', nl + 1);
			}
			lineOf.set(m[1], line);
		}
	}
	const maxIssues = options.maxIssues ?? LEDES_LIMITS.maxIssues;
	let errorCount = 0;
	const perInvoice = new Map<string, number>();
	const issue = (nbr: unknown, element: string | undefined, code: LedesIssueCode, message: string, invoiceNumber?: string, at?: number) => {
		errorCount++;
		if (invoiceNumber) perInvoice.set(invoiceNumber, (perInvoice.get(invoiceNumber) ?? 0) + 1);
		if (errors.length >= maxIssues) return;
		const n = nbr === undefined ? undefined : shorten(String(nbr), 20);
		const line = at ?? lineOf.get(String(nbr ?? '')) ?? 0;
		const out: LedesIssue = {
			line,
			code,
			severity: 'error',
			message: shorten(`${line ? `Line ${line}` : 'XML'}${n !== undefined ? ` (file_item_nbr ${n})` : ''}${element ? `, <${shorten(element, 40)}>` : ''}: ${message}`, 500),
		};
		if (element) out.fieldName = shorten(element, 40);
		if (invoiceNumber) out.invoiceNumber = shorten(invoiceNumber, 40);
		errors.push(out);
	};
	const parser = new XMLParser({
		ignoreAttributes: false,
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: true,
		isArray: (name) => (SEGMENTS as string[]).includes(name),
	});
	let doc: Record<string, unknown>;
	let failure: string | undefined;
	let failureLine = 0;
	try {
		const checked = XMLValidator.validate(text);
		if (checked !== true) {
			failure = checked.err.msg;
			failureLine = Number(checked.err.line) || 0;
		}
	} catch (e) {
		failure = (e as Error).message;
	}
	if (failure !== undefined) {
		issue(undefined, undefined, 'XML_INVALID', `the file is not well-formed XML (${shorten(failure, 200)}).`, undefined, failureLine);
		return { format: 'XML2.1', invoices: [], errors, warnings, valid: false };
	}
	try {
		doc = parser.parse(text) as Record<string, unknown>;
	} catch (e) {
		issue(undefined, undefined, 'XML_INVALID', `the file is not well-formed XML (${shorten((e as Error).message, 200)}).`, undefined, 1);
		return { format: 'XML2.1', invoices: [], errors, warnings, valid: false };
	}
	const rootName = Object.keys(doc).find((k) => /^ledesxmlebilling2\.[0-2]/i.test(k));
	if (!rootName) {
		const found = Object.keys(doc).filter((k) => k !== '?xml');
		issue(undefined, undefined, 'XML_INVALID', `the root element must be ledesxmlebilling2.0, 2.1 or 2.2; found ${found.slice(0, 3).map((k) => shorten(k, 40)).join(', ') || 'none'}.`, undefined, 1);
		return { format: undefined, invoices: [], errors, warnings, valid: false };
	}
	const format: LedesFormat = 'XML2.1';
	const str = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? String((v as Record<string, unknown>)['#text'] ?? '') : String(v));
	const read = (segment: XmlSegment, node: Record<string, unknown>, target: Record<string, unknown>, inv?: string) => {
		for (const el of elementsOf(segment)) {
			const raw = str(node[el.element]);
			if (raw === '') {
				if (el.required) issue(node.file_item_nbr, el.element, 'REQUIRED', `<${el.element}> is missing or empty in <${segment}>.`, inv);
				continue;
			}
			let value: string = raw;
			if (el.type === 'date') {
				if (raw.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || isNaN(Date.parse(raw + 'T00:00:00Z')) || new Date(raw + 'T00:00:00Z').toISOString().slice(0, 10) !== raw) {
					issue(node.file_item_nbr, el.element, 'DATE_INVALID', `"${shorten(raw)}" is not a date; write it as YYYY-MM-DD.`, inv);
				}
			} else if (el.type !== 'text') {
				const d = Decimal.tryFrom(raw);
				if (!d) issue(node.file_item_nbr, el.element, 'NUMBER_INVALID', `"${shorten(raw)}" is not a number.`, inv);
				else value = d.toString();
			} else if (el.max && raw.length > el.max) {
				issue(node.file_item_nbr, el.element, 'TOO_LONG', `"${shorten(raw)}" is ${raw.length} characters; at most ${el.max} are allowed.`, inv);
			}
			if (!el.computed || el.path === 'total' || el.path === 'statedTotal') setPath(target, el.path, value);
		}
	};
	const invoices: ParsedInvoice[] = [];
	const arr = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
	const root = doc[rootName] as Record<string, unknown>;
	for (const firmNode of arr(root?.firm)) {
		const lawFirm: Record<string, unknown> = {};
		read('firm', firmNode, lawFirm);
		delete lawFirm.vendorId;
		for (const clientNode of arr(firmNode.client)) {
			const client: Record<string, unknown> = {};
			read('client', clientNode, client);
			client.ledesClientId = client.id;
			for (const invNode of arr(clientNode.invoice)) {
				const invRaw: Record<string, unknown> = {};
				read('invoice', invNode, invRaw);
				const number = String(invRaw.number ?? '');
				const inv: ParsedInvoice = {
					...(invRaw as unknown as Invoice),
					client: client as unknown as Invoice['client'],
					lawFirm: lawFirm as unknown as Invoice['lawFirm'],
					lines: [],
					total: '0',
					totals: computeLedesTotals([]),
					firstLine: lineOf.get(str(invNode.file_item_nbr)) ?? 0,
					lastLine: 0,
					matters: [],
					errorCount: 0,
				};
				delete (inv as unknown as Record<string, unknown>).totals;
				let n = 0;
				for (const matterNode of arr(invNode.matter)) {
					const matter: Record<string, unknown> = {};
					read('matter', matterNode, matter, number);
					const matterTotal = matter.total;
					delete matter.total;
					matter.id = matter.number;
					inv.matters.push(String(matter.number ?? ''));
					const tks = new Map<string, Record<string, unknown>>();
					for (const tkNode of arr(matterNode.tk_sum)) {
						const tk: Record<string, unknown> = {};
						read('tk_sum', tkNode, tk, number);
						delete tk.rate;
						if (tk.lastName && tk.firstName) tk.name = `${tk.lastName}, ${tk.firstName}`;
						tks.set(String(tk.id), tk);
					}
					let matterSum = Decimal.ZERO;
					for (const seg of ['fee', 'expense', 'matter_disc_cred'] as const) {
						for (const node of arr(matterNode[seg])) {
							const e: Record<string, unknown> = {};
							read(seg, node, e, number);
							n++;
							const kind: EntryKind = KIND_OF[seg] ?? (String(getPath(e, 'extra.appliesTo')) === 'EXP' ? 'expenseAdjustment' : 'feeAdjustment');
							const entry = {
								id: `ledes:${number}:${str(node.file_item_nbr) || n}`,
								source: { system: 'ledes', id: `${number}:${str(node.file_item_nbr)}`, type: seg },
								kind,
								...e,
								quantity: (e.quantity as string) ?? '0',
								rate: (e.rate as string) ?? '0',
								adjustment: (e.adjustment as string) ?? '0',
								client: { id: String(client.id ?? ''), ledesClientId: String(client.id ?? '') },
								matter: { ...matter },
							} as unknown as BillingEntry;
							if (entry.timekeeper?.id) entry.timekeeper = { ...tks.get(entry.timekeeper.id), ...entry.timekeeper };
							if (inv.currency) entry.currency = inv.currency;
							entry.extra = { ...(entry.extra ?? {}), fileItemNumber: str(node.file_item_nbr) };
							delete (entry.extra as Record<string, unknown>).baseAmount;
							// arithmetic: total = units × rate + adjustment + tax
							try {
								const expected = dec(entry.quantity).mul(dec(entry.rate)).add(dec(entry.adjustment)).add(dec(entry.tax?.amount));
								const stated = Decimal.tryFrom(entry.total);
								if (stated && stated.sub(expected).abs().gt(options.tolerance ?? '0.005'))
									issue(node.file_item_nbr, 'total_amount', 'LINE_TOTAL_MISMATCH', `the total ${shorten(String(entry.total))} does not equal units × rate + discount/credit + tax = ${expected.toString()}.`, number);
								if (stated) matterSum = matterSum.add(stated);
								if (Decimal.tryFrom(entry.quantity)?.isNegative()) issue(node.file_item_nbr, 'units', 'NEGATIVE_UNITS', 'the number of units is negative.', number);
							} catch {
								/* number errors already reported */
							}
							inv.lines.push(entry);
						}
					}
					const mt = Decimal.tryFrom(matterTotal);
					if (mt && !mt.eq(matterSum))
						issue(matterNode.file_item_nbr, 'matter_total_due', 'INVOICE_TOTAL_MISMATCH', `matter ${shorten(String(matter.number))} states ${shorten(String(matterTotal))}, but its lines add up to ${matterSum.toString()}.`, number);
				}
				inv.totals = computeLedesTotals(inv.lines);
				inv.total = inv.totals.total;
				const stated = Decimal.tryFrom(inv.statedTotal);
				if (stated && !stated.eq(inv.total))
					issue(invNode.file_item_nbr, 'inv_total_net_due', 'INVOICE_TOTAL_MISMATCH', `invoice ${shorten(number)} states ${shorten(String(inv.statedTotal))}, but its lines add up to ${inv.total}.`, number);
				if (inv.periodStart && inv.periodEnd && inv.periodStart > inv.periodEnd)
					issue(invNode.file_item_nbr, 'inv_start_date', 'BILLING_PERIOD_INVERTED', `the billing period starts (${shorten(inv.periodStart)}) after it ends (${shorten(inv.periodEnd)}).`, number);
				for (const l of inv.lines) {
					if (inv.periodStart && inv.periodEnd && l.date && (l.date < inv.periodStart || l.date > inv.periodEnd))
						issue(l.extra?.fileItemNumber, 'charge_date', 'LINE_DATE_OUTSIDE_PERIOD', `the charge date ${shorten(l.date)} is outside the billing period ${shorten(inv.periodStart)}–${shorten(inv.periodEnd)}.`, number);
					if (options.isKnownCode) {
						for (const kind of ['task', 'activity', 'expense'] as const) {
							const code = l.codes?.[kind];
							if (code && !options.isKnownCode(kind, code))
								issue(l.extra?.fileItemNumber, kind === 'task' ? 'task_code' : kind === 'activity' ? 'task_activity' : 'expense_code', 'UNKNOWN_UTBMS_CODE', `"${shorten(code)}" is not a known UTBMS ${kind} code.`, number);
						}
					}
				}
				inv.errorCount = perInvoice.get(number) ?? 0;
				invoices.push(inv);
			}
		}
	}
	if (invoices.length === 0) issue(undefined, undefined, 'NO_LINE_ITEMS', 'the XML file holds no <invoice> element.');
	if (errorCount > errors.length)
		errors.push({ line: 0, code: 'TOO_MANY_ISSUES', severity: 'error', message: `XML: ${(errorCount - errors.length).toLocaleString('en-US')} more findings were not listed (the maxIssues limit is ${maxIssues.toLocaleString('en-US')}).` });
	return { format, header: shorten(rootName, LEDES_LIMITS.headerChars), invoices, errors: sortLedesIssues(errors), warnings, errorCount, valid: errorCount === 0 };
}
