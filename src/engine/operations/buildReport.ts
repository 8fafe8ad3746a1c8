// A finished build seen per instruction, for either builder: what each Dockerfile line's step did,
// how long it took, what its layer added, and for a failed build which line failed and what it
// printed last. No `vscode` import.
//
// Classic builder: it runs every stage up to the target in file order (unused ones too) and counts
// global ARGs and FROM as steps, while ONBUILD triggers run inside their FROM's step; so step i is
// the i-th such instruction of the build model. Steps past those (the LABEL step the API's
// `labels` option appends) map to no line. Sizes come from each stage's image history
// (buildLayers.ts).
// BuildKit: its vertexes map to lines by their names (buildkitSteps.ts); sizes come from the
// target image's history (buildkitLayers.ts).
import type Docker from 'dockerode';
import { buildModel, BuildModel, InstructionModel } from '../../dockerfile';
import type { BuildTrace } from './build';
import { buildkitLayers } from './buildkitLayers';
import { buildkitResults, targetStageIndex } from './buildkitSteps';
import { stepLayers } from './buildLayers';
import type { Builder, InstructionResult } from './buildOutcomes';
import type { BuildStepRecord } from './buildSteps';
import type { StepLayer } from './buildLayers';

export { formatDuration, formatSize, resultSummary } from './buildOutcomes';
export type { InstructionResult, StepOutcome } from './buildOutcomes';

export interface BuildReport {
  /** The Dockerfile's path. */
  readonly dockerfile: string;
  /** Its text as it was built (results only hold while the file still reads the same). */
  readonly text: string;
  readonly builder: Builder;
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  readonly imageId?: string;
  /** The builder's reason, when the build failed. */
  readonly error?: string;
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

/** The classic builder's step records joined with their layers and the instructions they ran. */
export function classicResults(records: readonly BuildStepRecord[], layers: ReadonlyMap<number, StepLayer>, instructions: readonly InstructionModel[]): InstructionResult[] {
  return records.map((step) => {
    const instruction = instructions[step.number - 1];
    const layer = layers.get(step.number);
    return {
      outcome: step.outcome,
      ...(instruction ? { range: instruction.range } : {}),
      step: `Step ${step.number}/${step.total} : ${step.instruction}`,
      durationMs: step.durationMs,
      ...(layer ? { sizeBytes: layer.sizeBytes, createdBy: layer.createdBy } : {}),
      ...(layer ? { imageId: layer.imageId } : step.imageId ? { imageId: step.imageId } : {}),
      ...(step.triggers ? { triggers: step.triggers } : {}),
      ...(step.logTail ? { logTail: step.logTail } : {}),
    };
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
  /** Why the build failed, in the builder's words. */
  readonly error?: string;
}

/** The report of a build that ended (in any way): layers from the engine, lines from the build model. */
export async function reportBuild(docker: Docker, trace: BuildTrace, options: ReportOptions): Promise<BuildReport> {
  const model = buildModel(options.text, { buildArgs: { ...options.buildArgs } });
  const head = {
    dockerfile: options.dockerfile,
    text: options.text,
    builder: trace.builder,
    status: options.status,
    ...(options.imageId ? { imageId: options.imageId } : {}),
    ...(options.error ? { error: options.error } : {}),
  };
  if (trace.builder === 'classic') {
    const layers = await stepLayers(docker, trace.records);
    const results = classicResults(trace.records, layers, builderInstructions(model, options.target));
    // The classic builder's error names no step of its own: the failed step's record carries it.
    return { ...head, results: results.map((r) => (r.outcome === 'failed' && options.error ? { ...r, error: options.error } : r)) };
  }
  const { results } = buildkitResults(model, trace.vertexes, { status: options.status, ...(options.target ? { target: options.target } : {}) });
  if (options.status !== 'succeeded' || !options.imageId || model.stages.length === 0) return { ...head, results };
  const layers = await buildkitLayers(docker, options.imageId, model, targetStageIndex(model, options.target));
  return {
    ...head,
    results: results.map((r) => {
      const layer = r.range && (r.outcome === 'ran' || r.outcome === 'cached') ? layers.get(r.range.start.line) : undefined;
      return layer ? { ...r, sizeBytes: layer.sizeBytes, createdBy: layer.createdBy, ...(layer.imageId ? { imageId: layer.imageId } : {}) } : r;
    }),
  };
}
