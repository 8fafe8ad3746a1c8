// For tests that build with BuildKit: the docker CLI's own BuildKit client (Debian's docker 20.10
// at /usr/bin/docker, `DOCKER_BUILDKIT=1 --progress=plain`) as the judge of which steps ran, and
// the engine's build cache as seen by `GET /system/df` (what is in use, what a test left).
//
// BuildKit makes no intermediate images, so a test's images go by label as always; what it leaves
// in the build cache is removed record by record, by a text unique to the test in the records'
// descriptions (the RUN commands carry it). Never a global prune: other suites share the engine.
// (dockerode's pruneBuilder sends no filters, so it would prune everything: not used.)
import type Docker from 'dockerode';
import { spawnSync } from 'node:child_process';
import { engineDiskUsage } from './engine';

/** The docker CLI with a BuildKit client (Debian's docker.io 20.10 has one; the 28.x CLI here has no buildx). */
export const BUILDKIT_CLI = process.env.LAYERWISE_BUILDKIT_CLI ?? '/usr/bin/docker';

/** `DOCKER_BUILDKIT=1 docker build --progress=plain <args>`: status and the plain progress (stderr). */
export function buildkitCli(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(BUILDKIT_CLI, ['build', '--progress=plain', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOCKER_BUILDKIT: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

export interface PlainStep {
  readonly number: number;
  readonly name: string;
  readonly outcome: 'cached' | 'ran' | 'failed' | 'canceled' | 'running';
  /** What the step printed (`#N 0.123 text` lines, without the number and the time). */
  readonly logs: string[];
}

/** The steps of a `--progress=plain` output, in the order their numbers were first printed. */
export function plainSteps(output: string): PlainStep[] {
  const steps = new Map<number, { number: number; name: string; outcome: PlainStep['outcome']; logs: string[] }>();
  for (const line of output.split('\n')) {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const number = Number(m[1]);
    const rest = m[2]!;
    const step = steps.get(number);
    if (!step) {
      steps.set(number, { number, name: rest, outcome: 'running', logs: [] });
      continue;
    }
    if (rest === 'CACHED') step.outcome = 'cached';
    else if (/^DONE\b/.test(rest)) step.outcome = 'ran';
    else if (rest.startsWith('ERROR')) step.outcome = 'failed';
    else if (rest === 'CANCELED') step.outcome = 'canceled';
    else {
      const log = /^\d+\.\d+ (.*)$/.exec(rest);
      if (log) step.logs.push(log[1]!);
    }
  }
  return [...steps.values()];
}

interface CacheRecord {
  ID: string;
  Description: string;
  InUse: boolean;
}

export async function buildCacheRecords(docker: Docker, containing: string): Promise<CacheRecord[]> {
  const df = await engineDiskUsage<{ BuildCache?: CacheRecord[] | null }>(docker);
  return (df.BuildCache ?? []).filter((r) => r.Description.includes(containing));
}

/** Removes the build cache records whose description holds `containing` (a text unique to the test), leaves first. */
export async function removeBuildCache(docker: Docker, containing: string): Promise<void> {
  for (let pass = 0; pass < 5; pass++) {
    const records = (await buildCacheRecords(docker, containing)).filter((r) => !r.InUse);
    if (records.length === 0) return;
    for (const record of records) {
      await new Promise<void>((resolve) => {
        // `id` matches by substring on the engine: a full record id matches only itself.
        docker.modem.dial({ path: '/build/prune?', method: 'POST', options: { filters: { id: [record.ID] } }, statusCodes: { 200: true, 500: 'server error' } }, () => resolve());
      });
    }
  }
}
