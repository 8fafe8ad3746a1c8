// BuildKit's cache, as dockerfile2llb builds the graph and llbsolver keys it (the 0.8 the Docker
// 20.10 engine embeds; checked against it in test/engine/cache):
// - Only FROM an image, RUN, COPY, ADD and WORKDIR make steps; ENV, ARG, LABEL, EXPOSE, USER,
//   CMD... change the image's metadata only. They still reach later steps' keys: a RUN is keyed on
//   its whole environment (ENV and ARG values alike, proxies left out), working directory and user;
//   a WORKDIR on its path (and the user); a COPY/ADD on its expanded sources, destination (relative
//   to WORKDIR), --chown and --chmod.
// - A step's input layer is part of its key: any earlier miss in the stage chain misses it too,
//   except `COPY --link` (current BuildKit).
// - What a step reads from the context or from another stage is keyed on content (content hash:
//   names, modes, owners and bytes, not times): COPY, ADD, bind mounts. A stage rebuilt into the
//   same bytes at the copied paths still hits the cache. Which paths a rebuilt stage may change is
//   judged per step: a RUN that runs again may change anything; a COPY/ADD or WORKDIR that runs
//   again only because an earlier step did writes the same bytes; one whose own key changed
//   changes its destination.
// - Cache, tmpfs, secret and ssh mounts are keyed on their definition, never on their content.
import { automaticPlatformArgs, DEFAULT_PLATFORM } from '../builder';
import { neededStages, stageLabel } from '../explain';
import { splitInstruction } from '../instructionSyntax';
import { processWord } from '../shellLexer';
import type { BuildModel, InstructionModel, StageModel, VariableReference } from '../types';
import { isGitRef, isUrl, parseCopyInstruction } from './copyInstruction';
import { normalizeContextPath, sourceMatcher } from './contextSources';
import { DockerignoreMatcher } from './dockerignore';
import { hasWildcards } from './goPath';
import { absolutePath, ChangedPaths, literalPrefix, overlaps, withChange, workdirChange } from './stagePaths';
import { lineOf as line, PlanInput, PlanSteps } from './planSteps';

interface StageOutcome {
  /** The first step of the stage chain that missed. */
  missedAt?: InstructionModel;
  /** Environment names whose value (or presence) changes. */
  taint: Map<string, boolean>;
  dir: boolean;
  user: boolean;
  changed: ChangedPaths;
}

const absolute = absolutePath;

function addChanged(outcome: StageOutcome, path: string | 'all'): void {
  outcome.changed = withChange(outcome.changed, path);
}

/** A COPY --from value: BuildKit takes a number as a stage index, else a stage name; anything else is an image. */
function sourceStage(model: BuildModel, reference: string, byIndex: boolean): StageModel | undefined {
  const named = model.stages.find((s) => s.name === reference.toLowerCase());
  if (named) return named;
  return byIndex && /^\d+$/.test(reference) ? model.stages[Number(reference)] : undefined;
}

