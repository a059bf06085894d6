import { activitySet } from './activity';
import { expenseSet } from './expense';
import { litigationSet } from './litigation';
import { bankruptcySet, counselingSet, projectSet } from './partial';
import type { UtbmsCodeSet } from '../types';

export { activitySet, expenseSet, litigationSet, bankruptcySet, counselingSet, projectSet };

/** The code sets shipped with the package, in display order. */
export const BUILTIN_CODE_SETS: readonly UtbmsCodeSet[] = [
	litigationSet,
	counselingSet,
	bankruptcySet,
	projectSet,
	activitySet,
	expenseSet,
];
