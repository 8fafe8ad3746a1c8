// `layerwise explain --format json --builder B` against the real engine, for both builders: each
// fixture in test/fixtures/explain is built with the classic builder and with BuildKit, and the
// CLI's answer for that builder must equal the image's whole Config (the engine API's
// `docker image inspect`) and the output of `env` in every RUN the engine ran, and name every RUN it
// ran. No expected value is written by hand: the engine says what is right, for each builder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_BUILDERS, TestBuilder, TEST_BUILD_NETWORK } from '../../support/builders';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import {
  buildFixture, capturedEnvironments, configDifferences, contractConfig, FIXTURES, FixtureInputs, imageId, inspectImage, instrumentRuns, readInputs,
  removeDir, removeImages, runExplain, RUNTIME_ADDED, RUNTIME_HOMES, substituteBases,
} from './harness';

const run = randomBytes(4).toString('hex');
/** Everything this run builds carries this label value (the bases, the fixtures' images). */
const label = `explain-${run}`;
const bases: Record<string, string> = {};
const keep = new Set<string>();
const BASES_DIR = join(FIXTURES, '_bases');

interface ExplainJson {
  builder: string;
  target: string;
  config: Record<string, unknown>;
  steps: Array<{ line: number; stage: string | null; instruction: string; env: Record<string, string>; onbuild?: boolean; step?: false }>;
  baseImages: Array<{ stage: string; image: string; known: boolean }>;
  unusedBuildArgs: string[];
  notes: string[];
  problems: Array<{ severity: string; message: string }>;
}

/** What the engine showed per fixture and builder, to count where the builders differ. */
const seen = new Map<string, Partial<Record<TestBuilder, string>>>();
function record(name: string, builder: TestBuilder, observation: unknown): void {
  seen.set(name, { ...seen.get(name), [builder]: JSON.stringify(observation) });
}

before(() => {
  keep.add(imageId('busybox:local'));
  // Test base images WITH config, built from busybox:local, to prove base-image seeding.
  for (const name of readdirSync(BASES_DIR).sort()) {
    const tag = `layerwise-test-explain-${name}:${run}`;
    const result = dockerCli(['build', '--network', TEST_BUILD_NETWORK, '--label', `${TEST_LABEL}=${label}`, '-t', tag, join(BASES_DIR, name)]);
    assert.equal(result.status, 0, `base ${name} failed to build:\n${result.stdout}${result.stderr}`);
    bases[name] = tag;
    keep.add(imageId(tag));
  }
});

after(() => {
  for (const tag of Object.values(bases)) dockerCli(['rmi', tag]);
  // Whatever a failed removal left: this run's images, by label.
  const left = dockerCli(['images', '-a', '-q', '--filter', `label=${TEST_LABEL}=${label}`]).stdout.split('\n').filter(Boolean);
  if (left.length) dockerCli(['rmi', '-f', ...new Set(left)]);
});

const all = readdirSync(FIXTURES).filter((n) => !n.startsWith('_') && statSync(join(FIXTURES, n)).isDirectory()).sort();

/** What the fixture is for this builder: built and compared, rejected, or beyond this engine. */
function kind(name: string, inputs: FixtureInputs, builder: TestBuilder): 'accepted' | 'rejected' | 'beyond' {
  if (name.startsWith('fails-') || inputs.rejects?.[builder] !== undefined) return 'rejected';
  if (inputs.beyondEngine?.[builder]) return 'beyond';
  return 'accepted';
}

async function accepted(name: string, builder: TestBuilder, inputs: FixtureInputs): Promise<void> {
  const dir = join(FIXTURES, name);
  const tag = `layerwise-test-explain:${name}-${builder}-${run}`;
  const built = await buildFixture(builder, dir, tag, bases, inputs, label);
  try {
    assert.equal(built.status, 0, `docker build (${builder}) failed:\n${built.output}`);
    const explained = await runExplain(built.workDir, inputs, ['--builder', builder]);
    assert.equal(explained.stderr, '', 'explain wrote to stderr');
    const result = JSON.parse(explained.stdout) as ExplainJson;
    assert.equal(explained.status, 0, `explain exited ${explained.status}: ${JSON.stringify(result.problems)}`);
    assert.equal(result.builder, builder);
    assert.deepEqual(result.problems, [], 'the engine built it, so the model must not report problems');

    // The image's whole Config as the engine reports it.
    const image = await inspectImage(tag);
    assert.deepEqual(configDifferences(builder, image, result.config), [], 'config differs from the engine\'s');

    // Every RUN's environment as the command saw it.
    const text = substituteBases(readFileSync(join(dir, 'Dockerfile'), 'utf8'), bases);
    const instrumented = new Set(instrumentRuns(text).lines);
    const captured = capturedEnvironments(built.printed);
    const runSteps = result.steps.filter((s) => s.instruction === 'RUN' && !s.onbuild);
    for (const step of runSteps) {
      if (!instrumented.has(step.line)) continue; // exec form: nothing printed it
      const seenEnv = captured.get(step.line);
      assert.ok(seenEnv, `RUN at line ${step.line} did not run in the engine's build`);
      const engineEnv = { ...seenEnv };
      // What the runtime adds is compared only where the model says the image sets it.
      for (const k of RUNTIME_ADDED) {
        if (k in step.env) continue;
        if (k === 'HOME') assert.ok(RUNTIME_HOMES.includes(engineEnv.HOME), `RUN at line ${step.line}: HOME=${engineEnv.HOME} is not the runtime's default`);
        delete engineEnv[k];
      }
      assert.deepEqual(step.env, engineEnv, `environment of RUN at line ${step.line}`);
    }
    // The RUNs the engine ran: BuildKit runs exactly the stages the target needs; the classic
    // builder every stage up to the target, so the others must be in stages explain leaves out.
    const stepLines = new Set(runSteps.map((s) => s.line));
    for (const line of captured.keys()) {
      if (builder === 'buildkit') assert.ok(stepLines.has(line), `BuildKit ran the RUN at line ${line}, which explain has no step for`);
      else if (!stepLines.has(line)) assert.ok(!result.steps.some((s) => s.line === line), `RUN at line ${line} ran but explain has it as something else`);
    }
    assert.ok(runSteps.length === 0 || captured.size > 0, 'no RUN environment was captured');

    // The build args the engine warned were not consumed (BuildKit never warns).
    const warned = built.output.match(/One or more build-args \[([^\]]*)\] were not consumed/);
    const engineUnused = warned ? warned[1].split(' ').filter(Boolean).sort() : [];
    assert.deepEqual([...result.unusedBuildArgs].sort(), engineUnused, 'unused build args differ from the engine\'s warning');
    // What the engine showed, without what the runtime adds (a random HOSTNAME...).
    const envs = [...captured].sort(([a], [b]) => a - b).map(([line, env]) => [line, Object.entries(env).filter(([k]) => !RUNTIME_ADDED.includes(k)).sort()]);
    record(name, builder, { config: contractConfig(image.config), env: envs });
  } finally {
    await removeImages([...built.imageIds, tag], keep);
    removeDir(built.workDir);
  }
}

