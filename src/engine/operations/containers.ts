// Container operations beyond start/stop/restart/remove: run (create + start, saying what was
// left when the start failed), pause, unpause, kill, inspect and prune (with what a prune would
// remove, for the confirmation). No `vscode` import.
import type Docker from 'dockerode';
import { retryWhileEngineBusy } from '../engineBusy';

/** Optional `label` filters (`key` or `key=value`) that narrow a prune to matching objects. */
export interface LabelScope {
  readonly labels?: readonly string[];
}

export const pauseContainer = (docker: Docker, id: string): Promise<unknown> => docker.getContainer(id).pause();
export const unpauseContainer = (docker: Docker, id: string): Promise<unknown> => docker.getContainer(id).unpause();
export const killContainer = (docker: Docker, id: string, signal = 'SIGKILL'): Promise<unknown> => docker.getContainer(id).kill({ signal });
export const inspectContainer = (docker: Docker, id: string): Promise<Docker.ContainerInspectInfo> => docker.getContainer(id).inspect();

/**
 * The container was created but would not start (a port in use, a command not found...). With
 * `--rm` the engine removes it at once; otherwise it stays behind in the Created state, which
 * `left` names so the user can be offered to remove it.
 */
export class StartFailedError extends Error {
  constructor(readonly startError: unknown, readonly left: { readonly id: string; readonly name: string } | undefined) {
    super(startError instanceof Error ? startError.message : String(startError));
    this.name = 'StartFailedError';
  }
}

/** `docker run -d`: creates the container and starts it; resolves with its id and name. */
export async function runDetached(docker: Docker, options: Docker.ContainerCreateOptions): Promise<{ id: string; name: string }> {
  const container = await docker.createContainer(options);
  try {
    await container.start();
  } catch (error) {
    const left = await container.inspect().then(
      (info) => (info.State.Status === 'created' ? { id: info.Id, name: info.Name.replace(/^\//, '') } : undefined),
      () => undefined, // gone: AutoRemove took it
    );
    throw new StartFailedError(error, left);
  }
  const info = await container.inspect().catch(() => undefined);
  return { id: container.id, name: info?.Name.replace(/^\//, '') ?? container.id.slice(0, 12) };
}

export interface PruneEstimate {
  readonly names: readonly string[];
  /** Bytes the prune is expected to free (what `docker system df` calls reclaimable). */
  readonly bytes: number;
}

export interface PruneResult {
  readonly removed: readonly string[];
  readonly bytes: number;
}

const STOPPED = ['created', 'exited', 'dead'];

/** The stopped containers a prune would remove and their writable layers' size. */
export async function estimateContainerPrune(docker: Docker, scope: LabelScope = {}): Promise<PruneEstimate> {
  const filters: Record<string, string[]> = { status: STOPPED };
  if (scope.labels?.length) filters.label = [...scope.labels];
  const list = await docker.listContainers({ all: true, size: true, filters: JSON.stringify(filters) });
  return {
    names: list.map((c) => (c.Names[0] ?? c.Id).replace(/^\//, '')),
    bytes: list.reduce((n, c) => n + ((c as { SizeRw?: number }).SizeRw ?? 0), 0),
  };
}

export async function pruneContainers(docker: Docker, scope: LabelScope = {}): Promise<PruneResult> {
  const filters = scope.labels?.length ? { label: [...scope.labels] } : {};
  const result = (await retryWhileEngineBusy(() => docker.pruneContainers({ filters: JSON.stringify(filters) }))) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
  return { removed: result.ContainersDeleted ?? [], bytes: result.SpaceReclaimed ?? 0 };
}

/** Runs `argv` in a running container without a TTY and gives its exit code (-1 when it could not start). */
async function execExitCode(docker: Docker, id: string, argv: string[]): Promise<number> {
  try {
    const exec = await docker.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    await new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
      stream.resume();
    });
    const info = await exec.inspect();
    return info.ExitCode ?? -1;
  } catch {
    return -1;
  }
}

/** The shells a container has for `docker exec -it`: bash first when present, then sh. */
export async function availableShells(docker: Docker, id: string): Promise<string[]> {
  const [bash, sh] = await Promise.all([execExitCode(docker, id, ['bash', '-c', 'exit 0']), execExitCode(docker, id, ['sh', '-c', 'exit 0'])]);
  return [...(bash === 0 ? ['bash'] : []), ...(sh === 0 ? ['sh'] : [])];
}
