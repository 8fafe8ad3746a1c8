// Which steps a rebuild would run again after given changes (context files, build arg values), as
// the model's builder decides it (classicPlan.ts, buildkitPlan.ts). Pure: the caller reads the
// context.
import type { BuildModel, InstructionModel, StageModel } from '../types';
import { buildkitSteps } from './buildkitPlan';
import { classicSteps } from './classicPlan';
import { PlanInput, StepRebuild } from './planSteps';

export { StepRebuild };
import { normalizeContextPath } from './contextSources';
import { DockerignoreMatcher } from './dockerignore';

export interface RebuildOptions {
  /** Context files whose content (or mode) changed, were added or removed; relative to the context. */
  changedPaths?: readonly string[];
  /** Build args whose value changed. */
  changedArgs?: readonly string[];
  /** The text of the context's `.dockerignore`, if it has one. */
  dockerignore?: string;
  /** Where the Dockerfile is in the context (relative), when it is in it. */
  dockerfilePath?: string;
}

export interface RebuildPlan {
  /** For each instruction of the stages the target needs, and the global ARGs. */
  steps: Map<InstructionModel, StepRebuild>;
  /** Stage index -> whether its image changes. */
  stages: Map<number, boolean>;
  /** Changed paths as the context sees them, after `.dockerignore` (the rest are not sent). */
  effectivePaths: string[];
  notes: string[];
}

export function rebuildPlan(model: BuildModel, target: StageModel, options: RebuildOptions): RebuildPlan {
  const changedArgs = new Set(options.changedArgs ?? []);
  const ignore = options.dockerignore === undefined ? undefined : DockerignoreMatcher.fromText(options.dockerignore);
  const notes: string[] = [];
  const effectivePaths: string[] = [];
  for (const raw of options.changedPaths ?? []) {
    const path = normalizeContextPath(raw);
    if (path === '') continue;
    if (ignore && !ignore.includes(path)) notes.push(`${path} is excluded by .dockerignore: no step sees it`);
    else effectivePaths.push(path);
  }
  const dockerfilePath = options.dockerfilePath === undefined ? undefined : normalizeContextPath(options.dockerfilePath);
  if (dockerfilePath !== undefined && (options.changedPaths ?? []).some((p) => normalizeContextPath(p) === dockerfilePath)) {
    notes.push(`${dockerfilePath} counts here as a context file only (for COPY/ADD that take it in): a step whose instruction text changed misses as well`);
  }
  if ((options.changedPaths ?? []).some((p) => normalizeContextPath(p) === '.dockerignore')) {
    notes.push('a .dockerignore change counts here as a change of that file only: list the files it now includes or leaves out with --changed too');
  }

  const input: PlanInput = { changedArgs, effectivePaths, notes };
  const { steps, stages } = model.builder === 'classic' ? classicSteps(model, target, input) : buildkitSteps(model, target, input);
  return { steps, stages, effectivePaths, notes };
}
