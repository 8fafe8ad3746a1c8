// Joins an instruction's physical lines into the one logical line the builder parses, following
// moby's parser: the escape character before the end of a line continues it (trailing blanks
// after it allowed), comment lines and empty lines inside a continuation are skipped, and the
// leading blanks of continuation lines are kept. Every character keeps its document offset so
// that what the model finds (variable references, values) maps back to a range.
import type { DocumentText } from './documentText';

export interface LogicalLine {
  /** The joined text, not yet trimmed. */
  text: string;
  /** Document offset of each character of `text`. */
  offsets: Int32Array;
  firstLine: number;
  lastLine: number;
  /** An empty line was skipped inside the continuation (the builder warns about it). */
  hadEmptyContinuationLine: boolean;
}

const LEADING_SPACE = /^\s+/u;

export function joinLogicalLine(doc: DocumentText, startLine: number, escape: string): LogicalLine {
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  const pieces: Array<{ text: string; offset: number }> = [];
  let hadEmptyContinuationLine = false;

  const first = doc.line(startLine);
  const stripped = first.replace(LEADING_SPACE, '');
  let offset = doc.lineStarts[startLine] + (first.length - stripped.length);
  let match = continuation.exec(stripped);
  pieces.push({ text: match ? stripped.slice(0, match.index) : stripped, offset });
  let line = startLine;
  while (match && line + 1 < doc.lineCount) {
    line++;
    const raw = doc.line(line);
    const trimmed = raw.replace(LEADING_SPACE, '');
    if (trimmed.startsWith('#')) continue;
    if (trimmed.length === 0) { hadEmptyContinuationLine = true; continue; }
    offset = doc.lineStarts[line];
    match = continuation.exec(raw);
    pieces.push({ text: match ? raw.slice(0, match.index) : raw, offset });
  }

  let length = 0;
  for (const piece of pieces) length += piece.text.length;
  const offsets = new Int32Array(length + 1);
  let text = '';
  let at = 0;
  for (const piece of pieces) {
    for (let i = 0; i < piece.text.length; i++) offsets[at++] = piece.offset + i;
    text += piece.text;
  }
  // One past the end maps to just after the last character, so ranges can end there.
  offsets[length] = length > 0 ? offsets[length - 1] + 1 : doc.lineStarts[startLine];
  return { text, offsets, firstLine: startLine, lastLine: line, hadEmptyContinuationLine };
}
