// Shared helpers for the rule tests: lint a Dockerfile given as lines, and look at one rule.
import { lint, lintAll } from '../../../src/dockerfile/rules';
import type { Finding, LintOptions } from '../../../src/dockerfile/rules';

export function dockerfile(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export function findings(rule: string, text: string, options: LintOptions = {}): Finding[] {
  return lint(text, options).filter((f) => f.rule === rule);
}

export function allFindings(text: string, options: LintOptions = {}): Finding[] {
  return lintAll(text, options);
}

/** A range as `line:char-line:char` (0-based), easy to compare and to read in a failure. */
export function at(f: Finding): string {
  return `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
}

/** The text a range covers. */
export function textAt(text: string, f: Finding): string {
  const lines = text.split('\n');
  if (f.range.start.line === f.range.end.line) return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
  return [lines[f.range.start.line].slice(f.range.start.character), ...lines.slice(f.range.start.line + 1, f.range.end.line), lines[f.range.end.line].slice(0, f.range.end.character)].join('\n');
}

export { applyFix } from '../../support/fixes';
