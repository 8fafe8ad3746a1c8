// The .dockerignore matcher is what `docker build` applies: the forms patternmatcher has (negated
// classes, `**` prefix and suffix forms, `?` outside the BMP, Go escapes) leave out of the context
// exactly the files the matcher excludes, and a malformed pattern makes `docker build` fail.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DockerignoreMatcher, dockerignoreProblems } from '../../../src/dockerfile/cache/dockerignore';
import { lintAll } from '../../../src/dockerfile/rules';
import { dockerCli, TEST_LABEL } from '../../support/engine';
import { TEST_BUILD_NETWORK } from '../../support/builders';

const run = randomBytes(4).toString('hex');
const LABEL = `${TEST_LABEL}=lint-dockerignore-${run}`;
const dirs: string[] = [];
const tags: string[] = [];

after(() => {
  for (const tag of tags) dockerCli(['rmi', tag]);
  for (const id of new Set(dockerCli(['images', '-a', '-q', '--filter', `label=${LABEL}`]).stdout.split('\n').filter(Boolean))) dockerCli(['rmi', id]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function context(files: string[], dockerignore: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lw-ignore-'));
  dirs.push(dir);
  for (const file of files) { mkdirSync(dirname(join(dir, file)), { recursive: true }); writeFileSync(join(dir, file), 'x'); }
  writeFileSync(join(dir, '.dockerignore'), dockerignore);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox:local\nCOPY . /ctx/\nRUN cd /ctx && find . -type f | sort\n');
  return dir;
}

describe('.dockerignore as docker build applies it', { concurrency: 1 }, () => {
  it('the context holds exactly the files the matcher includes', () => {
    const files = ['aze', 'ace', 'src/myfile', 'file.txt', 'a/b/debug.log', 'x', 'build/out/a.o', 'x😀y', 'log5', 'logd', 'a^b', 'keep.txt'];
    const dockerignore = 'a[^b-d]e\n**file\n**.log\n**/x\nbuild/**\nx?y\nlog\\d\na^b\n';
    const dir = context(files, dockerignore);
    const tag = `layerwise-test-lint-ignore:${run}`;
    tags.push(tag);
    const result = dockerCli(['build', '--no-cache', '--network', TEST_BUILD_NETWORK, '--label', LABEL, '-t', tag, dir]);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    const sent = result.stdout.split('\n').filter((l) => l.startsWith('./')).map((l) => l.slice(2)).filter((f) => f !== 'Dockerfile' && f !== '.dockerignore').sort();
    const matcher = DockerignoreMatcher.fromText(dockerignore);
    assert.deepEqual(sent, files.filter((f) => matcher.includes(f)).sort());
    assert.deepEqual(sent, ['ace', 'file.txt', 'keep.txt', 'logd']);
  });

  it('a malformed pattern fails the build; the linter says so as an error', () => {
    for (const bad of ['[-]', '[a-b-c]', '[]a]', 'x\\']) {
      const dir = context(['keep.txt'], `keep.md\n${bad}\n`);
      const result = dockerCli(['build', '--network', TEST_BUILD_NETWORK, '--label', LABEL, '-t', `layerwise-test-lint-ignore-bad:${run}`, dir]);
      tags.push(`layerwise-test-lint-ignore-bad:${run}`);
      assert.notEqual(result.status, 0, `${bad}: the build must fail`);
      assert.match(`${result.stdout}${result.stderr}`, /syntax error in pattern/, bad);
      assert.deepEqual(dockerignoreProblems(`keep.md\n${bad}\n`).map((p) => p.line), [1], bad);
      const finding = lintAll('FROM busybox:local\nCOPY . /ctx/\n', { context: { dir, dockerignore: `keep.md\n${bad}\n` } }).find((f) => f.rule === 'InvalidDockerignorePattern');
      assert.equal(finding?.severity, 'error', bad);
    }
  });
});
