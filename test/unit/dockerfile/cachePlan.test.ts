// The rebuild plan's API and what the engine cannot show: reasons, notes, stage outcomes, and the
// CLI's handling of --changed/--changed-arg. (Whether steps miss is checked against the engine in
// test/engine/cache.)
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel, explain, findTarget, rebuildPlan } from '../../../src/dockerfile';
import type { Builder, RebuildOptions } from '../../../src/dockerfile';
import { main } from '../../../src/cli/main';

function plan(text: string, options: RebuildOptions, buildArgs: Record<string, string> = {}, builder: Builder = 'classic') {
  const model = buildModel(text, { buildArgs, builder });
  const target = findTarget(model)!;
  const result = rebuildPlan(model, target, options);
  return { model, target, result, byLine: (line: number) => [...result.steps].find(([i]) => i.range.start.line + 1 === line)![1] };
}

describe('rebuild plan (classic builder)', () => {
  const text = 'ARG G=1\nFROM busybox:local AS build\nARG V\nRUN make\nFROM busybox:local\nCOPY a.txt /a\nCOPY --from=build /out /out\nRUN run\n';

  it('gives the step whose key changed its own reason, and the steps after it the step they follow', () => {
    const { byLine, result } = plan(text, { changedArgs: ['V'] }, { V: '2' });
    assert.deepEqual(byLine(1), { rebuild: false });
    assert.deepEqual(byLine(3), { rebuild: false });
    assert.match(byLine(4).reason!, /build arg V is in its cache key/);
    assert.deepEqual(byLine(6), { rebuild: false });
    assert.match(byLine(7).reason!, /stage build is rebuilt, so the files it copies \(\/out\) may differ/);
    assert.equal(byLine(8).reason, 'follows the rebuilt step at line 7');
    assert.deepEqual([...result.stages], [[0, true], [1, true]]);
  });

  it('hits COPY --from a rebuilt stage whose copied paths kept their bytes (content-addressed)', () => {
    const stageText = 'FROM a AS build\nARG V\nWORKDIR /tmp/w$V\nCOPY a.txt /out/a.txt\nFROM a\nCOPY --from=build /out /out\nCOPY --from=build /tmp /tmp\n';
    const { byLine } = plan(stageText, { changedArgs: ['V'] }, { V: '2' });
    assert.match(byLine(3).reason!, /build arg V changes its expanded text/);
    assert.equal(byLine(4).reason, 'follows the rebuilt step at line 3');
    assert.deepEqual(byLine(6), { rebuild: false });
    assert.match(byLine(7).reason!, /files it copies \(\/tmp\) may differ/);
  });

  it('notes changed paths that .dockerignore keeps out of the context, and ignores them', () => {
    const { byLine, result } = plan(text, { changedPaths: ['./a.txt'], dockerignore: 'a.txt\n' });
    assert.deepEqual(byLine(6), { rebuild: false });
    assert.deepEqual(result.effectivePaths, []);
    assert.deepEqual(result.notes, ['a.txt is excluded by .dockerignore: no step sees it']);
  });

  it('says what it cannot know: ADD of a URL, edits to the Dockerfile\'s instructions, a new .dockerignore', () => {
    const add = plan('FROM busybox:local\nADD https://example.com/x.tgz /x\n', {
      changedPaths: ['Dockerfile', '.dockerignore'], dockerfilePath: 'Dockerfile',
    });
    assert.deepEqual(add.byLine(2), { rebuild: false });
    assert.equal(add.result.notes.length, 3);
    assert.match(add.result.notes.join('\n'), /ADD https:\/\/example.com\/x.tgz at line 2: the builder downloads it on every build/);
    assert.match(add.result.notes.join('\n'), /Dockerfile counts here as a context file only/);
    assert.match(add.result.notes.join('\n'), /a \.dockerignore change counts here as a change of that file only/);
  });

  it('is added to explain\'s steps and notes only when asked for', () => {
    const { model, target, result } = plan(text, { changedPaths: ['a.txt'] });
    const withPlan = explain(model, target, result);
    assert.deepEqual(withPlan.steps.map((s) => s.rebuild), [false, false, false, false, false, true, true, true]);
    assert.match(withPlan.steps[5].rebuildReason!, /context file a.txt changed/);
    assert.ok(explain(model, target).steps.every((s) => !('rebuild' in s)));
  });
});

describe('layerwise explain --changed / --changed-arg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-cache-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'src/sub'), { recursive: true });
  writeFileSync(join(dir, 'src/sub/x.txt'), 'x\n');
  writeFileSync(join(dir, 'Dockerfile'), 'ARG G\nFROM busybox:local\nCOPY src/sub/x.txt /x\nRUN true\n');

  async function cli(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['explain', '--no-engine', ...argv], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  }

  it('takes a changed directory as every file under it, relative to the Dockerfile\'s folder by default', async () => {
    const r = await cli('--format', 'json', '--changed', join(dir, 'src'), join(dir, 'Dockerfile'));
    assert.equal(r.code, 0, r.stderr);
    const steps = (JSON.parse(r.stdout) as { steps: Array<{ rebuild: boolean }> }).steps;
    assert.deepEqual(steps.map((s) => s.rebuild), [false, false, true, true]);
  });

  it('shows the flag per step in the text format', async () => {
    const r = await cli('--changed-arg', 'G', '--changed', 'src/sub/x.txt', '--context', dir, join(dir, 'Dockerfile'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /line 1 {2}global {2}ARG {2}\[no step\]/);
    assert.match(r.stdout, /line 2 {2}stage 0 {2}FROM {2}\[cached\]/);
    assert.match(r.stdout, /line 3 {2}stage 0 {2}COPY {2}\[rebuild: context file src\/sub\/x.txt changed \(source src\/sub\/x.txt\)\]/);
    assert.match(r.stdout, /Rebuild: 2 of 3 steps miss the cache \(first at line 3\)/);
  });

  for (const [name, argv, message] of [
    ['a path outside the context', ['--changed', '../elsewhere'], /not inside the build context/],
    ['the context itself', ['--changed', '.'], /not the context itself/],
    ['an arg with a value', ['--changed-arg', 'A=1'], /invalid --changed-arg 'A=1'/],
  ] as Array<[string, string[], RegExp]>) {
    it(`rejects ${name} with exit 2`, async () => {
      const r = await cli('--context', dir, ...argv, join(dir, 'Dockerfile'));
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
    });
  }

  it('reports a .dockerignore docker build refuses as the build\'s problem, with no rebuild plan', async () => {
    const ctx = join(dir, 'bad');
    mkdirSync(ctx);
    writeFileSync(join(ctx, '.dockerignore'), '!\n');
    const r = await cli('--context', ctx, '--changed', 'a', join(dir, 'Dockerfile'));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /error: \.dockerignore line 1: illegal exclusion pattern: "!": docker build refuses the file and fails/);
    assert.match(r.stdout, /no rebuild plan: docker build fails on the context's \.dockerignore/);
  });
});
