// UpdateWithoutInstall: `apt-get update` (or `apk update`) in a RUN that installs nothing. The
// package lists are saved in that layer and its cache entry never changes, so a later
// `apt-get install` in another RUN keeps installing from lists as old as the first build.
import { defineRule, RuleFinding } from './rule';
import { operands, simpleCommands } from './shellCommands';

interface PackageManager { tool: RegExp; update: string; installs: ReadonlySet<string>; advice: string }

const MANAGERS: PackageManager[] = [
  { tool: /^(?:apt-get|apt|aptitude)$/, update: 'update', installs: new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall']), advice: 'apt-get update && apt-get install -y ...' },
  { tool: /^apk$/, update: 'update', installs: new Set(['add', 'upgrade', 'fix']), advice: 'apk add --no-cache ... (which needs no update)' },
];

export const updateWithoutInstall = defineRule({
  name: 'UpdateWithoutInstall',
  description: 'A package index update should run in the same RUN as the install that needs it',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { instruction } of context.stageInstructions()) {
    if (instruction.keyword !== 'RUN') continue;
    const text = context.textOf(instruction);
    const commandText = text.argumentsText;
    if (commandText.startsWith('[')) continue;
    const commands = simpleCommands(commandText);
    for (const manager of MANAGERS) {
      const ofTool = commands.filter((c) => manager.tool.test(c.words[0].replace(/^.*\//, '')));
      const update = ofTool.find((c) => operands(c)[1] === manager.update);
      if (!update) continue;
      if (ofTool.some((c) => manager.installs.has(operands(c)[1] ?? ''))) continue;
      const at = text.argumentsStart;
      const tool = update.words[0].replace(/^.*\//, '');
      findings.push({
        range: text.rangeOf(at + update.start, at + update.end),
        message: `'${tool} ${manager.update}' runs in a RUN that installs nothing: its layer is cached, so a later install reads package lists as old as that cache. Update and install in one RUN: ${manager.advice}`,
      });
    }
  }
  return findings;
});
