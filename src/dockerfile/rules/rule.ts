// A rule: what it declares about itself, and the check that finds its problems in a LintContext.
import type { LintContext } from './context';
import type { Finding, Fix, RuleInfo, Severity } from './types';
import type { Range } from '..';

/** What a check reports; the linter adds the rule's name and severity. */
export interface RuleFinding {
  range: Range;
  message: string;
  fix?: Fix;
  severity?: Severity;
  tags?: Finding['tags'];
  /**
   * The line of the instruction whose `# check=` comment controls this finding, when it is not
   * the one the finding is on (MultipleInstructionsDisallowed reports the earlier CMD, BuildKit
   * asks the later one).
   */
  controlLine?: number;
  /** False where skipping the rule would leave a build that fails anyway (no "skip" action). */
  skippable?: false;
}

export interface Rule extends RuleInfo {
  check(context: LintContext): RuleFinding[];
}

/** BuildKit's page for a rule: https://docs.docker.com/go/dockerfile/rule/<kebab-case-name>/. */
export function buildkitUrlOf(name: string): string {
  const slug = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
  return `https://docs.docker.com/go/dockerfile/rule/${slug}/`;
}

/** Declares a rule whose page is docs/rules/<name>.md. */
export function defineRule(
  info: Omit<RuleInfo, 'docs' | 'buildkitUrl'> & { buildkit?: boolean },
  check: (context: LintContext) => RuleFinding[],
): Rule {
  return {
    name: info.name,
    description: info.description,
    defaultSeverity: info.defaultSeverity,
    docs: `docs/rules/${info.name}.md`,
    ...(info.buildkit ? { buildkitUrl: buildkitUrlOf(info.name) } : {}),
    ...(info.experimental ? { experimental: true } : {}),
    check,
  };
}

/** A finding before BuildKit's controls are applied: what the linter needs to apply them. */
export interface RawFinding extends Finding { controlLine?: number; experimental?: boolean; skippable?: false }

/** A finding with the rule's name and severity filled in. */
export function toFinding(rule: Rule, found: RuleFinding): RawFinding {
  return {
    rule: rule.name, severity: found.severity ?? rule.defaultSeverity, range: found.range, message: found.message,
    ...(found.fix ? { fix: found.fix } : {}), ...(found.tags ? { tags: found.tags } : {}),
    ...(found.controlLine !== undefined ? { controlLine: found.controlLine } : {}),
    ...(rule.experimental ? { experimental: true } : {}),
    ...(found.skippable === false ? { skippable: false } : {}),
  };
}
