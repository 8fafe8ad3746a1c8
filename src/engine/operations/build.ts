// `docker build` through the engine API's classic builder: the context as a tar (buildContext.ts),
// the Dockerfile path inside it, tag, build args, target; the builder's output line by line, the
// step it is at, and on failure the step that failed. No `vscode` import.
import type Docker from 'dockerode';
import { packContext } from './buildContext';
import { BuildStepRecord, BuildStepRecorder } from './buildSteps';
import { followMessages } from './jsonStream';

export interface BuildOptions {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly tag?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Every line of the builder's output, as `docker build` prints it. */
  readonly onOutput?: (line: string) => void;
  /** "Step 2/5 : RUN make" each time the builder starts a step. */
  readonly onStep?: (step: string) => void;
  readonly signal?: AbortSignal;
}

export interface BuildResult {
  readonly imageId?: string;
  readonly steps: readonly string[];
  /** What each step did (cached or ran, how long, the image it left). */
  readonly records: readonly BuildStepRecord[];
}

export class BuildError extends Error {
  constructor(message: string, readonly step: string | undefined, readonly records: readonly BuildStepRecord[] = []) {
    super(step ? `${step}: ${message}` : message);
    this.name = 'BuildError';
  }
}

export class BuildCancelledError extends Error {
  constructor(readonly records: readonly BuildStepRecord[] = []) {
    super('the build was cancelled');
    this.name = 'BuildCancelledError';
  }
}

export async function buildImage(docker: Docker, options: BuildOptions): Promise<BuildResult> {
  const context = await packContext(options.contextDir, options.dockerfile);
  const steps: string[] = [];
  const recorder = new BuildStepRecorder();
  let imageId: string | undefined;
  let pending = '';
  const emitLines = (text: string): void => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, '');
      pending = pending.slice(nl + 1);
      recorder.line(line);
      if (/^Step \d+\/\d+ : /.test(line)) {
        steps.push(line);
        options.onStep?.(line);
      }
      const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
      if (built) imageId ??= built[1];
      options.onOutput?.(line);
    }
  };
  const request = docker.buildImage(context.stream, {
    dockerfile: context.dockerfile,
    ...(options.tag ? { t: options.tag } : {}),
    ...(options.buildArgs && Object.keys(options.buildArgs).length ? { buildargs: options.buildArgs } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    // Intermediate containers go even when a step fails (the classic default keeps the failed one).
    rm: true,
    forcerm: true,
    abortSignal: options.signal,
  } as Docker.ImageBuildOptions);
  let stream: NodeJS.ReadableStream;
  try {
    stream = (await request) as NodeJS.ReadableStream;
  } catch (error) {
    if (options.signal?.aborted) throw new BuildCancelledError();
    throw error;
  }
  const onAbort = (): void => (stream as unknown as { destroy?: (e?: Error) => void }).destroy?.(new Error('cancelled'));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await followMessages(stream, (message) => {
      if (message.stream) emitLines(message.stream);
      if (message.aux?.ID) imageId = message.aux.ID;
      if (message.error) emitLines(`${message.error}\n`);
    });
  } catch (error) {
    if (options.signal?.aborted) throw new BuildCancelledError(recorder.finish('cancelled'));
    throw new BuildError(error instanceof Error ? error.message : String(error), steps[steps.length - 1], recorder.finish('failed'));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (pending) emitLines('\n');
  return { ...(imageId ? { imageId } : {}), steps, records: recorder.finish() };
}
