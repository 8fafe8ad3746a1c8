// `layerwise lint` output: findings with 1-based lines and columns (the end column is the one just
// after the finding, as in SARIF), as text for people or JSON for tools.
import type { Finding } from '../dockerfile/rules';

export interface FileFinding {
  file: string;
  rule: string;
  severity: Finding['severity'];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export function toFileFinding(file: string, finding: Finding): FileFinding {
  return {
    file,
    rule: finding.rule,
    severity: finding.severity,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    message: finding.message,
  };
}

export function formatJson(findings: FileFinding[]): string {
  return `${JSON.stringify(findings, null, 2)}\n`;
}

/** `file:line:column: severity: message [Rule]`, one a line, then a count. */
export function formatText(findings: FileFinding[], fileCount: number): string {
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.rule}]`);
  const count = (severity: FileFinding['severity']) => findings.filter((f) => f.severity === severity).length;
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  lines.push(findings.length === 0
    ? `No problems found in ${files}.`
    : `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info in ${files}.`);
  return `${lines.join('\n')}\n`;
}
