/**
 * Resolves one rejected or adjusted invoice: classifies every reason, corrects what needs no
 * judgement from the client's own rule set and mapping table, builds the corrected LEDES file with
 * the pack's LEDES writer under a version-suffixed number, and applies the firm's policy
 * (resubmit at once or wait for approval, at most N automatic resubmissions per matter, never a
 * second automatic attempt on an automatic correction, never twice for the same rejection).
 * Everything else goes to a person with the rule and the reason. Pure: no n8n, no clock, no I/O.
 */
import { buildLedes, parseLedes, type LedesTextFormat } from '../ledes';
import type { BillingEntry } from '../model';
import { Decimal } from '../money/decimal';
import { selectRuleSet, type CompiledRuleSet } from '../ocg';
import type { RejectionReason } from '../reconcile/types';
import type { UtbmsMappingTable } from '../utbms';
import { classifyReason } from './classify';
import { applyFix, judgeOriginal, lineNumberOf, type Change, type FixContext } from './fix';
import { isFixable, parseResolverSettings, type ResolutionClass, type ResolverSettings, type ResolverSettingsInput } from './settings';

export type Outcome = 'resubmit' | 'awaitApproval' | 'acceptAdjustment' | 'person' | 'alreadyHandled' | 'nothingToDo';

/** One row of the firm's resolution ledger (what the workflow keeps, e.g. in a Data Table). */
export interface ResolutionRecord {
	key: string;
	invoiceNumber?: string;
	newInvoiceNumber?: string;
	matter?: string;
	outcome: Outcome | string;
}

export interface ResolveInput {
	platform: 'legalTracker' | 'brightflag' | string;
	invoiceId?: string;
	invoiceNumber: string;
	/** the platform's status of the invoice (e.g. rejected, disputed, approved) */
	status: string;
	/** the matter the N-resubmissions limit counts on (default: the file's LAW_FIRM_MATTER_ID) */
	matter?: string;
	reasons: RejectionReason[];
	/** the invoice's LEDES file as submitted (1998B or 98BI) */
	ledes?: string;
	/** the client's rule set, or several: the most specific one in scope of the invoice's first line is used */
	ruleSet?: CompiledRuleSet | readonly CompiledRuleSet[];
	mapping?: UtbmsMappingTable;
	history?: ResolutionRecord[];
	settings?: ResolverSettings | ResolverSettingsInput;
}

export interface ReasonVerdict {
	class: ResolutionClass;
	classRule: string;
	fixable: boolean;
	fixed: boolean;
	kind: RejectionReason['kind'];
	code?: string;
	reason?: string;
	lineItemNumber?: string | number;
	amount?: string;
	role?: string;
	/** why it was not fixed (a person decides) */
	why?: string;
}

export interface Resolution {
	/** the ledger key: one resolution per platform, invoice and kind */
	key: string;
	platform: string;
	invoiceId?: string;
	invoiceNumber: string;
	matter?: string;
	outcome: Outcome;
	/** the corrected invoice's number and version (resubmit / awaitApproval, or prepared for a person) */
	newInvoiceNumber?: string;
	version?: number;
	verdicts: ReasonVerdict[];
	/** before/after, rule and amount written off of every automatic change */
	changes: Change[];
	totalBefore?: string;
	totalAfter?: string;
	/** total written off (before − after; for accepted adjustments, the platform's cuts) */
	writtenOff: string;
	ledes?: string;
	fileName?: string;
	/** for a person: who (role), the subject line and every reason with its rule */
	person?: { role: string; subject: string; details: string[] };
	why: string;
}

/** The next version of an invoice number under the pattern (default "{base}-R{version}", unverified). */
export function nextInvoiceNumber(number: string, pattern: string, history: readonly ResolutionRecord[] = []): { number: string; version: number } {
	const [re, base, current] = patternParts(pattern, number);
	let version = current;
	for (const h of history) {
		const m = h.newInvoiceNumber ? re.exec(h.newInvoiceNumber) : null;
		if (m && m[1] === base) version = Math.max(version, Number(m[2]));
	}
	return { number: pattern.replace('{base}', base).replace('{version}', String(version + 1)), version: version + 1 };
}

