// The `layerwise explain` result (see docs/cli.md): the target's image config and, per
// instruction of the stages the target needs, the environment in scope.
import { PREDEFINED_ARGS } from './buildArgs';
import { automaticPlatformArgs, Builder, buildkitConsumesUndeclared, DEFAULT_PLATFORM } from './builder';
import type { RebuildPlan } from './cache/plan';
import { syntaxNote } from './directives';
import type { BuildModel, ImageConfig, InstructionModel, ModelProblem, StageModel } from './types';

/** The `config`: what `docker image inspect` shows under Config, for every field the builder sets. */
export type ExplainConfig = ImageConfig;

export interface ExplainStep {
  /** 1-based first line of the instruction (for an ONBUILD trigger: of the FROM that ran it). */
  line: number;
  /** Stage name, or its index when it has none; null for global ARGs. */
  stage: string | null;
  instruction: string;
  /** RUN: what the command sees; other instructions: the variables the builder expands with. */
  env: Record<string, string>;
  /** Set on ONBUILD triggers of the base image that run at the FROM. */
  onbuild?: true;
  /**
   * `false` when the builder makes no build step of it: BuildKit for ENV, ARG, LABEL, CMD...,
   * `FROM <stage>` and `FROM scratch`; both builders for the global ARGs. Such a step never
   * misses the cache itself (it may change the key of a later step).
   */
  step?: false;
  /** With --changed/--changed-arg: whether a rebuild after those changes misses the cache here. */
  rebuild?: boolean;
  /** Why it misses (its own cache key changed, or it follows a step that missed). */
  rebuildReason?: string;
}

