/**
 * Example rule sets shipped with the pack (the JSON files in `rulesets/`, bundled into the build
 * so the node and templates can use them without reading files).
 */
import corporate from '../../rulesets/corporate-client.json';
import insurer from '../../rulesets/insurer-litigation.json';

/** A typical insurer's litigation guidelines (scoped to litigation matters). */
export const INSURER_RULE_SET: unknown = insurer;
/** A typical corporate client's outside counsel guidelines (no scope: every matter). */
export const CORPORATE_RULE_SET: unknown = corporate;

export const EXAMPLE_RULE_SETS: Record<'insurer' | 'corporate', unknown> = { insurer, corporate };
/** The default rule set: the insurer's. */
export const DEFAULT_RULE_SET: unknown = insurer;
