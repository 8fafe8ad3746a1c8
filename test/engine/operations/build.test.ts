// src/engine/operations/build.ts against the real engine, with both builders. The truth is the
// docker CLI on the same context and Dockerfile: the classic builder's `Step N/M` output, and for
// BuildKit Debian's CLI 20.10 with `DOCKER_BUILDKIT=1 --progress=plain` (`#N CACHED` / `#N DONE`).
// Everything built here carries TEST_LABEL=build-<run> (the `labels` build option, or --label for
// the CLI) and is removed by it; tags pushed to the local registry are deleted; what BuildKit keeps
// in its build cache for these builds is removed by the run id its RUN lines carry.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BuildCancelledError, BuildError, buildImage, BuildResult } from '../../../src/engine/operations/build';
import { engineBuildSupport } from '../../../src/engine/operations/builderSupport';
import { describeFailure } from '../../../src/engine/operations/buildFailure';
import { parseVertexName } from '../../../src/engine/operations/buildkitSteps';
import { BuildReport, reportBuild } from '../../../src/engine/operations/buildReport';
import { pushImage } from '../../../src/engine/operations/images';
import { buildCacheRecords, buildkitCli, plainSteps, removeBuildCache } from '../../support/buildkit';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const docker = engineClient();
const run = randomBytes(4).toString('hex');
const labelValue = `build-${run}`;
const label = `${TEST_LABEL}=${labelValue}`;
const labels = { [TEST_LABEL]: labelValue };
const registry = process.env.LAYERWISE_REGISTRY ?? '127.0.0.1:5000';
const temp = mkdtempSync(join(tmpdir(), 'lw-build-'));
/** Manifests pushed to the local registry: `[repository, digest]`. */
const pushed: Array<[string, string]> = [];

