// `docker build` through the engine API, with BuildKit (`POST /build?version=2`, what Docker
// Engine 23+ and Docker Desktop build with) or the classic builder: the context as a tar
// (buildContext.ts), the Dockerfile path inside it, tags, build args, target, labels, no-cache,
// pull, platform; the builder's output line by line (BuildKit's trace printed as
// `--progress=plain` prints it), the step or steps running, and what each step did. No `vscode`
// import.
//
// BuildKit through the API reads the context from the request body (seen on Docker 20.10: `RUN
// --mount=type=cache` builds); a session (buildSession.ts) answers its registry login questions
// from the CLI's config. The classic builder gets the logins all in the
// X-Registry-Config header, as `docker build` sends them. Cancelling sends
// `POST /build/cancel?id=<buildid>`, as the docker CLI does, and closes the request; the engine
// then stops the running step (its process ends and its cache mount is released).
import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { packContext } from './buildContext';
import { BuildkitProgress, VertexRecord } from './buildkitProgress';
import { parseVertexName } from './buildkitSteps';
import { decodeTrace } from './buildkitTrace';
import type { Builder } from './buildOutcomes';
import { BuildStepRecord, BuildStepRecorder } from './buildSteps';
import { EngineMessage, followMessages } from './jsonStream';
import { plainText } from './ansi';
import { openAuthSession, BuildSession } from './buildSession';
import { allRegistryAuths, AuthConfig } from './registryAuth';

export interface BuildOptions {
  readonly contextDir: string;
  readonly dockerfile: string;
  /** A tag for the image (`name:tag`). */
  readonly tag?: string;
  /** More tags for the image; with `tag`, the first is the one the build is known by. */
  readonly tags?: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** `buildkit` (the default) or `classic`. */
  readonly builder?: Builder;
  /** `--no-cache`: run every step again. */
  readonly noCache?: boolean;
  /** `--pull`: look for a newer base image even when one is local. */
  readonly pull?: boolean;
  /** `--platform`: `linux/arm64`... */
  readonly platform?: string;
  /** Registry logins for pulling base images (default: the docker CLI config's `auths`). */
  readonly registryAuths?: Readonly<Record<string, AuthConfig>>;
  /** Every line of the builder's output, as `docker build` (`--progress=plain` for BuildKit) prints it. */
  readonly onOutput?: (line: string) => void;
  /** The step running now: `Step 2/5 : RUN make`, `[stage-1 2/4] RUN make (+1 more)`. */
  readonly onStep?: (step: string) => void;
  readonly signal?: AbortSignal;
}

/** What the builder reported, step by step. */
export type BuildTrace =
  | { readonly builder: 'classic'; readonly records: readonly BuildStepRecord[] }
  | { readonly builder: 'buildkit'; readonly vertexes: readonly VertexRecord[] };

export interface BuildResult {
  readonly builder: Builder;
  readonly imageId?: string;
  /** The steps in the order they began: `Step N/M : ...` lines, or BuildKit's step vertex names. */
  readonly steps: readonly string[];
  readonly trace: BuildTrace;
}

export class BuildError extends Error {
  constructor(
    /** The builder's own words. */
    readonly reason: string,
    /** The step it failed at, as the builder names it. */
    readonly step: string | undefined,
    readonly trace: BuildTrace,
  ) {
    super(step ? `${step}: ${reason}` : reason);
    this.name = 'BuildError';
  }
}

export class BuildCancelledError extends Error {
  constructor(readonly trace: BuildTrace) {
    super('the build was cancelled');
    this.name = 'BuildCancelledError';
  }
}

/** The prefixes BuildKit wraps a frontend's error in, which say nothing to the user. */
const SOLVE_PREFIXES = /^(?:failed to solve(?: with frontend [\w.]+)?: |rpc error: code = \w+ desc = |failed to create LLB definition: |process "[^"]*" did not complete successfully: )+/;

/** A BuildKit error without its wrapping: `failed to solve with frontend dockerfile.v0: failed to create LLB definition: x` → `x`. */
export function unwrapBuildkitError(message: string): string {
  return message.replace(SOLVE_PREFIXES, '');
}

