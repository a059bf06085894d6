import type { BillingEntry } from '../../lib/model';
import { compileRuleSet, evaluateOcg, type EvaluateOptions, type EvaluationResult } from '../../lib/ocg';

let seq = 0;

/** A fee entry: 1 h at 400 by timekeeper T1 (associate) on matter M1, 2026-10-05. */
export function fee(over: Partial<BillingEntry> = {}): BillingEntry {
	seq++;
	return {
		id: `e${seq}`,
		source: { system: 'manual', id: String(seq) },
		kind: 'fee',
		date: '2026-10-05',
		timekeeper: { id: 'T1', name: 'Ann Lee', classification: 'ASSOC' },
		client: { id: 'C1', ledesClientId: 'GLOBEX01' },
		matter: { id: 'M1', number: '00001', matterType: 'litigation' },
		quantity: '1.0',
		rate: '400.00',
		currency: 'USD',
		codes: { task: 'L120', activity: 'A104' },
		narrative: 'Review and analyze expert report on damages',
		...over,
	};
}

/** An expense entry: 100 × 0.10 copying (E101) on matter M1. */
export function expense(over: Partial<BillingEntry> = {}): BillingEntry {
	return fee({ kind: 'expense', quantity: '100', rate: '0.10', codes: { expense: 'E101' }, narrative: 'Photocopies of pleadings', ...over });
}

/** A rule set holding the given rules. */
export function ruleSet(rules: object[], extra: object = {}) {
	return { id: 'test', version: '1', rules, ...extra };
}

/** Runs one rule over the entries. */
export function run(rule: object, entries: BillingEntry[], options: EvaluateOptions = {}): EvaluationResult {
	const r = { id: 'R1', ref: 'OCG §1', action: 'flag', ...rule };
	return evaluateOcg(entries, compileRuleSet(ruleSet([r])), options);
}

/** The rule ids that hit each entry. */
export function hits(result: EvaluationResult): string[][] {
	return result.results.map((r) => r.violations.map((v) => v.ruleId));
}

/** true/false per entry: did any rule hit it. */
export function flagged(result: EvaluationResult): boolean[] {
	return result.results.map((r) => r.violations.length > 0);
}
