// UnusedArg (info): an ARG nothing uses. A global ARG (before the first FROM) is used by a FROM
// that expands it or a stage that redeclares it; a stage ARG by a later instruction of the stage
// that expands it, a command that mentions it, or any RUN after it (a RUN's programs may read it
// from the environment, e.g. DEBIAN_FRONTEND).
import type { InstructionModel } from '..';
import { keyValueWords } from './argumentWords';
import type { LintContext } from './context';
import { defineRule, RuleFinding } from './rule';
import { shellReferences } from './shellVariables';

const COMMANDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'ONBUILD']);

export const unusedArg = defineRule({
  name: 'UnusedArg',
  description: 'An ARG that nothing uses',
  defaultSeverity: 'info',
}, (context) => {
  const findings: RuleFinding[] = [];
  const model = context.model;
  // Global ARGs.
  const usedGlobally = new Set<string>();
  for (const stage of model.stages) {
    for (const ref of stage.instructions[0]?.references ?? []) usedGlobally.add(ref.name);
    for (const i of stage.instructions) if (i.keyword === 'ARG') for (const n of i.declares ?? []) usedGlobally.add(n);
  }
  model.globalArgs.forEach((_arg, index) => {
    for (const later of model.globalArgs.slice(index + 1)) for (const ref of later.references) usedGlobally.add(ref.name);
  });
  for (const arg of model.globalArgs) {
    for (const name of unused(arg, (n) => usedGlobally.has(n))) {
      findings.push(report(context, arg, name, `Global ARG ${name} is declared but no FROM uses it and no stage redeclares it`));
    }
  }
  // Stage ARGs.
  for (const stage of model.stages) {
    const instructions = stage.instructions.filter((i) => !i.onbuildTrigger);
    instructions.forEach((arg, index) => {
      if (arg.keyword !== 'ARG') return;
      const after = instructions.slice(index + 1);
      if (after.some((i) => i.keyword === 'RUN')) return;
      const mentioned = new Set<string>();
      for (const i of after) {
        for (const ref of i.references) mentioned.add(ref.name);
        if (COMMANDS.has(i.keyword)) for (const ref of shellReferences(context.textOf(i).argumentsText)) mentioned.add(ref.name);
      }
      for (const name of unused(arg, (n) => mentioned.has(n))) {
        findings.push(report(context, arg, name, `ARG ${name} is declared but nothing after it uses it (no instruction expands it and no RUN follows)`));
      }
    });
  }
  return findings;
});

function unused(arg: InstructionModel, used: (name: string) => boolean): string[] {
  return (arg.declares ?? []).filter((name) => name !== '' && !used(name));
}

function report(context: LintContext, arg: InstructionModel, name: string, message: string): RuleFinding {
  const text = context.textOf(arg);
  const pair = keyValueWords(text, context.escape, true).pairs.find((p) => p.key === name);
  const range = pair ? text.rangeOf(pair.keyStart, pair.keyEnd) : arg.range;
  const only = (arg.declares ?? []).length === 1;
  const end = arg.range.end.line + 1 < context.lines.length ? { line: arg.range.end.line + 1, character: 0 } : arg.range.end;
  const fix = only ? { title: `Remove ARG ${name}`, edits: [{ range: { start: { line: arg.range.start.line, character: 0 }, end }, newText: '' }] } : undefined;
  return { range, message, tags: ['unnecessary'], ...(fix ? { fix } : {}) };
}
