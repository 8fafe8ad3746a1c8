// The pure parts of building with BuildKit: decoding the engine's trace, printing it as
// `--progress=plain` does, mapping vertexes to Dockerfile lines, sizes from the image history,
// and what a failure says. Recorded engine output (test/fixtures/buildkit, see its README) where
// the engine said it; small made-up traces for the cases the engine here cannot show on demand.
// The engine tier runs the same code against the live engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModel } from '../../../src/dockerfile';
import { plainText } from '../../../src/engine/operations/ansi';
import { unwrapBuildkitError } from '../../../src/engine/operations/build';
import { buildSupportOf, chooseBuilder } from '../../../src/engine/operations/builderSupport';
import { describeFailure, pullProblem, shortReason } from '../../../src/engine/operations/buildFailure';
import { alignHistory, HistoryEntry, historyInstructions } from '../../../src/engine/operations/buildkitLayers';
import { BuildkitProgress, VertexRecord } from '../../../src/engine/operations/buildkitProgress';
import { buildkitResults, metadataImage, normalizedImageName, parseVertexName } from '../../../src/engine/operations/buildkitSteps';
import { decodeTrace, TraceUpdate } from '../../../src/engine/operations/buildkitTrace';
import { resultSummary } from '../../../src/engine/operations/buildOutcomes';
import type { BuildReport } from '../../../src/engine/operations/buildReport';

const FIXTURES = join(__dirname, '../../../../test/fixtures/buildkit');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** The trace updates of a recorded response body, in order. */
function updates(jsonl: string): TraceUpdate[] {
  return fixture(jsonl)
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id?: string; aux?: unknown })
    .filter((m) => m.id === 'moby.buildkit.trace' && typeof m.aux === 'string')
    .map((m) => decodeTrace(m.aux as string));
}

function replay(jsonl: string): { printed: string[]; vertexes: VertexRecord[] } {
  const printed: string[] = [];
  const progress = new BuildkitProgress((line) => printed.push(line));
  for (const update of updates(jsonl)) progress.update(update);
  return { printed, vertexes: progress.vertexes };
}

/** `[line (1-based), summary]` per result, for the lines of the fixture's text. */
function table(text: string, vertexes: readonly VertexRecord[], status: 'succeeded' | 'failed' | 'cancelled' = 'succeeded', target?: string): Array<[number, string]> {
  return buildkitResults(buildModel(text), vertexes, { status, ...(target ? { target } : {}) }).results.map((r) => [r.range!.start.line + 1, resultSummary(r).replace(/ · \d+\.\d s/, ' · T')]);
}

let clock = 1_000_000;
/** A vertex as the trace reports it (times on a made-up clock). */
function vertex(digest: string, name: string, state: { inputs?: string[]; cached?: boolean; error?: string; running?: boolean; announced?: boolean } = {}): VertexRecord {
  clock += 1000;
  return {
    number: 0, digest, name, inputs: state.inputs ?? [], cached: state.cached ?? false, logs: [],
    ...(state.announced ? {} : { started: clock }),
    ...(state.announced || state.running ? {} : { completed: clock + 500 }),
    ...(state.error ? { error: state.error } : {}),
  };
}

