// `layerwise explain --changed/--changed-arg --builder B` against the real engine's cache, for both
// builders: each fixture in test/fixtures/cache is built, changed exactly as its cache.json says,
// and rebuilt; the steps the engine ran again must be exactly the steps the CLI marks
// `rebuild: true`, and the steps it reused exactly those marked `false`, in both directions: a
// step explain misses, or one the engine never made, fails. For the classic builder a step ran
// when it did not print ` ---> Using cache` (a FROM: when it produced another image); for BuildKit
// when its vertex was not CACHED (a FROM: when its digest, the image, changed). Instructions
// BuildKit makes no step of must be `step: false`. No expected value is written by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildWith, EngineBuild, TEST_BUILDERS, TestBuilder, TEST_BUILD_NETWORK } from '../../support/builders';
import { TEST_LABEL } from '../../support/engine';
import { runProcess } from '../../support/process';
import {
  applyChanges, builtInstructionLines, buildkitStepLines, neededStageIndexes, CacheScenario, changedArgNames, docker, FIXTURES, prepareContext, PROJECT_ROOT,
  readScenario, serveFiles, substitute,
} from './harness';

const runId = randomBytes(4).toString('hex');

interface ExplainJson {
  builder: string;
  steps: Array<{ line: number; stage: string | null; instruction: string; rebuild?: boolean; rebuildReason?: string; step?: false; onbuild?: true }>;
  notes: string[];
}

/**
 * The base images of one scenario: busybox:local plus a layer of their own, so that no step can
 * hit a cache entry another scenario or an earlier run left behind (BuildKit keys a FROM on the
 * image's layers, and merges identical steps of builds that run at the same time). Both builders'
 * tests of a scenario share them: the classic builder's cache is the image store's parent chain
 * and BuildKit's is its own, so neither can hit what the other built. Everything built descends
 * from them and so carries their labels: the scenario's (to remove it all when its last test
 * ends) and the run's (to sweep what a crash left).
 */
async function buildBaseImage(variant: 'base' | 'alt', scenario: string): Promise<string> {
  const tag = `layerwise-test-cache-${variant}:${scenario}-${runId}`;
  const dir = join(PROJECT_ROOT, `test/fixtures/cache/_${variant}`);
  const result = await docker(['build', '--network', TEST_BUILD_NETWORK, '--build-arg', `UNIQUE=${scenario} ${runId}`, '--label', `${TEST_LABEL}=cache`,
    '--label', `${TEST_LABEL}.run=${runId}`, '--label', `${TEST_LABEL}.case=${scenario}-${runId}`, '-t', tag, dir]);
  assert.equal(result.status, 0, `base image ${tag}:\n${result.stdout}${result.stderr}`);
  return tag;
}

/**
 * A scenario's base images, built once for the tests of both builders, removed after the last of
 * them. The count is known up front: one test may end (a builder that refuses the fixture ends at
 * once) before the other has even started. A test left out by a name filter leaves them to the
 * run's sweep in `after`.
 */
class ScenarioBases {
  private readonly built = new Map<string, Promise<string>>();
  private users = TEST_BUILDERS.length;
  constructor(private readonly scenario: string) {}

  image(variant: 'base' | 'alt'): Promise<string> {
    let image = this.built.get(variant);
    if (!image) this.built.set(variant, image = buildBaseImage(variant, this.scenario));
    return image;
  }

  /** Called in each test's `finally`: the last one removes everything of the scenario. */
  async release(): Promise<void> {
    if (--this.users > 0) return;
    const tags = (await Promise.allSettled(this.built.values())).flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    await removeByLabel(`${TEST_LABEL}.case`, `${this.scenario}-${runId}`, tags);
  }
}

const basesOf = new Map<string, ScenarioBases>();

async function dockerLines(args: string[]): Promise<string[]> {
  return (await docker(args)).stdout.split('\n').filter(Boolean);
}

/**
 * Removes the containers and images carrying `label=value`, children first. Asynchronous: the
 * other tests of this file go on while it runs.
 */
