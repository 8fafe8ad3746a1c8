// Everything the editor and `layerwise lint` report for a Dockerfile: dockerfile-utils' syntax
// validation (under the rule names of ./syntaxRuleNames.ts) plus
// Layerwise's own rules, with `# check=skip=` applied to both.
import { validate } from 'dockerfile-utils';
import { ruleNameFor } from './syntaxRuleNames';
import { checkDirective, isSkipped } from './checkDirective';
import { LintContext } from './context';
import { applyErrorDirective, lintContext, sortFindings } from './lint';
import type { Finding, LintOptions, Severity } from './types';

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
function severityOf(lspSeverity: number | undefined): Severity {
  return lspSeverity === 1 ? 'error' : lspSeverity === 2 || lspSeverity === undefined ? 'warning' : 'info';
}

export function lintAll(text: string, options: LintOptions = {}): Finding[] {
  const context = new LintContext(text, options);
  const directive = checkDirective(context);
  const syntax: Finding[] = [];
  for (const d of validate(text)) {
    const rule = ruleNameFor(d.code);
    if (isSkipped(directive, rule)) continue;
    const message = typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
    // LSP DiagnosticTag: 1 Unnecessary, 2 Deprecated (MAINTAINER is struck through in the editor).
    const tags = (d.tags ?? []).map((t) => (t === 1 ? 'unnecessary' : 'deprecated') as 'unnecessary' | 'deprecated');
    syntax.push({ rule, severity: severityOf(d.severity), range: d.range, message, ...(tags.length ? { tags } : {}) });
  }
  const own = lintContext(context);
  return sortFindings([...applyErrorDirective(withoutOverlaps(syntax, own), directive.error), ...own]);
}

/**
 * dockerfile-utils calls `EXPOSE ip:host:container` an invalid port (an error), but the builder
 * accepts it; ExposeInvalidFormat already says what is wrong there, so the library's word goes.
 */
function withoutOverlaps(syntax: Finding[], own: Finding[]): Finding[] {
  const key = (f: Finding) => `${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}`;
  const exposeFormat = new Set(own.filter((f) => f.rule === 'ExposeInvalidFormat').map(key));
  return syntax.filter((f) => !(f.rule === 'InvalidPort' && exposeFormat.has(key(f))));
}
