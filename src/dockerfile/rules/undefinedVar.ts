// UndefinedVar: a variable used where it is not defined, so it expands to the empty string. In the
// words the builder expands (ENV, COPY, WORKDIR...) as BuildKit's check of that name does, and in
// RUN commands for names this Dockerfile declares elsewhere (a global ARG not redeclared in the
// stage, an ARG declared later or in another stage): the shell sees them empty.
import type { InstructionModel, StageModel, VariableReference } from '..';
import type { LintContext } from './context';
import { insertLineAfter } from './edits';
import { defineRule, RuleFinding } from './rule';
import { argNames, argsDeclaredBefore, baseEnvironmentKnown, globalArgNames } from './scopeFacts';
import { shellAssignedNames, shellReferences } from './shellVariables';
import { sameInstructionExplanation, sameInstructionSetter } from './sameInstructionEnv';
import { buildkitSuggestion } from './suggest';
import type { Range } from '..';

export const undefinedVar = defineRule({
  name: 'UndefinedVar',
  description: 'Variables should be defined before their use',
  defaultSeverity: 'warning',
  buildkit: true,
}, (context) => {
  const findings: RuleFinding[] = [];
  // With an unknown base image, only a name this file declares with ARG is surely not from the base.
  const declared = argNames(context.model);
  const globals = globalArgNames(context.model);

  for (const instruction of context.model.globalArgs) {
    for (const ref of instruction.references) {
      if (reportable(ref, instruction.references)) findings.push(finding(context, ref.name, ref.range, ref.nameRange, instruction.scope.keys(), undefined, globals));
    }
  }
  for (const stage of context.model.stages) {
    const baseKnown = baseEnvironmentKnown(context.model, stage);
    const argsBefore = argsDeclaredBefore(stage);
    // FROM <stage> inherits the ARGs its parent stages declared (BuildKit copies them).
    const inherited = new Set<string>();
    for (let parent = stage.baseStage === undefined ? undefined : context.model.stages[stage.baseStage]; parent; parent = parent.baseStage === undefined ? undefined : context.model.stages[parent.baseStage]) {
      for (const i of parent.instructions) if (i.keyword === 'ARG') for (const n of i.declares ?? []) inherited.add(n);
    }
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger || instruction.keyword === 'FROM') continue; // FROM: UndefinedArgInFrom
      const optionalArgs = argsBefore.get(instruction)!;
      for (const ref of instruction.references) {
        if (!reportable(ref, instruction.references) || optionalArgs.has(ref.name) || inherited.has(ref.name)) continue;
        // `ENV A=1 B=$A` with A not set before: $A is empty (BuildKit's UndefinedVar), and why.
        const same = sameInstructionSetter(context, instruction, ref);
        if (same) {
          const message = `Usage of undefined variable '$${ref.name}': ${sameInstructionExplanation(ref.name)}${baseKnown ? '' : ' (unless the base image sets it)'}`;
          findings.push({ range: ref.range, message, ...(same.fix ? { fix: same.fix } : {}) });
          continue;
        }
        // With an unknown base image, an unknown name may come from its environment, unless this
        // file declares it with ARG, or it is a typo of a name the file defines (one or two edits).
        const typoOf = buildkitSuggestion(ref.name, definedInFile(instruction));
        if (baseKnown || declared.has(ref.name) || typoOf) {
          findings.push(finding(context, ref.name, ref.range, ref.nameRange, instruction.scope.keys(), stage, globals, baseKnown));
        }
      }
      if (instruction.keyword === 'RUN') findings.push(...inRun(context, instruction, stage, declared, new Set([...optionalArgs, ...inherited]), globals, baseKnown));
    }
  }
  return findings;
});

/** The names in scope that this Dockerfile defines (not the base image's environment). */
function definedInFile(instruction: InstructionModel): string[] {
  return [...instruction.scope.values()].filter((v) => v.source !== 'base-image' && v.source !== 'default-path').map((v) => v.name);
}

function reportable(ref: VariableReference, all: VariableReference[]): boolean {
  // `${X:-default}` and `${X:+alt}` handle the unset case on purpose; the `alt` of `${X:+alt}` is
  // only read when X is set.
  if (ref.defined || ref.special || ref.modifier === '-' || ref.modifier === '+') return false;
  return !all.some((outer) => outer !== ref && outer.modifier === '+' && contains(outer.range, ref.range));
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function inRun(context: LintContext, instruction: InstructionModel, stage: StageModel, declared: Set<string>, optionalArgs: Set<string>, globals: Set<string>, baseKnown: boolean): RuleFinding[] {
  const text = context.textOf(instruction);
  const command = text.argumentsText;
  if (command.startsWith('[')) return []; // exec form: no shell, nothing expands
  const env = instruction.runEnv ?? {};
  const assigned = shellAssignedNames(command);
  const findings: RuleFinding[] = [];
  for (const ref of shellReferences(command)) {
    if (ref.hasDefault || ref.name in env || optionalArgs.has(ref.name) || assigned.has(ref.name) || !declared.has(ref.name)) continue;
    const at = text.argumentsStart;
    findings.push(finding(context, ref.name, text.rangeOf(at + ref.start, at + ref.end), text.rangeOf(at + ref.nameStart, at + ref.nameEnd), Object.keys(env), stage, globals, baseKnown));
  }
  return findings;
}

function finding(context: LintContext, name: string, range: Range, nameRange: Range, inScope: Iterable<string>, stage: StageModel | undefined, globals: Set<string>, baseKnown = true): RuleFinding {
  let message = `Usage of undefined variable '$${name}'`;
  if (stage && globals.has(name)) {
    message += `: the global ARG ${name} is not in scope in this stage until it is redeclared with \`ARG ${name}\``;
    if (!baseKnown) message += ' (unless the base image sets it)';
    return {
      range, message,
      fix: { title: `Redeclare ARG ${name} in this stage`, edits: [insertLineAfter(context, stage.fromRange, `ARG ${name}`)] },
    };
  }
  const suggestion = buildkitSuggestion(name, inScope);
  if (suggestion) message += ` (did you mean $${suggestion}?)`;
  const fix = suggestion ? { title: `Change to $${suggestion}`, edits: [{ range: nameRange, newText: suggestion }] } : undefined;
  return { range, message, ...(fix ? { fix } : {}) };
}