after(async () => {
  await removeLabelled(docker, labelValue).catch(() => undefined);
  for (const [repository, digest] of pushed) {
    await fetch(`http://${registry}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' }).catch(() => undefined);
  }
  await removeBuildCache(docker, run).catch(() => undefined);
  rmSync(temp, { recursive: true, force: true });
});

function folder(name: string, files: Record<string, string>): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => assert.fail('the build succeeded'), (e: unknown) => e);
}

async function report(dir: string, result: BuildResult | BuildError, status: BuildReport['status']): Promise<BuildReport> {
  const trace = result.trace;
  return reportBuild(docker, trace, {
    dockerfile: join(dir, 'Dockerfile'),
    text: readFileSync(join(dir, 'Dockerfile'), 'utf8'),
    status,
    ...(result instanceof BuildError ? { error: result.reason } : result.imageId ? { imageId: result.imageId } : {}),
  });
}

/** Per step vertex of our trace: its name and whether it was cached or ran (FROM left out: the API and the CLI resolve the base differently). */
function ourSteps(result: BuildResult, placeholder: string): Map<string, string> {
  if (result.trace.builder !== 'buildkit') throw new Error('not a BuildKit build');
  const steps = new Map<string, string>();
  for (const v of result.trace.vertexes) {
    const name = parseVertexName(v.name);
    if (!name || /^FROM /.test(name.instruction) || v.started === undefined) continue;
    steps.set(v.name.replaceAll(placeholder, 'NS'), v.cached ? 'cached' : 'ran');
  }
  return steps;
}

function cliSteps(output: string, placeholder: string): Map<string, string> {
  const steps = new Map<string, string>();
  for (const s of plainSteps(output)) {
    const name = parseVertexName(s.name);
    if (!name || /^FROM /.test(name.instruction)) continue;
    steps.set(s.name.replaceAll(placeholder, 'NS'), s.outcome);
  }
  return steps;
}

describe('build', () => {
  it('sends the context the docker CLI sends (.dockerignore with exceptions), with build args, target and the failing step', async () => {
    const dir = join(temp, 'ctx');
    mkdirSync(join(dir, 'logs', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, '.dockerignore'), 'secret.txt\nlogs\n!logs/keep.txt\n**/*.tmp\n');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    writeFileSync(join(dir, 'logs', 'a.log'), 'no');
    writeFileSync(join(dir, 'logs', 'keep.txt'), 'yes');
    writeFileSync(join(dir, 'logs', 'deep', 'b.log'), 'no');
    writeFileSync(join(dir, 'src', 'x.tmp'), 'no');
    writeFileSync(join(dir, 'src', `${'long-name-'.repeat(12)}.txt`), 'a name over 100 bytes');
    writeFileSync(join(dir, 'src', 'main.c'), 'int main(){}');
    symlinkSync('main.c', join(dir, 'src', 'link.c'));
    mkdirSync(join(dir, 'empty'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      `FROM busybox:local AS base\nLABEL ${label}\nARG GREETING=hi\nRUN echo "greeting=$GREETING"\nFROM base AS files\nCOPY . /ctx\nRUN find /ctx | sort\nFROM files\nRUN exit 3\n`,
    );
    const lines: string[] = [];
    const result = await buildImage(docker, {
      contextDir: dir, dockerfile: join(dir, 'Dockerfile'), target: 'files', buildArgs: { GREETING: `hello-${run}` }, labels, builder: 'classic', onOutput: (l) => lines.push(l),
    });
    assert.equal(result.builder, 'classic');
    assert.ok(lines.includes(`greeting=hello-${run}`), lines.join('\n'));
    const ours = lines.filter((l) => l.startsWith('/ctx/')).sort();

    // The docker CLI (classic builder) on the same context and Dockerfile lists the same files.
    const cli = dockerCli(['build', '--target', 'files', '--label', label, '--build-arg', `GREETING=hello-${run}`, '--no-cache', dir]);
    assert.equal(cli.status, 0, cli.stderr);
    const theirs = cli.stdout.split('\n').filter((l) => l.startsWith('/ctx/')).sort();
    assert.deepEqual(ours, theirs);
    // The same steps: the target's stages only (the failing stage is not built), and the label.
    assert.deepEqual(result.steps, cli.stdout.split('\n').filter((l) => l.startsWith('Step ')));
    assert.ok(ours.includes('/ctx/logs/keep.txt') && !ours.includes('/ctx/secret.txt') && !ours.includes('/ctx/src/x.tmp'));
    assert.ok(ours.includes('/ctx/src/link.c') && ours.includes('/ctx/empty'));

    // BuildKit sees the same context: its RUN prints the same files as the CLI's BuildKit build does.
    const bk = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), target: 'files', buildArgs: { GREETING: `hello-${run}` }, labels, noCache: true });
    assert.equal(bk.builder, 'buildkit');
    const bkFind = bk.trace.builder === 'buildkit' ? bk.trace.vertexes.find((v) => v.name.includes('RUN find /ctx'))! : assert.fail();
    const bkCli = buildkitCli(['--target', 'files', '--label', label, '--build-arg', `GREETING=hello-${run}`, '--no-cache', dir]);
    assert.equal(bkCli.status, 0, bkCli.output);
    const cliFind = plainSteps(bkCli.output).find((s) => s.name.includes('RUN find /ctx'))!;
    assert.deepEqual(bkFind.logs.filter((l) => l.startsWith('/ctx/')).sort(), cliFind.logs.filter((l) => l.startsWith('/ctx/')).sort());
    assert.deepEqual(bkFind.logs.filter((l) => l.startsWith('/ctx/')).sort(), ours);

    for (const builder of ['classic', 'buildkit'] as const) {
      const failed = await failure(buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, builder }));
      assert.ok(failed instanceof BuildError, String(failed));
      if (builder === 'classic') {
        assert.match(failed.step ?? '', /^Step \d+\/\d+ : RUN exit 3$/);
        assert.match(failed.reason, /returned a non-zero code: 3/);
      } else {
        assert.match(failed.step ?? '', /^\[stage-2 1\/1\] RUN exit 3$/);
        assert.match(failed.reason, /exit code: 3$/);
      }
    }
    // The classic builder's failed step's container is not left behind.
    const leftover = await docker.listContainers({ all: true, filters: JSON.stringify({ status: ['exited'], ancestor: ['busybox:local'] }) });
    assert.equal(leftover.filter((c) => c.Command === "/bin/sh -c 'exit 3'" || c.Command.endsWith('exit 3')).length, 0);
  });

  it('stops when cancelled, and says so (classic builder: its RUN container goes)', async () => {
    const dir = folder('cancel-classic', { Dockerfile: `FROM busybox:local\nLABEL ${label}\nRUN sleep 120 # ${run}\n` });
    const abort = new AbortController();
    const outcome = buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, builder: 'classic', signal: abort.signal });
    const runningStep = async (): Promise<boolean> => (await docker.listContainers({ filters: JSON.stringify({ ancestor: ['busybox:local'] }) })).some((c) => c.Command.includes(run));
    await until('the RUN container to run', runningStep, 60_000);
    abort.abort();
    await assert.rejects(outcome, BuildCancelledError);
    // The builder stops too: its RUN container goes away long before the 120 s are up.
    await until('the classic build container to go', async () => !(await runningStep()), 60_000);
  });
});

