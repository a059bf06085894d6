/**
 * What every rule factory module shares: the factory signature, the entry-kind masks a rule checks
 * by default, the "zero the line" operation and the checker that never hits.
 */
import { KIND_BITS } from './prepare';
import type { Checker, Op, RuleEnv, RuleImpl } from './rule-impl';
import type { RuleParams, RuleType } from './schema';

export type Factory<T extends RuleType> = (params: RuleParams[T], env: RuleEnv) => RuleImpl;

export const FEE = KIND_BITS.fee;
export const EXPENSE = KIND_BITS.expense;
export const LINES = FEE | EXPENSE;
export const ZERO: Op[] = [{ k: 'zero' }];
export const NEVER: Checker = () => undefined;
