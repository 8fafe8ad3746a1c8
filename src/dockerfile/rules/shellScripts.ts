// The shell text a RUN hands to its shell, for rules that read its commands: the shell form's
// arguments, and the heredoc bodies the shell itself runs. BuildKit (dockerfile2llb dispatchRun)
// runs `RUN <<EOF` (the heredoc alone on the line, no `#!` of another interpreter) as a script of
// the stage's shell; any other heredoc goes, with its line, to the shell, so a body is a script
// where it is the input of a shell (`RUN bash -e <<EOF`) and data elsewhere (`RUN cat <<EOF >f`).
// The classic builder has no heredocs: the model gives it none, and only the line is read.
import type { InstructionModel, Range } from '..';
import type { Heredoc } from '../heredoc';
import { parseHeredocWord } from '../heredoc';
import type { LintContext } from './context';
import { simpleCommands } from './shellCommands';

export interface ShellScript {
  /** Shell text, as the shell reads it. */
  readonly text: string;
  /** The document range of `text.slice(start, end)`. */
  rangeOf(start: number, end: number): Range;
  /** True for a heredoc body: its lines are not the instruction's, so a fix that rewrites the line does not cover it. */
  readonly heredoc: boolean;
}

/** Interpreters whose stdin (or a heredoc alone on the line) is shell text. */
const SHELLS = /^(?:sh|bash|ash|dash|zsh|ksh|mksh)$/;

/** The shell scripts of a RUN (none for the exec form or other instructions). */
export function shellScriptsOf(context: LintContext, instruction: InstructionModel): ShellScript[] {
  if (instruction.keyword !== 'RUN') return [];
  const text = context.textOf(instruction);
  const line = text.argumentsText;
  if (line.startsWith('[')) return [];
  const at = text.argumentsStart;
  const scripts: ShellScript[] = [{ text: line, rangeOf: (s, e) => text.rangeOf(at + s, at + e), heredoc: false }];
  const heredocs = instruction.heredocs ?? [];
  if (heredocs.length === 0) return scripts;
  for (const heredoc of scriptBodies(line, heredocs)) {
    scripts.push({ text: heredoc.content, rangeOf: (s, e) => context.rangeOfOffsets(heredoc.contentStart + s, heredoc.contentStart + e), heredoc: true });
  }
  return scripts;
}

function scriptBodies(line: string, heredocs: readonly Heredoc[]): Heredoc[] {
  const byName = (word: string) => {
    const marker = parseHeredocWord(word);
    return marker ? heredocs.find((h) => h.name === marker.name) : undefined;
  };
  const commands = simpleCommands(line);
  // The heredoc alone: BuildKit runs its body with the shell, unless a `#!` names another program.
  if (commands.length === 1 && commands[0].words.length === 1 && heredocs.length === 1 && byName(commands[0].words[0])) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(heredocs[0].content);
    const program = shebang ? (shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1]).replace(/^.*\//, '') : 'sh';
    return SHELLS.test(program) ? [heredocs[0]] : [];
  }
  const bodies: Heredoc[] = [];
  for (const command of commands) {
    const fed = command.words.map(byName).filter((h): h is Heredoc => h !== undefined);
    if (fed.length === 0) continue;
    const rest = command.words.filter((w) => !parseHeredocWord(w));
    // `bash`, `sh -eux`: a shell reading its stdin; `sh -c '...'` runs its argument instead.
    const program = (rest[0] ?? '').replace(/^.*\//, '');
    if (SHELLS.test(program) && rest.slice(1).every((w) => /^-[a-z]+$/i.test(w) && !w.includes('c'))) {
      bodies.push(...fed.filter((h) => h.fileDescriptor === 0));
    }
  }
  return bodies;
}
