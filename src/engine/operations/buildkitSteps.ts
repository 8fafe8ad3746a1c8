// BuildKit's vertexes mapped back to the Dockerfile's lines. No `vscode` import; pure.
//
// What the Dockerfile frontend names its vertexes (moby/buildkit frontend/dockerfile/dockerfile2llb,
// the v0.8 built into Docker 20.10 and current BuildKit alike), checked against the engine here:
//   `[<stage> <i>/<n>] <INSTRUCTION as expanded>`, `[internal] load metadata for <image>`, and
//   vertexes of no line (`[internal] load remote build context`, `copy /context /`, `exporting to image`).
// - <stage> is the stage's `AS` name, else `stage-<index>` (0-based, in file order); a Dockerfile
//   of one stage has no stage word. With several platforms the platform comes first.
// - <n> counts the stage's steps: its FROM when the base is an image (not a stage, not scratch),
//   and each RUN, COPY, ADD and WORKDIR. ENV, ARG, LABEL, EXPOSE, CMD... make no step; `WORKDIR /`
//   and the base's ONBUILD triggers shift <i> (the first makes none, the others take numbers).
// - Identical steps are one vertex: two stages FROM the same image share one FROM vertex, named
//   after either stage. Stages the target does not need are not built at all.
// - Stages build in parallel, so vertexes of different stages interleave.
// So each stage's vertexes are lined up with its step-making instructions by keyword, text and
// number together (an alignment, not an index lookup, so that a shifted number cannot move a
// result to the wrong line).
import type { Range } from '../../dockerfile';
import type { InstructionResult, StepOutcome } from './buildOutcomes';
import { wasCanceled, type VertexRecord } from './buildkitProgress';

/** The parts of a Dockerfile the mapping reads (the build model has them). */
export interface OutlineInstruction {
  /** Upper-case keyword. */
  readonly keyword: string;
  /** The instruction's text after line joining. */
  readonly text: string;
  readonly range: Range;
  readonly onbuildTrigger?: boolean;
}

export interface OutlineStage {
  readonly index: number;
  /** Lower-cased `AS` name. */
  readonly name?: string;
  /** The FROM image after expansion with the global ARGs. */
  readonly baseName: string;
  /** Set when the base is an earlier stage. */
  readonly baseStage?: number;
  /** The stage's instructions, its FROM first. */
  readonly instructions: readonly OutlineInstruction[];
  /** Stages this one needs (its base stage, `COPY --from` stages). */
  readonly dependsOn: readonly number[];
}

export interface DockerfileOutline {
  readonly globalArgs: readonly OutlineInstruction[];
  readonly stages: readonly OutlineStage[];
}

export interface VertexName {
  readonly platform?: string;
  /** The stage word (`tools`, `stage-2`); absent in a one-stage Dockerfile. */
  readonly stage?: string;
  readonly index: number;
  readonly total: number;
  /** The instruction as the frontend printed it (`RUN make`, `FROM docker.io/library/alpine:3`). */
  readonly instruction: string;
}

const STEP_NAME = /^\[([^\]]*?)\s*(\d+)\/(\d+)\] ([\s\S]*)$/;
const METADATA_NAME = /^\[(?:\S+ )?internal\] load metadata for (.+)$/;

/** The parts of a step vertex's name; undefined for vertexes of no instruction. */
export function parseVertexName(name: string): VertexName | undefined {
  const m = STEP_NAME.exec(name);
  if (!m) return undefined;
  const words = m[1]!.trim().split(/\s+/).filter(Boolean);
  let platform: string | undefined;
  let stage: string | undefined;
  if (words.length >= 2) [platform, stage] = words;
  else if (words.length === 1) (words[0]!.includes('/') ? (platform = words[0]) : (stage = words[0]));
  if (stage === 'internal') return undefined;
  return { ...(platform ? { platform } : {}), ...(stage ? { stage } : {}), index: Number(m[2]), total: Number(m[3]), instruction: m[4]! };
}

