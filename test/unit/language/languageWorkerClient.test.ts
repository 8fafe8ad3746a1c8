// The editor's automatic features on their worker thread, through the host's client: the same
// answers as the pure functions in this thread, the text sent once per version, cancelled and
// outdated requests answered with nothing (and not computed), base images known and unknown, and
// a worker that dies answered with nothing. The real worker, compiled by tsc next to this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { buildModel } from '../../../src/dockerfile';
import { buildSymbolIndex } from '../../../src/dockerfile/symbols/symbolIndex';
import { semanticTokens } from '../../../src/dockerfile/symbols/semanticTokens';
import { Cancellation, DocumentSource, LanguageWorkerClient } from '../../../src/language/languageWorkerClient';

const WORKER = resolve(__dirname, '../../../src/workers/languageWorker.js');

const SMALL = 'ARG BASE=alpine\nFROM ${BASE} AS build\nENV APP=/srv\nRUN echo $APP\nFROM build\nCOPY src/ app.js /dst/\n';

function source(uri: string, text: string, version = 1): DocumentSource & { texts: number } {
  const doc = { uri, version, buildArgs: {}, builder: 'buildkit' as const, texts: 0, getText: () => { doc.texts++; return text; } };
  return doc;
}

function bigDockerfile(lines: number): string {
  const out = ['FROM busybox AS base', 'ENV A=1'];
  for (let i = 0; i < lines; i++) out.push(`RUN echo $A line${i} && true`);
  return `${out.join('\n')}\n`;
}

/** A token the test cancels by hand. */
function cancellation(): Cancellation & { cancel(): void } {
  const listeners: Array<() => void> = [];
  const token = {
    isCancellationRequested: false,
    onCancellationRequested: (listener: () => void) => { listeners.push(listener); return { dispose: () => undefined }; },
    cancel: () => { token.isCancellationRequested = true; for (const l of listeners) l(); },
  };
  return token;
}

test('each feature answers as the analysis in this thread does', async () => {
  const client = new LanguageWorkerClient(WORKER);
  try {
    const doc = source('file:///a/Dockerfile', SMALL);
    const tokens = await client.request('semanticTokens', doc, {});
    const model = buildModel(SMALL);
    assert.deepEqual(tokens?.result, semanticTokens(buildSymbolIndex(SMALL, model)));
    const hover = await client.request('hover', doc, { position: { line: 3, character: 11 } });
    assert.match(hover?.result.variable?.markdown ?? '', /\*\*`APP`\*\* = `\/srv`\n\nfrom ENV in this stage at line 3/);
    const highlights = await client.request('highlights', doc, { position: { line: 3, character: 11 } });
    assert.deepEqual(highlights?.result.map((h) => [h.range.start.line, h.write]), [[2, true], [3, false]]);
    const service = DockerfileLanguageServiceFactory.createLanguageService();
    service.setCapabilities({ foldingRange: { lineFoldingOnly: true } });
    assert.deepEqual((await client.request('folding', doc, {}))?.result, service.computeFoldingRanges(SMALL));
    assert.deepEqual((await client.request('symbols', doc, {}))?.result, service.computeSymbols({ uri: doc.uri }, SMALL));
    assert.deepEqual((await client.request('copies', doc, {}))?.result, [{ line: 5, keyword: 'COPY', sources: { sources: ['src/', 'app.js'], otherSources: 0 } }]);
    const hints = await client.request('inlayHints', doc, {});
    assert.deepEqual(hints?.result.map((h) => [h.position.line, h.value]), [[1, 'alpine'], [3, '/srv']]);
    const library = await client.request('hover', doc, { position: { line: 2, character: 1 } });
    assert.ok(library?.result.library && !library.result.variable, JSON.stringify(library?.result));
    const completion = await client.request('completion', source('file:///b/Dockerfile', 'FROM a\nWORK'), { position: { line: 1, character: 4 } });
    assert.ok(completion?.result.some((item) => item.label.startsWith('WORKDIR')), JSON.stringify(completion?.result.map((i) => i.label)));
    const help = await client.request('signatureHelp', source('file:///c/Dockerfile', 'FROM a\nCOPY '), { position: { line: 1, character: 5 } });
    assert.ok((help?.result.signatures.length ?? 0) > 0);
    assert.equal(client.busy, false);
  } finally {
    client.dispose();
  }
});

test('a version\'s text crosses to the worker once, however many features ask', async () => {
  const client = new LanguageWorkerClient(WORKER);
  try {
    const doc = source('file:///once/Dockerfile', SMALL);
    await client.request('semanticTokens', doc, {});
    await client.request('folding', doc, {});
    await client.request('hover', doc, { position: { line: 3, character: 11 } });
    assert.equal(doc.texts, 1);
    const next = source(doc.uri, `${SMALL}RUN true\n`, 2);
    assert.equal((await client.request('folding', next, {}))?.result.length !== undefined, true);
    assert.equal(next.texts, 1);
    // Closed: the worker forgot it, so the same version goes again with its text.
    client.close(doc.uri);
    await client.request('folding', next, {});
    assert.equal(next.texts, 2);
  } finally {
    client.dispose();
  }
});

test('a cancelled request and one for an outdated version are answered with nothing', async () => {
  const client = new LanguageWorkerClient(WORKER);
  try {
    // A big analysis first, so the others wait in the worker's queue behind it.
    const big = client.request('semanticTokens', source('file:///big/Dockerfile', bigDockerfile(20_000)), {});
    const token = cancellation();
    const cancelled = client.request('semanticTokens', source('file:///x/Dockerfile', SMALL), {}, token);
    token.cancel();
    const old = client.request('semanticTokens', source('file:///y/Dockerfile', SMALL, 1), {});
    const fresh = client.request('semanticTokens', source('file:///y/Dockerfile', `${SMALL}ENV MORE=1\n`, 2), {});
    assert.equal(await cancelled, undefined);
    assert.equal(await old, undefined);
    assert.ok((await fresh)?.result.some((t) => t.range.start.line === 6), 'the newer text was analysed');
    assert.ok((await big)?.result.length);
    assert.equal(client.busy, false);
  } finally {
    client.dispose();
  }
});

test('base images: a known config is used, an unknown reference is reported back', async () => {
  const client = new LanguageWorkerClient(WORKER);
  try {
    client.setBaseImages(1, () => [['known', { Env: ['FROM_BASE=1'] }]]);
    const text = 'FROM known\nRUN echo $FROM_BASE\nFROM unknown\nRUN echo $OTHER\n';
    const hover = await client.request('hover', source('file:///base/Dockerfile', text), { position: { line: 1, character: 12 } });
    assert.match(hover?.result.variable?.markdown ?? '', /`FROM_BASE`\*\* = `1`\n\nfrom the base image/);
    assert.deepEqual(hover?.unknownBaseImages, ['unknown']);
  } finally {
    client.dispose();
  }
});

test('a worker that dies: its request is answered with nothing, and the reason is logged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-langworker-'));
  const dying = join(dir, 'dying.js');
  writeFileSync(dying, 'process.exit(3);\n');
  const logged: string[] = [];
  const client = new LanguageWorkerClient(dying, (m) => logged.push(m));
  try {
    assert.equal(await client.request('folding', source('file:///d/Dockerfile', SMALL), {}), undefined);
    assert.ok(logged.some((m) => m.includes('exit code 3')), JSON.stringify(logged));
    assert.equal(client.busy, false);
  } finally {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
