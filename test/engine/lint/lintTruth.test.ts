// The rules whose truth is the builder's or the runtime's behaviour, proved with the real engine
// (classic builder, busybox:local): what UndefinedVar reports really expands to empty in the
// build, what ArgUsedAtRuntime reports really is empty when the container runs; and after each
// rule's quick fix the finding is gone and the engine sees the value.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint, lintAllWithBaseImages } from '../../../src/dockerfile/rules';
import { engineBaseImages } from '../../../src/cli/engineBaseImages';
import { spawnSync } from 'node:child_process';
import { BUILDKIT_CLI, TEST_BUILD_NETWORK } from '../../support/builders';
import { dockerCli } from '../../support/engine';
import { applyFix } from '../../support/fixes';
import { LINT_LABEL, removeLintImages } from './cleanup';

const run = randomBytes(4).toString('hex');
const dirs: string[] = [];
const tags: string[] = [];

after(() => {
  removeLintImages(tags);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Builds `text` with the classic builder; returns the build output (the RUN steps' output included). */
function build(name: string, text: string, files: Record<string, string> = {}): { tag: string; output: string } {
  const result = tryBuild(name, text, files);
  assert.equal(result.status, 0, `build failed:\n${result.output}`);
  return result;
}

function tryBuild(name: string, text: string, files: Record<string, string> = {}): { tag: string; output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lint-engine-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), text);
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  const tag = `layerwise-test-lint-${name}:${run}`;
  tags.push(tag);
  const result = dockerCli(['build', '--no-cache', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, '-t', tag, dir]);
  return { tag, output: `${result.stdout}${result.stderr}`, status: result.status };
}

function runContainer(tag: string): string {
  const result = dockerCli(['run', '--rm', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, tag]);
  assert.equal(result.status, 0, `run failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}


describe('lint findings are what the engine does', { concurrency: 1 }, () => {
  it('UndefinedVar: a global ARG not redeclared expands to empty in RUN; the fix makes it visible', () => {
    const text = 'ARG GREETING=hello\nFROM busybox:local\nRUN echo "greeting=[${GREETING}]"\n';
    const found = lint(text).filter((f) => f.rule === 'UndefinedVar');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.match(build('undef', text).output, /^greeting=\[\]$/m, 'the builder ran the RUN with the variable empty');

    const fixed = applyFix(text, found[0]);
    assert.deepEqual(lint(fixed).filter((f) => f.rule === 'UndefinedVar'), []);
    assert.match(build('undef-fixed', fixed).output, /^greeting=\[hello\]$/m, 'after the fix the RUN sees the value');
  });

  it('UndefinedVar: a misspelt name in ENV expands to empty in the image config', async () => {
    const text = 'FROM busybox:local\nENV APP_HOME=/app\nENV DATA=[$APP_HOEM/data]\n';
    // Asked through the engine, busybox:local is known to have no Env at all.
    const found = (await lintAllWithBaseImages(text, {}, engineBaseImages().resolve)).filter((f) => f.rule === 'UndefinedVar');
    assert.equal(found.length, 1, 'the engine described the base: the unknown name is truly unset');
    // Without the engine the base might set any name, but one two edits from APP_HOME is a typo: still reported.
    assert.deepEqual(lint(text).filter((f) => f.rule === 'UndefinedVar').map((f) => f.message), ["Usage of undefined variable '$APP_HOEM' (did you mean $APP_HOME?)"]);
    const { tag } = build('typo', text);
    const env = JSON.parse(dockerCli(['image', 'inspect', '--format', '{{json .Config.Env}}', tag]).stdout) as string[];
    assert.ok(env.includes('DATA=[/data]'), env.join(' '));
    const fixed = applyFix(text, found[0]);
    const fixedEnv = JSON.parse(dockerCli(['image', 'inspect', '--format', '{{json .Config.Env}}', build('typo-fixed', fixed).tag]).stdout) as string[];
    assert.ok(fixedEnv.includes('DATA=[/app/data]'), fixedEnv.join(' '));
  });

  it('ArgUsedAtRuntime: the container sees the ARG empty; the ENV fix persists it', () => {
    const text = 'FROM busybox:local\nARG PORT=8080\nCMD echo "port=[$PORT]"\n';
    const found = lint(text).filter((f) => f.rule === 'ArgUsedAtRuntime');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.equal(runContainer(build('runtime', text).tag).trim(), 'port=[]');

    const fixed = applyFix(text, found[0]);
    assert.deepEqual(lint(fixed).filter((f) => f.rule === 'ArgUsedAtRuntime'), []);
    assert.equal(runContainer(build('runtime-fixed', fixed).tag).trim(), 'port=[8080]');
  });

  it('ArgUsedAtRuntime: in exec form without a shell the container gets the literal text', () => {
    const text = 'FROM busybox:local\nARG PORT=8080\nENTRYPOINT ["echo", "port=[$PORT]"]\n';
    const [found, ...rest] = lint(text).filter((f) => f.rule === 'ArgUsedAtRuntime');
    assert.equal(rest.length, 0);
    assert.match(found.message, /literal text '\$PORT'/);
    assert.equal(runContainer(build('runtime-exec', text).tag).trim(), 'port=[$PORT]');
  });

  it('CopyIgnoredFile: the builder cannot copy a file .dockerignore leaves out', () => {
    const dockerignore = '*.md\n';
    const text = 'FROM busybox:local\nCOPY NOTES.md /notes.md\n';
    const found = lint(text, { context: { dir: '.', dockerignore } }).filter((f) => f.rule === 'CopyIgnoredFile');
    assert.equal(found.length, 1);
    const failed = tryBuild('ignored', text, { 'NOTES.md': 'hello', '.dockerignore': dockerignore });
    assert.notEqual(failed.status, 0, 'the build must fail');
    assert.match(failed.output, /NOTES\.md/);
    // Without the ignore rule the same COPY works, and the linter agrees.
    assert.deepEqual(lint(text, { context: { dir: '.', dockerignore: '' } }).filter((f) => f.rule === 'CopyIgnoredFile'), []);
    build('ignored-ok', text, { 'NOTES.md': 'hello', '.dockerignore': '' });
  });

  it('ExposeInvalidPort: both builders fail at the ports lint reports, and build the ports it accepts', () => {
    const text = 'FROM busybox:local\nARG PORT=70000\nEXPOSE 8080 $PORT\n';
    const found = lint(text).filter((f) => f.rule === 'ExposeInvalidPort');
    assert.deepEqual(found.map((f) => `${f.range.start.line}:${f.range.start.character}`), ['2:12']);
    const classic = tryBuild('expose-bad', text);
    assert.notEqual(classic.status, 0, classic.output);
    assert.match(classic.output, /invalid containerPort: 70000/i);
    const kit = spawnSync(BUILDKIT_CLI, ['build', '--progress=plain', '--network', TEST_BUILD_NETWORK, '--label', LINT_LABEL, dirs[dirs.length - 1]], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
    assert.notEqual(kit.status, 0, kit.stdout + kit.stderr);
    assert.match(kit.stderr, /invalid containerPort: 70000/i);
    const good = 'FROM busybox:local\nEXPOSE 0 65535 8000-8002/udp\n';
    assert.deepEqual(lint(good).filter((f) => f.rule === 'ExposeInvalidPort'), []);
    build('expose-good', good);
  });
});