export function buildkitSteps(model: BuildModel, target: StageModel, input: PlanInput): PlanSteps {
  const { changedArgs, effectivePaths, notes } = input;
  const steps: PlanSteps['steps'] = new Map();
  const stages: PlanSteps['stages'] = new Map();
  const outcomes = new Map<number, StageOutcome>();
  const given = new Set(model.givenBuildArgs);

  // Global ARGs (and the automatic platform ARGs) make no step; their values reach FROM lines and
  // the stages that declare them again.
  const meta = new Map<string, boolean>();
  for (const [name] of automaticPlatformArgs(DEFAULT_PLATFORM)) if (changedArgs.has(name)) meta.set(name, true);
  for (const instruction of model.globalArgs) {
    steps.set(instruction, { rebuild: false });
    for (const a of instruction.assignments ?? []) {
      meta.set(a.name, changedArgs.has(a.name) || (!given.has(a.name) && a.hasDefault === true && a.references.some((r) => meta.get(r.name))));
    }
  }

  for (const stage of neededStages(model, target)) {
    const base = stage.baseStage !== undefined ? outcomes.get(stage.baseStage) : undefined;
    const outcome: StageOutcome = base
      ? { missedAt: base.missedAt, taint: new Map(base.taint), dir: base.dir, user: base.user, changed: base.changed === 'all' ? 'all' : [...base.changed] }
      : { taint: new Map(), dir: false, user: false, changed: [] };
    let cwd = '/';
    const tainted = (refs: readonly VariableReference[]) => [...new Set(refs.filter((r) => outcome.taint.get(r.name)).map((r) => r.name))];

    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'FROM' && !instruction.onbuildTrigger) {
        cwd = instruction.workdir ?? '/';
        if (!instruction.makesStep) { steps.set(instruction, { rebuild: false }); continue; }
        const names = [...new Set(instruction.references.map((r) => r.name).filter((n) => meta.get(n)))];
        if (names.length > 0) {
          steps.set(instruction, { rebuild: true, reason: `build arg ${names.join(', ')} changes the base image reference` });
          notes.push(`FROM at line ${line(instruction)}: BuildKit keys the steps after it on the image's layers, not its name; answered as if the new image's layers differ (another tag of the same layers keeps them cached)`);
          outcome.missedAt = instruction;
          outcome.changed = 'all';
        } else steps.set(instruction, { rebuild: false });
        continue;
      }
      let own: string | undefined;
      /** What the step changes in the stage's files when its own key changed. */
      let writes: string | 'all' | undefined;
      let independent = false;
      switch (instruction.keyword) {
        case 'ENV':
          for (const a of instruction.assignments ?? []) outcome.taint.set(a.name, tainted(a.references).length > 0);
          break;
        case 'ARG':
          for (const a of instruction.assignments ?? []) {
            let t: boolean | undefined;
            if (changedArgs.has(a.name)) t = true;
            else if (given.has(a.name)) t = false;
            else if (a.hasDefault) t = tainted(a.references).length > 0;
            else if (meta.has(a.name)) t = meta.get(a.name);
            if (t !== undefined) outcome.taint.set(a.name, t);
          }
          break;
        case 'USER':
          outcome.user = tainted(instruction.references).length > 0;
          break;
        case 'WORKDIR': {
          const rest = splitInstruction(instruction.text).rest.text;
          const expanded = processWord(rest, model.escapeChar, (n) => instruction.scope.get(n)?.value).value;
          const names = tainted(instruction.references);
          outcome.dir = names.length > 0 || (!expanded.startsWith('/') && outcome.dir);
          cwd = instruction.workdir ?? cwd;
          if (!instruction.makesStep) break;
          if (outcome.dir) {
            own = names.length > 0 ? `build arg-derived ${names.join(', ')} changes the directory it creates` : 'the directory it creates follows an earlier WORKDIR that changes';
            writes = workdirChange(rest);
          } else if (outcome.user) {
            own = 'its owner follows a USER that changes';
            writes = instruction.workdir ?? 'all';
          }
          break;
        }
        case 'RUN': {
          const env = [...outcome.taint].filter(([, t]) => t).map(([n]) => n);
          if (env.length > 0) own = `its environment changes (${env.join(', ')})`;
          else if (outcome.dir) own = 'its working directory changes';
          else if (outcome.user) own = 'its user changes';
          else own = mountChange(model, instruction, effectivePaths, outcomes);
          writes = 'all';
          break;
        }
        case 'COPY': case 'ADD': {
          const copy = parseCopyInstruction(instruction, model.escapeChar);
          if (!copy) break;
          const names = tainted(instruction.references);
          const dest = absolute(copy.destination, cwd);
          if (names.length > 0) { own = `build arg-derived ${names.join(', ')} changes its sources, destination, --chown or inline content`; writes = 'all'; }
          else if (!copy.destination.startsWith('/') && outcome.dir) { own = 'its destination follows WORKDIR, which changes'; writes = 'all'; }
          else {
            own = copySourceChange(model, instruction, copy, effectivePaths, outcomes, notes);
            writes = dest;
          }
          // --link: keyed on itself only, so an earlier miss does not reach it.
          independent = copy.link;
          break;
        }
        default:
          break; // LABEL, EXPOSE, CMD, ENTRYPOINT, VOLUME, STOPSIGNAL, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER: metadata only
      }
      if (!instruction.makesStep) { steps.set(instruction, { rebuild: false }); continue; }
      if (outcome.missedAt && !(independent && own === undefined)) {
        steps.set(instruction, { rebuild: true, reason: independent ? own! : `follows the rebuilt step at line ${line(outcome.missedAt)}` });
        // A RUN that runs again may write anything; a copy or mkdir with the same key writes the same bytes.
        if (instruction.keyword === 'RUN') addChanged(outcome, 'all');
        else if (own !== undefined) addChanged(outcome, writes ?? 'all');
      } else if (own !== undefined) {
        steps.set(instruction, { rebuild: true, reason: own });
        outcome.missedAt = instruction;
        addChanged(outcome, writes ?? 'all');
      } else {
        steps.set(instruction, { rebuild: false });
      }
    }
    outcomes.set(stage.index, outcome);
    stages.set(stage.index, outcome.missedAt !== undefined);
  }
  return { steps, stages };
}

