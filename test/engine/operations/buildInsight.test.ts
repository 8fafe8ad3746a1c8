// Build insight against the real engine's classic builder: what each step did (ran, cached, a base,
// a global ARG, failed), the layer it added (checked against `docker history`) and the Dockerfile
// line it came from. (BuildKit's side: build.test.ts, judged by the docker CLI's BuildKit.) Every image built here carries TEST_LABEL=insight-<run>
// (a LABEL in each stage, so the intermediate images of every stage have it too) and is removed.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildModel } from '../../../src/dockerfile';
import { buildImage, BuildError } from '../../../src/engine/operations/build';
import { BuildReport, builderInstructions, formatSize, reportBuild, resultSummary, StepOutcome } from '../../../src/engine/operations/buildReport';
import type { BuildTrace } from '../../../src/engine/operations/build';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const labelValue = `insight-${run}`;
const labels = { [TEST_LABEL]: labelValue };
const temp = mkdtempSync(join(tmpdir(), 'lw-insight-'));
const created = new Set<string>();

after(async () => {
  // Newest first, so that each goes before the image it was built on.
  for (const id of [...created].reverse()) await docker.getImage(id).remove({ force: true }).catch(() => undefined);
  await removeLabelled(docker, labelValue).catch(() => undefined);
  rmSync(temp, { recursive: true, force: true });
});

/** One instruction a line, so step i is line i - 1 (a fact of this file, not the code under test). */
const LINES = [
  'ARG BASE=busybox:local',
  'FROM ${BASE} AS tools',
  `LABEL ${TEST_LABEL}=${labelValue} stage=tools`,
  `RUN echo tools-${run} > /tools && dd if=/dev/zero of=/blob bs=1k count=64 2>/dev/null`,
  'FROM ${BASE} AS unused',
  `LABEL ${TEST_LABEL}=${labelValue} stage=unused`,
  `RUN echo unused-${run}`,
  'FROM ${BASE}',
  `LABEL ${TEST_LABEL}=${labelValue} stage=last`,
  'COPY --from=tools /tools /tools',
  `ENV RUN_ID=${run}`,
  'COPY app.txt /app.txt',
  'RUN wc -c /app.txt > /size',
];
const dir = join(temp, 'multi');
mkdirSync(dir);
writeFileSync(join(dir, 'Dockerfile'), `${LINES.join('\n')}\n`);
writeFileSync(join(dir, 'app.txt'), `app ${run}\n`);

/** Remembers the intermediate images a classic build left, to remove them (newest first) at the end. */
function keep(trace: BuildTrace): void {
  if (trace.builder === 'classic') for (const r of trace.records) if (r.imageId && r.outcome !== 'base') created.add(r.imageId);
}

async function build(): Promise<BuildReport> {
  // `labels` makes the builder append one more step (LABEL), which maps to no line.
  const result = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, builder: 'classic' });
  keep(result.trace);
  const report = await reportBuild(docker, result.trace, { dockerfile: join(dir, 'Dockerfile'), text: `${LINES.join('\n')}\n`, status: 'succeeded', imageId: result.imageId! });
  for (const r of report.results) assert.ok(Number.isFinite(r.durationMs) && r.durationMs! >= 0, `${r.step} has a duration`);
  return report;
}

const outcomes = (report: BuildReport): StepOutcome[] => report.results.map((r) => r.outcome);
const FIRST: StepOutcome[] = ['meta', 'base', 'ran', 'ran', 'base', 'ran', 'ran', 'base', 'ran', 'ran', 'ran', 'ran', 'ran', 'ran'];

