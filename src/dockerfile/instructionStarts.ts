// Where each instruction starts, found the way the builder's parser walks the file: blank and
// comment lines skipped, continuation lines joined, and (for BuildKit) heredoc bodies consumed after
// the line that opens them. Used when the file may hold heredocs: dockerfile-ast skips heredoc
// bodies, which is right for current BuildKit but not for a parser without heredocs, where every
// body line is read as an instruction of its own.
import type { DocumentText } from './documentText';
import { heredocMarkers, mayHaveHeredocs } from './heredoc';
import { joinLogicalLine } from './logicalLine';

const BLANK_OR_COMMENT = /^\s*(#.*)?$/u;

export function instructionStartLines(doc: DocumentText, escape: string, heredocs: boolean): number[] {
  const starts: number[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    const text = doc.line(line);
    if (BLANK_OR_COMMENT.test(text)) continue;
    starts.push(line);
    const logical = joinLogicalLine(doc, line, escape);
    line = logical.lastLine;
    if (!heredocs || !mayHaveHeredocs(logical.text)) continue;
    // The bodies follow in order; a body that never ends runs to the end of the file.
    for (const marker of heredocMarkers(logical.text)) {
      for (line++; line < doc.lineCount; line++) {
        const candidate = marker.chomp ? doc.line(line).replace(/^\t+/, '') : doc.line(line);
        if (candidate === marker.name) break;
      }
    }
  }
  return starts;
}
