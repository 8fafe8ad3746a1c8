// JSONArgsRecommended (BuildKit): CMD/ENTRYPOINT in shell form run under `/bin/sh -c`, which does
// not pass signals on: `docker stop` waits its timeout and then kills the program. As in BuildKit,
// not reported when the image has a SHELL (set in the stage, an earlier stage it is built FROM, or
// the base image): then the shell is deliberate.
// Fix, where the exec form runs exactly the same program with the same words: a command of plain
// words (nothing the shell would expand, quote, redirect or glob), not a shell builtin, and no
// CMD/ENTRYPOINT beside it whose meaning would change (an exec-form ENTRYPOINT takes the CMD as
// arguments; a CMD is the arguments of an ENTRYPOINT).
import type { StageModel } from '..';
import type { LintContext } from './context';
import { defineRule, RuleFinding } from './rule';
import type { Fix } from './types';

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;
const SHELL_WORDS = new Set([
  '.', ':', 'alias', 'bg', 'break', 'case', 'cd', 'command', 'continue', 'do', 'done', 'elif', 'else', 'esac', 'eval', 'exec',
  'exit', 'export', 'fg', 'fi', 'for', 'function', 'getopts', 'hash', 'if', 'jobs', 'local', 'read', 'readonly', 'return',
  'set', 'shift', 'source', 'then', 'times', 'trap', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'until', 'wait', 'while',
]);

export const jsonArgsRecommended = defineRule({
  name: 'JSONArgsRecommended',
  description: 'JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    let shellSet = inheritsShell(context, stage);
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger) continue;
      if (instruction.keyword === 'SHELL') shellSet = true;
      if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const args = context.textOf(instruction).argumentsText.trim();
      if (args === '' || args.startsWith('[') || shellSet) continue;
      const fix = execFormFix(context, stage, instruction);
      findings.push({ range: instruction.range, message: `JSON arguments recommended for ${instruction.keyword} to prevent unintended behavior related to OS signals`, ...(fix ? { fix } : {}) });
    }
  }
  return findings;
});

/** Whether the image the stage starts from already has a SHELL. */
function inheritsShell(context: LintContext, stage: StageModel): boolean {
  if (stage.baseStage !== undefined) return (context.model.stages[stage.baseStage].config.Shell ?? []).length > 0;
  if (stage.baseImage?.known) return (context.options.baseImages?.(stage.baseImage.reference)?.Shell ?? []).length > 0;
  return false;
}

function execFormFix(context: LintContext, stage: StageModel, instruction: StageModel['instructions'][number]): Fix | undefined {
  if (instruction.range.start.line !== instruction.range.end.line) return undefined;
  const text = context.textOf(instruction);
  const words = text.argumentsText.trim().split(/[ \t]+/);
  if (!words.every((w) => PLAIN_WORD.test(w)) || SHELL_WORDS.has(words[0]) || words[0].includes('=')) return undefined;
  const others = stage.instructions.filter((i) => i !== instruction && !i.onbuildTrigger && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  if (instruction.keyword === 'ENTRYPOINT' && others.some((i) => i.keyword === 'CMD')) return undefined;
  if (instruction.keyword === 'CMD' && (others.some((i) => i.keyword === 'ENTRYPOINT') || stage.config.Entrypoint !== null)) return undefined;
  const start = text.argumentsStart;
  return {
    title: `Use the exec form: ${instruction.keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`,
    edits: [{ range: text.rangeOf(start, text.text.trimEnd().length), newText: JSON.stringify(words).replace(/","/g, '", "') }],
  };
}
