// The editor's lint on its worker thread, through the host's client: the same findings as
// `lintAll` in this thread, the host's event loop free while a big file is linted, a burst of
// requests for one document linted once (its newest text), the context listing cached until told
// otherwise, unknown base images reported back, and a worker that dies answered with nothing.
// The real worker, compiled by tsc next to this test (out/src/workers/lintWorker.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintAll } from '../../../src/dockerfile/rules';
import { readBuildContext } from '../../../src/dockerfile/rules/buildContext';
import { LintWorkerClient } from '../../../src/language/lintWorkerClient';

const WORKER = resolve(__dirname, '../../../src/workers/lintWorker.js');

function bigDockerfile(lines: number): string {
  const out = ['FROM busybox AS base'];
  for (let i = 0; i < lines; i++) out.push(`RUN echo line${i} && true`);
  return `${out.join('\n')}\n`;
}

test('the worker finds what lintAll finds in this thread, context and build args included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lintworker-'));
  const client = new LintWorkerClient(WORKER);
  try {
    writeFileSync(join(dir, 'app.js'), '');
    writeFileSync(join(dir, 'Dockerfile'), '');
    const text = 'from busybox\nARG UNUSED\nENV A=$UNDEFINED\nCOPY . .\nMAINTAINER me\n';
    const buildArgs = { GIVEN: 'x' };
    const outcome = await client.lint('a', { text, buildArgs, context: { dir, dockerfile: join(dir, 'Dockerfile') }, baseImages: [] });
    assert.ok(outcome && !outcome.error, JSON.stringify(outcome));
    const here = lintAll(text, { buildArgs, context: readBuildContext(dir, join(dir, 'Dockerfile')), baseImages: () => undefined });
    assert.deepEqual(outcome.findings, here);
    assert.ok(here.some((f) => f.rule === 'MissingDockerignore') && here.some((f) => f.rule === 'UnusedBuildArg'), JSON.stringify(here.map((f) => f.rule)));
  } finally {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the host thread keeps turning while a big Dockerfile is linted', async () => {
  const client = new LintWorkerClient(WORKER);
  try {
    let turns = 0;
    let done = false;
    const spin = () => { if (!done) { turns++; setImmediate(spin); } };
    setImmediate(spin);
    const outcome = await client.lint('big', { text: bigDockerfile(20_000), baseImages: [] });
    done = true;
    assert.ok(outcome?.findings, JSON.stringify(outcome));
    // Linted in this thread, the answer would come before the loop turned even once.
    assert.ok(turns > 0, `the event loop turned ${turns} times during the lint`);
  } finally {
    client.dispose();
  }
});

test('a burst of requests for one document lints its newest text; the others are answered with nothing', async () => {
  const client = new LintWorkerClient(WORKER);
  try {
    assert.equal(client.busy, false);
    const big = client.lint('big', { text: bigDockerfile(5_000), baseImages: [] });
    const burst = ['FROM a\nmaintainer x\n', 'FROM a\nMAINTAINER x\n', 'FROM a\nRUN true\n'].map((text) => client.lint('small', { text, baseImages: [] }));
    assert.equal(client.busy, true);
    const [first, second, last] = await Promise.all(burst);
    assert.equal(first, undefined);
    assert.equal(second, undefined);
    assert.deepEqual(last?.findings, lintAll('FROM a\nRUN true\n', { baseImages: () => undefined }));
    assert.ok((await big)?.findings);
    // A newer request for the document that is being linted: the running lint's answer is dropped.
    // Both are asked in one turn of the loop (the first is posted to the idle worker at once), so
    // the worker's answer to the first cannot arrive before the second is asked.
    const old = client.lint('small', { text: 'FROM a\nMAINTAINER old\n', baseImages: [] });
    assert.equal(client.busy, true);
    const fresh = client.lint('small', { text: 'FROM a\nRUN fresh\n', baseImages: [] });
    assert.equal(await old, undefined);
    assert.deepEqual((await fresh)?.findings, lintAll('FROM a\nRUN fresh\n', { baseImages: () => undefined }));
    assert.equal(client.busy, false);
  } finally {
    client.dispose();
  }
});

test('the context listing is kept until a file under it comes or goes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lintworker-'));
  const client = new LintWorkerClient(WORKER);
  try {
    const job = { text: 'FROM busybox\nCOPY . .\n', context: { dir, dockerfile: join(dir, 'Dockerfile') }, baseImages: [] };
    const rules = async () => ((await client.lint('ctx', job))?.findings ?? []).map((f) => f.rule);
    assert.ok((await rules()).includes('MissingDockerignore'));
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n');
    // Not told yet: the listing is the one it made (no walk of the folder per keystroke).
    assert.ok((await rules()).includes('MissingDockerignore'));
    client.forgetContext(join(dir, '.dockerignore'));
    assert.ok(!(await rules()).includes('MissingDockerignore'));
  } finally {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('base images: a known config is used, an unknown reference is reported back', async () => {
  const client = new LintWorkerClient(WORKER);
  try {
    const text = 'FROM known\nRUN echo $FROM_BASE\nFROM unknown\nRUN echo $OTHER\n';
    const outcome = await client.lint('b', { text, baseImages: [['known', { Env: ['FROM_BASE=1'] }]] });
    assert.deepEqual(outcome?.unknownBaseImages, ['unknown']);
    const undefinedVars = (outcome?.findings ?? []).filter((f) => f.rule === 'UndefinedVar').map((f) => f.message);
    assert.ok(!undefinedVars.some((m) => m.includes('FROM_BASE')), JSON.stringify(undefinedVars));
  } finally {
    client.dispose();
  }
});

test('a worker that dies: its request is answered with nothing, and the reason is logged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-lintworker-'));
  const dying = join(dir, 'dying.js');
  writeFileSync(dying, 'process.exit(3);\n');
  const logged: string[] = [];
  const client = new LintWorkerClient(dying, (m) => logged.push(m));
  try {
    assert.equal(await client.lint('d', { text: 'FROM a\n', baseImages: [] }), undefined);
    assert.ok(logged.some((m) => m.includes('exit code 3')), JSON.stringify(logged));
    assert.equal(client.busy, false);
  } finally {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