function patternParts(pattern: string, number: string): [RegExp, string, number] {
	const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const [pre, rest] = pattern.split('{base}');
	const [mid, post] = rest.split('{version}');
	// {base} before {version} (the schema checks both are there)
	const re = new RegExp(`^${esc(pre)}(.+?)${esc(mid ?? '')}(\\d{1,4})${esc(post ?? '')}$`);
	const m = re.exec(number);
	return m ? [re, m[1], Number(m[2])] : [re, number, 1];
}

export function resolutionKey(platform: string, invoiceId: string | undefined, invoiceNumber: string, kind: 'rejection' | 'adjustment'): string {
	return `${platform}:${invoiceId ?? invoiceNumber}:${kind}`;
}

function verdictOf(c: ReturnType<typeof classifyReason>, fixed: boolean, why?: string): ReasonVerdict {
	const r = c.reason;
	return {
		class: c.class,
		classRule: c.classRule,
		fixable: isFixable(c.class),
		fixed,
		kind: r.kind,
		...(r.code ? { code: r.code } : {}),
		...(r.reason ? { reason: r.reason } : {}),
		...(r.lineItemNumber !== undefined ? { lineItemNumber: r.lineItemNumber } : {}),
		...(r.amount ? { amount: r.amount } : {}),
		...(c.role ? { role: c.role } : {}),
		...(why ? { why } : {}),
	};
}

function personOf(settings: ResolverSettings, input: ResolveInput, verdicts: ReasonVerdict[], why: string): Resolution['person'] {
	const open = verdicts.filter((v) => !v.fixed);
	const role = open.find((v) => v.role)?.role ?? settings.defaultRole;
	const details = (open.length ? open : verdicts).map(
		(v) =>
			`${v.code ?? v.class}${v.lineItemNumber !== undefined ? ` (line ${v.lineItemNumber})` : ''}: ${v.reason ?? ''} [class ${v.class}, rule ${v.classRule}]${v.why ? `; ${v.why}` : ''}`,
	);
	return { role, subject: `Review the ${input.platform} ${input.status} of invoice ${input.invoiceNumber}: ${why}`, details };
}

