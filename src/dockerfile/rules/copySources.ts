// The sources and destination of a COPY/ADD as written (JSON or whitespace form), and whether they
// come from the build context at all (not `--from`, not a URL, not a heredoc).
import type { InstructionModel } from '..';
import type { LintContext } from './context';

export interface CopyArguments { sources: string[]; destination: string; fromContext: boolean }

export function copyArguments(context: LintContext, instruction: InstructionModel): CopyArguments | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  const text = context.textOf(instruction);
  const flags = text.text.slice(0, text.argumentsStart);
  const rest = text.argumentsText.trim();
  let words: string[];
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      words = Array.isArray(parsed) ? parsed.map(String) : [];
    } catch { words = rest.split(/\s+/); }
  } else {
    words = rest.split(/\s+/).filter((w) => w !== '');
  }
  if (words.length < 2) return undefined;
  const sources = words.slice(0, -1);
  const fromContext = !/--from[=\s]/i.test(flags) && !sources.some((s) => s.startsWith('<<') || /^(?:https?|git):\/\//.test(s) || s.startsWith('git@'));
  return { sources, destination: words[words.length - 1], fromContext };
}