export interface ExplainProblem {
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ExplainResult {
  /** Whose semantics the answer follows. */
  builder: Builder;
  target: string;
  config: ExplainConfig;
  steps: ExplainStep[];
  /** Base images of the stages built: whether their config was known. */
  baseImages: Array<{ stage: string; image: string; known: boolean }>;
  /**
   * Build args the builder reports as "not consumed": given, not predefined, and declared by no
   * ARG of the global scope or of the stages it builds (every stage up to the target).
   */
  unusedBuildArgs: string[];
  /** Things the reader should know: unknown base images, unused build args. */
  notes: string[];
  /** What the builder would reject or warn about; an error means the build would fail. */
  problems: ExplainProblem[];
}

export function stageLabel(stage: StageModel): string {
  return stage.name ?? String(stage.index);
}

/** Finds the stage `--target` names (case-insensitively, like the builder); default: the last. */
export function findTarget(model: BuildModel, target?: string): StageModel | undefined {
  if (target === undefined) return model.stages[model.stages.length - 1];
  const lower = target.toLowerCase();
  return model.stages.find((s) => s.name === lower);
}

/**
 * The stages the target needs (its FROM chain, COPY --from sources and, for BuildKit, RUN
 * --mount=from= sources), in file order except that a stage always comes after those it needs
 * (BuildKit allows `COPY --from` a later stage).
 */
export function neededStages(model: BuildModel, target: StageModel): StageModel[] {
  const needed = new Set<number>();
  const visit = (index: number): void => {
    if (needed.has(index)) return;
    needed.add(index);
    for (const dep of model.stages[index].dependsOn) visit(dep);
  };
  visit(target.index);
  const order: StageModel[] = [];
  const placed = new Set<number>();
  const pending = [...needed].sort((a, b) => a - b);
  while (pending.length > 0) {
    // The first stage whose needs are all placed; a cycle (which the builder rejects) goes in file order.
    let at = pending.findIndex((i) => model.stages[i].dependsOn.every((d) => placed.has(d) || !needed.has(d)));
    if (at < 0) at = 0;
    const [index] = pending.splice(at, 1);
    placed.add(index);
    order.push(model.stages[index]);
  }
  return order;
}

function stepOf(instruction: InstructionModel, stage: string | null): ExplainStep {
  const env: Record<string, string> = {};
  if (instruction.runEnv) Object.assign(env, instruction.runEnv);
  else for (const v of instruction.scope.values()) env[v.name] = v.value;
  return {
    line: instruction.range.start.line + 1,
    stage,
    instruction: instruction.keyword,
    env,
    ...(instruction.onbuildTrigger ? { onbuild: true as const } : {}),
    ...(!instruction.makesStep ? { step: false as const } : {}),
  };
}

function sortedKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function problemOf(p: ModelProblem): ExplainProblem {
  return { severity: p.severity, message: p.message, line: p.range.start.line + 1, column: p.range.start.character + 1, endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 };
}

/** Adds what a rebuild plan says about the instruction to its step. */
function withRebuild(step: ExplainStep, instruction: InstructionModel, plan: RebuildPlan | undefined): ExplainStep {
  const decided = plan?.steps.get(instruction);
  if (!decided) return step;
  step.rebuild = decided.rebuild;
  if (decided.reason !== undefined) step.rebuildReason = decided.reason;
  return step;
}

/** `plan` (from cache/rebuildPlan for the same target) adds `rebuild` to every step. */
export function explain(model: BuildModel, target: StageModel, plan?: RebuildPlan): ExplainResult {
  const stages = neededStages(model, target);
  const steps: ExplainStep[] = model.globalArgs.map((i) => withRebuild(stepOf(i, null), i, plan));
  for (const stage of stages) for (const i of stage.instructions) steps.push(withRebuild(stepOf(i, stageLabel(stage)), i, plan));
  const c = target.config;
  // BuildKit writes the image config with empty lists left out: `CMD []` reads back as null.
  const exported = (list: string[] | null): string[] | null => (list && (list.length > 0 || model.builder === 'classic') ? [...list] : null);
  const labels: Record<string, string> = {};
  for (const key of sortedKeys(Object.keys(c.Labels))) labels[key] = c.Labels[key];
  const baseImages = stages.filter((s) => s.baseImage).map((s) => ({ stage: stageLabel(s), image: s.baseImage!.reference, known: s.baseImage!.known }));
  const notes: string[] = [];
  for (const b of baseImages) {
    if (!b.known) notes.push(`base image ${b.image} (stage ${b.stage}) is unknown: its config is treated as empty, so its Env, WorkingDir, User... are missing here`);
  }
  const declared = new Set<string>();
  const declaredBy = (i: InstructionModel) => { for (const n of i.declares ?? []) declared.add(n); };
  model.globalArgs.forEach(declaredBy);
  let unusedBuildArgs: string[];
  if (model.builder === 'classic') {
    // The classic builder builds every stage up to the target and warns about the rest.
    for (const s of model.stages) if (s.index <= target.index) s.instructions.forEach(declaredBy);
    unusedBuildArgs = model.givenBuildArgs.filter((n) => !declared.has(n) && !PREDEFINED_ARGS.has(n));
    if (unusedBuildArgs.length > 0) notes.push(`build args not consumed (no ARG of the stages built declares them): ${unusedBuildArgs.join(', ')}`);
  } else {
    // BuildKit never warns; say which ones it leaves unused all the same.
    for (const s of stages) s.instructions.forEach(declaredBy);
    const automatic = new Set(automaticPlatformArgs(DEFAULT_PLATFORM).map(([n]) => n));
    const ignored = model.givenBuildArgs.filter((n) => !declared.has(n) && !buildkitConsumesUndeclared(n) && !automatic.has(n));
    if (ignored.length > 0) notes.push(`build args no ARG of the stages built declares (BuildKit ignores them without a warning): ${ignored.join(', ')}`);
    unusedBuildArgs = [];
  }
  if (model.builder === 'buildkit' && model.syntax) notes.push(syntaxNote(model.syntax));
  if (plan) notes.push(...plan.notes);
  // Problems that matter for this build: global ones and those of the stages built.
  const builtLines = new Set<number>();
  for (const s of stages) for (const i of s.instructions) for (let l = i.range.start.line; l <= i.range.end.line; l++) builtLines.add(l);
  for (const i of model.globalArgs) builtLines.add(i.range.start.line);
  const firstStageLine = model.stages[0]?.fromRange.start.line ?? Infinity;
  const matters = (line: number) => builtLines.has(line) || line < firstStageLine;
  const problems = model.problems.filter((p) => matters(p.range.start.line)).map(problemOf);
  for (const n of model.notes) if (matters(n.range.start.line) && !notes.includes(n.message)) notes.push(n.message);
  return {
    builder: model.builder,
    target: stageLabel(target),
    config: {
      Env: [...c.Env], WorkingDir: c.WorkingDir, User: c.User, ExposedPorts: sortedKeys(c.ExposedPorts), Labels: labels,
      Cmd: exported(c.Cmd), Entrypoint: exported(c.Entrypoint), Volumes: sortedKeys(c.Volumes), StopSignal: c.StopSignal,
      Shell: c.Shell && [...c.Shell], OnBuild: [...c.OnBuild], Healthcheck: c.Healthcheck && { ...c.Healthcheck, Test: [...c.Healthcheck.Test] },
      ArgsEscaped: c.ArgsEscaped,
    },
    steps,
    baseImages,
    unusedBuildArgs,
    notes,
    problems,
  };
}
