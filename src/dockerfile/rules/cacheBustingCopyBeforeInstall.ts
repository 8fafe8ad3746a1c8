// CacheBustingCopyBeforeInstall: a COPY/ADD of more than the dependency manifests (`COPY . .`)
// before the RUN that installs dependencies in the same stage. The COPY's cache key is the content
// of everything it copies, so editing any source file re-runs the (slow) install. Copying the
// manifests first, installing, then copying the rest keeps the install cached.
import type { InstructionModel } from '..';
import type { LintContext } from './context';
import { copyArguments } from './copySources';
import { dependencyInstall, DependencyInstall, isManifestSource } from './dependencyInstalls';
import { insertLineBefore } from './edits';
import { defineRule, RuleFinding } from './rule';
import { simpleCommands } from './shellCommands';
import { shellScriptsOf } from './shellScripts';
import type { Fix } from './types';

export const cacheBustingCopyBeforeInstall = defineRule({
  name: 'CacheBustingCopyBeforeInstall',
  description: 'Copy only dependency manifests before installing dependencies, so source edits keep the install cached',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const stage of context.model.stages) {
    let pending: Array<{ instruction: InstructionModel; sources: string[]; destination: string }> = [];
    const instructions = stage.instructions.filter((i) => !i.onbuildTrigger);
    for (let index = 0; index < instructions.length; index++) {
      const instruction = instructions[index];
      const copy = copyArguments(context, instruction);
      if (copy) {
        const broad = copy.sources.filter((s) => !isManifestSource(s));
        if (copy.fromContext && broad.length > 0) pending.push({ instruction, sources: broad, destination: copy.destination });
        continue;
      }
      if (instruction.keyword !== 'RUN' || pending.length === 0) continue;
      const install = installIn(context, instruction);
      if (!install) continue;
      for (const copied of pending) {
        const adjacent = instructions[instructions.indexOf(copied.instruction) + 1] === instruction;
        const fix = adjacent ? manifestsFirstFix(context, copied.instruction, instruction, copied.destination, install) : undefined;
        findings.push({
          range: copied.instruction.range,
          message: `'${shortText(copied.instruction.text)}' copies more than the dependency manifests before '${install.command}' (line ${instruction.range.start.line + 1}): any change to those files re-runs the install. Copy ${install.manifests.join(' and ')} first, install, then copy the rest`,
          ...(fix ? { fix } : {}),
        });
      }
      pending = [];
    }
  }
  return findings;
});

function installIn(context: LintContext, instruction: InstructionModel): DependencyInstall | undefined {
  for (const script of shellScriptsOf(context, instruction)) {
    for (const simple of simpleCommands(script.text)) {
      const install = dependencyInstall(simple);
      if (install) return install;
    }
  }
  return undefined;
}

/**
 * Copy the manifests, install, then copy the rest: only offered when the RUN directly follows the
 * COPY (so moving it up skips nothing it might need) and the manifests to copy are certain to
 * exist (the build context says so, or a glob like `package*.json` tolerates a missing lockfile).
 */
function manifestsFirstFix(context: LintContext, copy: InstructionModel, run: InstructionModel, destination: string, install: DependencyInstall): Fix | undefined {
  if (!/\/$|^\.$/.test(destination)) return undefined;
  const files = context.options.context?.files;
  const manifests = files ? install.manifests.filter((m) => files.includes(m)) : install.safeCopy;
  if (!manifests || manifests.length === 0) return undefined;
  // The RUN moves whole: its heredoc bodies, which follow its line, go with it.
  const lastLine = Math.max(run.range.end.line, ...(run.heredocs ?? []).map((h) => h.terminatorLine));
  const runLines = context.lines.slice(run.range.start.line, lastLine + 1).join('\n');
  const deleteEnd = lastLine + 1 < context.lines.length
    ? { line: lastLine + 1, character: 0 }
    : { line: lastLine, character: context.lines[lastLine].length };
  const deleteStart = deleteEnd.character === 0 || run.range.start.line === 0
    ? { line: run.range.start.line, character: 0 }
    : { line: run.range.start.line - 1, character: context.lines[run.range.start.line - 1].length };
  // More than one source (or a glob, which may match several files) needs a destination that
  // ends in `/`: the builder rejects `COPY a b .` ("the destination must be a directory and end
  // with a /"). `./` and `/app/` mean the same directory as `.` and `/app`.
  const several = manifests.length > 1 || manifests.some((m) => /[*?[]/.test(m));
  const target = several && !destination.endsWith('/') ? `${destination}/` : destination;
  return {
    title: `Copy ${manifests.join(' ')} and run '${install.command}' before copying the rest`,
    edits: [
      insertLineBefore(copy.range, `COPY ${manifests.join(' ')} ${target}\n${runLines}`),
      { range: { start: deleteStart, end: deleteEnd }, newText: '' },
    ],
  };
}

function shortText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= 60 ? oneLine : `${oneLine.slice(0, 57)}...`;
}