describe('build insight (classic builder)', () => {
  let first: BuildReport;

  it('first build: every step ran, each maps to its line, sizes and ids are the ones `docker history` shows', async () => {
    first = await build();
    assert.deepEqual(outcomes(first), FIRST);
    assert.equal(first.results.length, LINES.length + 1);
    first.results.forEach((r, i) => {
      if (i < LINES.length) {
        assert.equal(r.range?.start.line, i, `${r.step} is on line ${i + 1}`);
        assert.equal(r.step, `Step ${i + 1}/${LINES.length + 1} : ${LINES[i]}`);
      } else {
        assert.equal(r.range, undefined, 'the LABEL step from the API option is on no line');
        assert.equal(r.step, `Step ${i + 1}/${LINES.length + 1} : LABEL ${TEST_LABEL}=${labelValue}`);
      }
    });
    // Every layer as the docker CLI's history shows it (its first row is the image itself).
    for (const r of first.results.filter((x) => x.outcome === 'ran')) {
      assert.ok(r.sizeBytes !== undefined && r.imageId, `${r.step} has its layer`);
      const row = dockerCli(['history', '--no-trunc', '--format', '{{.ID}}\t{{.Size}}\t{{.CreatedBy}}', r.imageId]).stdout.split('\n')[0]!.split('\t');
      assert.equal(row[0], r.imageId);
      assert.equal(formatSize(r.sizeBytes).replace(' ', ''), row[1], r.step);
      assert.equal(row[2], r.createdBy);
    }
    const at = (line: number) => first.results[line]!;
    assert.ok(at(3).sizeBytes! >= 64 * 1024, 'the dd step added its 64 KiB');
    assert.equal(at(10).sizeBytes, 0, 'ENV adds no bytes');
    assert.equal(at(2).sizeBytes, 0, 'LABEL adds no bytes');
    assert.equal(at(9).sizeBytes, `tools-${run}\n`.length, 'COPY --from added the one file');
    assert.equal(at(1).sizeBytes, undefined, 'a FROM adds nothing of its own');
    assert.match(resultSummary(at(3)), /^ran · \d+\.\d s · \+\d+(\.\d+)? kB$/);
    assert.match(resultSummary(at(0)), /^global · \d+\.\d s$/);
  });

  it('rebuild: every step that ran is cached, with the same images', async () => {
    const again = await build();
    assert.deepEqual(outcomes(again), FIRST.map((o) => (o === 'ran' ? 'cached' : o)));
    assert.deepEqual(again.results.map((r) => r.imageId), first.results.map((r) => r.imageId));
    assert.match(resultSummary(again.results[10]!), /^cached · \d+\.\d s · \+0 B$/);
  });

  it('a changed file busts exactly the COPY of it and what follows', async () => {
    writeFileSync(join(dir, 'app.txt'), `app ${run} changed\n`);
    const changed = await build();
    const copyAt = LINES.indexOf('COPY app.txt /app.txt');
    assert.deepEqual(outcomes(changed), FIRST.map((o, i) => (o === 'ran' && i < copyAt ? 'cached' : o)));
    assert.equal(changed.results[copyAt]!.sizeBytes, `app ${run} changed\n`.length);
  });

  it('a failing step is the last record, failed, on its line', async () => {
    const failing = join(temp, 'failing');
    mkdirSync(failing);
    const text = `FROM busybox:local\nLABEL ${TEST_LABEL}=${labelValue} stage=failing\nRUN echo out-${run}; echo err-${run} >&2; exit 3\nRUN echo never\n`;
    writeFileSync(join(failing, 'Dockerfile'), text);
    const error = await buildImage(docker, { contextDir: failing, dockerfile: join(failing, 'Dockerfile'), builder: 'classic' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof BuildError);
    keep(error.trace);
    const report = await reportBuild(docker, error.trace, { dockerfile: join(failing, 'Dockerfile'), text, status: 'failed', error: error.reason });
    assert.deepEqual(outcomes(report), ['base', 'ran', 'failed']);
    assert.equal(report.results[2]!.range?.start.line, 2);
    assert.match(resultSummary(report.results[2]!), /^failed · \d+\.\d s$/);
    assert.equal(report.results[2]!.error, `The command '/bin/sh -c echo out-${run}; echo err-${run} >&2; exit 3' returned a non-zero code: 3`);
    // What the failed step printed (stdout and stderr in either order: two pipes), the builder's own lines left out.
    assert.deepEqual([...report.results[2]!.logTail!].sort(), [`err-${run}`, `out-${run}`]);
  });

  it('ONBUILD triggers run inside their FROM step (no Step line of their own); the FROM adds their layer', async () => {
    const base = join(temp, 'onbuild-base');
    const child = join(temp, 'onbuild-child');
    mkdirSync(base);
    mkdirSync(child);
    writeFileSync(join(base, 'Dockerfile'), `FROM busybox:local\nLABEL ${TEST_LABEL}=${labelValue} stage=onbuild\nONBUILD RUN head -c 3000 /dev/zero > /trigger-${run}\n`);
    const parent = await buildImage(docker, { contextDir: base, dockerfile: join(base, 'Dockerfile'), builder: 'classic' });
    keep(parent.trace);
    const text = `FROM ${parent.imageId!.replace(/^sha256:/, '')}\nRUN test -f /trigger-${run}\n`;
    writeFileSync(join(child, 'Dockerfile'), text);
    const result = await buildImage(docker, { contextDir: child, dockerfile: join(child, 'Dockerfile'), builder: 'classic' });
    if (result.trace.builder === 'classic') for (const r of result.trace.records) if (r.imageId) created.add(r.imageId);
    const report = await reportBuild(docker, result.trace, { dockerfile: join(child, 'Dockerfile'), text, status: 'succeeded' });
    assert.deepEqual(report.results.map((r) => [r.step?.replace(/ : .*/, ''), r.outcome, r.range?.start.line]), [['Step 1/2', 'ran', 0], ['Step 2/2', 'ran', 1]]);
    assert.equal(report.results[0]!.triggers, 1);
    assert.equal(report.results[0]!.sizeBytes, 3000);
    // With the base's config known, the model lists the trigger under the FROM; the builder's steps still skip it.
    const model = buildModel(text, { baseImages: () => ({ OnBuild: [`RUN head -c 3000 /dev/zero > /trigger-${run}`] }) });
    assert.ok(model.stages[0]!.instructions.some((i) => i.onbuildTrigger));
    assert.deepEqual(builderInstructions(model).map((i) => i.keyword), ['FROM', 'RUN']);
  });
});
