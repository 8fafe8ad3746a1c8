// Parser directives at the top of a Dockerfile (dockerfile2llb/directives.go ParseDirectives): the
// `# syntax=` one makes BuildKit build with a frontend image instead of its built-in one. The
// model cannot run that image, so it answers as the built-in frontend and says so.
import type { Range } from './types';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

export interface SyntaxDirective {
  /** The frontend image (`docker/dockerfile:1`), the value's first word. */
  image: string;
  range: Range;
}

/** The `# syntax=` directive, if the file starts with one among its leading directive lines. */
export function syntaxDirective(lines: readonly string[]): SyntaxDirective | undefined {
  let found: SyntaxDirective | undefined;
  for (let i = 0; i < lines.length; i++) {
    const match = DIRECTIVE.exec(lines[i].replace(/^\uFEFF/, ''));
    if (!match) break;
    if (match[1].toLowerCase() === 'syntax') {
      found = { image: match[2].split(' ')[0], range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i].length } } };
    }
  }
  return found;
}

export function syntaxNote(directive: SyntaxDirective): string {
  return `# syntax=${directive.image} (line ${directive.range.start.line + 1}): BuildKit builds this Dockerfile with that frontend image, which layerwise cannot run; these answers follow BuildKit's built-in frontend`;
}
