// A finished build seen per instruction: each `Step N/M` record, the layer it left and the
// Dockerfile line it came from. The classic builder runs every stage up to the target in file order
// (unused ones too) and counts global ARGs and FROM as steps, while ONBUILD triggers run inside
// their FROM's step; so step i is the i-th such instruction of the build model. Steps past those
// (the LABEL step the API's `labels` option appends) map to no line. No `vscode` import.
import type Docker from 'dockerode';
import { buildModel, BuildModel, InstructionModel, Range } from '../../dockerfile';
import { StepLayer, stepLayers } from './buildLayers';
import type { BuildStepRecord } from './buildSteps';

export interface InstructionResult {
  readonly step: BuildStepRecord;
  readonly layer?: StepLayer;
  /** The instruction's range in the Dockerfile text that was built (0-based lines). */
  readonly range?: Range;
}

export interface BuildReport {
  /** The Dockerfile's path. */
  readonly dockerfile: string;
  /** Its text as it was built (results only hold while the file still reads the same). */
  readonly text: string;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly imageId?: string;
  readonly results: readonly InstructionResult[];
}

/** The instructions the classic builder prints a Step line for, in order, building `target` (a stage name; the last stage when absent). */
export function builderInstructions(model: BuildModel, target?: string): InstructionModel[] {
  const lower = target?.toLowerCase();
  const targetIndex = lower ? model.stages.findIndex((s) => s.name === lower) : model.stages.length - 1;
  const upTo = targetIndex < 0 ? model.stages.length - 1 : targetIndex;
  const instructions = [...model.globalArgs];
  for (const stage of model.stages.slice(0, upTo + 1)) instructions.push(...stage.instructions.filter((i) => !i.onbuildTrigger));
  return instructions;
}

/** Joins step records, their layers and the instructions they ran. */
export function instructionResults(records: readonly BuildStepRecord[], layers: ReadonlyMap<number, StepLayer>, instructions: readonly InstructionModel[]): InstructionResult[] {
  return records.map((step) => {
    const instruction = instructions[step.number - 1];
    const layer = layers.get(step.number);
    return { step, ...(layer ? { layer } : {}), ...(instruction ? { range: instruction.range } : {}) };
  });
}

export interface ReportOptions {
  readonly dockerfile: string;
  /** The Dockerfile text that was sent to the builder. */
  readonly text: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly status: BuildReport['status'];
  readonly imageId?: string;
}

/** The report of a build that ended (in any way): layers from the engine, lines from the build model. */
export async function reportBuild(docker: Docker, records: readonly BuildStepRecord[], options: ReportOptions): Promise<BuildReport> {
  const layers = await stepLayers(docker, records);
  const model = buildModel(options.text, { buildArgs: { ...options.buildArgs } });
  return {
    dockerfile: options.dockerfile,
    text: options.text,
    status: options.status,
    ...(options.imageId ? { imageId: options.imageId } : {}),
    results: instructionResults(records, layers, builderInstructions(model, options.target)),
  };
}

/** Bytes as `docker history` prints them (3 significant digits, powers of 1000), with a space: `102 kB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))} ${units[unit]}`;
}

/** Seconds with one decimal: `2.3 s`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** What one instruction shows after a build: `ran · 2.3 s · +14.2 MB`, `cached · 0.0 s · +0 B`, `failed · 1.0 s`. */
export function resultSummary(result: InstructionResult): string {
  const { step, layer } = result;
  const time = formatDuration(step.durationMs);
  switch (step.outcome) {
    case 'failed':
    case 'cancelled':
      return `${step.outcome} · ${time}`;
    case 'meta':
      return `global · ${time}`;
    case 'base':
      return step.imageId ? `base ${step.imageId} · ${time}` : `base · ${time}`;
    default:
      return `${step.outcome} · ${time}${layer ? ` · +${formatSize(layer.sizeBytes)}` : ''}`;
  }
}
