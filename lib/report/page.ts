/**
 * A page is figures, charts and tables; the same tables render as HTML (inline CSS under a per-page
 * nonce, inline SVG charts, no script, nothing from another origin) and as CSV (RFC 4180, CRLF,
 * a text cell that a spreadsheet would read as a formula is prefixed with an apostrophe).
 */
import { randomBytes } from 'node:crypto';
import { Decimal } from '../money/decimal';

export type Kind = 'text' | 'money' | 'count' | 'percent';

export interface Column {
	key: string;
	label: string;
	kind?: Kind;
	/** Key of a row field holding this cell's link (an in-page anchor "#…" or an http(s) URL). */
	href?: string;
}

export interface Bar {
	label: string;
	/** A decimal string; bars are drawn to scale, never summed as floats. */
	value: string;
}

export interface Table {
	id: string;
	title: string;
	note?: string;
	columns: Column[];
	rows: Array<Record<string, string>>;
	/** Rows shown on the page (the CSV export has all); default all. */
	pageLimit?: number;
	/** An id attribute for each row: the value of this key, prefixed with the table id. */
	rowAnchor?: string;
	chart?: { title: string; bars: Bar[]; kind: 'money' | 'count' };
}

export interface Figure {
	id: string;
	label: string;
	value: string;
	kind?: Kind;
}

