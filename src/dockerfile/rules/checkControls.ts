// Which of BuildKit's lint controls are in force, as BuildKit reads them:
// - the BUILDKIT_DOCKERFILE_CHECK build arg, which replaces the file's directive when given;
// - else the `# check=...` parser directive at the top (parser.ParseDirective: after a `#!` line,
//   a block of `#key=value` lines that ends at the first other line; only the first word of the
//   value counts);
// - a `# check=...` comment among the comments right above an instruction (parser.Parse's
//   PrevComment: since the previous instruction, a bare `#` clears them, the top directives are
//   not among them), which adds skips and experimental rules for that instruction only
//   (Linter.WithMergedConfigFromComments: the first such comment, never `error`).
import type { Range } from '..';
import { CheckConfig, mergeCheckConfig, NO_CHECK_CONFIG, parseCheckOptions } from './checkOptions';
import type { LintContext } from './context';

/** A `check` directive or comment as written: its line and where its (first-word) value is. */
export interface CheckLine { line: number; value: string; valueStart: number; valueEnd: number }

export interface InstructionSpan { start: number; end: number; comments: Array<{ line: number; text: string }> }

export interface CheckControls {
  /** The config for the whole file: the build arg's, else the directive's. */
  readonly file: CheckConfig;
  readonly source: 'build-arg' | 'directive' | 'none';
  /** The top `# check=` directive. */
  readonly directive?: CheckLine;
  /** Where a new top directive goes: the line after the shebang and the directive block. */
  readonly directiveInsertLine: number;
  /** A control BuildKit cannot parse: the build fails with this message. */
  readonly problem?: { message: string; range: Range };
  /** The instruction a line belongs to, with the comments above it. */
  instructionAt(line: number): InstructionSpan | undefined;
  /** The first `check` comment above the instruction, if any. */
  checkCommentOf(instruction: InstructionSpan): CheckLine | undefined;
  /** The config in force at the instruction containing `line` (its comments merged over the file's). */
  configAt(line: number): CheckConfig;
}

/** Go's `\s` in RE2: ASCII blanks only. */
const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** DirectiveParser.ParseLine on `rest` (the line after its comment prefix). */
function directiveOf(rest: string): { name: string; value: string; valueAt: number } | undefined {
  const trimmed = rest.replace(/^\s+/u, '');
  const match = DIRECTIVE.exec(trimmed);
  if (!match || !VALID_DIRECTIVES.has(match[1].toLowerCase())) return undefined;
  const afterEquals = trimmed.indexOf('=', match[1].length) + 1;
  const valueAt = rest.length - trimmed.length + afterEquals + (/^[\t\n\f\r ]*/.exec(trimmed.slice(afterEquals))![0].length);
  return { name: match[1].toLowerCase(), value: match[2], valueAt };
}

/** A check line's value as BuildKit uses it: up to the first space. */
function firstWord(line: number, value: string, valueStart: number): CheckLine {
  const space = value.indexOf(' ');
  const word = space < 0 ? value : value.slice(0, space);
  return { line, value: word, valueStart, valueEnd: valueStart + word.length };
}

/** The top directive block as parser.ParseDirective reads it (no blank stripping, a `#!` line skipped). */
function topDirectives(lines: string[]): { check?: CheckLine; end: number } {
  let index = lines[0]?.startsWith('#!') ? 1 : 0;
  let check: CheckLine | undefined;
  const seen = new Set<string>();
  for (; index < lines.length; index++) {
    const line = index === 0 ? lines[0].replace(/^\uFEFF/, '') : lines[index];
    if (!line.startsWith('#')) break;
    const directive = directiveOf(line.slice(1));
    if (!directive) break;
    if (seen.has(directive.name)) break; // "only one check parser directive can be used"
    seen.add(directive.name);
    if (directive.name === 'check') check = firstWord(index, directive.value, 1 + directive.valueAt);
  }
  return { check, end: index };
}

/** The lines parser.Parse takes for directives (blanks before `#` allowed, no shebang skipping). */
function parserDirectiveLines(lines: string[]): Set<number> {
  const found = new Set<number>();
  const seen = new Set<string>();
  for (let index = 0; index < lines.length; index++) {
    const line = (index === 0 ? lines[0].replace(/^\uFEFF/, '') : lines[index]).replace(/^\s+/u, '');
    if (!line.startsWith('#')) break;
    const directive = directiveOf(line.slice(1));
    if (!directive || seen.has(directive.name)) break;
    seen.add(directive.name);
    found.add(index);
  }
  return found;
}

function spans(context: LintContext): InstructionSpan[] {
  const directiveLines = parserDirectiveLines(context.lines);
  const result: InstructionSpan[] = [];
  let comments: InstructionSpan['comments'] = [];
  let line = 0;
  for (const instruction of context.parsed.getInstructions()) {
    const { start, end } = instruction.getRange();
    for (; line < start.line; line++) {
      const raw = context.lines[line] ?? '';
      if (!/^\s*#/u.test(raw)) continue;
      // parser.Parse: the text after the line's first character, trimmed (so an indented `# x` keeps its `#`).
      const text = raw.slice(1).trim();
      if (text === '') comments = [];
      else if (!directiveLines.has(line)) comments.push({ line, text });
    }
    result.push({ start: start.line, end: end.line, comments });
    comments = [];
    line = end.line + 1;
  }
  return result;
}

export function checkControls(context: LintContext): CheckControls {
  const top = topDirectives(context.lines);
  const fromArg = context.options.buildArgs?.BUILDKIT_DOCKERFILE_CHECK;
  let file = NO_CHECK_CONFIG;
  let problem: CheckControls['problem'];
  let source: CheckControls['source'] = 'none';
  if (fromArg !== undefined) {
    source = 'build-arg';
    const parsed = parseCheckOptions(fromArg);
    if ('error' in parsed) problem = { message: `failed to parse BUILDKIT_DOCKERFILE_CHECK: ${parsed.error}`, range: lineRange(context, 0) };
    else file = parsed.config;
  } else if (top.check) {
    source = 'directive';
    const parsed = parseCheckOptions(top.check.value);
    if ('error' in parsed) problem = { message: `failed to parse check options: ${parsed.error}`, range: lineRange(context, top.check.line) };
    else file = parsed.config;
  }
  const instructions = spans(context);
  const instructionAt = (line: number) => instructions.find((i) => i.start <= line && line <= i.end);
  const checkCommentOf = (instruction: InstructionSpan): CheckLine | undefined => {
    for (const comment of instruction.comments) {
      const directive = directiveOf(comment.text);
      if (directive?.name !== 'check') continue;
      // Where the comment's value sits on its line (the text is the line's rest, trimmed).
      const raw = context.lines[comment.line];
      const textAt = 1 + raw.slice(1).indexOf(comment.text);
      return firstWord(comment.line, directive.value, textAt + directive.valueAt);
    }
    return undefined;
  };
  const configAt = (line: number): CheckConfig => {
    const instruction = instructionAt(line);
    const comment = instruction && checkCommentOf(instruction);
    if (!comment) return file;
    const parsed = parseCheckOptions(comment.value);
    return 'error' in parsed ? file : mergeCheckConfig(file, parsed.config);
  };
  return { file, source, ...(top.check ? { directive: top.check } : {}), directiveInsertLine: top.end, ...(problem ? { problem } : {}), instructionAt, checkCommentOf, configAt };
}

function lineRange(context: LintContext, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: (context.lines[line] ?? '').length } };
}
