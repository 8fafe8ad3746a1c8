// A rule: what it declares about itself, and the check that finds its problems in a LintContext.
import type { LintContext } from './context';
import type { Finding, Fix, RuleInfo, Severity } from './types';
import type { Range } from '..';

/** What a check reports; the linter adds the rule's name and severity. */
export interface RuleFinding { range: Range; message: string; fix?: Fix; severity?: Severity; tags?: Finding['tags'] }

export interface Rule extends RuleInfo {
  check(context: LintContext): RuleFinding[];
}

/** Declares a rule whose page is docs/rules/<name>.md. */
export function defineRule(
  info: Omit<RuleInfo, 'docs' | 'buildkitUrl'> & { buildkit?: boolean },
  check: (context: LintContext) => RuleFinding[],
): Rule {
  const slug = info.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
  return {
    name: info.name,
    description: info.description,
    defaultSeverity: info.defaultSeverity,
    docs: `docs/rules/${info.name}.md`,
    ...(info.buildkit ? { buildkitUrl: `https://docs.docker.com/go/dockerfile/rule/${slug}/` } : {}),
    check,
  };
}

/** A finding with the rule's name and severity filled in. */
export function toFinding(rule: Rule, found: RuleFinding): Finding {
  return {
    rule: rule.name, severity: found.severity ?? rule.defaultSeverity, range: found.range, message: found.message,
    ...(found.fix ? { fix: found.fix } : {}), ...(found.tags ? { tags: found.tags } : {}),
  };
}
