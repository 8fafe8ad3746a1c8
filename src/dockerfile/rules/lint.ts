// The linter: runs every rule over one Dockerfile's text, applies BuildKit's lint controls
// (./checkControls.ts), adds the "skip this rule" actions and returns the findings in document
// order. Pure: no engine (base images come from options), no `vscode`.
import { ALL_RULES } from './allRules';
import { checkControls } from './checkControls';
import { ruleRuns } from './checkOptions';
import { LintContext } from './context';
import { RawFinding, toFinding } from './rule';
import { FILE_WIDE_RULES, suppressionsFor } from './suppressions';
import type { Finding, LintOptions } from './types';

/** Layerwise's rules only (lintAll adds dockerfile-utils' syntax checks). */
export function lint(text: string, options: LintOptions = {}): Finding[] {
  const context = new LintContext(text, options);
  return finishFindings(context, ownFindings(context));
}

export function ownFindings(context: LintContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const rule of ALL_RULES) for (const found of rule.check(context)) findings.push(toFinding(rule, found));
  return findings;
}

/**
 * BuildKit's controls: a finding stays when its rule runs under the config in force at its
 * instruction; `error=true` makes warnings errors. A control that does not parse is itself an
 * error (the build fails on it).
 */
export function finishFindings(context: LintContext, raw: RawFinding[]): Finding[] {
  const controls = checkControls(context);
  const findings: Finding[] = [];
  if (controls.problem) findings.push({ rule: 'InvalidCheckOptions', severity: 'error', range: controls.problem.range, message: controls.problem.message });
  for (const { controlLine, experimental, skippable, ...finding } of raw) {
    const line = controlLine ?? finding.range.start.line;
    const config = FILE_WIDE_RULES.has(finding.rule) ? controls.file : controls.configAt(line);
    if (!ruleRuns(config, finding.rule, experimental ?? false)) continue;
    // Skipping an error leaves a build that fails; an experimental rule is turned on, not skipped.
    const suppressions = finding.severity === 'error' || experimental || skippable === false ? [] : suppressionsFor(context, controls, finding.rule, line);
    findings.push({
      ...finding,
      ...(controls.file.error && finding.severity === 'warning' ? { severity: 'error' as const } : {}),
      ...(suppressions.length ? { suppressions } : {}),
    });
  }
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule));
}