async function removeByLabel(label: string, value: string, tags: string[]): Promise<void> {
  const filter = `label=${label}=${value}`;
  const containers = await dockerLines(['ps', '-a', '-q', '--filter', filter]);
  if (containers.length) await docker(['rm', '-f', ...containers]);
  if (tags.length) await docker(['rmi', ...tags]);
  // `docker rmi` goes on past an image it cannot remove yet, and removes untagged parents it leaves childless.
  for (let pass = 0; pass < 5; pass++) {
    const ids = await dockerLines(['images', '-a', '-q', '--filter', filter]);
    if (ids.length === 0) break;
    await docker(['rmi', ...new Set(ids)]);
  }
}

let server: { url: string; close: () => Promise<void> } | undefined;
before(async () => { server = await serveFiles(join(FIXTURES, '_served')); });

after(async () => {
  await server?.close();
  // What a test could not remove in its `finally` (it crashed): everything of this run.
  await removeByLabel(`${TEST_LABEL}.run`, runId, []);
});

const scenarios = readdirSync(FIXTURES).filter((n) => !n.startsWith('_') && statSync(join(FIXTURES, n)).isDirectory()).sort();

/** line -> whether the engine ran that step again, from the two builds. */
function engineSteps(builder: TestBuilder, dockerfile: string, scenario: CacheScenario, first: EngineBuild, second: EngineBuild, secondArgs: string[]): Map<number, boolean> {
  const engine = new Map<number, boolean>();
  const needed = neededStageIndexes(dockerfile, scenario.target);
  const stageOfLine = new Map(builtInstructionLines(dockerfile).map((i) => [i.line, i.stageIndex]));
  if (builder === 'classic') {
    // One step per instruction of the stages up to the target, then one the builder adds for `--label`;
    // compared are those of the stages the target needs (explain lists only those).
    const lines = builtInstructionLines(dockerfile, scenario.target);
    assert.equal(second.steps.length, lines.length + 1, `the engine printed ${second.steps.length} steps for ${lines.length} instructions:\n${second.output}`);
    lines.forEach((instruction, i) => {
      const [was, now] = [first.steps[i], second.steps[i]];
      if (!now.id || !needed.has(instruction.stageIndex)) return; // a global ARG: no layer
      if (instruction.keyword === 'FROM') engine.set(instruction.line, was.id !== now.id);
      else {
        // A step that used the cache must have produced the first build's image again.
        assert.equal(now.cached, was.id === now.id, `line ${instruction.line}: Using cache=${now.cached} but image ${was.id} -> ${now.id}`);
        engine.set(instruction.line, !now.cached);
      }
    });
    return engine;
  }
  const { lineOf, instructionText } = buildkitStepLines(dockerfile, secondArgs);
  // A FROM ran again when it is another image: its digest was none of the first build's FROMs.
  const firstImages = new Set(first.steps.filter((s) => /^FROM /.test(s.text)).map((s) => s.id));
  const byText = new Map<string, boolean>();
  for (const step of second.steps) {
    if (/^FROM /.test(step.text)) { byText.set(step.text, !firstImages.has(step.id)); continue; }
    const line = lineOf(step);
    assert.ok(line !== undefined, `BuildKit step "[${step.stage} ${step.index}] ${step.text}" is no instruction of the Dockerfile:\n${second.output}`);
    assert.ok(!engine.has(line), `two BuildKit steps for line ${line}`);
    engine.set(line, !step.cached);
    byText.set(step.text, !step.cached);
  }
  // BuildKit makes one step of identical ones (the same FROM in several stages, the same RUN on the
  // same base), named after whichever stage came first: a step it printed once answers for the
  // others with the same text. FROMs are matched so, by their image.
  for (const [line, text] of instructionText) {
    if (engine.has(line) || !needed.has(stageOfLine.get(line) ?? -1)) continue;
    const same = [...byText].find(([t]) => t === text || (text.startsWith('FROM ') && t.startsWith('FROM ') && t.endsWith(`/${text.slice(5)}`)));
    if (same) engine.set(line, same[1]);
  }
  return engine;
}

