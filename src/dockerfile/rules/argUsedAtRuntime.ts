// ArgUsedAtRuntime: CMD, ENTRYPOINT or HEALTHCHECK uses `$NAME` where NAME is only an ARG. ARGs
// exist while the image builds; the container's command runs later with the image's Env, where
// the ARG is not set, so it reads an empty value (a shell) or the literal `$NAME` (exec form).
import type { InstructionModel, Range, ScopeVariable, StageModel } from '..';
import { insertLineAfter } from './edits';
import { defineRule, RuleFinding } from './rule';
import { argsDeclaredBefore, envName } from './scopeFacts';
import { shellAssignedNames, shellReferences } from './shellVariables';

const RUNTIME_INSTRUCTIONS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);
const ARG_SOURCES: ReadonlySet<ScopeVariable['source']> = new Set(['arg', 'build-arg', 'global-arg', 'predefined-arg']);

export const argUsedAtRuntime = defineRule({
  name: 'ArgUsedAtRuntime',
  description: 'CMD, ENTRYPOINT and HEALTHCHECK run in the container, where build ARGs are not set',
  defaultSeverity: 'warning',
}, (context) => {
  const findings: RuleFinding[] = [];
  for (const { stage, instruction } of context.stageInstructions()) {
    if (!RUNTIME_INSTRUCTIONS.has(instruction.keyword)) continue;
    const declaredArgs = argsDeclaredBefore(stage).get(instruction) ?? new Set<string>();
    // The command runs with the stage's final Env: an ENV anywhere in the stage sets the name.
    const runtimeEnv = new Set(stage.config.Env.map(envName));
    const text = context.textOf(instruction);
    const command = text.argumentsText;
    if (instruction.keyword === 'HEALTHCHECK' && /^NONE\b/i.test(command)) continue;
    const assigned = shellAssignedNames(command);
    const execForm = /^(?:CMD\s+)?\[/i.test(command.replace(/^(?:--\S+\s+)*/, ''));
    for (const ref of shellReferences(command)) {
      const variable = instruction.scope.get(ref.name);
      // An ARG declared without a default (and given no value) is not in scope, but is the same mistake.
      const onlyArg = variable ? ARG_SOURCES.has(variable.source) : declaredArgs.has(ref.name);
      if (!onlyArg || runtimeEnv.has(ref.name) || assigned.has(ref.name) || ref.hasDefault) continue;
      const definedAt = variable?.definedAt ?? argDeclaration(stage, instruction, ref.name);
      const at = text.argumentsStart;
      const what = execForm && !/\bsh\b|bash|-c\b/.test(command)
        ? `the exec form passes the literal text '$${ref.name}'`
        : `the shell reads it empty`;
      const message = `${instruction.keyword} uses '$${ref.name}', which is only a build ARG: it is not set when the container runs, so ${what}. Persist it with \`ENV ${ref.name}=$${ref.name}\``;
      // An ENV can only follow an ARG inside the stage (not a global ARG before FROM).
      const fix = definedAt && definedAt.start.line > stage.fromRange.end.line
        ? { title: `Persist ${ref.name} with ENV ${ref.name}=$${ref.name}`, edits: [insertLineAfter(context, definedAt, `ENV ${ref.name}=$${ref.name}`)] }
        : undefined;
      findings.push({ range: text.rangeOf(at + ref.start, at + ref.end), message, ...(fix ? { fix } : {}) });
    }
  }
  return findings;
});

/** The last ARG before `instruction` in the stage that declares `name`. */
function argDeclaration(stage: StageModel, instruction: InstructionModel, name: string): Range | undefined {
  let found: Range | undefined;
  for (const i of stage.instructions) {
    if (i === instruction) break;
    if (i.keyword === 'ARG' && i.declares?.includes(name)) found = i.range;
  }
  return found;
}
