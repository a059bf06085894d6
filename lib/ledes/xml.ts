/**
 * LEDES XML 2.x (write 2.1; read 2.0, 2.1 and 2.2 roots) with fast-xml-parser.
 *
 * No public XSD was found, so the element set is PARTLY UNVERIFIED. Everything modelled is in ONE
 * table, LEDES_XML_ELEMENTS, below (segment, element, canonical path, type, verified?), and
 * docs/core-api.md lists it. Nesting: root > firm > client > invoice > matter > {tk_sum, fee, expense,
 * matter_disc_cred}. Every segment starts with a unique integer `file_item_nbr` element, which is
 * also what errors point at (plus the file line where that element sits).
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BillingEntry, EntryKind, Invoice } from '../model';
import { Decimal } from '../money/decimal';
import { formatMoney } from '../money/fixed';
import { LEDES_LIMITS, type LedesValidateOptions } from './stream-reader';
import type { LedesFormat } from './fields';
import { LedesWriteError, shorten, type LedesIssue, type LedesIssueCode } from './issues';
import type { LedesParseResult, ParsedInvoice } from './types';
import { computeLedesTotals, sortLedesIssues } from './totals';
import { xmlSafeText } from './text';

export type XmlSegment = 'firm' | 'client' | 'invoice' | 'matter' | 'tk_sum' | 'fee' | 'expense' | 'matter_disc_cred';
export type XmlValueType = 'text' | 'date' | 'amount' | 'units' | 'rate';

export interface LedesXmlElement {
	segment: XmlSegment;
	element: string;
	/** path in the canonical object of the segment (firm: LawFirm + vendorId; client: ClientRef; invoice: Invoice; matter: MatterRef; fee/expense/matter_disc_cred: BillingEntry; tk_sum: Timekeeper + rate) */
	path: string;
	type: XmlValueType;
	/** computed by the writer (totals), read back as the stated value */
	computed?: boolean;
	required?: boolean;
	/** true when the element name was seen in the reference sources (see shared/reference/ledes-utbms.md) */
	verified: boolean;
	max?: number;
}

export const LEDES_XML_ROOTS: Readonly<Record<'2.0' | '2.1' | '2.2', { root: string; xmlns: string; verified: boolean }>> = Object.freeze({
	'2.0': { root: 'ledesxmlebilling2.0', xmlns: 'http://www.ledes.org/LEDES20.xsd', verified: false },
	'2.1': { root: 'ledesxmlebilling2.1', xmlns: 'http://www.ledes.org/LEDES21.xsd', verified: false },
	'2.2': { root: 'ledesxmlebilling2.2', xmlns: 'http://www.ledes.org/LEDES22.xsd', verified: true },
});

const E = (segment: XmlSegment, element: string, path: string, type: XmlValueType, verified: boolean, extra: Partial<LedesXmlElement> = {}): LedesXmlElement =>
	Object.freeze({ segment, element, path, type, verified, ...extra });

