// Facts about a whole Dockerfile that several rules ask: which names its ARGs declare (globally, per
// stage, before an instruction), and whether a stage's starting environment is known (so that an
// unknown name is truly unset).
import type { BuildModel, StageModel } from '..';

/** The name of an `Env` entry (`NAME=value`). */
export function envName(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** The names the global ARGs (before the first FROM) declare. */
export function globalArgNames(model: BuildModel): Set<string> {
  const names = new Set<string>();
  for (const arg of model.globalArgs) for (const name of arg.declares ?? []) names.add(name);
  return names;
}

/** Whether the environment the stage starts with is fully known (scratch, or a base image the engine described). */
export function baseEnvironmentKnown(model: BuildModel, stage: StageModel): boolean {
  for (let current: StageModel | undefined = stage; current; current = current.baseStage === undefined ? undefined : model.stages[current.baseStage]) {
    if (current.baseImage) return current.baseImage.known;
    if (current.baseStage === undefined) return true; // scratch
  }
  return true;
}

/** Names an ARG declares anywhere in the file (global or in any stage). */
export function argNames(model: BuildModel): Set<string> {
  const names = globalArgNames(model);
  for (const stage of model.stages) for (const instruction of stage.instructions) if (instruction.keyword === 'ARG') for (const name of instruction.declares ?? []) names.add(name);
  return names;
}

/**
 * For each instruction of the stage, the names its ARGs declared before it, with or without a
 * value: `ARG NAME` without a default is a deliberate, optional build arg.
 */
export function argsDeclaredBefore(stage: StageModel): Map<StageModel['instructions'][number], Set<string>> {
  const result = new Map<StageModel['instructions'][number], Set<string>>();
  let declared = new Set<string>();
  for (const instruction of stage.instructions) {
    result.set(instruction, declared);
    if (instruction.keyword === 'ARG' && instruction.declares?.length) declared = new Set([...declared, ...instruction.declares]);
  }
  return result;
}