/** The image a `[internal] load metadata for <image>` vertex resolves. */
export function metadataImage(name: string): string | undefined {
  return METADATA_NAME.exec(name)?.[1];
}

/**
 * An image reference as BuildKit prints it: `busybox` → `docker.io/library/busybox:latest`,
 * `me/app:1` → `docker.io/me/app:1`; a registry host (a first part with `.` or `:`, or
 * `localhost`) stays; a digest stays as it is.
 */
export function normalizedImageName(reference: string): string {
  let ref = reference.trim();
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasDomain) ref = `docker.io/${slash < 0 ? 'library/' : ''}${ref}`;
  else if (first === 'index.docker.io') ref = `docker.io${ref.slice(first.length)}`;
  const lastPart = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastPart.includes(':') && !lastPart.includes('@')) ref += ':latest';
  return ref;
}

/** The name the frontend gives a stage in vertex names. */
function stageWord(stage: OutlineStage): string {
  return stage.name ?? `stage-${stage.index}`;
}

/** Whether the frontend makes a step (a vertex) for this instruction of `stage`. */
function makesStep(instruction: OutlineInstruction, stage: OutlineStage): boolean {
  if (instruction.onbuildTrigger) return false;
  if (instruction.keyword === 'FROM') return stage.baseStage === undefined && stage.baseName.toLowerCase() !== 'scratch';
  return ['RUN', 'COPY', 'ADD', 'WORKDIR'].includes(instruction.keyword);
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const keywordOf = (text: string): string => (/^\s*(\S+)/.exec(text)?.[1] ?? '').toUpperCase();

/** The vertex's instruction compared with the Dockerfile's: same keyword, and the same text where no variable was expanded. */
function matchScore(vertex: VertexName, instruction: OutlineInstruction, stage: OutlineStage, position: number): number {
  if (keywordOf(vertex.instruction) !== instruction.keyword) return 0;
  let score = 1;
  if (instruction.keyword === 'FROM') {
    if (normalizedImageName(vertex.instruction.replace(/^\S+\s+/, '')) === normalizedImageName(stage.baseName)) score += 2;
  } else if (squash(vertex.instruction).toLowerCase() === squash(instruction.text).toLowerCase()) score += 2;
  if (vertex.index === position) score += 1;
  return score;
}

/**
 * Pairs a stage's step vertexes (by number) with its step-making instructions (in order),
 * maximising the match scores: each pair in order, neither side has to be used up (a trigger's
 * vertex has no instruction of the stage; a step that never ran has no vertex).
 */
function align(vertexes: ReadonlyArray<{ name: VertexName }>, steps: readonly OutlineInstruction[], stage: OutlineStage): Map<number, number> {
  const rows = vertexes.length;
  const cols = steps.length;
  const best: number[][] = Array.from({ length: rows + 1 }, () => new Array<number>(cols + 1).fill(0));
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = cols - 1; j >= 0; j--) {
      const score = matchScore(vertexes[i]!.name, steps[j]!, stage, j + 1);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, score > 0 ? score + best[i + 1]![j + 1]! : 0);
    }
  }
  const pairs = new Map<number, number>(); // step index → vertex index
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    const score = matchScore(vertexes[i]!.name, steps[j]!, stage, j + 1);
    if (score > 0 && best[i]![j] === score + best[i + 1]![j + 1]!) {
      pairs.set(j, i);
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  return pairs;
}

export interface BuildkitResultOptions {
  /** The stage built (its name); the last stage when absent. */
  readonly target?: string;
  /** How the build ended: steps still running or never started are said so. */
  readonly status: 'succeeded' | 'failed' | 'cancelled';
  /** How many of a failed step's last lines to keep. */
  readonly tailLines?: number;
}

export interface MappedVertex {
  readonly vertex: VertexRecord;
  /** The instruction's first line (0-based). */
  readonly line: number;
}

