/**
 * OCG compliance: check canonical billing entries against a client's Outside Counsel Guidelines
 * before they are submitted. See docs/rule-sets.md for the rule-set format.
 */
import { compileRuleSet, type CompiledRuleSet } from './engine';
import { RuleSetValidationError } from './schema';
import { parseYamlSubset } from './yaml';

export {
	compileRuleSet,
	evaluate as evaluateOcg,
	selectRuleSet,
	validateRuleSet,
	type CompiledRuleSet,
	type EntryResult,
	type EntryStatus,
	type EvaluateOptions,
	type EvaluationContext,
	type EvaluationResult,
	type EvaluationSummary,
	type LineValues,
	type Violation,
} from './engine';
export {
	RULE_TYPES,
	RuleSetValidationError,
	type RuleAction,
	type RuleDefinition,
	type RuleSetDefinition,
	type RuleType,
	type Severity,
	type ValidationIssue,
} from './schema';
export { parseYamlSubset, YamlSubsetError } from './yaml';
export { flatFeeLines, type FlatFeeLine } from './budget';
export { CORPORATE_RULE_SET, DEFAULT_RULE_SET, EXAMPLE_RULE_SETS, INSURER_RULE_SET } from './default-rule-sets';

/** Parses rule-set text (JSON, or YAML) into a plain object, with the position of a syntax error. */
export function parseRuleSetText(text: string): unknown {
	const t = text.replace(/^\uFEFF/, '').trim();
	if (!t) throw new RuleSetValidationError([{ path: '', message: 'expected a rule set (JSON or YAML), got empty text' }]);
	const json = t.startsWith('{') || t.startsWith('[');
	let failure: Error | undefined;
	let value: unknown;
	try {
		value = json ? JSON.parse(t) : parseYamlSubset(t);
	} catch (e) {
		failure = e as Error;
	}
	if (failure) throw new RuleSetValidationError([{ path: '', message: `not valid ${json ? 'JSON' : 'YAML'}: ${failure.message.split('\n')[0]}` }]);
	return value;
}

/** Parses and compiles rule-set text (JSON or YAML). */
export function parseRuleSet(text: string): CompiledRuleSet {
	return compileRuleSet(parseRuleSetText(text));
}
