// `layerwise lint`: formats (text, json, sarif), exit codes, usage errors, --build-arg and
// --context, through runLint directly, and through the built CLI (dist/cli.js) as a user runs it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runLint } from '../../../src/cli/lintCommand';

const projectRoot = resolve(__dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'lw-lint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function lint(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runLint(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

const BAD = 'ARG V=1\nFROM alpine\nARG PORT=80\nRUN echo $V\nCMD serve $PORT\n';
const CLEAN = 'FROM alpine\nENV PORT=80\nCMD ["serve"]\n';

describe('layerwise lint (runLint)', () => {
  it('--format json prints the contract fields, 1-based', async () => {
    const path = file('Dockerfile.bad', BAD);
    const r = await lint('--format', 'json', path);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(out.map((f) => Object.keys(f)), out.map(() => ['file', 'rule', 'severity', 'line', 'column', 'endLine', 'endColumn', 'message']));
    const undefinedVar = out.find((f) => f.rule === 'UndefinedVar');
    // `RUN echo $V` is line 4; `$V` starts at column 10 and the end column is the one after it.
    assert.deepEqual({ ...undefinedVar, message: undefined }, { file: path, rule: 'UndefinedVar', severity: 'warning', line: 4, column: 10, endLine: 4, endColumn: 12, message: undefined });
    assert.ok(out.some((f) => f.rule === 'ArgUsedAtRuntime' && f.line === 5));
  });

  it('exit 0 and an empty array for a clean Dockerfile', async () => {
    const r = await lint('--format=json', file('Dockerfile.clean', CLEAN));
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('exit 0 when the only findings are info', async () => {
    // A file whose only finding is an info-level one: the rules with info severity (UnusedArg).
    const r = await lint('--format', 'json', file('Dockerfile.info', 'FROM alpine\nARG UNUSED_THING=1\nCMD ["true"]\n'));
    const out = JSON.parse(r.stdout) as Array<{ severity: string }>;
    assert.ok(out.every((f) => f.severity === 'info'), r.stdout);
    assert.equal(r.code, 0);
  });

  it('text format: file:line:column: severity: message [Rule], and a summary', async () => {
    const path = file('Dockerfile.text', BAD);
    const r = await lint(path);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes(`${path}:4:10: warning: Usage of undefined variable '$V'`), r.stdout);
    assert.match(r.stdout, /\[UndefinedVar\]$/m);
    assert.match(r.stdout, /0 error\(s\), \d+ warning\(s\), \d+ info in 1 file\.\n$/);
  });

  it('sarif format: a valid 2.1.0 log with rules and regions', async () => {
    const r = await lint('--format', 'sarif', file('Dockerfile.sarif', BAD));
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'layerwise');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'UndefinedVar');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 4, startColumn: 10, endLine: 4, endColumn: 12 });
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'UndefinedVar');
    assert.match(run.tool.driver.rules[result.ruleIndex].helpUri, /^https:\/\/docs\.docker\.com\/go\/dockerfile\/rule\/undefined-var\/$/);
  });

  it('sarif format: every rule that fired has a short description and a help link (BuildKit\'s, or its docs page)', async () => {
    const r = await lint('--format', 'sarif', '--no-engine', file('Dockerfile.sarif2', 'FROM alpine AS Build\nRUN apt-get update\nFOO bar\n'));
    const rules = JSON.parse(r.stdout).runs[0].tool.driver.rules as Array<{ id: string; helpUri?: string; shortDescription?: { text: string } }>;
    assert.deepEqual(rules.map((x) => x.id), ['StageNameCasing', 'UnknownInstruction', 'UpdateWithoutInstall']);
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.shortDescription.text !== rule.id, `${rule.id}: ${JSON.stringify(rule)}`);
      assert.ok(rule.helpUri, `${rule.id} has no helpUri`);
    }
    assert.equal(rules[0].helpUri, 'https://docs.docker.com/go/dockerfile/rule/stage-name-casing/');
    for (const rule of rules.slice(1)) {
      assert.match(rule.helpUri!, new RegExp(`^file://.*/docs/rules/${rule.id}\\.md$`));
      assert.ok(existsSync(new URL(rule.helpUri!)), `${rule.helpUri} exists`);
    }
  });

  it('several files: findings of each, under its own name', async () => {
    const a = file('Dockerfile.a', BAD);
    const b = file('Dockerfile.b', 'FROM alpine\nRUN apt-get update\n');
    const out = JSON.parse((await lint('--format', 'json', a, b)).stdout) as Array<{ file: string; rule: string }>;
    assert.ok(out.some((f) => f.file === a) && out.some((f) => f.file === b && f.rule === 'UpdateWithoutInstall'));
  });

  it('--build-arg: values reach the rules; an arg no ARG declares is UnusedBuildArg', async () => {
    const path = file('Dockerfile.ba', BAD);
    const r = await lint('--format', 'json', '--build-arg', 'PORT=9', '--build-arg', 'PROT=1', path);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Array<{ rule: string; line: number; message: string }>;
    // PORT is declared: given a value, the CMD still cannot see it.
    assert.ok(out.some((f) => f.rule === 'ArgUsedAtRuntime' && f.line === 5));
    const unused = out.filter((f) => f.rule === 'UnusedBuildArg');
    assert.deepEqual(unused.map((f) => f.message), ["Build arg 'PROT' is given but no ARG declares it, so the build ignores it (did you mean PORT?)"]);
  });

  it('--context: the fix and messages use the context files; a missing directory is a usage error', async () => {
    const context = join(dir, 'ctx');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'package.json'), '{}');
    const path = file('Dockerfile.ctx', 'FROM node\nCOPY . .\nRUN npm ci\n');
    const r = await lint('--format', 'json', '--context', context, path);
    assert.ok((JSON.parse(r.stdout) as Array<{ rule: string }>).some((f) => f.rule === 'CacheBustingCopyBeforeInstall'));
    const bad = await lint('--context', join(dir, 'nope'), path);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--context .*nope: not a directory/);
  });

  it('--context reads the context\'s .dockerignore (CopyIgnoredFile) and sees it exists (no MissingDockerignore)', async () => {
    const context = join(dir, 'ctx-ignore');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, '.dockerignore'), 'secrets/\n');
    const path = file('Dockerfile.ignore', 'FROM alpine\nCOPY . /app/\nCOPY secrets/key /key\n');
    const out = JSON.parse((await lint('--format', 'json', '--context', context, path)).stdout) as Array<{ rule: string; line: number; column: number }>;
    assert.deepEqual(out.filter((f) => f.rule === 'CopyIgnoredFile').map((f) => [f.line, f.column]), [[3, 6]]);
    assert.ok(!out.some((f) => f.rule === 'MissingDockerignore'));
    const without = join(dir, 'ctx-plain');
    mkdirSync(without, { recursive: true });
    const plain = JSON.parse((await lint('--format', 'json', '--context', without, path)).stdout) as Array<{ rule: string }>;
    assert.ok(plain.some((f) => f.rule === 'MissingDockerignore'));
  });

  it('without --context, the context is the Dockerfile\'s folder (as the editor and `docker build -f DIR/Dockerfile DIR`)', async () => {
    const context = join(dir, 'ctx-default');
    mkdirSync(context, { recursive: true });
    writeFileSync(join(context, 'package.json'), '{}');
    const path = join(context, 'Dockerfile');
    writeFileSync(path, 'FROM node\nCOPY . .\nRUN npm ci\n');
    const rules = (JSON.parse((await lint('--format', 'json', '--no-engine', path)).stdout) as Array<{ rule: string }>).map((f) => f.rule);
    assert.ok(rules.includes('MissingDockerignore'), rules.join(' '));
    // The folder's .dockerignore (or <Dockerfile>.dockerignore beside it) is the one that applies.
    writeFileSync(join(context, 'Dockerfile.dockerignore'), 'package.json\n');
    const ignored = JSON.parse((await lint('--format', 'json', '--no-engine', path)).stdout) as Array<{ rule: string }>;
    assert.ok(!ignored.some((f) => f.rule === 'MissingDockerignore'));
  });

  it('usage errors exit 2 with a clear message and no stack trace', async () => {
    for (const argv of [[], ['--format', 'xml', 'x'], ['--bogus', 'x'], [join(dir, 'missing')], [dir]]) {
      const r = await lint(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, /^layerwise lint: /, argv.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await lint('--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: layerwise lint/);
  });
});

// The built CLI, spawned as a user runs it. main.ts must dispatch `lint` to runLint for this to
// work; until the lead wires it, these are skipped (and say why).
const cliPath = resolve(projectRoot, 'dist/cli.js');
const mainSource = resolve(projectRoot, 'src/cli/main.ts');
const wired = existsSync(mainSource) && readFileSync(mainSource, 'utf8').includes('runLint');
const skip = wired ? false : 'src/cli/main.ts does not dispatch `lint` to runLint yet';

describe('layerwise lint (dist/cli.js)', () => {
  function spawnLint(...argv: string[]) {
    return spawnSync(process.execPath, [cliPath, 'lint', ...argv], { encoding: 'utf8' });
  }

  it('the sample workspace Dockerfile: the deliberate problems, exit 1', { skip }, () => {
    const r = spawnLint('--format', 'json', resolve(projectRoot, 'samples/workspace/Dockerfile'));
    assert.equal(r.status, 1, r.stderr);
    const rules = new Set((JSON.parse(r.stdout) as Array<{ rule: string }>).map((f) => f.rule));
    for (const rule of ['MaintainerDeprecated', 'UndefinedVar', 'UpdateWithoutInstall', 'CacheBustingCopyBeforeInstall', 'ArgUsedAtRuntime']) assert.ok(rules.has(rule), rule);
  });

  it('a clean file exits 0; stdin works', { skip }, () => {
    const r = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '-'], { input: CLEAN, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('an unreadable file exits 2 with a message, no stack trace', { skip }, () => {
    const r = spawnLint('/nonexistent/Dockerfile');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read \/nonexistent\/Dockerfile: no such file/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