/** THE element table: writer and reader both walk it, in this order. */
export const LEDES_XML_ELEMENTS: readonly LedesXmlElement[] = Object.freeze([
	E('firm', 'lf_vendor_id', 'vendorId', 'text', true),
	E('firm', 'lf_id', 'id', 'text', true, { required: true, max: 20 }),
	E('firm', 'lf_name', 'name', 'text', true),
	E('firm', 'lf_address_1', 'address1', 'text', false),
	E('firm', 'lf_address_2', 'address2', 'text', false),
	E('firm', 'lf_city', 'city', 'text', false),
	E('firm', 'lf_state_province', 'stateOrRegion', 'text', false),
	E('firm', 'lf_zip_postal_code', 'postcode', 'text', false),
	E('firm', 'lf_country', 'country', 'text', false),
	E('client', 'cl_id', 'id', 'text', true, { required: true, max: 20 }),
	E('client', 'cl_name', 'name', 'text', false),
	E('client', 'cl_tax_id', 'taxId', 'text', false),
	E('client', 'cl_address_1', 'address1', 'text', false),
	E('client', 'cl_address_2', 'address2', 'text', false),
	E('client', 'cl_city', 'city', 'text', false),
	E('client', 'cl_state_province', 'stateOrRegion', 'text', false),
	E('client', 'cl_zip_postal_code', 'postcode', 'text', false),
	E('client', 'cl_country', 'country', 'text', false),
	E('invoice', 'inv_id', 'number', 'text', true, { required: true, max: 20 }),
	E('invoice', 'inv_date', 'date', 'date', true, { required: true }),
	E('invoice', 'inv_start_date', 'periodStart', 'date', true, { required: true }),
	E('invoice', 'inv_end_date', 'periodEnd', 'date', true, { required: true }),
	E('invoice', 'inv_currency', 'currency', 'text', true),
	E('invoice', 'inv_desc', 'description', 'text', false),
	E('invoice', 'inv_po_number', 'poNumber', 'text', false),
	E('invoice', 'inv_tax_currency', 'taxCurrency', 'text', false),
	E('invoice', 'inv_total_tax', 'totals.tax', 'amount', false, { computed: true }),
	E('invoice', 'inv_total_net_due', 'statedTotal', 'amount', true, { computed: true, required: true }),
	E('matter', 'lf_matter_id', 'number', 'text', true, { required: true, max: 20 }),
	E('matter', 'cl_matter_id', 'clientMatterId', 'text', true),
	E('matter', 'matter_name', 'name', 'text', false),
	E('matter', 'matter_total_due', 'total', 'amount', true, { computed: true }),
	E('tk_sum', 'tk_id', 'id', 'text', true, { required: true }),
	E('tk_sum', 'tk_lname', 'lastName', 'text', false),
	E('tk_sum', 'tk_fname', 'firstName', 'text', false),
	E('tk_sum', 'tk_level', 'classification', 'text', true),
	E('tk_sum', 'tk_rate', 'rate', 'amount', true),
	E('fee', 'charge_date', 'date', 'date', true, { required: true }),
	E('fee', 'tk_id', 'timekeeper.id', 'text', false),
	E('fee', 'tk_level', 'timekeeper.classification', 'text', false),
	E('fee', 'task_code', 'codes.task', 'text', true),
	E('fee', 'task_activity', 'codes.activity', 'text', true),
	E('fee', 'charge_desc', 'narrative', 'text', false),
	E('fee', 'units', 'quantity', 'units', true, { required: true }),
	E('fee', 'rate', 'rate', 'amount', true, { required: true }),
	E('fee', 'base_amount', 'extra.baseAmount', 'amount', true, { computed: true }),
	E('fee', 'item_disc_cred_amount', 'adjustment', 'amount', true),
	E('fee', 'item_tax_rate', 'tax.rate', 'rate', false),
	E('fee', 'item_tax_total', 'tax.amount', 'amount', false),
	E('fee', 'item_tax_type', 'tax.type', 'text', false),
	E('fee', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
	E('expense', 'charge_date', 'date', 'date', true, { required: true }),
	E('expense', 'tk_id', 'timekeeper.id', 'text', false),
	E('expense', 'expense_code', 'codes.expense', 'text', false),
	E('expense', 'charge_desc', 'narrative', 'text', false),
	E('expense', 'units', 'quantity', 'units', true, { required: true }),
	E('expense', 'rate', 'rate', 'amount', true, { required: true }),
	E('expense', 'base_amount', 'extra.baseAmount', 'amount', true, { computed: true }),
	E('expense', 'item_disc_cred_amount', 'adjustment', 'amount', true),
	E('expense', 'item_tax_rate', 'tax.rate', 'rate', false),
	E('expense', 'item_tax_total', 'tax.amount', 'amount', false),
	E('expense', 'item_tax_type', 'tax.type', 'text', false),
	E('expense', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
	// Invoice-level adjustments (IF/IE): disc_cred type MIA/MIDB/MISF seen in sources; "FEE"/"EXP" applies-to is UNVERIFIED.
	E('matter_disc_cred', 'charge_date', 'date', 'date', false, { required: true }),
	E('matter_disc_cred', 'disc_cred_type', 'extra.discCredType', 'text', false),
	E('matter_disc_cred', 'disc_cred_applies_to', 'extra.appliesTo', 'text', false),
	E('matter_disc_cred', 'charge_desc', 'narrative', 'text', false),
	E('matter_disc_cred', 'disc_cred_amount', 'adjustment', 'amount', true, { required: true }),
	E('matter_disc_cred', 'item_tax_total', 'tax.amount', 'amount', false),
	E('matter_disc_cred', 'total_amount', 'total', 'amount', true, { computed: true, required: true }),
]);

const SEGMENTS: XmlSegment[] = ['firm', 'client', 'invoice', 'matter', 'tk_sum', 'fee', 'expense', 'matter_disc_cred'];
const elementsOf = (s: XmlSegment) => LEDES_XML_ELEMENTS.filter((e) => e.segment === s);

function getPath(obj: unknown, path: string): unknown {
	let cur = obj as Record<string, unknown> | undefined;
	for (const k of path.split('.')) {
		if (cur === undefined || cur === null) return undefined;
		cur = cur[k] as Record<string, unknown> | undefined;
	}
	return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
	const keys = path.split('.');
	let cur = obj;
	for (let i = 0; i < keys.length - 1; i++) {
		cur[keys[i]] ??= {};
		cur = cur[keys[i]] as Record<string, unknown>;
	}
	cur[keys[keys.length - 1]] = value;
}

const money = (d: Decimal): string => formatMoney(d, 2, 4);
const dec = (v: unknown) => (v === undefined || v === null || v === '' ? Decimal.ZERO : Decimal.from(v as string));

/** Writes canonical invoices as LEDES XML 2.1 (UTF-8). */
export function buildLedesXml(invoices: Invoice[], options: { vendorId?: string; totalDecimals?: number; lineEnding?: string } = {}): string {
	const scale = options.totalDecimals ?? 2;
	let nbr = 0;
	const next = () => ++nbr;
	const firms = new Map<string, { firm: Record<string, unknown>; clients: Map<string, Record<string, unknown>> }>();
	const fill = (segment: XmlSegment, src: unknown, computed: Record<string, string> = {}) => {
		const out: Record<string, unknown> = { file_item_nbr: next() };
		for (const el of elementsOf(segment)) {
			const v = el.computed ? computed[el.element] : getPath(src, el.path);
			if (v === undefined || v === null || v === '') {
				if (el.required) throw new LedesWriteError(`LEDES XML: ${segment}.${el.element} is required (canonical ${el.path})`, (src as Invoice)?.number, undefined, el.element);
				continue;
			}
			out[el.element] = el.type === 'text' ? xmlSafeText(String(v)) : String(v);
		}
		return out;
	};
	for (const inv of invoices) {
		if (!inv.lines?.length) throw new LedesWriteError(`Invoice ${inv.number}: no lines`, inv.number, undefined, undefined);
		const firmKey = inv.lawFirm?.id ?? '';
		let f = firms.get(firmKey);
		if (!f) {
			f = { firm: fill('firm', { ...inv.lawFirm, vendorId: options.vendorId }), clients: new Map() };
			firms.set(firmKey, f);
		}
		const clientKey = inv.client?.ledesClientId ?? inv.client?.id ?? '';
		let client = f.clients.get(clientKey);
		if (!client) {
			client = fill('client', { ...inv.client, id: clientKey });
			client.invoice = [];
			f.clients.set(clientKey, client);
		}
		// line totals
		const lines = inv.lines.map((l) => {
			const base = dec(l.quantity).mul(dec(l.rate));
			const tax = dec(l.tax?.amount);
			const total = base.add(dec(l.adjustment)).add(tax).round(scale);
			return { l, base, tax, total };
		});
		const total = Decimal.sum(lines.map((x) => x.total));
		const tax = Decimal.sum(lines.map((x) => x.tax));
		const invoiceEl = fill('invoice', inv, { inv_total_net_due: money(total), inv_total_tax: money(tax) });
		const matters = new Map<string, { m: Record<string, unknown>; total: Decimal; tks: Map<string, Record<string, unknown>> }>();
		for (const { l, base, total: lt } of lines) {
			const key = l.matter?.number ?? l.matter?.id ?? '';
			let m = matters.get(key);
			if (!m) {
				m = { m: fill('matter', { ...l.matter, number: key }, { matter_total_due: '0' }), total: Decimal.ZERO, tks: new Map() };
				m.m.tk_sum = [];
				m.m.fee = [];
				m.m.expense = [];
				m.m.matter_disc_cred = [];
				matters.set(key, m);
			}
			m.total = m.total.add(lt);
			if (l.timekeeper?.id && !m.tks.has(l.timekeeper.id)) {
				const tk = l.timekeeper;
				const [last, first] = tk.lastName || tk.firstName ? [tk.lastName, tk.firstName] : splitName(tk.name);
				const t = fill('tk_sum', { ...tk, lastName: last, firstName: first, rate: l.kind === 'fee' ? money(dec(l.rate)) : undefined });
				m.tks.set(tk.id, t);
				(m.m.tk_sum as unknown[]).push(t);
			}
			const seg: XmlSegment = l.kind === 'fee' ? 'fee' : l.kind === 'expense' ? 'expense' : 'matter_disc_cred';
			const src = {
				...l,
				quantity: l.quantity === undefined || l.quantity === '' ? undefined : dec(l.quantity).toString(),
				rate: l.rate === undefined || l.rate === '' ? undefined : money(dec(l.rate)),
				adjustment: money(dec(l.adjustment)),
				tax: l.tax ? { ...l.tax, amount: money(dec(l.tax.amount)), rate: dec(l.tax.rate).toString() } : undefined,
				extra: { discCredType: 'MIA', appliesTo: l.kind === 'expenseAdjustment' ? 'EXP' : 'FEE' },
			};
			(m.m[seg] as unknown[]).push(fill(seg, src, { base_amount: money(base), total_amount: money(lt) }));
		}
		invoiceEl.matter = [...matters.values()].map(({ m, total: mt }) => {
			m.matter_total_due = money(mt);
			for (const k of ['tk_sum', 'fee', 'expense', 'matter_disc_cred']) if ((m[k] as unknown[]).length === 0) delete m[k];
			return m;
		});
		(client.invoice as unknown[]).push(invoiceEl);
	}
	const root = LEDES_XML_ROOTS['2.1'];
	const doc = {
		'?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
		[root.root]: {
			'@_xmlns': root.xmlns,
			firm: [...firms.values()].map(({ firm, clients }) => ({ ...firm, client: [...clients.values()] })),
		},
	};
	const builder = new XMLBuilder({ ignoreAttributes: false, format: true, indentBy: '  ', suppressEmptyNode: true });
	const xml = builder.build(doc) as string;
	return options.lineEnding === '\r\n' ? xml.replace(/\r?\n/g, '\r\n') : xml;
}

function splitName(name: string | undefined): [string | undefined, string | undefined] {
	if (!name) return [undefined, undefined];
	const c = name.indexOf(',');
	if (c > 0) return [name.slice(0, c).trim(), name.slice(c + 1).trim()];
	return [name, undefined];
}

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