export async function buildImage(docker: Docker, options: BuildOptions): Promise<BuildResult> {
  const builder = options.builder ?? 'buildkit';
  const context = await packContext(options.contextDir, options.dockerfile);
  const buildId = `layerwise-${randomUUID()}`;
  const tags = [...(options.tag ? [options.tag] : []), ...(options.tags ?? [])].filter(Boolean);
  const query: Record<string, unknown> = {
    dockerfile: context.dockerfile,
    ...(tags.length ? { t: tags.length === 1 ? tags[0] : [...tags] } : {}),
    ...(options.buildArgs && Object.keys(options.buildArgs).length ? { buildargs: options.buildArgs } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.labels && Object.keys(options.labels).length ? { labels: options.labels } : {}),
    ...(options.noCache ? { nocache: 'true' } : {}),
    ...(options.pull ? { pull: 'true' } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
    ...(builder === 'buildkit'
      ? { version: '2', buildid: buildId }
      : // Intermediate containers go even when a step fails (the classic default keeps the failed one).
        { rm: 'true', forcerm: 'true' }),
  };

  const recorder = new BuildStepRecorder();
  const progress = new BuildkitProgress((line) => options.onOutput?.(line));
  const classicSteps: string[] = [];
  let sawTrace = false;
  let imageId: string | undefined;
  let lastStep = '';
  const trace = (): BuildTrace => (builder === 'buildkit' && (sawTrace || classicSteps.length === 0) ? { builder: 'buildkit', vertexes: progress.vertexes } : { builder: 'classic', records: recorder.records });
  const reportStep = (step: string): void => {
    if (step && step !== lastStep) options.onStep?.(step);
    lastStep = step;
  };

  let pending = '';
  const emitLines = (text: string): void => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = plainText(pending.slice(0, nl).replace(/\r$/, ''));
      pending = pending.slice(nl + 1);
      recorder.line(line);
      if (/^Step \d+\/\d+ : /.test(line)) {
        classicSteps.push(line);
        reportStep(line);
      }
      const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
      if (built) imageId ??= built[1];
      options.onOutput?.(line);
    }
  };
  const onMessage = (message: EngineMessage): void => {
    if (message.id === 'moby.buildkit.trace' && typeof message.aux === 'string') {
      sawTrace = true;
      try {
        progress.update(decodeTrace(message.aux));
      } catch {
        return; // a payload this schema cannot read: the build goes on, this update is not shown
      }
      const running = progress.running;
      if (running.length) reportStep(`${running[0]}${running.length > 1 ? ` (+${running.length - 1} more)` : ''}`);
      return;
    }
    if (message.id === 'moby.image.id' && typeof message.aux === 'object' && message.aux?.ID) {
      imageId = message.aux.ID;
      return;
    }
    if (message.stream) emitLines(message.stream);
    if (typeof message.aux === 'object' && message.aux?.ID) imageId = message.aux.ID;
    // The error's own line goes to the output, not into the failed step's log.
    if (message.error && !sawTrace) for (const line of plainText(message.error).split('\n')) options.onOutput?.(line);
  };

  const cancelOnEngine = (): void => {
    if (builder !== 'buildkit') return; // the classic builder stops when the request closes
    docker.modem.dial({ path: '/build/cancel?', method: 'POST', options: { id: buildId }, statusCodes: { 200: true, 204: true, 404: true, 500: 'server error' } }, () => undefined);
  };
  options.signal?.addEventListener('abort', cancelOnEngine, { once: true });

  const auths = options.registryAuths ?? allRegistryAuths();
  const hasAuths = Object.keys(auths).length > 0;
  let session: BuildSession | undefined;
  let stream: NodeJS.ReadableStream | undefined;
  try {
    // As the docker CLI, always: without a session BuildKit cannot even say a registry refused
    // (it fails with "no active sessions"). An engine that refuses one still builds what needs no login.
    if (builder === 'buildkit') session = await openAuthSession(docker, auths).catch(() => undefined);
    if (session) query.session = session.id;
    stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
      docker.modem.dial(
        {
          path: '/build?',
          method: 'POST',
          file: context.stream,
          options: query,
          isStream: true,
          ...(builder === 'classic' && hasAuths ? { registryconfig: auths } : {}),
          ...(options.signal ? { abortSignal: options.signal } : {}),
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        },
        (error, result) => (error ? reject(error) : resolve(result as NodeJS.ReadableStream)),
      );
    });
    const opened = stream;
    const onAbort = (): void => (opened as unknown as { destroy?: (e?: Error) => void }).destroy?.(new Error('cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await followMessages(opened, onMessage);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  } catch (error) {
    if (options.signal?.aborted) {
      progress.cancelRunning();
      throw new BuildCancelledError(stopped(trace(), recorder, 'cancelled'));
    }
    const reason = error instanceof Error ? (error as Error & { json?: { message?: string } }).json?.message ?? error.message : String(error);
    const done = stopped(trace(), recorder, 'failed');
    const step = failedStep(done, classicSteps);
    if (done.builder === 'buildkit') {
      // What the docker CLI prints under a failed BuildKit build: the step and its last lines.
      const failed = done.vertexes.find((v) => v.name === step);
      if (failed) {
        options.onOutput?.('------');
        options.onOutput?.(` > ${failed.name}:`);
        for (const line of failed.logs.slice(-10)) options.onOutput?.(`#${failed.number} ${line}`);
        options.onOutput?.('------');
      }
      options.onOutput?.(reason.trim());
    }
    throw new BuildError(done.builder === 'buildkit' ? unwrapBuildkitError(reason.trim()) : reason.trim(), step, done);
  } finally {
    options.signal?.removeEventListener('abort', cancelOnEngine);
    session?.close();
  }
  if (pending) emitLines('\n');
  if (options.signal?.aborted) throw new BuildCancelledError(stopped(trace(), recorder, 'cancelled'));
  const done = stopped(trace(), recorder);
  const steps = done.builder === 'buildkit' ? done.vertexes.filter((v) => parseVertexName(v.name) && v.started !== undefined).map((v) => v.name) : classicSteps;
  return { builder: done.builder, ...(imageId ? { imageId } : {}), steps, trace: done };
}

/** The trace with the classic builder's open step closed (as failed or cancelled when the build stopped). */
function stopped(trace: BuildTrace, recorder: BuildStepRecorder, how?: 'failed' | 'cancelled'): BuildTrace {
  return trace.builder === 'classic' ? { builder: 'classic', records: recorder.finish(how) } : trace;
}

/** The step a build failed at, as its builder names it. */
function failedStep(trace: BuildTrace, classicSteps: readonly string[]): string | undefined {
  if (trace.builder === 'classic') return classicSteps[classicSteps.length - 1];
  const failed = trace.vertexes.find((v) => v.error && !/context canceled$/.test(v.error));
  return failed?.name;
}
