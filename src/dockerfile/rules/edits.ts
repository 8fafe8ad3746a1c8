// Text edits the quick fixes share.
import type { LintContext } from './context';
import type { Range } from '..';
import type { TextEdit } from './types';

/** Inserts `line` as a new line after the instruction ending at `after` (its last line). */
export function insertLineAfter(context: LintContext, after: Range, line: string): TextEdit {
  const next = after.end.line + 1;
  if (next < context.lines.length) return { range: point(next, 0), newText: `${line}\n` };
  // The instruction is the file's last line and has no line break after it.
  const end = point(after.end.line, context.lines[after.end.line].length);
  return { range: end, newText: `\n${line}` };
}

/** Inserts `line` as a new line before the instruction starting at `before`. */
export function insertLineBefore(before: Range, line: string): TextEdit {
  return { range: point(before.start.line, 0), newText: `${line}\n` };
}

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}