describe('BuildKit trace', () => {
  it('decodes the engine\'s moby.buildkit.trace payloads: vertexes, their times and errors, and log bytes', () => {
    const all = updates('failed-run.jsonl');
    const vertexes = all.flatMap((u) => u.vertexes);
    const run = vertexes.filter((v) => v.name.startsWith('[2/2] RUN')).pop()!;
    assert.equal(run.name, '[2/2] RUN printf "\\033[32mgreen\\033[0m\\n"; exit 5');
    assert.match(run.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(run.inputs.length, 1);
    assert.ok(run.started! > 1.6e12 && run.completed! >= run.started!, 'engine times in milliseconds since the epoch');
    assert.match(run.error!, /exit code: 5$/);
    const log = all.flatMap((u) => u.logs).find((l) => l.vertex === run.digest)!;
    assert.equal(log.text, '\u001b[32mgreen\u001b[0m\n');
    assert.equal(log.stream, 1);
  });

  it('prints it as --progress=plain does: #N name, digest, timed log lines without escape codes, DONE/CACHED/ERROR', () => {
    const { printed, vertexes } = replay('failed-run.jsonl');
    const run = vertexes.find((v) => v.name.startsWith('[2/2] RUN'))!;
    const n = run.number;
    const block = printed.slice(printed.indexOf(`#${n} ${run.name}`));
    assert.equal(block[1], `#${n} ${run.digest}`);
    assert.match(block[2]!, new RegExp(`^#${n} \\d+\\.\\d{3} green$`));
    assert.equal(block[3], `#${n} ERROR: ${run.error}`);
    assert.ok(printed.includes(`#${vertexes.find((v) => v.name.startsWith('[1/2] FROM'))!.number} CACHED`));
    assert.deepEqual(run.logs, ['green']);
    assert.deepEqual(vertexes.map((v) => v.number), vertexes.map((_, i) => i + 1), 'numbered in the order the trace named them');
  });

  it('marks a vertex interrupted by another with `#N ...`, joins log bytes split mid-line, says CANCELED', () => {
    const printed: string[] = [];
    const progress = new BuildkitProgress((line) => printed.push(line));
    const a = { digest: 'sha256:a', name: '[one 2/2] RUN a', inputs: [], cached: false, started: 1000 };
    const b = { digest: 'sha256:b', name: '[two 2/2] RUN b', inputs: [], cached: false, started: 1100 };
    progress.update({ vertexes: [a], statuses: [], logs: [{ vertex: 'sha256:a', timestamp: 1500, stream: 1, text: 'hal' }] });
    progress.update({ vertexes: [b], statuses: [], logs: [] });
    progress.update({ vertexes: [], statuses: [], logs: [{ vertex: 'sha256:a', timestamp: 1600, stream: 1, text: 'f\nwhole\n' }] });
    progress.update({ vertexes: [{ ...a, completed: 2000, error: 'context canceled' }, { ...b, completed: 2100 }], statuses: [], logs: [] });
    assert.deepEqual(printed, [
      '#1 [one 2/2] RUN a', '#1 sha256:a',
      '#1 hal', '#1 ...', '',
      '#2 [two 2/2] RUN b', '#2 sha256:b', '#2 ...', '',
      '#1 [one 2/2] RUN a', '#1 0.600 f', '#1 0.600 whole', '#1 CANCELED', '',
      '#2 [two 2/2] RUN b', '#2 DONE 1.0s',
    ]);
    assert.deepEqual(progress.vertexes[0]!.logs, ['hal', 'f', 'whole']);
    assert.deepEqual(progress.running, []);
  });

  it('ends the steps still running with `#N CANCELED` when the build is cancelled', () => {
    const printed: string[] = [];
    const progress = new BuildkitProgress((line) => printed.push(line));
    progress.update({ vertexes: [{ digest: 'sha256:a', name: '[2/2] RUN sleep 90', inputs: [], cached: false, started: 1000 }, { digest: 'sha256:d', name: '[1/2] FROM x', inputs: [], cached: true, started: 900, completed: 950 }], statuses: [], logs: [{ vertex: 'sha256:a', timestamp: 1200, stream: 1, text: 'starting\n' }] });
    progress.cancelRunning();
    assert.deepEqual(printed.slice(-2), ['#1 0.200 starting', '#1 CANCELED']);
    assert.equal(printed.filter((l) => l.endsWith('CANCELED')).length, 1, 'only the running step');
  });
});

describe('BuildKit vertex names', () => {
  it('reads stage, number, total and instruction; internal vertexes are no step', () => {
    assert.deepEqual(parseVertexName('[2/3] RUN make'), { index: 2, total: 3, instruction: 'RUN make' });
    assert.deepEqual(parseVertexName('[stage-1 2/4] COPY a /a'), { stage: 'stage-1', index: 2, total: 4, instruction: 'COPY a /a' });
    assert.deepEqual(parseVertexName('[build  3/12] RUN x'), { stage: 'build', index: 3, total: 12, instruction: 'RUN x' }, 'numbers are padded to the width of the total');
    assert.deepEqual(parseVertexName('[linux/arm64 build 1/2] FROM docker.io/library/alpine:3'), { platform: 'linux/arm64', stage: 'build', index: 1, total: 2, instruction: 'FROM docker.io/library/alpine:3' });
    assert.equal(parseVertexName('[internal] load metadata for docker.io/library/busybox:local'), undefined);
    assert.equal(parseVertexName('exporting to image'), undefined);
    assert.equal(metadataImage('[internal] load metadata for docker.io/library/node:20-slim'), 'docker.io/library/node:20-slim');
    assert.equal(metadataImage('[linux/amd64 internal] load metadata for 127.0.0.1:5000/a:1'), '127.0.0.1:5000/a:1');
  });

  it('normalizes image references as BuildKit prints them', () => {
    assert.equal(normalizedImageName('busybox:local'), 'docker.io/library/busybox:local');
    assert.equal(normalizedImageName('alpine'), 'docker.io/library/alpine:latest');
    assert.equal(normalizedImageName('me/app'), 'docker.io/me/app:latest');
    assert.equal(normalizedImageName('127.0.0.1:5000/app:1'), '127.0.0.1:5000/app:1');
    assert.equal(normalizedImageName('localhost/app'), 'localhost/app:latest');
    assert.equal(normalizedImageName('docker.io/library/busybox:local'), 'docker.io/library/busybox:local');
    assert.equal(normalizedImageName('alpine@sha256:abc'), 'docker.io/library/alpine@sha256:abc');
  });
});

describe('BuildKit results per line', () => {
  it('maps a recorded parallel multi-stage build to its lines, as the CLI named the steps', () => {
    const { vertexes } = replay('parallel.jsonl');
    assert.deepEqual(table(fixture('parallel.Dockerfile'), vertexes), [
      [1, 'no step (build arg)'],
      [2, 'base · T · same step as line 10'], // one FROM vertex for both stages
      [3, 'no step (no folder to make)'], // WORKDIR / makes no vertex and shifts the numbers after it
      [4, 'ran · T'],
      [5, 'not built: the target does not need this stage'],
      [7, 'no step (from stage tools)'],
      [8, 'no step (image config)'],
      [9, 'ran · T'], // `[mid 1/1] RUN echo mid-1 > /mid`: the name has $X expanded
      [10, 'base · T'],
      [11, 'no step (image config)'],
      [12, 'cached · T'],
      [13, 'ran · T'],
      [14, 'ran · T'],
      [15, 'ran · T'],
      [16, 'ran · T'],
    ]);
  });

  it('a failed step keeps its log tail; a parallel step stopped by it is cancelled; later steps did not run', () => {
    const text = 'FROM busybox:local AS a\nRUN sleep 5\nFROM busybox:local\nCOPY --from=a /x /x\nRUN exit 3\nRUN echo after\n';
    const from = vertex('sha256:f', '[stage-1 1/4] FROM docker.io/library/busybox:local');
    const sleep = vertex('sha256:s', '[a 2/2] RUN sleep 5', { inputs: ['sha256:f'], error: 'context canceled' });
    const failing = { ...vertex('sha256:e', '[stage-1 3/4] RUN exit 3', { inputs: ['sha256:c'], error: 'executor failed running [/bin/sh -c exit 3]: exit code: 3' }), logs: ['one', 'two'] };
    const after = vertex('sha256:g', '[stage-1 4/4] RUN echo after', { inputs: ['sha256:e'], announced: true });
    const copy = vertex('sha256:c', '[stage-1 2/4] COPY --from=a /x /x', { inputs: ['sha256:f', 'sha256:s'], announced: true });
    const results = buildkitResults(buildModel(text), [from, sleep, failing, after, copy], { status: 'failed' }).results;
    assert.deepEqual(results.map((r) => [r.range!.start.line, r.outcome]), [[0, 'base'], [1, 'cancelled'], [2, 'base'], [3, 'not-run'], [4, 'failed'], [5, 'not-run']]);
    assert.deepEqual(results[4]!.logTail, ['one', 'two']);
    assert.equal(results[4]!.error, 'executor failed running [/bin/sh -c exit 3]: exit code: 3');
    assert.equal(results[1]!.error, undefined, '"context canceled" is no cause of its own');
  });

  it('a base image\'s ONBUILD triggers take step numbers: the stage\'s own steps still get their lines', () => {
    const text = 'FROM base-with-triggers\nRUN own\nCOPY a /a\n';
    const vertexes = [
      vertex('sha256:1', '[1/3] FROM docker.io/library/base-with-triggers:latest'),
      vertex('sha256:2', '[2/3] RUN trigger', { inputs: ['sha256:1'] }),
      vertex('sha256:3', '[3/3] RUN own', { inputs: ['sha256:2'], cached: true }),
      vertex('sha256:4', '[4/3] COPY a /a', { inputs: ['sha256:3'] }),
    ];
    assert.deepEqual(table(text, vertexes), [[1, 'base · T'], [2, 'cached · T'], [3, 'ran · T']]);
  });

  it('an identical step of two stages runs once: the stage without the vertex shares it, only on the same parent', () => {
    const text = 'FROM busybox:local AS a\nRUN apk add x\nFROM busybox:local AS b\nRUN apk add x\nRUN make\nFROM a\nCOPY --from=b /b /b\n';
    const vertexes = [
      vertex('sha256:f', '[a 1/2] FROM docker.io/library/busybox:local'),
      vertex('sha256:r', '[b 2/3] RUN apk add x', { inputs: ['sha256:f'] }),
      vertex('sha256:m', '[b 3/3] RUN make', { inputs: ['sha256:r'] }),
      vertex('sha256:c', '[stage-2 1/1] COPY --from=b /b /b', { inputs: ['sha256:r', 'sha256:m'] }),
    ];
    assert.deepEqual(table(text, vertexes), [
      [1, 'base · T'], [2, 'ran · T · same step as line 4'], [3, 'base · T · same step as line 1'], [4, 'ran · T'], [5, 'ran · T'], [6, 'no step (from stage a)'], [7, 'ran · T'],
    ]);
    // The same text on another parent is another step: not shared.
    const other = [vertexes[0]!, vertex('sha256:r2', '[b 2/3] RUN apk add x', { inputs: ['sha256:elsewhere'] }), vertexes[2]!, vertexes[3]!];
    const failedText = 'FROM busybox:local AS a\nRUN echo first\nRUN apk add x\nFROM busybox:local AS b\nRUN apk add x\n';
    const failed = buildkitResults(buildModel(failedText), [other[0]!, vertex('sha256:e', '[a 2/3] RUN echo first', { inputs: ['sha256:f'], error: 'exit code: 1' }), vertex('sha256:r3', '[b 2/2] RUN apk add x', { inputs: ['sha256:f'] })], { status: 'failed' }).results;
    assert.equal(failed.find((r) => r.range!.start.line === 2)!.outcome, 'not-run', 'RUN apk add x after the failed step is not the other stage\'s');
  });

  it('a one-stage Dockerfile has no stage word; a failed metadata look-up fails the FROM', () => {
    const text = 'FROM node:20-slim\nRUN true\n';
    const meta = vertex('sha256:m', '[internal] load metadata for docker.io/library/node:20-slim', { error: 'failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/20-slim": dial tcp: lookup registry-1.docker.io: no such host' });
    const results = buildkitResults(buildModel(text), [meta], { status: 'failed' }).results;
    assert.deepEqual(results.map((r) => r.outcome), ['failed', 'not-run']);
    assert.match(results[0]!.error!, /no such host/);
  });
});

describe('BuildKit layer sizes from the image history', () => {
  it('lines the recorded history up with the target\'s stage chain from the end, FROM and ONBUILD left out', () => {
    const text = fixture('history.Dockerfile');
    const history = JSON.parse(fixture('history.json')) as HistoryEntry[];
    const model = buildModel(text);
    const layers = alignHistory(historyInstructions(model, model.stages.length - 1), history);
    const lines = text.split('\n');
    const sized = [...layers].sort((a, b) => a[0] - b[0]).map(([line, layer]) => [lines[line]!.split(' ')[0], layer.sizeBytes, layer.createdBy.split(' ')[0]]);
    assert.deepEqual(sized, [
      ['RUN', 5, 'RUN'], // the base stage's RUN, which the target is built FROM
      ['MAINTAINER', 0, 'MAINTAINER'], ['ARG', 0, 'ARG'], ['ENV', 0, 'ENV'], ['LABEL', 0, 'LABEL'], ['EXPOSE', 0, 'EXPOSE'], ['USER', 0, 'USER'],
      ['VOLUME', 0, 'VOLUME'], ['WORKDIR', 0, 'WORKDIR'], ['SHELL', 0, 'SHELL'], ['STOPSIGNAL', 0, 'STOPSIGNAL'], ['HEALTHCHECK', 0, 'HEALTHCHECK'],
      ['ADD', Buffer.byteLength(text), 'ADD'], ['COPY', Buffer.byteLength(text), 'COPY'], ['RUN', 0, 'RUN'], ['ENTRYPOINT', 0, 'ENTRYPOINT'], ['CMD', 0, 'CMD'],
    ]);
    assert.equal(layers.get(lines.length - 2)!.imageId, history[0]!.Id, 'the last instruction\'s entry is the image itself');
  });

  it('stops at the first entry whose keyword does not agree (no size rather than a wrong one)', () => {
    const model = buildModel('FROM busybox:local\nRUN a\nENV B=1\nRUN c\n');
    const history: HistoryEntry[] = [
      { Id: 'sha256:x', CreatedBy: 'RUN /bin/sh -c c # buildkit', Size: 3 },
      { Id: '<missing>', CreatedBy: 'LABEL surprise=1', Size: 0 },
      { Id: '<missing>', CreatedBy: 'RUN /bin/sh -c a # buildkit', Size: 1 },
    ];
    assert.deepEqual([...alignHistory(historyInstructions(model, 0), history).keys()], [3]);
  });
});

describe('what a failed build says', () => {
  const report = (text: string, results: BuildReport['results'], error?: string): BuildReport => ({ dockerfile: '/x/Dockerfile', text, builder: 'buildkit', status: 'failed', results, ...(error ? { error } : {}) });

  it('names the line, the exit code and the last lines', () => {
    const text = 'FROM node:20-slim\nWORKDIR /app\nRUN npm ci --omit=dev\n';
    const failure = describeFailure(report(text, [{ outcome: 'failed', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 21 } }, error: 'executor failed running [/bin/sh -c npm ci --omit=dev]: exit code: 127', logTail: ['/bin/sh: npm: not found'] }]));
    assert.equal(failure?.headline, 'line 3 (RUN npm ci --omit=dev): exit code 127');
    assert.deepEqual(failure?.logTail, ['/bin/sh: npm: not found']);
    assert.equal(failure?.range?.start.line, 2);
  });

  it('says why a base image cannot be pulled, from either builder\'s words', () => {
    const from = { start: { line: 1, character: 0 }, end: { line: 1, character: 28 } };
    const text = 'ARG V=20\nFROM node:${V}-slim AS build\n';
    const buildkit = describeFailure(report(text, [{ outcome: 'failed', range: from, step: '#3 [internal] load metadata for docker.io/library/node:20-slim', error: 'failed to do request: Head "https://registry-1.docker.io/v2/library/node/manifests/20-slim": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host' }]));
    assert.equal(buildkit?.headline, 'cannot pull node:20-slim: the registry is unreachable — is the network up? is the image local?');
    const classic = describeFailure({ ...report(text, [{ outcome: 'failed', range: from, step: 'Step 2/2 : FROM node:${V}-slim AS build' }], 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host'), builder: 'classic' });
    assert.equal(classic?.headline, 'cannot pull node:20-slim: the registry is unreachable — is the network up? is the image local?', 'the image as the FROM expands it');
    assert.match(pullProblem('127.0.0.1:5000/nonexistent:1', '127.0.0.1:5000/nonexistent:1: not found')!, /has no such image/);
    assert.match(pullProblem('127.0.0.1:5000/nonexistent:1', 'manifest for 127.0.0.1:5000/nonexistent:1 not found: manifest unknown: manifest unknown')!, /has no such image/);
    assert.match(pullProblem('me/private', "pull access denied for me/private, repository does not exist or may require 'docker login': denied: requested access to the resource is denied")!, /needs a login/);
    assert.equal(pullProblem('x', 'executor failed running [/bin/sh -c x]: exit code: 1'), undefined);
  });

  it('puts a Dockerfile parse error on its line; words the exit code of either builder', () => {
    const failure = describeFailure(report('FROM busybox:local\nFOO bar\n', [], 'Dockerfile parse error line 2: unknown instruction: FOO'));
    assert.equal(failure?.headline, 'line 2: unknown instruction: FOO');
    assert.equal(failure?.range?.start.line, 1);
    assert.equal(shortReason("The command '/bin/sh -c exit 3' returned a non-zero code: 3"), 'exit code 3');
    assert.equal(shortReason('executor failed running [/bin/sh -c exit 3]: exit code: 3'), 'exit code 3');
    assert.equal(unwrapBuildkitError('failed to solve with frontend dockerfile.v0: failed to create LLB definition: Dockerfile parse error line 2: unknown instruction: FOO'), 'Dockerfile parse error line 2: unknown instruction: FOO');
  });
});

describe('build output text and builder support', () => {
  it('strips colours, cursor moves, titles; a carriage return keeps the redrawn line', () => {
    assert.equal(plainText('\u001b[31mred\u001b[0m plain'), 'red plain');
    assert.equal(plainText('\u001b]0;title\u0007after'), 'after');
    assert.equal(plainText('10%\r50%\r100%'), '100%');
    assert.equal(plainText('a\r\nb'), 'a\nb');
    assert.equal(plainText('\u001b[2K\u001b[1Gnpm ERR! missing'), 'npm ERR! missing');
  });

  it('BuildKit on Linux engines from API 1.38, else the classic builder and why', () => {
    assert.deepEqual(buildSupportOf({ ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }), { buildkit: true, platform: true, defaultPlatform: 'linux/amd64' });
    assert.equal(buildSupportOf({ ApiVersion: '1.37', Os: 'linux', Arch: 'amd64' }).buildkit, false);
    assert.match(buildSupportOf({ ApiVersion: '1.41', Os: 'windows', Arch: 'amd64' }).reason!, /Windows/);
    assert.equal(buildSupportOf({ ApiVersion: '1.30', Os: 'linux' }).platform, false);
    assert.deepEqual(chooseBuilder('classic', buildSupportOf({ ApiVersion: '1.41', Os: 'linux' })), { builder: 'classic' });
    assert.deepEqual(chooseBuilder('buildkit', buildSupportOf({ ApiVersion: '1.41', Os: 'linux' })), { builder: 'buildkit' });
    assert.match(chooseBuilder('buildkit', buildSupportOf({ ApiVersion: '1.37', Os: 'linux' })).fallback!, /^building with the classic builder: the engine's API 1\.37 predates BuildKit/);
  });
});
