// Looks a rule's description, default severity and documentation up by name (for hovers, code
// descriptions in the Problems panel, SARIF). Undefined for the syntax checks of dockerfile-utils.
import { ALL_RULES } from './allRules';
import type { RuleInfo } from './types';

const byName = new Map<string, RuleInfo>(ALL_RULES.map((rule) => [rule.name, {
  name: rule.name, description: rule.description, defaultSeverity: rule.defaultSeverity, docs: rule.docs,
  ...(rule.buildkitUrl ? { buildkitUrl: rule.buildkitUrl } : {}),
}]));

export function ruleInfo(name: string): RuleInfo | undefined {
  return byName.get(name);
}
