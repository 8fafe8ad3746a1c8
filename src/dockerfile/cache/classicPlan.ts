// The classic builder's cache (moby builder/dockerfile): every instruction is a step keyed on its
// text (expanded, for the instructions the builder expands) and its parent image, so a step
// misses when its own key changed or any earlier step of its stage chain missed. COPY/ADD are keyed
// on the copied files' content: from a rebuilt stage, only changed bytes at the copied paths miss.
import { neededStages, stageLabel } from '../explain';
import type { BuildModel, InstructionModel, StageModel, VariableSource } from '../types';
import { isUrl, parseCopyInstruction } from './copyInstruction';
import { sourceMatcher } from './contextSources';
import { lineOf as line, PlanInput, PlanSteps, StepRebuild } from './planSteps';
import { absolutePath, ChangedPaths, literalPrefix, overlaps, withChange, workdirChange } from './stagePaths';
import { processWord } from '../shellLexer';
import { splitInstruction } from '../instructionSyntax';

/** Where a value came from an ARG (so a new build-arg value changes it), not from ENV. */
const ARG_SOURCES: ReadonlySet<VariableSource> = new Set(['arg', 'build-arg', 'global-arg', 'predefined-arg']);

export function classicSteps(model: BuildModel, target: StageModel, input: PlanInput): PlanSteps {
  const { changedArgs, effectivePaths, notes } = input;
  const steps = new Map<InstructionModel, StepRebuild>();
  const stages = new Map<number, boolean>();
  // Global ARGs make no layer: nothing to miss.
  for (const instruction of model.globalArgs) steps.set(instruction, { rebuild: false });
  const globalDeclared = new Set(model.globalArgs.flatMap((i) => i.declares ?? []));
  /** Per stage: the paths whose content may differ after the rebuild. */
  const changed = new Map<number, ChangedPaths>();

  for (const stage of neededStages(model, target)) {
    const declared = new Set<string>();
    /** Whether a changed arg reaches this reference (declared ARG, not shadowed by ENV). */
    const argChanged = (name: string, instruction: InstructionModel, declaredHere: ReadonlySet<string>): boolean => {
      if (!changedArgs.has(name)) return false;
      const resolved = instruction.scope.get(name);
      return resolved ? ARG_SOURCES.has(resolved.source) : declaredHere.has(name);
    };
    let missedAt: InstructionModel | undefined;
    let paths: ChangedPaths = stage.baseStage !== undefined ? changed.get(stage.baseStage) ?? [] : [];
    let cwd = '/';
    for (const instruction of stage.instructions) {
      let own: string | undefined;
      if (instruction.keyword === 'FROM' && !instruction.onbuildTrigger) {
        own = fromChange(model, stage, instruction, stages, (name) => argChanged(name, instruction, globalDeclared));
        cwd = instruction.workdir ?? '/';
        if (own && stage.baseStage === undefined) paths = 'all';
      } else {
        own = ownKeyChange(model, instruction, declared, stages, changed, effectivePaths, notes, (name) => argChanged(name, instruction, declared));
        if (instruction.keyword === 'ARG') for (const name of instruction.declares ?? []) declared.add(name);
      }
      const missed = missedAt !== undefined || own !== undefined;
      if (missedAt) {
        steps.set(instruction, { rebuild: true, reason: `follows the rebuilt step at line ${line(missedAt)}` });
      } else if (own) {
        steps.set(instruction, { rebuild: true, reason: own });
        missedAt = instruction;
      } else {
        steps.set(instruction, { rebuild: false });
      }
      const written = missed ? writtenBy(model, instruction, own !== undefined, cwd) : undefined;
      if (written !== undefined) paths = withChange(paths, written);
      if (instruction.keyword === 'WORKDIR') cwd = instruction.workdir ?? cwd;
    }
    stages.set(stage.index, missedAt !== undefined);
    changed.set(stage.index, paths);
  }
  return { steps, stages };
}


function fromChange(model: BuildModel, stage: StageModel, from: InstructionModel, stages: ReadonlyMap<number, boolean>, argChanged: (name: string) => boolean): string | undefined {
  const names = from.references.map((r) => r.name).filter(argChanged);
  if (names.length > 0) return `build arg ${names.join(', ')} changes the base image reference`;
  if (stage.baseStage !== undefined && stages.get(stage.baseStage)) return `its base, stage ${stageLabel(model.stages[stage.baseStage])}, is rebuilt`;
  return undefined;
}

/**
 * What a step that ran again changed in its stage's files: a RUN anything; a COPY/ADD whose own key
 * changed its destination; a WORKDIR whose path changed the directories under its fixed part;
 * the rest (metadata, or a copy with the same key) nothing.
 */
function writtenBy(model: BuildModel, instruction: InstructionModel, ownChange: boolean, cwd: string): string | undefined {
  switch (instruction.keyword) {
    case 'RUN': return 'all';
    case 'COPY': case 'ADD': {
      if (!ownChange) return undefined;
      const copy = parseCopyInstruction(instruction, model.escapeChar);
      return copy ? absolutePath(copy.destination, cwd) : 'all';
    }
    case 'WORKDIR': {
      if (!ownChange) return undefined;
      const rest = splitInstruction(instruction.text).rest.text;
      return processWord(rest, model.escapeChar, (n) => instruction.scope.get(n)?.value).value.startsWith('/') ? workdirChange(rest) : 'all';
    }
    default: return undefined;
  }
}

/** Why this instruction's own cache key changes, or undefined. */
function ownKeyChange(
  model: BuildModel, instruction: InstructionModel, declared: ReadonlySet<string>, stages: ReadonlyMap<number, boolean>,
  changed: ReadonlyMap<number, ChangedPaths>, changedPaths: readonly string[], notes: string[], argChanged: (name: string) => boolean,
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
        if (!source || !stages.get(source.index)) return undefined;
        const hit = copy.sources.find((src) => overlaps(changed.get(source.index) ?? 'all', literalPrefix(src)));
        return hit === undefined ? undefined : `stage ${stageLabel(source)} is rebuilt, so the files it copies (${hit}) may differ`;
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
