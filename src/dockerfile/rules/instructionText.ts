// An instruction's text as one logical line, with every character mapped back to its document
// position, so that what a rule finds inside a command (a `$NAME`, `apt-get update`) gets a precise
// range. Continuations (the escape character at the end of a line) are joined and comment lines
// inside them skipped, as the builder's parser does.
import type { Position, Range } from '..';

export class InstructionText {
  /** The joined text, starting at the instruction's keyword. */
  readonly text: string;
  private readonly positions: Position[];

  constructor(lines: readonly string[], range: Range, escape: string) {
    let text = '';
    const positions: Position[] = [];
    const continuation = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
    for (let line = range.start.line; line <= range.end.line && line < lines.length; line++) {
      const raw = lines[line];
      const from = line === range.start.line ? range.start.character : 0;
      if (line !== range.start.line && /^\s*#/.test(raw)) continue;
      const match = continuation.exec(raw);
      const until = line === range.end.line && !match ? Math.min(range.end.character, raw.length) : match ? match.index : raw.length;
      for (let c = from; c < until; c++) { text += raw[c]; positions.push({ line, character: c }); }
      if (!match) break;
    }
    // One past the end: just after the last character.
    const last = positions[positions.length - 1];
    positions.push(last ? { line: last.line, character: last.character + 1 } : { ...range.start });
    this.text = text;
    this.positions = positions;
  }

  positionAt(offset: number): Position {
    return this.positions[Math.max(0, Math.min(offset, this.positions.length - 1))];
  }

  /** The document range of `text.slice(start, end)`; an end after a line break stays on its line. */
  rangeOf(start: number, end: number): Range {
    const s = this.positionAt(start);
    const e = end > start ? this.positionAt(end - 1) : s;
    return { start: s, end: end > start ? { line: e.line, character: e.character + 1 } : s };
  }

  /** Where the arguments start: after the keyword and its `--flags`. */
  get argumentsStart(): number {
    const match = /^\s*\S+\s*(?:--\S+\s*)*/.exec(this.text);
    return match ? match[0].length : this.text.length;
  }

  /** The arguments (after the keyword and flags), untrimmed at the end. */
  get argumentsText(): string { return this.text.slice(this.argumentsStart); }
}
