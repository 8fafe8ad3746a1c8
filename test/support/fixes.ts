import type { Finding, TextEdit } from '../../src/dockerfile/rules';

/** Applies text edits (non-overlapping) to the text, from the last to the first. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end));
  return result;
}

/** Applies a finding's fix to the text (edits applied from the last to the first). */
export function applyFix(text: string, f: Finding): string {
  if (!f.fix) throw new Error(`${f.rule} has no fix`);
  return applyEdits(text, f.fix.edits);
}
