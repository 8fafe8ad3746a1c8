// BuildKit's rebuild plan: the reasons it gives and what the engine here cannot show (COPY --link,
// --exclude, ADD of a git repository, how far a rebuilt stage's changes reach). Which steps miss is
// checked against the engine in test/engine/cache, for both builders.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, explain, findTarget, rebuildPlan } from '../../../src/dockerfile';
import type { RebuildOptions } from '../../../src/dockerfile';

function plan(text: string, options: RebuildOptions, buildArgs: Record<string, string> = {}, target?: string) {
  const model = buildModel(text, { buildArgs });
  const stage = findTarget(model, target)!;
  const result = rebuildPlan(model, stage, options);
  return { model, stage, result, at: (line: number) => [...result.steps].find(([i]) => i.range.start.line + 1 === line && !i.onbuildTrigger)![1] };
}

describe('BuildKit rebuild plan', () => {
  it('makes no step of metadata instructions: a changed arg they expand misses at the next RUN only', () => {
    const { at } = plan('FROM a\nARG V\nLABEL v=$V\nEXPOSE $V\nCOPY x /x\nRUN run\n', { changedArgs: ['V'] }, { V: '2' });
    for (const line of [2, 3, 4]) assert.deepEqual(at(line), { rebuild: false });
    assert.deepEqual(at(5), { rebuild: false }, 'COPY is not keyed on the environment');
    assert.equal(at(6).reason, 'its environment changes (V)');
  });

  it('follows a changed arg through ENV, and forgets it when an ENV sets the name again', () => {
    const { at } = plan('FROM a\nARG V\nENV X=$V\nENV V=fixed\nRUN one\nENV X=fixed\nRUN two\n', { changedArgs: ['V'] }, { V: '2' });
    assert.equal(at(5).reason, 'its environment changes (X)');
    assert.equal(at(7).reason, 'follows the rebuilt step at line 5');
  });

  it('keys WORKDIR and the RUNs after it on the directory, and COPY on a destination relative to it', () => {
    const absolute = plan('FROM a\nARG V\nWORKDIR /opt/$V\nENV V=x\nRUN run\n', { changedArgs: ['V'] }, { V: '2' });
    assert.match(absolute.at(3).reason!, /changes the directory it creates/);
    assert.equal(absolute.at(5).reason, 'follows the rebuilt step at line 3');
    const relative = plan('FROM a AS one\nARG V\nWORKDIR /\nWORKDIR w$V\nFROM one\nENV V=x\nCOPY --link a rel\nCOPY --link a /abs\n', { changedArgs: ['V'] }, { V: '2' });
    assert.deepEqual(relative.at(3), { rebuild: false }, 'WORKDIR / makes no step');
    assert.equal(relative.at(7).reason, 'its destination follows WORKDIR, which changes');
    assert.deepEqual(relative.at(8), { rebuild: false });
  });

  it('carries a stage\'s changes to the stage built FROM it, whose FROM makes no step', () => {
    const { at } = plan('FROM a AS base\nCOPY src /src\nFROM base\nRUN test\n', { changedPaths: ['src/x'] });
    assert.deepEqual(at(3), { rebuild: false });
    assert.equal(at(4).reason, 'follows the rebuilt step at line 2');
  });

  it('hits COPY --from a rebuilt stage when what changed there is elsewhere (content-addressed)', () => {
    const text = 'FROM a AS build\nCOPY a.txt /out/a.txt\nCOPY b.txt /other/b.txt\nFROM a\nCOPY --from=build /out /out\nCOPY --from=build /other /other\n';
    const { at, result } = plan(text, { changedPaths: ['b.txt'] });
    assert.deepEqual(at(5), { rebuild: false });
    assert.match(at(6).reason!, /stage build is rebuilt and what it has at \/other may differ/);
    assert.equal(result.stages.get(0), true);
  });

  it('takes a RUN that runs again as changing anything, a COPY that only follows as writing the same bytes', () => {
    const run = plan('FROM a AS build\nARG V\nRUN make\nFROM a\nCOPY --from=build /bin /bin\n', { changedArgs: ['V'] }, { V: '2' });
    assert.match(run.at(5).reason!, /stage build is rebuilt/);
    const copy = plan('FROM a AS build\nARG V\nWORKDIR /tmp/$V\nCOPY a.txt /out/a.txt\nFROM a\nCOPY --from=build /out /out\n', { changedArgs: ['V'] }, { V: '2' });
    assert.equal(copy.at(4).reason, 'follows the rebuilt step at line 3');
    assert.deepEqual(copy.at(6), { rebuild: false }, 'the stage was rebuilt, but /out holds the same bytes');
  });

  it('keys a bind mount on what it mounts, and never a cache, tmpfs, secret or ssh mount', () => {
    const text = 'FROM a\nRUN --mount=type=cache,target=/c --mount=type=tmpfs,target=/t --mount=type=secret,id=s --mount=type=ssh one\nRUN --mount=type=bind,source=src,target=/s two\nRUN three\n';
    const unrelated = plan(text, { changedPaths: ['other.txt'] });
    assert.deepEqual([2, 3, 4].map((l) => unrelated.at(l).rebuild), [false, false, false]);
    const mounted = plan(text, { changedPaths: ['src/a.c'] });
    assert.deepEqual(mounted.at(2), { rebuild: false });
    assert.equal(mounted.at(3).reason, 'context file src/a.c changed (bind mount of src)');
    assert.equal(mounted.at(4).reason, 'follows the rebuilt step at line 3');
    const whole = plan('FROM a\nRUN --mount=type=bind,target=/ctx make\n', { changedPaths: ['anything'] });
    assert.match(whole.at(2).reason!, /bind mount of \./);
  });

  it('keys a bind mount from a stage on that stage\'s content', () => {
    const { at } = plan('FROM a AS tools\nCOPY tool /tool\nCOPY docs /docs\nFROM a\nRUN --mount=from=tools,source=/tool,target=/t use\n', { changedPaths: ['docs/x'] });
    assert.deepEqual(at(5), { rebuild: false });
  });

  it('does not pass an earlier miss to COPY --link, and leaves --exclude\'d files out (current BuildKit)', () => {
    const { at } = plan('FROM a\nARG V\nRUN make\nCOPY --link app /app\nCOPY --exclude=*.log logs /logs\n', { changedArgs: ['V'], changedPaths: ['logs/x.log'] }, { V: '2' });
    assert.equal(at(3).reason, 'its environment changes (V)');
    assert.deepEqual(at(4), { rebuild: false });
    assert.equal(at(5).reason, 'follows the rebuilt step at line 3');
    const excluded = plan('FROM a\nCOPY --exclude=*.log logs /logs\nCOPY --link app /app\n', { changedPaths: ['logs/x.log', 'app/main.c'] });
    assert.deepEqual(excluded.at(2), { rebuild: false });
    assert.equal(excluded.at(3).reason, 'context file app/main.c changed (source app)');
  });

  it('says what it cannot know: ADD of a git repository or a URL', () => {
    const { at, result } = plan('FROM a\nADD https://github.com/moby/buildkit.git#v0.8.3 /src\nADD https://example.com/x.tgz /x\n', { changedPaths: ['y'] });
    assert.deepEqual([at(2), at(3)], [{ rebuild: false }, { rebuild: false }]);
    assert.match(result.notes[0], /a git repository \(current BuildKit\) is keyed on the commit/);
    assert.match(result.notes[1], /downloads it on every build/);
  });

  it('marks the steps BuildKit makes none of in explain, never as rebuilt', () => {
    const { model, stage, result } = plan('FROM a AS one\nARG V\nENV E=$V\nFROM one\nRUN x\n', { changedArgs: ['V'] }, { V: '1' });
    const steps = explain(model, stage, result).steps;
    assert.deepEqual(steps.map((s) => [s.line, s.step, s.rebuild]), [[1, undefined, false], [2, false, false], [3, false, false], [4, false, false], [5, undefined, true]]);
  });
});
