// Container operations beyond start/stop/restart/remove: pause, unpause, kill, inspect and prune
// (with what a prune would remove, for the confirmation). No `vscode` import.
import type Docker from 'dockerode';

/** Optional `label` filters (`key` or `key=value`) that narrow a prune to matching objects. */
export interface LabelScope {
  readonly labels?: readonly string[];
}

export const pauseContainer = (docker: Docker, id: string): Promise<unknown> => docker.getContainer(id).pause();
export const unpauseContainer = (docker: Docker, id: string): Promise<unknown> => docker.getContainer(id).unpause();
export const killContainer = (docker: Docker, id: string, signal = 'SIGKILL'): Promise<unknown> => docker.getContainer(id).kill({ signal });
export const inspectContainer = (docker: Docker, id: string): Promise<Docker.ContainerInspectInfo> => docker.getContainer(id).inspect();

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
  const result = (await docker.pruneContainers({ filters: JSON.stringify(filters) })) as { ContainersDeleted?: string[] | null; SpaceReclaimed?: number };
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