export interface Page {
	title: string;
	subtitle: string;
	figures: Figure[];
	tables: Table[];
	notices: string[];
	/** The filter form (dashboard only): field → current value, and the choices for selects. */
	filters?: { values: Record<string, string>; choices: Record<string, string[]> };
	/** Query text every CSV link carries (filters, or the portal token). */
	linkQuery: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** A link is kept only when it is an in-page anchor, a relative query, or http(s): never javascript:, data: … */
export function safeHref(url: string): string | undefined {
	if (/^#[A-Za-z0-9_.:-]{1,200}$/.test(url)) return url;
	if (/^\?[^\s<>"']{0,2000}$/.test(url)) return url;
	try {
		const u = new URL(url);
		return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
	} catch {
		return undefined;
	}
}

/** An HTML id from any text (ids of invoices and matters can hold anything). */
export const anchorId = (prefix: string, value: string): string => `${prefix}-${value.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`.slice(0, 250);

export function formatMoney(v: string): string {
	const d = Decimal.tryFrom(v);
	if (!d) return v;
	const fixed = d.round(2).toFixed(2);
	const neg = fixed.startsWith('-');
	const [i, f] = (neg ? fixed.slice(1) : fixed).split('.');
	return `${neg ? '−' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}

const formatCell = (v: string, kind: Kind | undefined): string => (kind === 'money' ? formatMoney(v) : kind === 'percent' && v !== '' ? `${v}%` : v);

const CSS = `
:root{color-scheme:light;--ink:#1d2433;--muted:#5b6475;--line:#d9dee8;--bg:#f6f7fb;--card:#fff;--accent:#2f5bd3;--bad:#b42318;--ok:#067647;--warn:#b54708}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{padding:20px 28px;background:var(--card);border-bottom:1px solid var(--line)}h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:var(--muted)}
main{padding:20px 28px;display:grid;gap:18px}section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;overflow-x:auto}
h2{font-size:16px;margin:0 0 8px;display:flex;justify-content:space-between;gap:12px;align-items:baseline}h2 a{font-size:12px;font-weight:normal}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:12px}.figure{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
.figure dt{color:var(--muted);font-size:12px}.figure dd{margin:2px 0 0;font-size:20px;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
th{background:#eef1f7;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:600;border-top:2px solid var(--ink)}
.note{color:var(--muted);font-size:12px;margin:0 0 8px}.notice{background:#fff4e5;border:1px solid #f5c27a;border-radius:6px;padding:8px 12px}
form{display:flex;gap:12px;flex-wrap:wrap;align-items:end}label{display:grid;gap:2px;font-size:12px;color:var(--muted)}input,select{font:inherit;padding:4px 6px}
button{font:inherit;padding:5px 12px;background:var(--accent);color:#fff;border:0;border-radius:4px}svg text{font-size:11px;fill:var(--ink)}
.error main{max-width:640px}.error section{border-color:var(--bad)}
`;

function barChart(c: NonNullable<Table['chart']>): string {
	const bars = c.bars.slice(0, 20);
	if (bars.length === 0) return '';
	const values = bars.map((b) => Decimal.tryFrom(b.value) ?? Decimal.ZERO);
	const max = values.reduce((m, v) => Decimal.max(m, v.abs()), Decimal.ZERO);
	const rowH = 22;
	const labelW = 220;
	const barW = 420;
	const h = bars.length * rowH + 8;
	const parts = bars.map((b, i) => {
		// the bar's pixel length is display only: the ratio is computed exactly, then rounded to a pixel
		const w = max.isZero() ? 0 : Number(values[i].abs().mul(barW).div(max, 0).toString());
		const y = i * rowH + 4;
		const shown = c.kind === 'money' ? formatMoney(b.value) : b.value;
		return `<text x="0" y="${y + 14}">${escapeHtml(b.label.slice(0, 34))}</text><rect x="${labelW}" y="${y + 3}" width="${Math.max(w, 1)}" height="14" fill="#2f5bd3"></rect><text x="${labelW + Math.max(w, 1) + 6}" y="${y + 14}">${escapeHtml(shown)}</text>`;
	});
	return `<figure><figcaption class="note">${escapeHtml(c.title)}</figcaption><svg role="img" aria-label="${escapeHtml(c.title)}" width="${labelW + barW + 140}" height="${h}" viewBox="0 0 ${labelW + barW + 140} ${h}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg></figure>`;
}

function tableHtml(t: Table, linkQuery: string): string {
	const shown = t.pageLimit !== undefined ? t.rows.slice(0, t.pageLimit) : t.rows;
	const head = t.columns.map((c) => `<th${c.kind && c.kind !== 'text' ? ' class="num"' : ''} scope="col">${escapeHtml(c.label)}</th>`).join('');
	const body = shown
		.map((r) => {
			const cls = r.__total === '1' ? ' class="total" data-row="total"' : '';
			const id = t.rowAnchor && r[t.rowAnchor] ? ` id="${escapeHtml(anchorId(t.id, r[t.rowAnchor]))}"` : '';
			const tds = t.columns
				.map((c) => {
					const v = escapeHtml(formatCell(r[c.key] ?? '', c.kind));
					const href = c.href && r[c.href] ? safeHref(r[c.href]) : undefined;
					const inner = href ? `<a href="${escapeHtml(href)}"${href.startsWith('http') ? ' rel="noopener noreferrer"' : ''}>${v}</a>` : v;
					return `<td data-col="${escapeHtml(c.key)}"${c.kind && c.kind !== 'text' ? ' class="num"' : ''}>${inner}</td>`;
				})
				.join('');
			return `<tr${cls}${id}>${tds}</tr>`;
		})
		.join('');
	const more = t.pageLimit !== undefined && t.rows.length > t.pageLimit ? `<p class="note">${t.pageLimit} of ${t.rows.length} rows shown; the CSV has all.</p>` : '';
	const csv = `?${linkQuery ? `${linkQuery}&` : ''}format=csv&table=${encodeURIComponent(t.id)}`;
	const empty = t.rows.length === 0 ? '<p class="note">Nothing to show.</p>' : '';
	return `<section id="${escapeHtml(t.id)}" data-table="${escapeHtml(t.id)}"><h2>${escapeHtml(t.title)} <a href="${escapeHtml(csv)}" download="${escapeHtml(t.id)}.csv" data-csv="${escapeHtml(t.id)}">CSV</a></h2>${t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : ''}${t.chart ? barChart(t.chart) : ''}${empty}${t.rows.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` : ''}${more}</section>`;
}

function filterForm(f: NonNullable<Page['filters']>): string {
	const field = (name: string, label: string) => {
		const choices = f.choices[name];
		const v = f.values[name] ?? '';
		const input = choices
			? `<select name="${name}"><option value="">All</option>${choices.map((c) => `<option${c === v ? ' selected' : ''}>${escapeHtml(c)}</option>`).join('')}</select>`
			: `<input name="${name}" value="${escapeHtml(v)}" placeholder="YYYY-MM or YYYY-MM-DD..YYYY-MM-DD" size="26">`;
		return `<label>${escapeHtml(label)}${input}</label>`;
	};
	return `<section><form method="get">${field('client', 'Client')}${field('platform', 'Platform')}${field('period', 'Period (invoice period end)')}<button type="submit">Apply</button></form></section>`;
}

/** A fresh nonce for one response's inline style. */
export const newNonce = (): string => randomBytes(18).toString('base64');

/**
 * The page's own policy. n8n drops a Content-Security-Policy header set by a workflow (its webhook
 * server sends its own "sandbox …" policy instead), so the page carries this one in a meta element;
 * the browser enforces both. No script is allowed at all; styles only with this response's nonce.
 */
export const pagePolicy = (nonce: string): string =>
	`default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; script-src 'none'; base-uri 'none'; form-action 'self'; object-src 'none'`;

function shell(title: string, nonce: string, bodyClass: string, inner: string): string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(pagePolicy(nonce))}"><meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${CSS}</style></head><body class="${bodyClass}">${inner}</body></html>`;
}

export function renderHtml(page: Page, nonce: string): string {
	const figures = page.figures.length
		? `<dl class="figures">${page.figures.map((f) => `<div class="figure"><dt>${escapeHtml(f.label)}</dt><dd data-figure="${escapeHtml(f.id)}">${escapeHtml(formatCell(f.value, f.kind))}</dd></div>`).join('')}</dl>`
		: '';
	const notices = page.notices.map((n) => `<p class="notice">${escapeHtml(n)}</p>`).join('');
	const inner = `<header><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.subtitle)}</p></header><main>${notices}${page.filters ? filterForm(page.filters) : ''}${figures}${page.tables.map((t) => tableHtml(t, page.linkQuery)).join('')}</main>`;
	return shell(page.title, nonce, 'page', inner);
}

/** An error page: a title and a sentence, no data. */
export function renderErrorHtml(title: string, message: string, nonce: string): string {
	return shell(title, nonce, 'error', `<header><h1>${escapeHtml(title)}</h1></header><main><section><p>${escapeHtml(message)}</p></section></main>`);
}

const csvCell = (v: string, kind: Kind | undefined): string => {
	// a text cell a spreadsheet would evaluate (=, +, -, @, tab, CR) becomes text
	const safe = (kind === undefined || kind === 'text') && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function renderCsv(t: Table): string {
	const lines = [t.columns.map((c) => csvCell(c.label, 'text')).join(',')];
	for (const r of t.rows) lines.push(t.columns.map((c) => csvCell(r[c.key] ?? '', c.kind)).join(','));
	return lines.join('\r\n') + '\r\n';
}
