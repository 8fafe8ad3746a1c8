// `layerwise explain --changed/--changed-arg` against the real engine (classic builder): each
// fixture in test/fixtures/cache is built, changed exactly as its cache.json says, and rebuilt; the
// steps the engine ran again (no ` ---> Using cache`; for FROM, a different image) must be exactly
// the steps the CLI marks `rebuild: true`. No expected value is written by hand.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { runProcess } from '../../support/process';
import {
  applyChanges, buildArgv, builtInstructionLines, changedArgNames, docker, FIXTURES, parseSteps, prepareContext, PROJECT_ROOT,
  readScenario, serveFiles, substitute,
} from './harness';

const runId = randomBytes(4).toString('hex');
/** Tags this run made (its images are found by the run label of its base images). */
const created: string[] = [];

interface ExplainJson {
  steps: Array<{ line: number; stage: string | null; instruction: string; rebuild?: boolean; rebuildReason?: string }>;
  notes: string[];
}

/**
 * Base images of this run (busybox:local plus a label naming the run), so that no step can hit a
 * cache entry an earlier run left behind. Within the run, every rebuilt step's key is unique to its
 * scenario (edits carry the scenario's name, arg values differ), and a step that used the cache
 * must have produced the first build's image again (checked below).
 */
const baseImages = new Map<string, Promise<string>>();
function baseImage(variant: 'base' | 'alt'): Promise<string> {
  let image = baseImages.get(variant);
  if (!image) {
    image = (async () => {
      const tag = `layerwise-test-cache-${variant}:${runId}`;
      const dir = join(PROJECT_ROOT, 'test/fixtures/cache/_base');
      const result = await docker(['build', '--network', 'none', '--label', `${TEST_LABEL}=cache`, '--label', `${TEST_LABEL}.run=${variant}-${runId}`, '-t', tag, dir]);
      assert.equal(result.status, 0, `base image ${tag}:\n${result.stdout}${result.stderr}`);
      created.push(tag);
      return tag;
    })();
    baseImages.set(variant, image);
  }
  return image;
}

let server: { url: string; close: () => Promise<void> } | undefined;
before(async () => { server = await serveFiles(join(FIXTURES, '_served')); });

after(async () => {
  await server?.close();
  // Everything this run built descends from its base images and so carries their run label:
  // remove the tags, then every image with that label, children first (`docker rmi` goes on past
  // an image it cannot remove yet, and removes untagged parents it leaves childless).
  // A build that failed half-way can leave its step container behind (it carries the label too).
  const containers = ['base', 'alt'].flatMap((variant) =>
    dockerCli(['ps', '-a', '-q', '--filter', `label=${TEST_LABEL}.run=${variant}-${runId}`]).stdout.split('\n').filter(Boolean));
  if (containers.length) dockerCli(['rm', '-f', ...containers]);
  const tags = created.filter((c) => c.includes(':'));
  if (tags.length) dockerCli(['rmi', ...tags]);
  for (let pass = 0; pass < 5; pass++) {
    const ids = ['base', 'alt'].flatMap((variant) =>
      dockerCli(['images', '-a', '-q', '--filter', `label=${TEST_LABEL}.run=${variant}-${runId}`]).stdout.split('\n').filter(Boolean));
    if (ids.length === 0) break;
    dockerCli(['rmi', ...new Set(ids)]);
  }
});

const scenarios = readdirSync(FIXTURES).filter((n) => !n.startsWith('_') && statSync(join(FIXTURES, n)).isDirectory()).sort();