async function rejected(name: string, builder: TestBuilder, inputs: FixtureInputs): Promise<void> {
  const dir = join(FIXTURES, name);
  const built = await buildFixture(builder, dir, `layerwise-test-explain:${name}-${builder}-${run}`, bases, inputs, label);
  try {
    assert.notEqual(built.status, 0, `the engine (${builder}) built a fixture meant to fail:\n${built.output}`);
    const says = inputs.rejects?.[builder];
    if (says !== undefined) assert.ok(built.output.includes(says), `the engine (${builder}) did not say "${says}":\n${built.output}`);
    const explained = await runExplain(built.workDir, inputs, ['--builder', builder]);
    assert.equal(explained.status, 1, `explain should exit 1 when the build would fail; stderr: ${explained.stderr}`);
    const result = JSON.parse(explained.stdout) as ExplainJson;
    const errors = result.problems.filter((p) => p.severity === 'error');
    assert.ok(errors.length > 0, 'no error reported');
    // The builder's own message, word for word, is one of the model's errors.
    assert.ok(errors.some((e) => built.output.includes(e.message)), `engine said:\n${built.output}\nmodel said: ${JSON.stringify(errors)}`);
    record(name, builder, { rejected: true });
  } finally {
    await removeImages(built.imageIds, keep);
    removeDir(built.workDir);
  }
}

async function beyond(name: string, builder: TestBuilder, inputs: FixtureInputs): Promise<void> {
  const dir = join(FIXTURES, name);
  const expectation = inputs.beyondEngine![builder]!;
  const built = await buildFixture(builder, dir, `layerwise-test-explain:${name}-${builder}-${run}`, bases, inputs, label);
  try {
    assert.notEqual(built.status, 0, `the engine (${builder}) built it after all; make it a fixture it accepts:\n${built.output}`);
    assert.ok(built.output.includes(expectation.engineSays), `the engine did not say "${expectation.engineSays}":\n${built.output}`);
    const explained = await runExplain(built.workDir, inputs, ['--builder', builder]);
    const result = JSON.parse(explained.stdout) as ExplainJson;
    assert.ok(result.notes.some((n) => n.includes(expectation.noteSays)), `explain's notes do not say "${expectation.noteSays}": ${JSON.stringify(result.notes)}`);
    record(name, builder, { beyond: true });
  } finally {
    await removeImages(built.imageIds, keep);
    removeDir(built.workDir);
  }
}

describe('layerwise explain agrees with the engine, for each builder', { concurrency: 4 }, () => {
  for (const name of all) {
    const inputs = readInputs(join(FIXTURES, name));
    for (const builder of TEST_BUILDERS) {
      const what = kind(name, inputs, builder);
      const title = `${builder}: ${name}${what === 'rejected' ? ' (rejected)' : what === 'beyond' ? ' (beyond this engine)' : ''}`;
      test(title, () => (what === 'accepted' ? accepted : what === 'rejected' ? rejected : beyond)(name, builder, inputs));
    }
  }
});

describe('the builders compared', () => {
  test('the engine answered differently for some fixtures, and the model followed each', (t) => {
    const both = [...seen].filter(([, b]) => b.classic !== undefined && b.buildkit !== undefined);
    const differ = both.filter(([, b]) => b.classic !== b.buildkit).map(([n]) => n);
    t.diagnostic(`${all.length} fixtures; ${both.length} observed with both builders; the engine's answers differ between the builders in ${differ.length}: ${differ.join(', ')}`);
    // The fixtures are there to tell the builders apart: some must.
    assert.ok(differ.length > 0, 'no fixture shows a difference between the builders');
  });
});

describe('base images', () => {
  test('are known from the engine, unknown with --no-engine or when absent', async () => {
    const dir = join(FIXTURES, 'base-with-config');
    const built = await buildFixture('buildkit', dir, `layerwise-test-explain:bases-${run}`, bases, {}, label);
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
      await removeImages([built.tag], keep);
      removeDir(built.workDir);
    }
  });
});
