// The classic builder's cache (moby builder/dockerfile): every instruction is a step keyed on its
// text (expanded, for the instructions the builder expands) and its parent image, so a step
// misses when its own key changed or any earlier step of its stage chain missed.
import { neededStages, stageLabel } from '../explain';
import type { BuildModel, InstructionModel, StageModel, VariableSource } from '../types';
import { isUrl, parseCopyInstruction } from './copyInstruction';
import { sourceMatcher } from './contextSources';
import { lineOf as line, PlanInput, PlanSteps, StepRebuild } from './planSteps';

/** Where a value came from an ARG (so a new build-arg value changes it), not from ENV. */
const ARG_SOURCES: ReadonlySet<VariableSource> = new Set(['arg', 'build-arg', 'global-arg', 'predefined-arg']);

export function classicSteps(model: BuildModel, target: StageModel, input: PlanInput): PlanSteps {
  const { changedArgs, effectivePaths, notes } = input;
  const steps = new Map<InstructionModel, StepRebuild>();
  const stages = new Map<number, boolean>();
  // Global ARGs make no layer: nothing to miss.
  for (const instruction of model.globalArgs) steps.set(instruction, { rebuild: false });
  const globalDeclared = new Set(model.globalArgs.flatMap((i) => i.declares ?? []));

  for (const stage of neededStages(model, target)) {
    const declared = new Set<string>();
    /** Whether a changed arg reaches this reference (declared ARG, not shadowed by ENV). */
    const argChanged = (name: string, instruction: InstructionModel, declaredHere: ReadonlySet<string>): boolean => {
      if (!changedArgs.has(name)) return false;
      const resolved = instruction.scope.get(name);
      return resolved ? ARG_SOURCES.has(resolved.source) : declaredHere.has(name);
    };
    let missedAt: InstructionModel | undefined;
    for (const instruction of stage.instructions) {
      let own: string | undefined;
      if (instruction.keyword === 'FROM' && !instruction.onbuildTrigger) {
        own = fromChange(model, stage, instruction, stages, (name) => argChanged(name, instruction, globalDeclared));
      } else {
        own = ownKeyChange(model, instruction, declared, stages, effectivePaths, notes, (name) => argChanged(name, instruction, declared));
        if (instruction.keyword === 'ARG') for (const name of instruction.declares ?? []) declared.add(name);
      }
      if (missedAt) {
        steps.set(instruction, { rebuild: true, reason: `follows the rebuilt step at line ${line(missedAt)}` });
      } else if (own) {
        steps.set(instruction, { rebuild: true, reason: own });
        missedAt = instruction;
      } else {
        steps.set(instruction, { rebuild: false });
      }
    }
    stages.set(stage.index, missedAt !== undefined);
  }
  return { steps, stages };
}


function fromChange(model: BuildModel, stage: StageModel, from: InstructionModel, stages: ReadonlyMap<number, boolean>, argChanged: (name: string) => boolean): string | undefined {
  const names = from.references.map((r) => r.name).filter(argChanged);
  if (names.length > 0) return `build arg ${names.join(', ')} changes the base image reference`;
  if (stage.baseStage !== undefined && stages.get(stage.baseStage)) return `its base, stage ${stageLabel(model.stages[stage.baseStage])}, is rebuilt`;
  return undefined;
}

/** Why this instruction's own cache key changes, or undefined. */
function ownKeyChange(
  model: BuildModel, instruction: InstructionModel, declared: ReadonlySet<string>, stages: ReadonlyMap<number, boolean>,
  changedPaths: readonly string[], notes: string[], argChanged: (name: string) => boolean,
): string | undefined {
  switch (instruction.keyword) {
    case 'RUN': {
      // The key is the command prefixed with `|N NAME=value...`: the ARGs this stage declared so
      // far that have a value, minus those an ENV of the same name hides. Predefined proxy args
      // count only when declared.
      const names = [...declared].filter((n) => argChanged(n));
      return names.length > 0 ? `build arg ${names.join(', ')} is in its cache key (declared by ARG in this stage)` : undefined;
    }
    case 'COPY': case 'ADD': {
      const copy = parseCopyInstruction(instruction, model.escapeChar);
      if (!copy) return undefined;
      // Sources, destination and `--chown` are all in the key (seen with the engine: a new
      // --chown value misses even though the files are the same).
      const names = [...new Set([...copy.referencedNames, ...instruction.references.map((r) => r.name)])].filter(argChanged);
      if (names.length > 0) return `build arg ${names.join(', ')} changes its sources, destination or --chown`;
      if (copy.from !== undefined) {
        const source = stageByReference(model, copy.from, instruction.stage);
        if (source && stages.get(source.index)) return `stage ${stageLabel(source)} is rebuilt, so the files it copies may differ`;
        return undefined;
      }
      for (const src of copy.sources) {
        if (instruction.keyword === 'ADD' && isUrl(src)) {
          notes.push(`ADD ${src} at line ${line(instruction)}: the builder downloads it on every build and misses only if its content changed, which layerwise cannot tell (answered as unchanged)`);
          continue;
        }
        const matcher = sourceMatcher(src);
        const hit = changedPaths.find((p) => matcher.covers(p));
        if (hit !== undefined) return `context file ${hit} changed (source ${src})`;
      }
      return undefined;
    }
    case 'CMD': case 'ENTRYPOINT': case 'SHELL': case 'HEALTHCHECK': case 'ONBUILD': case 'MAINTAINER':
      return undefined; // keyed on their text as written: no build arg reaches it
    default: {
      // ENV, ARG (its default), LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL: keyed on the
      // expanded text.
      const names = [...new Set(instruction.references.map((r) => r.name))].filter(argChanged);
      return names.length > 0 ? `build arg ${names.join(', ')} changes its expanded text` : undefined;
    }
  }
}

/** A `--from` value as the builder resolves it: an earlier stage's name, or its index. */
function stageByReference(model: BuildModel, reference: string, stageIndex: number): StageModel | undefined {
  const lower = reference.toLowerCase();
  const named = model.stages.find((s) => s.index < stageIndex && s.name === lower);
  if (named) return named;
  if (/^\d+$/.test(reference)) return model.stages[Number(reference)];
  return undefined;
}
