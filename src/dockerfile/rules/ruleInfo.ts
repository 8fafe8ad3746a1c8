// Looks a rule's description, default severity and documentation up by name (for hovers, code
// descriptions in the Problems panel, SARIF): Layerwise's rules, the named syntax checks of
// dockerfile-utils, and the check-controls error.
import { ALL_RULES } from './allRules';
import { SYNTAX_RULES } from './syntaxRuleNames';
import type { RuleInfo } from './types';

/** Checks that are not a Rule of ALL_RULES but have a name and a page. */
export const OTHER_RULES: readonly RuleInfo[] = [
  { name: 'InvalidCheckOptions', description: 'The check directive or BUILDKIT_DOCKERFILE_CHECK must be options BuildKit can parse', defaultSeverity: 'error', docs: 'docs/rules/InvalidCheckOptions.md' },
  { name: 'LineTooLong', description: 'A line of 65,536 bytes or more: both builders refuse the Dockerfile', defaultSeverity: 'error', docs: 'docs/rules/LineTooLong.md' },
  ...SYNTAX_RULES,
];

const byName = new Map<string, RuleInfo>([...ALL_RULES, ...OTHER_RULES].map((rule) => [rule.name, {
  name: rule.name, description: rule.description, defaultSeverity: rule.defaultSeverity, docs: rule.docs,
  ...(rule.buildkitUrl ? { buildkitUrl: rule.buildkitUrl } : {}),
  ...(rule.experimental ? { experimental: true } : {}),
}]));

export function ruleInfo(name: string): RuleInfo | undefined {
  return byName.get(name);
}

/** Every named check with a page. */
export function allRuleInfos(): RuleInfo[] {
  return [...byName.values()];
}
