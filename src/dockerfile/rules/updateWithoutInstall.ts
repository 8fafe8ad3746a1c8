// UpdateWithoutInstall: `apt-get update` (or `apk update`) in a RUN that installs nothing. The
// package lists are saved in that layer and its cache entry never changes, so a later
// `apt-get install` in another RUN keeps installing from lists as old as the first build.
// Fix, when the RUN is only the update and the next instruction is the RUN that installs: one
// RUN, `apt-get update && <the install>` (the update's own RUN goes away).
import type { InstructionModel } from '..';
import type { LintContext } from './context';
import { defineRule, RuleFinding } from './rule';
import { operands, SimpleCommand, simpleCommands } from './shellCommands';
import { shellScriptsOf } from './shellScripts';
import type { Fix } from './types';

interface PackageManager { tool: RegExp; update: string; installs: ReadonlySet<string>; advice: string }

const MANAGERS: PackageManager[] = [
  { tool: /^(?:apt-get|apt|aptitude)$/, update: 'update', installs: new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall', 'safe-upgrade']), advice: 'apt-get update && apt-get install -y ...' },
  { tool: /^apk$/, update: 'update', installs: new Set(['add', 'upgrade', 'fix']), advice: 'apk add --no-cache ... (which needs no update)' },
];

const toolOf = (c: SimpleCommand) => c.words[0].replace(/^.*\//, '');

export const updateWithoutInstall = defineRule({
  name: 'UpdateWithoutInstall',
  description: 'A package index update should run in the same RUN as the install that needs it',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { stage, instruction, index } of context.stageInstructions()) {
    if (instruction.keyword !== 'RUN') continue;
    // The RUN's line and the heredoc bodies its shell runs: an install in any of them counts.
    const scripts = shellScriptsOf(context, instruction).map((script) => ({ script, commands: simpleCommands(script.text) }));
    const all = scripts.flatMap((s) => s.commands);
    for (const manager of MANAGERS) {
      if (all.some((c) => manager.tool.test(toolOf(c)) && manager.installs.has(operands(c)[1] ?? ''))) continue;
      for (const { script, commands } of scripts) {
        const update = commands.find((c) => manager.tool.test(toolOf(c)) && operands(c)[1] === manager.update);
        if (!update) continue;
        const tool = toolOf(update);
        const next = stage.instructions.slice(index + 1).find((i) => !i.onbuildTrigger);
        // Merged only when the RUN is the update and nothing else (no heredoc either).
        const fix = scripts.length === 1 && all.length === 1 ? mergeFix(context, instruction, next, manager, script.text.slice(update.start, update.end)) : undefined;
        findings.push({
          range: script.rangeOf(update.start, update.end),
          message: `'${tool} ${manager.update}' runs in a RUN that installs nothing: its layer is cached, so a later install reads package lists as old as that cache. Update and install in one RUN: ${manager.advice}`,
          ...(fix ? { fix } : {}),
        });
      }
    }
  }
  return findings;
});

/** The update moved into the next RUN, when that RUN installs with the same tool. */
function mergeFix(context: LintContext, run: InstructionModel, next: InstructionModel | undefined, manager: PackageManager, update: string): Fix | undefined {
  if (!next || next.keyword !== 'RUN') return undefined;
  const runText = context.textOf(run);
  // The update RUN must be nothing else: no --mount/--network flags that the install would lose.
  if (/\s--/.test(runText.text.slice(0, runText.argumentsStart))) return undefined;
  const nextText = context.textOf(next);
  const nextCommand = nextText.argumentsText;
  if (nextCommand.startsWith('[') || nextCommand.startsWith('<<')) return undefined;
  const install = simpleCommands(nextCommand).find((c) => manager.tool.test(toolOf(c)) && manager.installs.has(operands(c)[1] ?? ''));
  if (!install) return undefined;
  const at = nextText.positionAt(nextText.argumentsStart);
  const deleteEnd = run.range.end.line + 1 < context.lines.length ? { line: run.range.end.line + 1, character: 0 } : run.range.end;
  return {
    title: `Run '${update}' in the RUN that installs (line ${next.range.start.line + 1})`,
    edits: [
      { range: { start: { line: run.range.start.line, character: 0 }, end: deleteEnd }, newText: '' },
      { range: { start: at, end: at }, newText: `${update} && ` },
    ],
  };
}
