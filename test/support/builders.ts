// Builds a context with either builder of the real engine and reads what the engine says: for the
// classic builder the `Step N/M` blocks (` ---> Using cache`, the images made), for BuildKit the
// vertices of `--progress=plain` (`#N [stage i/n] INSTR`, `#N CACHED`, their digests and logs).
// BuildKit runs through Debian's docker CLI 20.10 (/usr/bin/docker with DOCKER_BUILDKIT=1), which
// still carries a BuildKit client; the classic builder through the `docker` on PATH.
import { existsSync } from 'node:fs';
import { ProcessResult, runProcess } from './process';

export type TestBuilder = 'buildkit' | 'classic';
export const TEST_BUILDERS: readonly TestBuilder[] = ['classic', 'buildkit'];

/** The docker CLI that still speaks BuildKit here (the one on PATH has no buildx). */
export const BUILDKIT_CLI = process.env.LAYERWISE_BUILDKIT_CLI ?? '/usr/bin/docker';

export interface BuildSpec {
  context: string;
  /** Path of the Dockerfile (default: `Dockerfile` in the context). */
  dockerfile?: string;
  tag?: string;
  buildArgs?: readonly string[];
  target?: string;
  noCache?: boolean;
  /** `--label` values (everything a test builds carries its own). */
  labels: Record<string, string>;
  /** Extra environment for the CLI (for `--build-arg NAME` without a value). */
  env?: Record<string, string>;
}

/** One step the engine reports. */
export interface EngineStep {
  /** Classic: the `Step N/M : ` text; BuildKit: the vertex name after its `[stage i/n]` prefix. */
  text: string;
  /** BuildKit: the stage prefix (`stage-1`, a stage name) or '' when the build has one stage. */
  stage?: string;
  /** BuildKit: the step's number within its stage (1-based). */
  index?: number;
  cached: boolean;
  /** BuildKit: the vertex digest; classic: the image the step produced (absent for global ARGs). */
  id?: string;
  /** BuildKit: what the step printed. */
  log: string[];
}

export interface EngineBuild {
  builder: TestBuilder;
  status: number;
  /** Everything the CLI printed. */
  output: string;
  steps: EngineStep[];
  /** What the steps printed, each step's lines together (BuildKit interleaves them). */
  printed: string;
  /** Classic: every image id the build printed (intermediate ones too), to remove afterwards. */
  imageIds: string[];
}

/**
 * The network every test build (and the containers of their RUNs) uses. `host`, not `none`: no
 * fixture needs a network, and with `none` the engine still makes a network namespace for every
 * RUN, with two more re-executions of dockerd to set it up (measured: a classic RUN build took
 * 1.12 CPU-s with `none`, 0.88 with `host`; BuildKit 0.46 and 0.38). The fixtures' tools are
 * shims, and this machine has no route out, so nothing can reach further either way.
 */
export const TEST_BUILD_NETWORK = 'host';

export function buildArgv(builder: TestBuilder, spec: BuildSpec): string[] {
  const args = ['build', '--network', TEST_BUILD_NETWORK];
  if (builder === 'buildkit') args.push('--progress=plain');
  else args.push('--force-rm');
  if (spec.noCache) args.push('--no-cache');
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  if (spec.tag) args.push('-t', spec.tag);
  if (spec.dockerfile) args.push('-f', spec.dockerfile);
  for (const a of spec.buildArgs ?? []) args.push('--build-arg', a);
  if (spec.target) args.push('--target', spec.target);
  args.push(spec.context);
  return args;
}

export async function buildWith(builder: TestBuilder, spec: BuildSpec): Promise<EngineBuild> {
  const args = buildArgv(builder, spec);
  let result: ProcessResult;
  if (builder === 'buildkit') {
    if (!existsSync(BUILDKIT_CLI)) throw new Error(`${BUILDKIT_CLI} (Debian's docker.io CLI, which builds with BuildKit) is missing: run scripts/ensure-engine.sh`);
    result = await runProcess(BUILDKIT_CLI, args, { ...spec.env, DOCKER_BUILDKIT: '1' });
  } else {
    result = await runProcess('docker', args, { ...spec.env, DOCKER_BUILDKIT: '0' });
  }
  const output = `${result.stdout}${result.stderr}`;
  if (builder === 'classic') {
    const steps = classicSteps(result.stdout);
    const imageIds = [...output.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1]);
    return { builder, status: result.status, output, steps, printed: result.stdout, imageIds };
  }
  const steps = buildkitSteps(result.stderr + result.stdout);
  return { builder, status: result.status, output, steps, printed: steps.map((s) => s.log.join('\n')).join('\n'), imageIds: [] };
}

/** `Step N/M : TEXT` blocks: whether each printed ` ---> Using cache`, and the image it produced. */
export function classicSteps(output: string): EngineStep[] {
  const steps: EngineStep[] = [];
  for (const block of output.split(/^Step \d+\/\d+ : /m).slice(1)) {
    const lines = block.split('\n');
    const ids = [...block.matchAll(/^ ---> ([0-9a-f]{12})$/gm)].map((m) => m[1]);
    steps.push({ text: lines[0], cached: /^ ---> Using cache$/m.test(block), id: ids[ids.length - 1], log: [] });
  }
  return steps;
}

/** `#N [stage i/n] TEXT`; the index is padded to the width of n (`[ 1/10]`). */
const VERTEX = /^#(\d+) \[(?:(\S+) +)? *(\d+)\/(\d+)\] (.*)$/;

/** The vertices of `--progress=plain`, in the order they first appear (internal ones left out). */
export function buildkitSteps(output: string): EngineStep[] {
  const byNumber = new Map<number, EngineStep>();
  const internal = new Set<number>();
  for (const line of output.split('\n')) {
    const head = /^#(\d+) (.*)$/.exec(line);
    if (!head) continue;
    const n = Number(head[1]);
    const rest = head[2];
    if (!byNumber.has(n) && !internal.has(n)) {
      const vertex = VERTEX.exec(line);
      if (vertex) byNumber.set(n, { text: vertex[5], stage: vertex[2] ?? '', index: Number(vertex[3]), cached: false, log: [] });
      else internal.add(n);
      continue;
    }
    const step = byNumber.get(n);
    if (!step) continue;
    if (rest === 'CACHED') step.cached = true;
    else if (/^sha256:[0-9a-f]{64}$/.test(rest)) step.id = rest;
    else {
      const log = /^\d+\.\d+ ?(.*)$/.exec(rest);
      if (log) step.log.push(log[1]);
    }
  }
  return [...byNumber.values()];
}
