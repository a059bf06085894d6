/**
 * The built-in rule types: the registry of rule factories by type. Each factory turns a validated
 * rule into a `RuleImpl`; `bind(batch)` reads the batch aggregates it needs (pass 1) and returns the
 * per-line check (pass 2), or a sentence saying why the rule cannot run on this batch (for example:
 * no billing period given).
 *
 * A check returns `undefined` (no violation) or a hit: the proposed adjustment as operations on
 * the line (cap the rate, cap the quantity, cap the total, zero the line) plus the values the
 * message template may show. The hot path works on scaled integers; Decimal is used for output.
 *
 * The factories live by concern: ./rules-rates, ./rules-narrative, ./rules-codes, ./rules-invoice
 * and ./budget; rate cards in ./rate-cards, code lists in ./code-lists.
 */
import type { RuleType } from './schema';
import { blendedRate, budget, cappedFee, flatFee } from './budget';
import type { Factory } from './rule-kit';
import { approvedRate, maxDailyHours, maxTimekeepersPerMatter, minimumIncrement, rateIncrease, travel, unknownTimekeeper } from './rules-rates';
import { bannedWords, blockBilling, clericalWork, eventAttendance, shortNarrative, vagueNarrative } from './rules-narrative';
import { bannedExpenseCodes, expenseCap, taskCodes } from './rules-codes';
import { billingPeriod, currency, duplicates, expression, lateInvoice, multiMatter, staleCharge } from './rules-invoice';

export type { Checker, Details, Hit, Op, RuleEnv, RuleImpl } from './rule-impl';
export { phaseOf } from './code-lists';
export { tkName } from './rate-cards';

export const FACTORIES: { [K in RuleType]: Factory<K> } = {
	approvedRate,
	unknownTimekeeper,
	rateIncrease,
	maxDailyHours,
	minimumIncrement,
	blockBilling,
	bannedWords,
	vagueNarrative,
	shortNarrative,
	clericalWork,
	duplicates,
	billingPeriod,
	staleCharge,
	lateInvoice,
	taskCodes,
	expenseCap,
	bannedExpenseCodes,
	maxTimekeepersPerMatter,
	eventAttendance,
	travel,
	budget,
	cappedFee,
	flatFee,
	blendedRate,
	currency,
	multiMatter,
	expression,
};