/** Whether a context path is left out by `--exclude` patterns (relative to the source). */
function excluded(patterns: readonly string[], source: string, path: string): boolean {
  if (patterns.length === 0) return false;
  const matcher = new DockerignoreMatcher(patterns);
  const root = normalizeContextPath(source);
  const relative = root === '' || hasWildcards(root) ? path : path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  return matcher.matches(relative) || matcher.matches(path);
}

function copySourceChange(
  model: BuildModel, instruction: InstructionModel, copy: NonNullable<ReturnType<typeof parseCopyInstruction>>,
  changedPaths: readonly string[], outcomes: ReadonlyMap<number, StageOutcome>, notes: string[],
): string | undefined {
  if (copy.from !== undefined) {
    const source = sourceStage(model, copy.from, true);
    const outcome = source ? outcomes.get(source.index) : undefined;
    if (!source || !outcome?.missedAt) return undefined;
    const hit = copy.sources.find((src) => overlaps(outcome.changed, literalPrefix(src)));
    return hit === undefined ? undefined : `stage ${stageLabel(source)} is rebuilt and what it has at ${hit} may differ (BuildKit compares the copied files' content)`;
  }
  for (const src of copy.sources) {
    if (instruction.keyword === 'ADD' && isGitRef(src)) {
      notes.push(`ADD ${src} at line ${line(instruction)}: a git repository (current BuildKit) is keyed on the commit its ref points to when the build runs, which layerwise cannot tell (answered as unchanged); BuildKit 0.8 and the classic builder take it as a URL`);
      continue;
    }
    if (instruction.keyword === 'ADD' && isUrl(src)) {
      notes.push(`ADD ${src} at line ${line(instruction)}: the builder downloads it on every build and misses only if its content changed, which layerwise cannot tell (answered as unchanged)`);
      continue;
    }
    const matcher = sourceMatcher(src);
    const hit = changedPaths.find((p) => matcher.covers(p) && !excluded(copy.exclude, src, p));
    if (hit !== undefined) return `context file ${hit} changed (source ${src})`;
  }
  return undefined;
}

/** A RUN's bind mounts (and cache mounts seeded from a stage) are keyed on what they mount. */
function mountChange(model: BuildModel, instruction: InstructionModel, changedPaths: readonly string[], outcomes: ReadonlyMap<number, StageOutcome>): string | undefined {
  for (const mount of instruction.mounts ?? []) {
    if (mount.type === 'bind' && mount.from === '') {
      const source = mount.source === '' ? '.' : mount.source;
      const matcher = sourceMatcher(source);
      const hit = changedPaths.find((p) => matcher.covers(p));
      if (hit !== undefined) return `context file ${hit} changed (bind mount of ${source})`;
      continue;
    }
    if ((mount.type === 'bind' || mount.type === 'cache') && mount.from !== '') {
      const stage = sourceStage(model, mount.from, false);
      const outcome = stage ? outcomes.get(stage.index) : undefined;
      if (stage && outcome?.missedAt && overlaps(outcome.changed, literalPrefix(mount.source))) {
        return `stage ${stageLabel(stage)} is rebuilt and what it has at /${mount.source.replace(/^\/+/, '')} may differ (mounted, keyed on content)`;
      }
    }
  }
  return undefined;
}
