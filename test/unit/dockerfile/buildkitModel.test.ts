// The BuildKit model where it parts from the classic builder, and what the engine cannot show
// (sources, ranges, notes, flags only current BuildKit knows). Whether the values are right is
// checked against the engine in test/engine/explain, for both builders.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, explain, findTarget, neededStages } from '../../../src/dockerfile';
import type { Builder, BuildModel, InstructionModel } from '../../../src/dockerfile';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function at(model: BuildModel, line: number): InstructionModel {
  for (const s of model.stages) for (const i of s.instructions) if (i.range.start.line + 1 === line && !i.onbuildTrigger) return i;
  throw new Error(`no instruction at line ${line}`);
}
const both = (text: string, buildArgs: Record<string, string> = {}) =>
  (['buildkit', 'classic'] as Builder[]).map((builder) => buildModel(text, { builder, buildArgs }));

describe('BuildKit model: ARG and ENV', () => {
  it('lets an ARG with a value override an earlier ENV of the same name (the image keeps the ENV)', () => {
    const [bk, classic] = both('FROM a\nENV A=env\nARG A\nRUN x\n', { A: 'given' });
    assert.equal(at(bk, 4).runEnv!.A, 'given');
    assert.equal(at(bk, 4).scope.get('A')!.source, 'build-arg');
    assert.equal(at(classic, 4).runEnv!.A, 'env');
    assert.deepEqual(bk.stages[0].config.Env, [`PATH=${PATH}`, 'A=env']);
  });

  it('lets ARG PATH replace PATH for RUN and expansion, and ENV later win again', () => {
    const [bk, classic] = both('FROM a\nARG PATH=/arg\nENV X=$PATH\nRUN x\nENV PATH=/env\nRUN y\n');
    assert.equal(at(bk, 4).runEnv!.PATH, '/arg');
    assert.ok(bk.stages[0].config.Env.includes('X=/arg'));
    assert.equal(at(bk, 6).runEnv!.PATH, '/env');
    assert.equal(at(classic, 4).runEnv!.PATH, PATH);
    assert.ok(classic.stages[0].config.Env.includes(`X=${PATH}`));
  });

  it('keeps a stage\'s ARGs in the stages built FROM it', () => {
    const [bk, classic] = both('FROM a AS one\nARG V=1\nFROM one\nENV SEEN=[$V]\nRUN x\n');
    assert.deepEqual(at(bk, 5).runEnv, { PATH, V: '1', SEEN: '[1]' });
    assert.equal(at(bk, 5).scope.get('V')!.definedAt!.start.line, 1);
    assert.deepEqual(at(classic, 5).runEnv, { PATH, SEEN: '[]' });
  });

  it('defines the automatic platform ARGs as global ones: FROM sees them, a stage after ARG NAME', () => {
    const model = buildModel('FROM a:$TARGETARCH\nARG TARGETPLATFORM\nARG BUILDOS=mine\nRUN x\n', { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    assert.equal(model.stages[0].baseName, 'a:arm64');
    const run = at(model, 4);
    assert.deepEqual(run.runEnv, { PATH, TARGETPLATFORM: 'linux/arm64/v8', BUILDOS: 'mine' });
    assert.equal(run.scope.get('TARGETPLATFORM')!.automatic, true);
    assert.equal(run.scope.get('BUILDOS')!.automatic, undefined);
    const classic = buildModel('FROM a:$TARGETARCH\nRUN x\n', { builder: 'classic' });
    assert.equal(classic.stages[0].baseName, 'a:');
  });

  it('lets a build arg override an automatic ARG, and counts it as consumed', () => {
    const model = buildModel('FROM a:$TARGETARCH\n', { buildArgs: { TARGETARCH: 'riscv64' } });
    assert.equal(model.stages[0].baseName, 'a:riscv64');
    assert.deepEqual(explain(model, findTarget(model)!).notes, ['base image a:riscv64 (stage 0) is unknown: its config is treated as empty, so its Env, WorkingDir, User... are missing here']);
  });

  it('takes a global ARG without a value as empty for FROM, and the last global declaration', () => {
    const model = buildModel('ARG T=1\nARG T\nFROM a:${T:-none}\nARG T\nRUN x\n');
    assert.equal(model.stages[0].baseName, 'a:none');
    assert.equal(at(model, 5).runEnv!.T, undefined);
  });

  it('gives every RUN the proxy build args in both cases, and leaves them out of expansion', () => {
    const model = buildModel('FROM a\nENV P=[$HTTP_PROXY]\nRUN x\n', { buildArgs: { http_proxy: 'h', NO_PROXY: 'n', ALL_PROXY: 'a', FTP_PROXY: '' } });
    const run = at(model, 3);
    assert.deepEqual(run.runEnv, { PATH, P: '[]', HTTP_PROXY: 'h', http_proxy: 'h', NO_PROXY: 'n', no_proxy: 'n' });
    assert.equal(run.scope.has('http_proxy'), false);
    const notes = explain(model, findTarget(model)!).notes;
    assert.ok(notes.some((n) => /BuildKit ignores them without a warning\): ALL_PROXY$/.test(n)), JSON.stringify(notes));
    assert.deepEqual(explain(model, findTarget(model)!).unusedBuildArgs, []);
  });
});

describe('BuildKit model: the image config', () => {
  it('sets ArgsEscaped on CMD and counts an empty CMD before ENTRYPOINT', () => {
    const [bk, classic] = both('FROM a\nCMD []\nENTRYPOINT ["e"]\n');
    assert.deepEqual(bk.stages[0].config.Cmd, []);
    assert.equal(bk.stages[0].config.ArgsEscaped, true);
    assert.equal(classic.stages[0].config.Cmd, null);
    assert.equal(classic.stages[0].config.ArgsEscaped, false);
    // BuildKit writes the config without empty lists: the engine shows null.
    assert.equal(explain(bk, findTarget(bk)!).config.Cmd, null);
  });

  it('records HEALTHCHECK with its durations in nanoseconds, and NONE', () => {
    const model = buildModel('FROM a\nHEALTHCHECK --interval=1m30s --timeout=500ms --retries=3 CMD curl -f http://x || exit 1\nFROM a\nHEALTHCHECK NONE\nFROM a\nHEALTHCHECK CMD ["/bin/check", "x"]\n');
    assert.deepEqual(model.stages[0].config.Healthcheck, { Test: ['CMD-SHELL', 'curl -f http://x || exit 1'], Interval: 90e9, Timeout: 5e8, Retries: 3 });
    assert.deepEqual(model.stages[1].config.Healthcheck, { Test: ['NONE'] });
    assert.deepEqual(model.stages[2].config.Healthcheck, { Test: ['CMD', '/bin/check', 'x'] });
  });

  it('keeps, for the classic builder only, the durations a later HEALTHCHECK leaves unset (the daemon merges them)', () => {
    const text = 'FROM a\nHEALTHCHECK --interval=5s --retries=2 CMD x\nHEALTHCHECK NONE\n';
    const [bk, classic] = both(text);
    assert.deepEqual(bk.stages[0].config.Healthcheck, { Test: ['NONE'] });
    assert.deepEqual(classic.stages[0].config.Healthcheck, { Test: ['NONE'], Interval: 5e9, Retries: 2 });
  });

  it('reports the builder\'s HEALTHCHECK errors', () => {
    const messages = (text: string) => buildModel(text).problems.map((p) => p.message);
    assert.deepEqual(messages('FROM a\nHEALTHCHECK --interval=1ns CMD x\n'), ['Interval "interval" cannot be less than 1ms']);
    assert.deepEqual(messages('FROM a\nHEALTHCHECK --retries=0 CMD x\n'), ['--retries must be at least 1 (not 0)']);
    assert.deepEqual(messages('FROM a\nHEALTHCHECK WAT x\n'), ['Unknown type "WAT" in HEALTHCHECK (try CMD)']);
    assert.deepEqual(messages('FROM a\nHEALTHCHECK CMD\n'), ['Missing command after HEALTHCHECK CMD']);
    assert.deepEqual(messages('FROM a\nHEALTHCHECK NONE x\n'), ['HEALTHCHECK NONE takes no arguments']);
  });
});

describe('BuildKit model: steps and stages', () => {
  it('makes steps only of FROM an image, RUN, COPY, ADD and WORKDIR (not /)', () => {
    const text = 'FROM a AS one\nENV A=1\nARG B\nLABEL l=1\nWORKDIR /w\nWORKDIR /\nRUN x\nCOPY f /f\nADD g /g\nUSER u\nEXPOSE 1\nCMD c\nFROM one\nRUN y\nFROM scratch\nCOPY --from=one /f /f\n';
    const [bk, classic] = both(text);
    const steps = (m: BuildModel) => m.stages.flatMap((s) => s.instructions).filter((i) => i.makesStep).map((i) => i.range.start.line + 1);
    assert.deepEqual(steps(bk), [1, 5, 7, 8, 9, 14, 16]);
    assert.deepEqual(steps(classic), Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('needs the stages RUN --mount=from= names, and allows COPY --from a later stage', () => {
    const text = 'FROM a AS tools\nFROM a AS other\nFROM a AS app\nRUN --mount=from=tools,target=/t x\nCOPY --from=late /x /x\nFROM a AS late\n';
    const bk = buildModel(text);
    assert.deepEqual(neededStages(bk, findTarget(bk, 'app')!).map((s) => s.name), ['tools', 'late', 'app']);
    const classic = buildModel(text, { builder: 'classic' });
    assert.ok(classic.problems.some((p) => p.message.startsWith('the --mount option requires BuildKit')));
    assert.deepEqual(neededStages(classic, findTarget(classic, 'app')!).map((s) => s.name), ['app']);
  });

  it('parses RUN mounts, with BuildKit\'s errors word for word', () => {
    const model = buildModel('FROM a\nRUN --mount=type=cache,target=/c,id=x,sharing=locked --mount=type=secret,id=s --mount=type=bind,source=src,target=/s,rw x\n');
    assert.deepEqual(at(model, 2).mounts!.map((m) => [m.type, m.target, m.readOnly, m.id, m.sharing]), [
      ['cache', '/c', false, 'x', 'locked'], ['secret', '', true, 's', ''], ['bind', '/s', false, '', ''],
    ]);
    const messages = (mount: string) => buildModel(`FROM a\nRUN --mount=${mount} x\n`).problems.map((p) => p.message);
    assert.deepEqual(messages('type=nfs'), ['unsupported mount type "nfs"']);
    assert.deepEqual(messages('type=bind,mode=0700'), ['mode not allowed for "bind" type mounts']);
    assert.deepEqual(messages('type=tmpfs,sharing=shared'), ['invalid cache sharing set for tmpfs mount']);
    assert.deepEqual(messages('type=secret'), ['invalid secret mount. one of source, target required']);
    assert.deepEqual(messages('target'), ["invalid field 'target' must be a key=value pair"]);
    assert.deepEqual(messages('type=bind,wat=1'), ["unexpected key 'wat' in 'wat=1'"]);
  });
});

describe('BuildKit model: flags', () => {
  it('rejects what the classic builder cannot do, in its words', () => {
    const classic = (text: string) => buildModel(text, { builder: 'classic' }).problems.map((p) => p.message);
    assert.deepEqual(classic('FROM a\nCOPY --chmod=755 x /x\n'), ['the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled']);
    assert.deepEqual(buildModel('FROM a\nCOPY --chmod=755 x /x\n').problems, []);
  });

  it('rejects unknown flags for both builders, and flags without the value they need', () => {
    for (const builder of ['buildkit', 'classic'] as Builder[]) {
      const messages = (text: string) => buildModel(text, { builder }).problems.map((p) => p.message);
      assert.deepEqual(messages('FROM a\nCOPY --nope x /x\n'), ['Unknown flag: nope']);
      assert.deepEqual(messages('FROM a\nENV --x=1 A=1\n'), ['Unknown flag: x']);
      assert.deepEqual(messages('FROM a\nCOPY --from x /x\n'), ['Missing a value on flag: from']);
      assert.deepEqual(messages('FROM a\nCOPY --chown=1 --chown=2 x /x\n'), ['Duplicate flag specified: chown']);
      assert.deepEqual(messages('FROM a\nARG --ignored=1 A\n'), [], 'ARG never checks its flags');
    }
  });

  it('answers flags only current BuildKit knows as it does, and notes this engine would refuse them', () => {
    const model = buildModel('FROM a\nCOPY --link --exclude=*.log . /app\n');
    assert.deepEqual(model.problems, []);
    const notes = explain(model, findTarget(model)!).notes.filter((n) => n.includes('needs a newer BuildKit'));
    assert.equal(notes.length, 2);
    assert.match(notes[0], /COPY --link needs a newer BuildKit than this engine's .*"Unknown flag: link"/);
    assert.deepEqual(buildModel('FROM a\nCOPY --link . /app\n', { builder: 'classic' }).problems.map((p) => p.message), ['Unknown flag: link']);
  });

  it('notes a # syntax= directive: the answers follow the built-in frontend', () => {
    const model = buildModel('# syntax=docker/dockerfile:1.7\nFROM a\n');
    assert.equal(model.syntax?.image, 'docker/dockerfile:1.7');
    assert.ok(explain(model, findTarget(model)!).notes.some((n) => n.includes('these answers follow BuildKit\'s built-in frontend')));
    const classic = buildModel('# syntax=docker/dockerfile:1.7\nFROM a\n', { builder: 'classic' });
    assert.ok(!explain(classic, findTarget(classic)!).notes.some((n) => n.includes('syntax')));
  });
});
