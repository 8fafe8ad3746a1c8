// The `layerwise` CLI's explain command and usage errors, without an engine (--no-engine).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main';
import { parseBuildArgs } from '../../../src/cli/options';

const dir = mkdtempSync(join(tmpdir(), 'lw-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

const MULTI = 'ARG V=1\nFROM busybox:local AS build\nARG V\nENV A=$V\nRUN make\nFROM build AS final\nWORKDIR app\nCMD run\n';

describe('layerwise explain --format json', () => {
  it('prints the contract object: target, config, steps in build order', async () => {
    const r = await cli('explain', '--format', 'json', '--no-engine', '--build-arg', 'V=2', file('Dockerfile', MULTI));
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out).slice(0, 4), ['builder', 'target', 'config', 'steps']);
    assert.equal(out.builder, 'buildkit');
    assert.equal(out.target, 'final');
    assert.deepEqual(Object.keys(out.config), [
      'Env', 'WorkingDir', 'User', 'ExposedPorts', 'Labels', 'Cmd', 'Entrypoint', 'Volumes', 'StopSignal', 'Shell', 'OnBuild', 'Healthcheck', 'ArgsEscaped',
    ]);
    assert.deepEqual(out.config.Cmd, ['/bin/sh', '-c', 'run']);
    assert.equal(out.config.WorkingDir, '/app');
    assert.deepEqual(out.steps.map((s: { line: number; stage: string | null; instruction: string }) => [s.line, s.stage, s.instruction]), [
      [1, null, 'ARG'], [2, 'build', 'FROM'], [3, 'build', 'ARG'], [4, 'build', 'ENV'], [5, 'build', 'RUN'],
      [6, 'final', 'FROM'], [7, 'final', 'WORKDIR'], [8, 'final', 'CMD'],
    ]);
    assert.deepEqual(out.steps[4].env, { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', A: '2', V: '2' });
    assert.ok(out.notes.some((n: string) => n.includes('--no-engine')));
  });

  it('--target picks a stage (case-insensitively) and leaves out later stages', async () => {
    const r = await cli('explain', '--format=json', '--no-engine', '--target', 'BUILD', file('Dockerfile', MULTI));
    const out = JSON.parse(r.stdout);
    assert.equal(out.target, 'build');
    assert.equal(out.steps.at(-1).line, 5);
    assert.deepEqual(out.config.Env, ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=1']);
  });

  it('exits 1 and lists the problem when the builder would reject the Dockerfile', async () => {
    const r = await cli('explain', '--format', 'json', '--no-engine', file('Bad', 'FROM a\nENV A=${B:=x}\n'));
    assert.equal(r.code, 1);
    assert.match(JSON.parse(r.stdout).problems[0].message, /unsupported modifier \(:=\) in substitution/);
  });

  it('exits 1 with a problem when the context\'s .dockerignore has a pattern docker build refuses, --changed or not', async () => {
    const context = mkdtempSync(join(dir, 'ignore-'));
    writeFileSync(join(context, 'Dockerfile'), '# syntax check\nFROM busybox:local\nCOPY . /app\n');
    writeFileSync(join(context, '.dockerignore'), 'node_modules\n[-]\n');
    for (const extra of [[], ['--changed', 'a.txt']]) {
      const r = await cli('explain', '--format', 'json', '--no-engine', ...extra, join(context, 'Dockerfile'));
      assert.equal(r.code, 1, r.stderr);
      const result = JSON.parse(r.stdout) as { problems: Array<{ message: string; line: number }>; notes: string[] };
      assert.deepEqual(result.problems.map((p) => [p.line, p.message]), [[2, '.dockerignore line 2: syntax error in pattern "[-]": docker build refuses the file and fails']]);
      if (extra.length) assert.ok(result.notes.some((n) => n.startsWith('no rebuild plan: docker build fails on the context\'s .dockerignore')), JSON.stringify(result.notes));
    }
  });

  it('says which build args were not consumed', async () => {
    const r = await cli('explain', '--format', 'json', '--no-engine', '--build-arg', 'NOPE=1', file('Dockerfile', MULTI));
    assert.ok(JSON.parse(r.stdout).notes.some((n: string) => n.includes('NOPE')));
  });
});

describe('layerwise explain --builder', () => {
  // Where the builders part: BuildKit's ARG wins over an earlier ENV in what RUN sees, it builds
  // only the stages the target needs and makes no step of metadata instructions.
  const TEXT = 'FROM busybox:local AS unused\nRUN never\nFROM busybox:local\nENV A=env\nARG A\nRUN env\nCMD run\n';

  it('answers for the builder asked for, in the same JSON shape', async () => {
    const bk = JSON.parse((await cli('explain', '--format', 'json', '--no-engine', '--build-arg', 'A=given', file('Builders', TEXT))).stdout);
    const classic = JSON.parse((await cli('explain', '--format', 'json', '--no-engine', '--builder', 'classic', '--build-arg', 'A=given', file('Builders', TEXT))).stdout);
    assert.deepEqual(Object.keys(bk), Object.keys(classic));
    assert.deepEqual(Object.keys(bk.config), Object.keys(classic.config));
    assert.equal(bk.builder, 'buildkit');
    assert.equal(classic.builder, 'classic');
    const run = (out: { steps: Array<{ line: number; env: Record<string, string> }> }) => out.steps.find((s) => s.line === 6)!.env.A;
    assert.equal(run(bk), 'given');
    assert.equal(run(classic), 'env');
    assert.deepEqual(bk.steps.filter((s: { step?: boolean }) => s.step === false).map((s: { line: number }) => s.line), [4, 5, 7]);
    assert.deepEqual(classic.steps.filter((s: { step?: boolean }) => s.step === false), []);
    assert.equal(bk.config.ArgsEscaped, true);
    assert.equal(classic.config.ArgsEscaped, false);
  });

  it('says in the text which builder it answers for, and names the automatic platform ARGs once', async () => {
    const r = await cli('explain', '--no-engine', file('Builders', TEXT));
    assert.match(r.stdout, /target stage 1 \(as BuildKit builds it\)/);
    assert.match(r.stdout, /line 3 {2}stage 1 {2}FROM\n {6}in scope: \(and the automatic platform ARGs\)\n/);
    const classic = await cli('explain', '--no-engine', '--builder=classic', file('Builders', TEXT));
    assert.match(classic.stdout, /\(as the classic builder builds it\)/);
  });
});

describe('layerwise explain (text)', () => {
  it('shows the steps, the RUN environment and the image config', async () => {
    const r = await cli('explain', '--no-engine', file('Dockerfile', MULTI));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /target stage final/);
    assert.match(r.stdout, /line 5 {2}stage build {2}RUN\n {6}A=1\n/);
    assert.match(r.stdout, /Image config:[\s\S]*WorkingDir: \/app/);
    assert.match(r.stdout, /busybox:local \(stage build\): UNKNOWN/);
  });
});

describe('usage errors exit 2 with one clear line on stderr', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['no command', [], /no command given/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['lint without a file', ['lint'], /no Dockerfile given|FILE/],
    ['no file', ['explain'], /no Dockerfile given/],
    ['two files', ['explain', 'a', 'b'], /exactly one Dockerfile/],
    ['unreadable file', ['explain', '/nonexistent/Dockerfile'], /cannot read \/nonexistent\/Dockerfile: no such file/],
    ['bad format', ['explain', '--format', 'xml', 'x'], /unknown --format 'xml'/],
    ['unknown option', ['explain', '--frob', 'x'], /unknown option '--frob'/],
    ['missing value', ['explain', 'x', '--target'], /'--target' needs a value/],
    ['bad build arg', ['explain', '--build-arg', '=v', 'x'], /invalid --build-arg/],
    ['context not a directory', ['explain', '--context', '/nonexistent', 'x'], /--context \/nonexistent: not a directory/],
    ['--changed-arg with a value', ['explain', '--changed-arg', 'A=1', 'x'], /invalid --changed-arg 'A=1'/],
    ['unknown builder', ['explain', '--builder', 'kaniko', 'x'], /unknown --builder 'kaniko' \(expected buildkit or classic\)/],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const r = await cli(...argv);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }

  it('unknown target names the stages', async () => {
    const r = await cli('explain', '--no-engine', '--target', 'nope', file('Dockerfile', MULTI));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no stage named 'nope'.*build, final/);
  });

  it('a file without FROM', async () => {
    const r = await cli('explain', '--no-engine', file('NoFrom', '# nothing\n'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no FROM instruction/);
  });

  it('the bundled binary exits 2 too', () => {
    const cliPath = resolve(__dirname, '../../../../dist/cli.js');
    const r = spawnSync(process.execPath, [cliPath, 'explain', '/nonexistent/Dockerfile'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'layerwise explain: cannot read /nonexistent/Dockerfile: no such file\n');
  });
});

describe('--build-arg parsing', () => {
  it('NAME=VALUE, NAME= (empty), and NAME alone from the environment like docker build', () => {
    assert.deepEqual(parseBuildArgs(['A=1', 'B=', 'C=x=y', 'D', 'E'], { D: 'from-env' }), { A: '1', B: '', C: 'x=y', D: 'from-env', E: undefined });
  });
});