export interface BuildkitMapping {
  /** Per instruction, in file order (global ARGs first). */
  readonly results: InstructionResult[];
  /** Which vertex each step-making instruction got. */
  readonly mapped: MappedVertex[];
  /** The stages built: those with a vertex, and those the target needs. */
  readonly builtStages: ReadonlySet<number>;
}

function vertexOutcome(vertex: VertexRecord, isFrom: boolean, status: BuildkitResultOptions['status']): StepOutcome {
  if (vertex.error) return wasCanceled(vertex.error) ? 'cancelled' : 'failed';
  if (vertex.completed !== undefined) return vertex.cached ? 'cached' : isFrom ? 'base' : 'ran';
  if (vertex.started !== undefined) return status === 'succeeded' ? 'ran' : 'cancelled';
  return 'not-run';
}

function fromVertex(vertex: VertexRecord, isFrom: boolean, options: BuildkitResultOptions): Omit<InstructionResult, 'range'> {
  const outcome = vertexOutcome(vertex, isFrom, options.status);
  const stopped = outcome === 'failed' || outcome === 'cancelled';
  return {
    outcome: isFrom && outcome === 'cached' ? 'base' : outcome,
    step: `#${vertex.number} ${vertex.name}`,
    ...(vertex.started !== undefined && vertex.completed !== undefined ? { durationMs: Math.max(0, vertex.completed - vertex.started) } : {}),
    ...(vertex.error && !wasCanceled(vertex.error) ? { error: vertex.error } : {}),
    ...(stopped && vertex.logs.length ? { logTail: vertex.logs.slice(-(options.tailLines ?? 10)) } : {}),
  };
}

/** The index of the stage `target` names, or of the last stage. */
export function targetStageIndex(outline: DockerfileOutline, target?: string): number {
  const lower = target?.toLowerCase();
  const found = lower ? outline.stages.findIndex((s) => s.name === lower) : -1;
  return found >= 0 ? found : outline.stages.length - 1;
}

/** The stage `target` names (or the last), and every stage it needs, transitively. */
export function neededStageSet(outline: DockerfileOutline, target?: string): Set<number> {
  const start = targetStageIndex(outline, target);
  const needed = new Set<number>();
  const visit = (index: number): void => {
    const stage = outline.stages[index];
    if (!stage || needed.has(index)) return;
    needed.add(index);
    for (const dep of stage.dependsOn) visit(dep);
  };
  visit(start);
  return needed;
}

