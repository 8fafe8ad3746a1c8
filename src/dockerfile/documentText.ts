// The raw text of a Dockerfile split into lines once, with offset <-> position conversion.
import type { Position, Range } from './types';

export class DocumentText {
  /** Offset where each line starts. */
  readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number { return this.lineStarts.length; }

  /** Line `n` without its line break (a trailing `\r` is dropped as Go's line scanner does). */
  line(n: number): string {
    const start = this.lineStarts[n];
    let end = n + 1 < this.lineStarts.length ? this.lineStarts[n + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid; else high = mid - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
