// The linter: runs every rule over one Dockerfile's text, honours `# check=skip=`, and returns
// the findings in document order. Pure: no engine (base images come from options), no `vscode`.
import { ALL_RULES } from './allRules';
import { checkDirective, isSkipped } from './checkDirective';
import { LintContext } from './context';
import { toFinding } from './rule';
import type { Finding, LintOptions } from './types';

export function lint(text: string, options: LintOptions = {}): Finding[] {
  const context = new LintContext(text, options);
  return lintContext(context);
}

export function lintContext(context: LintContext): Finding[] {
  const directive = checkDirective(context);
  const findings: Finding[] = [];
  for (const rule of ALL_RULES) {
    if (isSkipped(directive, rule.name)) continue;
    for (const found of rule.check(context)) findings.push(toFinding(rule, found));
  }
  return sortFindings(applyErrorDirective(findings, directive.error));
}

/** `# check=error=true`: warnings fail the build, so they are errors. */
export function applyErrorDirective(findings: Finding[], error: boolean): Finding[] {
  return error ? findings.map((f) => (f.severity === 'warning' ? { ...f, severity: 'error' } : f)) : findings;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
}