/** Every instruction's result in a BuildKit build, from the trace's vertexes. */
export function buildkitResults(outline: DockerfileOutline, vertexes: readonly VertexRecord[], options: BuildkitResultOptions): BuildkitMapping {
  const byStage = new Map<number, Array<{ vertex: VertexRecord; name: VertexName }>>();
  const metadata = new Map<string, VertexRecord>();
  for (const vertex of vertexes) {
    const image = metadataImage(vertex.name);
    if (image) metadata.set(normalizedImageName(image), vertex);
    const name = parseVertexName(vertex.name);
    if (!name) continue;
    const word = name.stage;
    const stage = word === undefined ? (outline.stages.length === 1 ? outline.stages[0] : undefined) : outline.stages.find((s) => stageWord(s) === word);
    if (!stage) continue;
    const list = byStage.get(stage.index) ?? [];
    list.push({ vertex, name });
    byStage.set(stage.index, list);
  }

  const built = neededStageSet(outline, options.target);
  for (const index of byStage.keys()) built.add(index);

  // First pass: each stage's own vertexes.
  const own = new Map<OutlineInstruction, VertexRecord>();
  const mapped: MappedVertex[] = [];
  for (const stage of outline.stages) {
    const list = (byStage.get(stage.index) ?? []).sort((a, b) => a.name.index - b.name.index);
    const steps = stage.instructions.filter((i) => makesStep(i, stage));
    for (const [step, v] of align(list, steps, stage)) {
      own.set(steps[step]!, list[v]!.vertex);
      mapped.push({ vertex: list[v]!.vertex, line: steps[step]!.range.start.line });
    }
  }
  const lineOf = new Map<VertexRecord, number>(mapped.map((m) => [m.vertex, m.line]));

  /**
   * A vertex named after another line that is this step: BuildKit ran the identical step once.
   * Identical means the same instruction on the same parent, so the vertex must have the step
   * before this one (`parent`) among its inputs; a FROM has none.
   */
  const sharedStep = (instruction: OutlineInstruction, stage: OutlineStage, parent: VertexRecord | undefined): VertexRecord | undefined => {
    if (instruction.keyword !== 'FROM' && !parent) return undefined;
    for (const { vertex } of mapped) {
      const name = parseVertexName(vertex.name)!;
      if (keywordOf(name.instruction) !== instruction.keyword) continue;
      if (instruction.keyword === 'FROM') {
        if (normalizedImageName(name.instruction.replace(/^\S+\s+/, '')) === normalizedImageName(stage.baseName)) return vertex;
      } else if (squash(name.instruction).toLowerCase() === squash(instruction.text).toLowerCase() && vertex.inputs.includes(parent!.digest)) return vertex;
    }
    return undefined;
  };
  /** The vertex a stage's last step left, for the stages that build on it. */
  const lastStep = new Map<number, VertexRecord | undefined>();

  const results: InstructionResult[] = outline.globalArgs.map((arg) => ({ outcome: 'config', range: arg.range, note: 'build arg' }));
  for (const stage of outline.stages) {
    if (!built.has(stage.index)) {
      results.push({ outcome: 'unbuilt', range: stage.instructions[0]!.range });
      continue;
    }
    let parent = stage.baseStage !== undefined ? lastStep.get(stage.baseStage) : undefined;
    for (const instruction of stage.instructions) {
      if (instruction.onbuildTrigger) continue;
      const range = instruction.range;
      const isFrom = instruction.keyword === 'FROM';
      if (!makesStep(instruction, stage)) {
        if (isFrom) {
          const base = stage.baseStage !== undefined ? outline.stages[stage.baseStage] : undefined;
          results.push({ outcome: 'config', range, note: base ? `from stage ${base.name ?? base.index}` : 'empty base' });
        } else {
          results.push({ outcome: 'config', range, note: instruction.keyword === 'ARG' ? 'build arg' : 'image config' });
        }
        continue;
      }
      const vertex = own.get(instruction);
      if (vertex) {
        results.push({ ...fromVertex(vertex, isFrom, options), range });
        parent = vertex;
        continue;
      }
      if (isFrom) {
        // The base image could not be resolved (pulled): its metadata vertex failed.
        const meta = metadata.get(normalizedImageName(stage.baseName));
        if (meta?.error) {
          results.push({ outcome: wasCanceled(meta.error) ? 'cancelled' : 'failed', range, step: `#${meta.number} ${meta.name}`, error: meta.error });
          continue;
        }
      }
      const shared = sharedStep(instruction, stage, parent);
      parent = shared;
      if (shared) {
        const sharedLine = lineOf.get(shared);
        results.push({ ...fromVertex(shared, isFrom, options), range, ...(sharedLine !== undefined && sharedLine !== range.start.line ? { sharedWith: sharedLine } : {}) });
        continue;
      }
      // Succeeded without a vertex: a FROM of an image still gave the stage its base (BuildKit
      // reports the step to one of the builds that share it, so a concurrent build may have had
      // it); `WORKDIR /` makes none (the folder is there); else the engine named none.
      if (options.status === 'succeeded' && isFrom) results.push({ outcome: 'base', range, note: 'no step reported: shared with another build' });
      else if (options.status === 'succeeded') results.push({ outcome: 'config', range, note: instruction.keyword === 'WORKDIR' ? 'no folder to make' : 'no step reported' });
      else results.push({ outcome: 'not-run', range });
    }
    lastStep.set(stage.index, parent);
  }
  return { results, mapped, builtStages: built };
}