/** Resolves one invoice's rejection or adjustments. Never throws on platform data: a problem goes to a person. */
export function resolveInvoice(input: ResolveInput): Resolution {
	// always validated (parsed settings pass again unchanged): a missing limit must never mean "no limit"
	const settings = parseResolverSettings(input.settings ?? {});
	const history = input.history ?? [];
	const rejected = settings.rejectedStatuses.some((s) => s.toLowerCase() === String(input.status).toLowerCase());
	// a cut: Legal Tracker's adjustments, or an amount on a reason of an invoice that was not rejected
	// (Brightflag's adjusted-then-approved lines come as reasons with an amount)
	const isCut = (r: RejectionReason) => r.kind === 'adjustment' || (!rejected && r.amount !== undefined && r.amount !== '');
	const kind = rejected || !input.reasons.every(isCut) ? 'rejection' : 'adjustment';
	const key = resolutionKey(input.platform, input.invoiceId, input.invoiceNumber, kind);
	const base = { key, platform: input.platform, ...(input.invoiceId ? { invoiceId: input.invoiceId } : {}), invoiceNumber: input.invoiceNumber };
	const classified = input.reasons.map((r) => classifyReason(settings.rules, r));
	const done = history.find((h) => h.key === key);
	if (done) {
		return { ...base, outcome: 'alreadyHandled', verdicts: classified.map((c) => verdictOf(c, false)), changes: [], writtenOff: '0.00', why: `already resolved (${done.outcome}${done.newInvoiceNumber ? `, ${done.newInvoiceNumber}` : ''}): nothing is done twice` };
	}
	if (classified.length === 0) return { ...base, outcome: 'nothingToDo', verdicts: [], changes: [], writtenOff: '0.00', why: 'no rejection or adjustment reason' };
	const toPerson = (verdicts: ReasonVerdict[], why: string, extra: Partial<Resolution> = {}): Resolution => ({
		...base,
		...(input.matter ? { matter: input.matter } : {}),
		outcome: 'person',
		verdicts,
		changes: [],
		writtenOff: '0.00',
		...extra,
		person: personOf(settings, input, verdicts, why),
		why,
	});

	if (!rejected) {
		// line cuts on an invoice the client approved: a mechanical cut is accepted and written off
		// (resubmitting an approved invoice would bill twice); a judgement cut goes to a person, who may
		// appeal on the platform (neither fact sheet documents an appeal operation)
		if (kind === 'rejection') return toPerson(classified.map((c) => verdictOf(c, false)), `status ${input.status} is not a rejection: never resubmitted automatically`);
		const verdicts = classified.map((c) => verdictOf(c, isFixable(c.class)));
		const changes: Change[] = classified
			.filter((c) => isFixable(c.class))
			.map((c) => {
				const cut = Decimal.tryFrom(c.reason.amount ?? '') ?? Decimal.ZERO;
				const no = Number(c.reason.lineItemNumber);
				return { lineItemNumber: Number.isInteger(no) && no > 0 ? no : null, class: c.class as Change['class'], classRule: c.classRule, rule: `${input.platform} adjustment`, field: 'total', before: '', after: cut.toFixed(2), writtenOff: cut.neg().toFixed(2) };
			});
		const writtenOff = Decimal.sum(changes.map((c) => c.writtenOff)).toFixed(2);
		if (verdicts.some((v) => !v.fixed)) return toPerson(verdicts, 'a cut needs a person (accept or appeal)', { changes, writtenOff });
		return { ...base, ...(input.matter ? { matter: input.matter } : {}), outcome: 'acceptAdjustment', verdicts, changes, writtenOff, why: 'every cut is mechanical: accepted and written off' };
	}

	// a rejection: correct a copy of the invoice's lines
	if (!input.ledes || input.ledes.trim() === '') return toPerson(classified.map((c) => verdictOf(c, false)), 'no LEDES file of the invoice to correct');
	const parsed = parseLedes(input.ledes);
	const inv = parsed.invoices.find((i) => i.number === input.invoiceNumber) ?? (parsed.invoices.length === 1 ? parsed.invoices[0] : undefined);
	if (!inv || (parsed.format !== '1998B' && parsed.format !== '98BI')) {
		return toPerson(classified.map((c) => verdictOf(c, false)), `the file holds ${parsed.invoices.length} invoice(s)${parsed.format ? ` (${parsed.format})` : ''}; expected invoice ${input.invoiceNumber} in LEDES 1998B or 98BI`);
	}
	const matter = input.matter ?? inv.matters[0] ?? inv.lines[0]?.matter?.number;
	const ruleSet = Array.isArray(input.ruleSet) ? (inv.lines[0] ? selectRuleSet(input.ruleSet, inv.lines[0]) : undefined) : (input.ruleSet as CompiledRuleSet | undefined);
	const original: BillingEntry[] = inv.lines.map((l) => JSON.parse(JSON.stringify(l)) as BillingEntry);
	const ctx: FixContext = {
		lines: new Map(inv.lines.map((l, i) => [lineNumberOf(l, i + 1), JSON.parse(JSON.stringify(l)) as BillingEntry])),
		periodStart: inv.periodStart,
		periodEnd: inv.periodEnd,
		invoiceDate: inv.date,
		...(inv.currency ? { currency: inv.currency } : {}),
		...(ruleSet ? { ruleSet } : {}),
		...(input.mapping ? { mapping: input.mapping } : {}),
		acceptDefaultCodes: settings.acceptDefaultCodes,
		original,
	};
	ctx.ocg = judgeOriginal(original, ruleSet, ctx);
	const changes: Change[] = [];
	// dates and codes first, then amounts, dropped lines last (line numbers stay those of the rejection)
	const order: ResolutionClass[] = ['billingPeriod', 'utbmsCode', 'rateAboveApproved', 'arithmetic', 'disallowedExpense'];
	const verdicts: ReasonVerdict[] = new Array(classified.length);
	classified.forEach((c, i) => {
		if (!isFixable(c.class)) verdicts[i] = verdictOf(c, false, 'needs a person');
	});
	for (const cls of order) {
		classified.forEach((c, i) => {
			if (c.class !== cls || !isFixable(c.class)) return;
			const r = applyFix(ctx, c.class, c.classRule, c.reason);
			if ('why' in r) verdicts[i] = verdictOf(c, false, r.why);
			else {
				verdicts[i] = verdictOf(c, true);
				changes.push(...r.changes);
			}
		});
	}
	const totalBefore = inv.statedTotal && Decimal.tryFrom(inv.statedTotal) ? Decimal.from(inv.statedTotal).toFixed(2) : Decimal.sum(original.map((l) => l.total ?? '0')).toFixed(2);
	const allFixed = verdicts.every((v) => v.fixed);
	const prior = history.find((h) => h.newInvoiceNumber === input.invoiceNumber);
	const perMatter = history.filter((h) => h.matter === matter && (h.outcome === 'resubmit' || h.outcome === 'awaitApproval')).length;

	// the corrected file (also attached for a person when only part could be fixed)
	let built: { ledes: string; number: string; version: number; totalAfter: string } | undefined;
	let buildProblem: string | undefined;
	if (changes.length > 0 || allFixed) {
		const next = nextInvoiceNumber(input.invoiceNumber, settings.versionPattern, history);
		// the writer computes every total from quantity, rate and adjustment
		const lines = [...ctx.lines.values()].map(({ total: _stated, ...l }) => l);
		if (lines.length === 0) buildProblem = 'every line would be dropped';
		else {
			try {
				const text = buildLedes([{ ...inv, number: next.number, lines }], { format: parsed.format as LedesTextFormat });
				const check = parseLedes(text);
				if (!check.valid || check.invoices.length !== 1) buildProblem = `the corrected file is not valid LEDES: ${check.errors.slice(0, 3).map((e) => e.message).join('; ')}`;
				else built = { ledes: text, number: next.number, version: next.version, totalAfter: Decimal.from(check.invoices[0].total).toFixed(2) };
			} catch (e) {
				buildProblem = `the corrected file could not be written: ${(e as Error).message}`;
			}
		}
	}
	const file = built ? { newInvoiceNumber: built.number, version: built.version, ledes: built.ledes, fileName: `${built.number}.txt`, totalAfter: built.totalAfter } : {};
	const writtenOff = built ? Decimal.from(totalBefore).sub(built.totalAfter).toFixed(2) : '0.00';
	const extra = { matter, changes, totalBefore, writtenOff, ...file };
	if (!allFixed) return toPerson(verdicts, built ? 'part of it needs a person; the corrected file for the rest is attached' : 'it needs a person', extra);
	if (buildProblem || !built) return toPerson(verdicts, buildProblem ?? 'no corrected file', extra);
	if (prior) return toPerson(verdicts, `invoice ${input.invoiceNumber} is itself an automatic correction (of ${prior.invoiceNumber ?? prior.key}): no second automatic attempt`, extra);
	if (perMatter >= settings.maxResubmissionsPerMatter) return toPerson(verdicts, `matter ${matter ?? '?'} already had ${perMatter} automatic resubmission(s) (limit ${settings.maxResubmissionsPerMatter})`, extra);
	if (!settings.canResubmit) return toPerson(verdicts, `every reason fixed without judgement, but ${input.platform} takes no resubmission by API: upload the attached ${built.number} by hand`, extra);
	const outcome: Outcome = settings.mode === 'resubmit' ? 'resubmit' : 'awaitApproval';
	return {
		...base,
		outcome,
		verdicts,
		...extra,
		why: outcome === 'resubmit' ? `every reason fixed without judgement: resubmitted as ${built.number}` : `every reason fixed without judgement: ${built.number} waits for approval`,
	};
}
