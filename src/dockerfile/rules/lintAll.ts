// Everything the editor and `layerwise lint` report for a Dockerfile: dockerfile-utils' syntax
// validation (under the rule names of ./syntaxRuleNames.ts) plus Layerwise's rules, with
// BuildKit's lint controls applied to both.
import '../astGuards';
import { LINE_TOO_LONG_MESSAGE, overlongLine } from '../lineLimit';
import { validate } from 'dockerfile-utils';
import type { Diagnostic as LibraryDiagnostic } from 'vscode-languageserver-types';
import { ruleNameFor } from './syntaxRuleNames';
import { LintContext } from './context';
import { finishFindings, ownFindings } from './lint';
import type { RawFinding } from './rule';
import type { Finding, LintOptions, Severity } from './types';

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
function severityOf(lspSeverity: number | undefined): Severity {
  return lspSeverity === 1 ? 'error' : lspSeverity === 2 || lspSeverity === undefined ? 'warning' : 'info';
}

export function lintAll(text: string, options: LintOptions = {}): Finding[] {
  return lintWithLibrary(text, options).findings;
}

/**
 * The lint, and dockerfile-utils' diagnostics as it gave them (LSP, with its numeric codes): the
 * editor offers the library's own quick fixes for them, which are keyed by those codes.
 */
export function lintWithLibrary(text: string, options: LintOptions = {}): { findings: Finding[]; libraryDiagnostics: LibraryDiagnostic[] } {
  // Both builders stop at a line this long; every other finding would be about a file that is
  // never built (and a 10 MB line would cost the analysis minutes).
  const overlong = overlongLine(text);
  if (overlong) {
    const range = { start: { line: overlong.line, character: 0 }, end: { line: overlong.line, character: overlong.characters } };
    const findings: Finding[] = [{ rule: 'LineTooLong', severity: 'error', range, message: `${LINE_TOO_LONG_MESSAGE} (this line is ${overlong.bytes} bytes): the build fails before it starts` }];
    return { findings, libraryDiagnostics: [] };
  }
  const context = new LintContext(text, options);
  const syntax: RawFinding[] = [];
  const libraryDiagnostics = validate(text);
  for (const d of libraryDiagnostics) {
    const rule = ruleNameFor(d.code);
    if (rule === undefined) continue; // a check Layerwise does itself, in BuildKit's words
    const message = typeof d.message === 'string' ? d.message : (d.message as { value: string }).value;
    // LSP DiagnosticTag: 1 Unnecessary, 2 Deprecated.
    const tags = (d.tags ?? []).map((t) => (t === 1 ? 'unnecessary' : 'deprecated') as 'unnecessary' | 'deprecated');
    syntax.push({ rule, severity: severityOf(d.severity), range: d.range, message, ...(tags.length ? { tags } : {}) });
  }
  const own = ownFindings(context);
  return { findings: finishFindings(context, [...withoutOverlaps(syntax, own), ...own]), libraryDiagnostics };
}

/**
 * dockerfile-utils calls `EXPOSE ip:host:container` an invalid port (an error), but the builder
 * accepts it; ExposeInvalidFormat already says what is wrong there, so the library's word goes.
 */
function withoutOverlaps(syntax: RawFinding[], own: RawFinding[]): RawFinding[] {
  const key = (f: Finding) => `${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}`;
  const exposeFormat = new Set(own.filter((f) => f.rule === 'ExposeInvalidFormat').map(key));
  return syntax.filter((f) => !(f.rule === 'InvalidPort' && exposeFormat.has(key(f))));
}
