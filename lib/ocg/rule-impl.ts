/**
 * What a rule type compiles to (the contract between the rule factories of ./rules and ./budget and
 * the engine): the operations a hit proposes on a line, the per-line checker and the rule
 * implementation bound to a batch. Types only.
 */
import type { Batch } from './batch';
import type { Prepared, Scales } from './prepare';
import type { RuleDefinition, RuleSetDefinition } from './schema';

export type Op =
	/** rate := min(rate, v) (rate scale) */
	| { k: 'rate'; v: number }
	/** quantity := min(quantity, v) (quantity scale) */
	| { k: 'qty'; v: number }
	/** total := min(total, v) (amount scale), through the line adjustment */
	| { k: 'total'; v: number }
	/** the line goes to zero */
	| { k: 'zero' }
	/** rate := v, up or down (rate scale): a blended rate */
	| { k: 'setRate'; v: number };

export type Details = Record<string, string | number>;

export interface Hit {
	ops: Op[];
	details: Details;
}

export type Checker = (p: Prepared) => Hit | undefined;

export interface RuleImpl {
	/** entry kinds checked by default (bit mask of KIND_BITS) */
	kinds: number;
	/** judges the invoice as a whole */
	invoice?: boolean;
	/** decimals the rule's parameters need at each scale (quantity, rate, amount) */
	needs?: Partial<Scales>;
	/** placeholders this rule's message template may use, besides the common ones */
	vars: readonly string[];
	defaultMessage: string;
	bind(batch: Batch): Checker | string;
}

export interface RuleEnv {
	ruleSet: RuleSetDefinition;
	rule: RuleDefinition;
}
