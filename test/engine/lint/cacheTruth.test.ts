// The layer-cache rules proved with the real engine (classic builder, busybox:local): what
// CacheBustingCopyBeforeInstall and EarlyVolatileArg report really re-runs the step on a rebuild
// (no "Using cache"), and after the fix / the good order the same change leaves the step cached.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from '../../../src/dockerfile/rules';
import { dockerCli } from '../../support/engine';
import { applyFix } from '../../support/fixes';
import { LINT_LABEL, removeLintImages } from './cleanup';
import { TEST_BUILD_NETWORK } from '../../support/builders';

const run = randomBytes(4).toString('hex');
const dirs: string[] = [];
const tags: string[] = [];

after(() => {
  removeLintImages(tags);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function context(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lint-cache-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Builds (cache allowed) and returns, per step, whether the engine reused the cache. */
let builds = 0;

function build(dir: string, name: string, buildArgs: string[] = []): Map<string, boolean> {
  // A tag per build, so that every image (none left dangling by a moved tag) is removed after.
  const tag = `layerwise-test-lint-cache-${name}:${run}-${++builds}`;
  tags.push(tag);
  const args = buildArgs.flatMap((a) => ['--build-arg', a]);
  const result = dockerCli(['build', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, ...args, '-t', tag, dir]);
  assert.equal(result.status, 0, `build failed:\n${result.stdout}${result.stderr}`);
  const steps = new Map<string, boolean>();
  for (const chunk of result.stdout.split(/^Step \d+\/\d+ : /m).slice(1)) {
    const [instruction] = chunk.split('\n');
    steps.set(instruction.trim(), /Using cache/.test(chunk));
  }
  return steps;
}


// A stand-in `npm` (busybox has none): the install step's cache behaviour is what matters.
// The run's id in the first step of every Dockerfile here (a shell comment): no step can hit a
// cache entry another run left behind, which an unrelated removal could take away mid-build (seen:
// "unable to find image" after a killed run left its images).
const FAKE_NPM = `RUN printf '#!/bin/sh\\necho installing from $(cat package.json)\\n' > /bin/npm && chmod +x /bin/npm # ${run}`;
const INSTALL = 'RUN cd /app && npm ci';

describe('layer-cache findings are what the engine does', { concurrency: 1 }, () => {
  it('CacheBustingCopyBeforeInstall: a source edit re-runs the install; after the fix it stays cached', () => {
    const text = ['FROM busybox:local', FAKE_NPM, 'WORKDIR /app', 'COPY . /app/', INSTALL, ''].join('\n');
    // Contents unique to this run: no layer of an earlier run can be reused.
    const files = { 'package.json': `{"name":"x-${run}"}`, 'server.js': `v1-${run}` };
    const found = lint(text, { context: { dir: '.', files: Object.keys(files) } }).filter((f) => f.rule === 'CacheBustingCopyBeforeInstall');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 3);

    const dir = context({ ...files, Dockerfile: text });
    build(dir, 'bust');
    writeFileSync(join(dir, 'server.js'), `v2-${run}`);
    assert.equal(build(dir, 'bust').get(INSTALL), false, 'the engine re-ran the install after a source edit');

    const fixed = applyFix(text, found[0]);
    assert.deepEqual(lint(fixed, { context: { dir: '.', files: Object.keys(files) } }).filter((f) => f.rule === 'CacheBustingCopyBeforeInstall'), []);
    writeFileSync(join(dir, 'Dockerfile'), fixed);
    build(dir, 'bust-fixed');
    writeFileSync(join(dir, 'server.js'), `v3-${run}`);
    const steps = build(dir, 'bust-fixed');
    assert.equal(steps.get(INSTALL), true, `after the fix the install stays cached: ${[...steps].join(' | ')}`);
    assert.equal(steps.get('COPY . /app/'), false, 'the source COPY itself does re-run');
  });

  it('EarlyVolatileArg: a new value re-runs RUN steps that do not use it; declared late, they stay cached', () => {
    const expensive = `RUN echo expensive step ${run}`;
    const bad = `FROM busybox:local\nARG GIT_COMMIT\n${expensive}\nLABEL rev=$GIT_COMMIT\n`;
    const good = `FROM busybox:local\n${expensive}\nARG GIT_COMMIT\nLABEL rev=$GIT_COMMIT\n`;
    assert.equal(lint(bad).filter((f) => f.rule === 'EarlyVolatileArg').length, 1);
    assert.deepEqual(lint(good).filter((f) => f.rule === 'EarlyVolatileArg'), []);

    const badDir = context({ Dockerfile: bad });
    build(badDir, 'volatile', [`GIT_COMMIT=a-${run}`]);
    assert.equal(build(badDir, 'volatile', [`GIT_COMMIT=b-${run}`]).get(expensive), false, 'the engine re-ran the RUN for a new commit');

    const goodDir = context({ Dockerfile: good });
    build(goodDir, 'volatile-good', [`GIT_COMMIT=a-${run}`]);
    assert.equal(build(goodDir, 'volatile-good', [`GIT_COMMIT=b-${run}`]).get(expensive), true, 'declared after it, the RUN stays cached');
  });
});