describe('build with BuildKit', () => {
  it('is the default, and builds RUN --mount=type=cache (which the classic builder refuses in its words); --no-cache runs every step again', async () => {
    assert.equal((await engineBuildSupport(docker)).buildkit, true, 'the engine here has BuildKit');
    const dockerfile = (n: number): string => `FROM busybox:local\nRUN --mount=type=cache,id=lw-${run},target=/cache echo x >> /cache/count && wc -l < /cache/count > /uses # ${run} ${n}\n`;
    const dir = folder('cache-mount', { Dockerfile: dockerfile(1) });
    const tags = [`lw-build-${run}:one`, `lw-build-${run}:two`];
    const first = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags, labels });
    assert.equal(first.builder, 'buildkit');
    for (const tag of tags) assert.equal((await docker.getImage(tag).inspect()).Id, first.imageId, `${tag} is the image built`);
    assert.equal(dockerCli(['run', '--rm', tags[0]!, 'cat', '/uses']).stdout.trim(), '1');
    // An edited RUN runs again and finds what the first left in the cache mount.
    writeFileSync(join(dir, 'Dockerfile'), dockerfile(2));
    await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags: [tags[0]!], labels });
    assert.equal(dockerCli(['run', '--rm', tags[0]!, 'cat', '/uses']).stdout.trim(), '2');
    const run2 = (result: BuildResult) => (result.trace.builder === 'buildkit' ? result.trace.vertexes.find((v) => v.name.includes('RUN --mount')) : undefined);
    const cached = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels });
    assert.equal(run2(cached)?.cached, true, 'unchanged: cached');
    const again = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, noCache: true });
    assert.equal(run2(again)?.cached, false, '--no-cache: it ran again');
    const classic = await failure(buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, builder: 'classic' }));
    assert.ok(classic instanceof BuildError);
    assert.match(classic.reason, /the --mount option requires BuildKit/);
  });

  it('says per step what ran and what was cached, as the docker CLI\'s BuildKit does on the same changes', async () => {
    // Two copies of one Dockerfile in their own cache namespace (the run id and a side name in
    // every RUN), one built by us, one by the CLI, each through the same three builds.
    const template = (ns: string): string =>
      [
        'FROM busybox:local AS tools',
        `RUN echo tools-${ns} > /tools`,
        'FROM busybox:local AS unused',
        `RUN echo unused-${ns}`,
        'FROM busybox:local',
        'COPY --from=tools /tools /tools',
        `ENV NS=${ns}`,
        'COPY app.txt /app.txt',
        `RUN wc -c /app.txt > /size-${ns}`,
        '',
      ].join('\n');
    const ours = folder('steps-ours', { Dockerfile: template(`ours-${run}`), 'app.txt': 'one\n' });
    const theirs = folder('steps-cli', { Dockerfile: template(`cli-${run}`), 'app.txt': 'one\n' });
    const sequence: Array<{ ours: Map<string, string>; theirs: Map<string, string>; report: BuildReport }> = [];
    for (const change of [undefined, undefined, 'two\n']) {
      if (change) for (const dir of [ours, theirs]) writeFileSync(join(dir, 'app.txt'), change);
      const result = await buildImage(docker, { contextDir: ours, dockerfile: join(ours, 'Dockerfile'), labels });
      const cli = buildkitCli(['--label', label, theirs]);
      assert.equal(cli.status, 0, cli.output);
      sequence.push({ ours: ourSteps(result, `ours-${run}`), theirs: cliSteps(cli.output, `cli-${run}`), report: await report(ours, result, 'succeeded') });
    }
    for (const [i, step] of sequence.entries()) assert.deepEqual(step.ours, step.theirs, `build ${i + 1}: the same steps, cached or run alike`);
    const byLine = (r: BuildReport): string[] => r.results.map((x) => `${x.range!.start.line + 1} ${x.outcome}`);
    assert.deepEqual(byLine(sequence[0]!.report), ['1 base', '2 ran', '3 unbuilt', '5 base', '6 ran', '7 config', '8 ran', '9 ran']);
    assert.deepEqual(byLine(sequence[1]!.report), ['1 base', '2 cached', '3 unbuilt', '5 base', '6 cached', '7 config', '8 cached', '9 cached']);
    assert.deepEqual(byLine(sequence[2]!.report), ['1 base', '2 cached', '3 unbuilt', '5 base', '6 cached', '7 config', '8 ran', '9 ran']);
    // Sizes from the image's history: the files each COPY and RUN added.
    const last = sequence[2]!.report.results;
    assert.equal(last.find((r) => r.range!.start.line === 7)!.sizeBytes, 'two\n'.length);
    assert.equal(last.find((r) => r.range!.start.line === 5)!.sizeBytes, `tools-ours-${run}\n`.length);
    assert.equal(last.find((r) => r.range!.start.line === 8)!.sizeBytes, '4 /app.txt\n'.length);
    assert.equal(last.find((r) => r.range!.start.line === 1)!.sizeBytes, undefined, 'a stage that is not the image has no history');
  });

  it('cancel stops the build on the engine: the running step\'s process ends and never writes its marker', async () => {
    const cacheId = `lw-cancel-${run}`;
    const dir = folder('cancel-buildkit', { Dockerfile: `FROM busybox:local\nRUN --mount=type=cache,id=${cacheId},target=/c sleep 120 && touch /c/marker # ${run}\n` });
    const abort = new AbortController();
    const outcome = buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels, signal: abort.signal });
    // The step is running on the engine: its root mount is in use in the build cache.
    await until('the RUN to run on the engine', async () => (await buildCacheRecords(docker, `sleep 120 && touch /c/marker # ${run}`)).some((r) => r.InUse && r.Description.startsWith('mount / from exec')), 60_000);
    abort.abort();
    const stopped = await failure(outcome);
    assert.ok(stopped instanceof BuildCancelledError, String(stopped));
    assert.equal(stopped.trace.builder, 'buildkit');
    // The engine lets go of the step (its process is gone) long before the sleep could end.
    await until('the engine to stop the step', async () => !(await buildCacheRecords(docker, run)).some((r) => r.InUse), 60_000);
    // And the cache mount it shared never got the marker.
    const look = folder('cancel-look', { Dockerfile: `FROM busybox:local\nRUN --mount=type=cache,id=${cacheId},target=/c ls -a /c # look ${run}\n` });
    const lines: string[] = [];
    await buildImage(docker, { contextDir: look, dockerfile: join(look, 'Dockerfile'), labels, noCache: true, onOutput: (l) => lines.push(l) });
    assert.ok(lines.some((l) => / \.\.$/.test(l)), `the listing was printed: ${lines.join('\n')}`);
    assert.ok(!lines.some((l) => l.endsWith(' marker')), lines.join('\n'));
  });

  it('a failed step: its name, its exit code and its last lines without escape codes, the same lines as the CLI', async () => {
    const dir = folder('failing', { Dockerfile: `FROM busybox:local\nRUN echo ok-${run}\nRUN echo first; printf '\\033[31mred\\033[0m\\n'; echo /bin/sh: npm: not found >&2; exit 127\nRUN echo never\n` });
    const failed = await failure(buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), labels }));
    assert.ok(failed instanceof BuildError);
    const described = describeFailure(await report(dir, failed, 'failed'));
    assert.equal(described?.headline, "line 3 (RUN echo first; printf '\\033[31mred\\033[0m\\n'; echo /bin/...): exit code 127");
    assert.equal(described?.range?.start.line, 2);
    // stdout and stderr reach the engine on their own pipes: their lines may interleave either way.
    assert.deepEqual([...described!.logTail].sort(), ['/bin/sh: npm: not found', 'first', 'red']);
    const cli = buildkitCli(['--label', label, dir]);
    assert.notEqual(cli.status, 0);
    const cliFailed = plainSteps(cli.output).find((s) => s.outcome === 'failed')!;
    assert.equal(cliFailed.name, failed.step);
    assert.deepEqual(cliFailed.logs.map((l) => l.replace(/\u001b\[[0-9;]*m/g, '')).sort(), [...described!.logTail].sort());
  });

  it('a base image that cannot be pulled says why, with either builder', async () => {
    const missing = folder('missing-base', { Dockerfile: `FROM ${registry}/lw-missing-${run}:1\nRUN true\n` });
    const unreachable = folder('unreachable-base', { Dockerfile: 'FROM 127.0.0.1:1/lw-nowhere:1\nRUN true\n' });
    for (const builder of ['buildkit', 'classic'] as const) {
      const notThere = await failure(buildImage(docker, { contextDir: missing, dockerfile: join(missing, 'Dockerfile'), labels, builder }));
      assert.ok(notThere instanceof BuildError);
      assert.equal(describeFailure(await report(missing, notThere, 'failed'))?.headline, `cannot pull ${registry}/lw-missing-${run}:1: the registry has no such image — check the name and the tag`, builder);
      const nowhere = await failure(buildImage(docker, { contextDir: unreachable, dockerfile: join(unreachable, 'Dockerfile'), labels, builder }));
      assert.ok(nowhere instanceof BuildError);
      const said = describeFailure(await report(unreachable, nowhere, 'failed'));
      assert.equal(said?.headline, 'cannot pull 127.0.0.1:1/lw-nowhere:1: the registry is unreachable — is the network up? is the image local?', builder);
      assert.equal(said?.range?.start.line, 0);
    }
  });

  it('--pull takes the registry\'s newer base over the local one; --platform is passed to the builder', async () => {
    const repository = `lw-pull-${run}`;
    const reference = `${registry}/${repository}:1`;
    const push = async (version: string): Promise<void> => {
      const dir = folder(`base-${version}`, { Dockerfile: `FROM busybox:local\nLABEL ${label}\nRUN echo ${version} > /version # ${run}\n` });
      await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags: [reference], labels });
      await pushImage(docker, reference);
      const digest = (await docker.getImage(reference).inspect()).RepoDigests.find((d) => d.startsWith(`${registry}/${repository}@`))!.split('@')[1]!;
      pushed.push([repository, digest]);
    };
    await push('old');
    const oldId = (await docker.getImage(reference).inspect()).Id;
    await push('new'); // the registry has "new" now
    await docker.getImage(oldId).tag({ repo: `${registry}/${repository}`, tag: '1' }); // and the local tag is "old" again
    const dir = folder('pull', { Dockerfile: `FROM ${reference}\nRUN cat /version > /seen # ${run}\n` });
    const local = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags: [`lw-build-${run}:pull`], labels });
    assert.equal(dockerCli(['run', '--rm', local.imageId!, 'cat', '/seen']).stdout.trim(), 'old');
    const pulled = await buildImage(docker, { contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags: [`lw-build-${run}:pull`], labels, pull: true });
    assert.equal(dockerCli(['run', '--rm', pulled.imageId!, 'cat', '/seen']).stdout.trim(), 'new');

    // busybox:local exists for the engine's own platform only: another one reaches the builder, which looks for that base elsewhere.
    const support = await engineBuildSupport(docker);
    const here = folder('platform', { Dockerfile: `FROM busybox:local\nRUN echo platform > /p # ${run}\n` });
    const native = await buildImage(docker, { contextDir: here, dockerfile: join(here, 'Dockerfile'), labels, platform: support.defaultPlatform! });
    const image = await docker.getImage(native.imageId!).inspect();
    assert.equal(`${image.Os}/${image.Architecture}`, support.defaultPlatform);
    const other = support.defaultPlatform === 'linux/arm64' ? 'linux/amd64' : 'linux/arm64';
    const foreign = await failure(buildImage(docker, { contextDir: here, dockerfile: join(here, 'Dockerfile'), labels, platform: other }));
    assert.ok(foreign instanceof BuildError);
    assert.equal(foreign.step, '[internal] load metadata for docker.io/library/busybox:local', `no busybox:local for ${other} here`);
  });
});
