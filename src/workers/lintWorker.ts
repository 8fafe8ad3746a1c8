// The lint worker: runs the whole lint (dockerfile-utils' validate and Layerwise's rules) for the
// editor on a thread of its own, so a big Dockerfile never freezes the extension host (on the
// host's thread one lint of a 10,000-line file took 11.5 s, and every extension in the window
// waited). It also lists the build context's files here, where a walk of a large folder costs
// the host nothing. One request at a time, in the order sent; the host drops stale ones before
// they are sent (src/language/lintWorkerClient.ts). No `vscode` import.
import { parentPort } from 'node:worker_threads';
import type { BaseImageConfig } from '../dockerfile';
import { lintWithLibrary, LintOptions } from '../dockerfile/rules';
import { listContextFiles, readBuildContext } from '../dockerfile/rules/buildContext';
import type { LintRequest, LintResponse, WorkerRequest } from './lintProtocol';

/** Context listings by folder, kept until the host says a file under it came or went. */
const listings = new Map<string, string[]>();

function contextOf(request: LintRequest): LintOptions['context'] {
  if (!request.context) return undefined;
  const { dir, dockerfile } = request.context;
  let files = listings.get(dir);
  if (!files) listings.set(dir, files = listContextFiles(dir));
  // The .dockerignore is read on every lint: an edit to it counts at the next keystroke.
  return readBuildContext(dir, dockerfile, files);
}

function lint(request: LintRequest): LintResponse {
  const known = new Map<string, BaseImageConfig | null>(request.baseImages);
  const unknown = new Set<string>();
  try {
    const { findings, libraryDiagnostics } = lintWithLibrary(request.text, {
      buildArgs: request.buildArgs,
      context: contextOf(request),
      baseImages: (reference) => {
        const config = known.get(reference);
        if (config === undefined) unknown.add(reference);
        return config ?? undefined;
      },
    });
    return { id: request.id, findings, libraryDiagnostics, unknownBaseImages: [...unknown] };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  if (request.kind === 'forgetContext') {
    for (const dir of listings.keys()) if (dir === request.path || dir.startsWith(`${request.path}/`) || request.path.startsWith(`${dir}/`)) listings.delete(dir);
    return;
  }
  parentPort!.postMessage(lint(request));
});