describe('layerwise explain --changed agrees with the engine\'s cache', { concurrency: 2 }, () => {
  before(() => assert.ok(scenarios.length >= 15, `only ${scenarios.length} scenarios`));

  for (const name of scenarios) {
    test(name, async () => {
      const dir = join(FIXTURES, name);
      const scenario = readScenario(dir);
      const text = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      const bases: Record<string, string> = { BASE: await baseImage('base') };
      if (/@ALT@/.test(text + JSON.stringify(scenario))) bases.ALT = await baseImage('alt');
      bases.URL = server!.url;
      const workDir = prepareContext(dir, bases);
      try {
        const firstArgs = (scenario.buildArgs ?? []).map((a) => substitute(a, bases));
        const secondArgs = (scenario.rebuildArgs ?? scenario.buildArgs ?? []).map((a) => substitute(a, bases));
        const first = await docker(buildArgv(workDir, `layerwise-test-cache:${name}-1-${runId}`, scenario, firstArgs));
        created.push(`layerwise-test-cache:${name}-1-${runId}`);
        assert.equal(first.status, 0, `first build:\n${first.stdout}${first.stderr}`);

        const changed = applyChanges(workDir, scenario, `${name} ${runId}`);
        const changedArgs = changedArgNames(firstArgs, secondArgs);
        const second = await docker(buildArgv(workDir, `layerwise-test-cache:${name}-2-${runId}`, scenario, secondArgs));
        created.push(`layerwise-test-cache:${name}-2-${runId}`);
        assert.equal(second.status, 0, `rebuild:\n${second.stdout}${second.stderr}`);

        // What the engine did, step by step (the last step is the one `--label` adds).
        const lines = builtInstructionLines(readFileSync(join(workDir, 'Dockerfile'), 'utf8'), scenario.target);
        const before1 = parseSteps(first.stdout);
        const after2 = parseSteps(second.stdout);
        assert.equal(after2.length, lines.length + 1, `the engine printed ${after2.length} steps for ${lines.length} instructions:\n${second.stdout}`);
        const engine = new Map<number, boolean>();
        lines.forEach((instruction, i) => {
          const [was, now] = [before1[i], after2[i]];
          if (!now.imageId) return; // a global ARG: no layer
          if (instruction.keyword === 'FROM') engine.set(instruction.line, was.imageId !== now.imageId);
          else {
            // A step that used the cache must have produced the first build's image again.
            assert.equal(now.usingCache, was.imageId === now.imageId, `line ${instruction.line}: Using cache=${now.usingCache} but image ${was.imageId} -> ${now.imageId}`);
            engine.set(instruction.line, !now.usingCache);
          }
        });

        const argv = [join(PROJECT_ROOT, 'dist/cli.js'), 'explain', '--format', 'json', '--context', workDir];
        for (const a of secondArgs) argv.push('--build-arg', a);
        if (scenario.target) argv.push('--target', scenario.target);
        for (const c of changed) argv.push('--changed', c);
        for (const a of changedArgs) argv.push('--changed-arg', a);
        argv.push(join(workDir, 'Dockerfile'));
        const explained = await runProcess(process.execPath, argv);
        assert.equal(explained.status, 0, `explain: ${explained.stderr}`);
        const result = JSON.parse(explained.stdout) as ExplainJson;

        const predicted = new Map<number, boolean>();
        for (const step of result.steps) {
          assert.equal(typeof step.rebuild, 'boolean', `line ${step.line} has no rebuild flag`);
          if (step.stage === null) continue;
          assert.ok(engine.has(step.line), `line ${step.line} (${step.instruction}) is not a step the engine built`);
          predicted.set(step.line, step.rebuild!);
        }
        const engineForExplained = new Map([...engine].filter(([line]) => predicted.has(line)));
        const show = (m: Map<number, boolean>) => [...m].map(([l, r]) => `${l}:${r ? 'rebuild' : 'cached'}`).join(' ');
        assert.equal(show(predicted), show(engineForExplained),
          `explain (left) vs engine (right); changed ${JSON.stringify(changed)} args ${JSON.stringify(changedArgs)}\n${JSON.stringify(result.steps.map((s) => [s.line, s.rebuildReason]))}\n${second.stdout}`);
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
  }
});