async function scenarioTest(name: string, builder: TestBuilder): Promise<void> {
  const dir = join(FIXTURES, name);
  const scenario = readScenario(dir);
  const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const tags: string[] = [];
  let workDir: string | undefined;
  let shared = basesOf.get(name);
  if (!shared) basesOf.set(name, shared = new ScenarioBases(name));
  try {
    const bases: Record<string, string> = { BASE: await shared.image('base') };
    if (/@ALT@/.test(text + JSON.stringify(scenario))) bases.ALT = await shared.image('alt');
    bases.URL = server!.url;
    const context = prepareContext(dir, bases);
    workDir = context;
    const firstArgs = (scenario.buildArgs ?? []).map((a) => substitute(a, bases));
    const secondArgs = (scenario.rebuildArgs ?? scenario.buildArgs ?? []).map((a) => substitute(a, bases));
    const spec = (n: number, buildArgs: string[]) => {
      const tag = `layerwise-test-cache:${name}-${builder}-${n}-${runId}`;
      tags.unshift(tag);
      return { context, tag, buildArgs, target: scenario.target, labels: { [TEST_LABEL]: 'cache' } };
    };
    const first = await buildWith(builder, spec(1, firstArgs));
    const refused = scenario.rejects?.[builder];
    if (refused !== undefined) {
      assert.notEqual(first.status, 0, `the ${builder} builder built a fixture it should refuse:\n${first.output}`);
      assert.ok(first.output.includes(refused), `the engine (${builder}) did not say "${refused}":\n${first.output}`);
      const explained = await runProcess(process.execPath, [join(PROJECT_ROOT, 'dist/cli.js'), 'explain', '--format', 'json', '--builder', builder, '--no-engine', join(context, 'Dockerfile')]);
      assert.equal(explained.status, 1, `explain should say the ${builder} builder rejects it`);
      assert.ok((JSON.parse(explained.stdout) as { problems: Array<{ message: string }> }).problems.some((p) => first.output.includes(p.message)), explained.stdout);
      return;
    }
    assert.equal(first.status, 0, `first build:\n${first.output}`);

    const changed = applyChanges(context, scenario, `${name} ${builder} ${runId}`);
    const changedArgs = changedArgNames(firstArgs, secondArgs);
    const second = await buildWith(builder, spec(2, secondArgs));
    assert.equal(second.status, 0, `rebuild:\n${second.output}`);
    const engine = engineSteps(builder, readFileSync(join(context, 'Dockerfile'), 'utf8'), scenario, first, second, secondArgs);

    const argv = [join(PROJECT_ROOT, 'dist/cli.js'), 'explain', '--format', 'json', '--builder', builder, '--context', context];
    for (const a of secondArgs) argv.push('--build-arg', a);
    if (scenario.target) argv.push('--target', scenario.target);
    for (const c of changed) argv.push('--changed', c);
    for (const a of changedArgs) argv.push('--changed-arg', a);
    argv.push(join(context, 'Dockerfile'));
    const explained = await runProcess(process.execPath, argv);
    assert.equal(explained.status, 0, `explain: ${explained.stderr}`);
    const result = JSON.parse(explained.stdout) as ExplainJson;
    assert.equal(result.builder, builder);

    const predicted = new Map<number, boolean>();
    for (const step of result.steps) {
      assert.equal(typeof step.rebuild, 'boolean', `line ${step.line} has no rebuild flag`);
      if (step.step === false) {
        // No step of its own: nothing to miss, and the engine must not have made one either.
        assert.equal(step.rebuild, false, `line ${step.line} (${step.instruction}) makes no step but is marked rebuild`);
        continue;
      }
      if (step.onbuild) continue; // triggers run inside their FROM's step
      predicted.set(step.line, step.rebuild!);
    }
    // Both directions: every step either side has, with the same answer.
    const show = (m: Map<number, boolean>) => [...m].sort(([a], [b]) => a - b).map(([l, r]) => `${l}:${r ? 'rebuild' : 'cached'}`).join(' ');
    assert.equal(show(predicted), show(engine),
      `explain (left) vs engine (right), ${builder}; changed ${JSON.stringify(changed)} args ${JSON.stringify(changedArgs)}\n${JSON.stringify(result.steps.map((s) => [s.line, s.rebuildReason]))}\n${second.output}`);
  } finally {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    // This builder's images now; what descends from the shared bases when the scenario's last test ends.
    if (tags.length) await docker(['rmi', ...tags]);
    await shared.release();
  }
}

describe('layerwise explain --changed agrees with the engine\'s cache, for each builder', { concurrency: 4 }, () => {
  before(() => assert.ok(scenarios.length >= 15, `only ${scenarios.length} scenarios`));
  for (const name of scenarios) {
    for (const builder of TEST_BUILDERS) test(`${builder}: ${name}`, () => scenarioTest(name, builder));
  }
});
