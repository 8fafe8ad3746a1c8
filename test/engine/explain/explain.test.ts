// `layerwise explain --format json` against the real engine (classic builder): each fixture in
// test/fixtures/explain is built, and the CLI's config and per-RUN environments must equal what
// `docker image inspect` shows and what each RUN printed with `env`. No expected value is written
// by hand: the engine says what is right.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import {
  buildFixture, capturedEnvironments, contractConfig, FIXTURES, imageId, inspectConfig, instrumentRuns, readInputs,
  removeDir, removeImages, runExplain, RUNTIME_ADDED, substituteBases,
} from './harness';

const run = randomBytes(4).toString('hex');
const bases: Record<string, string> = {};
const keep = new Set<string>();
const toRemove: string[] = [];
const BASES_DIR = join(FIXTURES, '_bases');

interface ExplainJson {
  target: string;
  config: Record<string, unknown>;
  steps: Array<{ line: number; stage: string | null; instruction: string; env: Record<string, string>; onbuild?: boolean }>;
  baseImages: Array<{ stage: string; image: string; known: boolean }>;
  unusedBuildArgs: string[];
  notes: string[];
  problems: unknown[];
}

before(() => {
  keep.add(imageId('busybox:local'));
  // Test base images WITH config, built from busybox:local, to prove base-image seeding.
  for (const name of readdirSync(BASES_DIR).sort()) {
    const tag = `layerwise-test-explain-${name}:${run}`;
    const result = dockerCli(['build', '--network', 'none', '--label', `${TEST_LABEL}=explain`, '-t', tag, join(BASES_DIR, name)]);
    assert.equal(result.status, 0, `base ${name} failed to build:\n${result.stdout}${result.stderr}`);
    bases[name] = tag;
    keep.add(imageId(tag));
  }
});

after(() => {
  removeImages(toRemove, keep);
  for (const tag of Object.values(bases)) dockerCli(['rmi', tag]);
});

const all = readdirSync(FIXTURES).filter((n) => !n.startsWith('_') && statSync(join(FIXTURES, n)).isDirectory()).sort();
/** `fails-*` fixtures are Dockerfiles the builder rejects. */
const fixtures = all.filter((n) => !n.startsWith('fails-'));
const failing = all.filter((n) => n.startsWith('fails-'));

describe('layerwise explain agrees with the engine', { concurrency: 2 }, () => {

  for (const name of fixtures) {
    test(name, async () => {
      const dir = join(FIXTURES, name);
      const inputs = readInputs(dir);
      const tag = `layerwise-test-explain:${name}-${run}`;
      const built = await buildFixture(dir, tag, bases, inputs);
      toRemove.push(...built.imageIds, tag);
      try {
        assert.equal(built.status, 0, `docker build failed:\n${built.output}`);
        const explained = await runExplain(built.workDir, inputs);
        assert.equal(explained.stderr, '', 'explain wrote to stderr');
        const result = JSON.parse(explained.stdout) as ExplainJson;
        assert.equal(explained.status, 0, `explain exited ${explained.status}: ${JSON.stringify(result.problems)}`);
        assert.deepEqual(result.problems, [], 'the engine built it, so the model must not report problems');

        // The image config, field by field as `docker image inspect` shows it. The test's own
        // label (from `--label`, and inherited from the test base images) is left out on both sides.
        delete (result.config.Labels as Record<string, string>)[TEST_LABEL];
        assert.deepEqual(result.config, contractConfig(inspectConfig(tag)), 'config differs from docker image inspect');

        // Every RUN's environment as the command saw it.
        const text = substituteBases(readFileSync(join(dir, 'Dockerfile'), 'utf8'), bases);
        const instrumented = new Set(instrumentRuns(text).lines);
        const captured = capturedEnvironments(built.output);
        const runSteps = result.steps.filter((s) => s.instruction === 'RUN' && !s.onbuild);
        for (const step of runSteps) {
          if (!instrumented.has(step.line)) continue; // exec form: nothing printed it
          const seen = captured.get(step.line);
          assert.ok(seen, `RUN at line ${step.line} did not run in the engine's build`);
          const engineEnv = { ...seen };
          for (const k of RUNTIME_ADDED) delete engineEnv[k];
          if (!('HOME' in step.env)) delete engineEnv.HOME;
          assert.deepEqual(step.env, engineEnv, `environment of RUN at line ${step.line}`);
        }
        // RUNs the engine ran that explain has no step for must belong to stages the target does
        // not need (the classic builder builds every stage up to the target).
        const stepLines = new Set(runSteps.map((s) => s.line));
        for (const line of captured.keys()) {
          if (!stepLines.has(line)) assert.ok(!result.steps.some((s) => s.line === line), `RUN at line ${line} ran but explain has it as something else`);
        }
        assert.ok(runSteps.length === 0 || captured.size > 0, 'no RUN environment was captured');

        // The build args the engine warned were not consumed.
        const warned = built.output.match(/One or more build-args \[([^\]]*)\] were not consumed/);
        const engineUnused = warned ? warned[1].split(' ').filter(Boolean).sort() : [];
        assert.deepEqual([...result.unusedBuildArgs].sort(), engineUnused, 'unused build args differ from the engine\'s warning');
      } finally {
        removeDir(built.workDir);
      }
    });
  }
});

