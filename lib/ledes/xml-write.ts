/** Writes LEDES XML 2.1 from canonical invoices (fast-xml-parser's builder). */
import { XMLBuilder } from 'fast-xml-parser';
import type { Invoice } from '../model';
import { Decimal } from '../money/decimal';
import { LedesWriteError } from './issues';
import { xmlSafeText } from './text';
import { getPath } from '../model/path';
import { LEDES_XML_ROOTS, elementsOf, money, dec, type XmlSegment } from './xml-elements';

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
