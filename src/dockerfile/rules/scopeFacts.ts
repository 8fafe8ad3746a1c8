// Facts about a whole Dockerfile that several rules ask: which names the file declares anywhere,
// and whether a stage's starting environment is known (so that an unknown name is truly unset).
import type { BuildModel, StageModel } from '..';

/** Every name an ARG (global or in a stage) or an ENV in this file declares. */
export function declaredNames(model: BuildModel): Set<string> {
  const names = new Set<string>();
  for (const arg of model.globalArgs) for (const name of arg.declares ?? []) names.add(name);
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      for (const name of instruction.declares ?? []) names.add(name);
      if (instruction.keyword === 'ENV') {
        for (const variable of stage.instructions[stage.instructions.indexOf(instruction) + 1]?.scope.values() ?? envAfterLast(stage)) {
          if (variable.source === 'env' && variable.definedAt && sameRange(variable.definedAt, instruction.range)) names.add(variable.name);
        }
      }
    }
  }
  return names;
}

function* envAfterLast(stage: StageModel): Generator<{ name: string; source: string; definedAt?: StageModel['fromRange'] }> {
  for (const entry of stage.config.Env) {
    const eq = entry.indexOf('=');
    yield { name: eq < 0 ? entry : entry.slice(0, eq), source: 'env', definedAt: stage.instructions[stage.instructions.length - 1]?.range };
  }
}

function sameRange(a: StageModel['fromRange'], b: StageModel['fromRange']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
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