describe('layerwise explain reports what the engine rejects', { concurrency: 2 }, () => {

  for (const name of failing) {
    test(name, async () => {
      const dir = join(FIXTURES, name);
      const inputs = readInputs(dir);
      const built = await buildFixture(dir, `layerwise-test-explain:${name}-${run}`, bases, inputs);
      toRemove.push(...built.imageIds);
      try {
        assert.notEqual(built.status, 0, `the engine built a fixture meant to fail:\n${built.output}`);
        const explained = await runExplain(built.workDir, inputs);
        assert.equal(explained.status, 1, `explain should exit 1 when the build would fail; stderr: ${explained.stderr}`);
        const result = JSON.parse(explained.stdout) as ExplainJson;
        const errors = (result.problems as Array<{ severity: string; message: string }>).filter((p) => p.severity === 'error');
        assert.ok(errors.length > 0, 'no error reported');
        // The builder's own message, word for word, is one of the model's errors.
        assert.ok(errors.some((e) => built.output.includes(e.message)), `engine said:\n${built.output}\nmodel said: ${JSON.stringify(errors)}`);
      } finally {
        removeDir(built.workDir);
      }
    });
  }
});

describe('base images', () => {
  test('are known from the engine, unknown with --no-engine or when absent', async () => {
    const dir = join(FIXTURES, 'base-with-config');
    const built = await buildFixture(dir, `layerwise-test-explain:bases-${run}`, bases, {});
    toRemove.push(...built.imageIds, built.tag);
    try {
      assert.equal(built.status, 0, built.output);
      const withEngine = JSON.parse((await runExplain(built.workDir, {})).stdout) as ExplainJson;
      assert.deepEqual(withEngine.baseImages, [{ stage: '0', image: bases.config, known: true }]);
      assert.deepEqual(withEngine.notes, []);

      const offline = await runExplain(built.workDir, {}, ['--no-engine']);
      assert.equal(offline.status, 0, offline.stderr);
      const noEngine = JSON.parse(offline.stdout) as ExplainJson;
      assert.deepEqual(noEngine.baseImages, [{ stage: '0', image: bases.config, known: false }]);
      assert.ok(noEngine.notes.some((n) => n.includes(bases.config) && n.includes('unknown')), JSON.stringify(noEngine.notes));
      // Without the base's config the engine's answer cannot be matched: the difference shows.
      assert.notDeepEqual(noEngine.config.Env, withEngine.config.Env);

      const absent = `layerwise-test-explain-absent:${run}`;
      writeFileSync(join(built.workDir, 'Dockerfile.explained'), `FROM ${absent}\nRUN true\n`);
      const missing = JSON.parse((await runExplain(built.workDir, {})).stdout) as ExplainJson;
      assert.deepEqual(missing.baseImages, [{ stage: '0', image: absent, known: false }]);
      assert.ok(missing.notes.some((n) => n.includes(absent)), JSON.stringify(missing.notes));
    } finally {
      removeDir(built.workDir);
    }
  });
});
