// Volume create, remove and prune. A prune here removes the volumes it listed for the
// confirmation, one by one, so what the user agreed to is exactly what goes (the engine's own
// prune changed meaning in API 1.42: anonymous only unless `all`). No `vscode` import.
import type Docker from 'dockerode';
import { retryWhileEngineBusy } from '../engineBusy';
import type { LabelScope, PruneEstimate, PruneResult } from './containers';

export async function createVolume(docker: Docker, options: { name?: string; labels?: Record<string, string> } = {}): Promise<string> {
  // Without a name the engine makes up a 64-hex one, like an anonymous volume's.
  const volume = (await docker.createVolume({ Name: options.name ?? '', Driver: 'local', Labels: options.labels ?? {} })) as unknown as { Name?: string; name?: string };
  return volume.Name ?? volume.name ?? '';
}

/** Whether a volume name is the engine's made-up kind (or labelled anonymous by the engine). */
export function isAnonymousVolume(name: string, labels: Record<string, string> | null | undefined): boolean {
  return /^[0-9a-f]{64}$/.test(name) || Boolean(labels && 'com.docker.volume.anonymous' in labels);
}

/** Removes one volume; when it is in use, says by which containers (by name). */
export async function removeVolume(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 409) throw error;
    const users = await docker.listContainers({ all: true, filters: JSON.stringify({ volume: [name] }) }).catch(() => []);
    const names = users.map((c) => (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
    throw new Error(`volume ${name} is in use by ${names.length ? `container ${names.join(', ')}` : 'a container'}; remove ${names.length === 1 ? 'that container' : 'those containers'} first`);
  }
}

export type VolumePruneMode = 'anonymous' | 'all';

/**
 * Unused volumes (no container, running or not, mounts them) and their sizes; with `anonymous`,
 * also how many unused named volumes that mode leaves alone (so "none" can say why).
 */
export async function estimateVolumePrune(docker: Docker, mode: VolumePruneMode, scope: LabelScope = {}): Promise<PruneEstimate & { otherUnused: number }> {
  const df = (await retryWhileEngineBusy(() => docker.df())) as { Volumes?: Array<{ Name: string; Labels: Record<string, string> | null; UsageData?: { RefCount: number; Size: number } | null }> | null };
  const wanted = scope.labels ?? [];
  const unusedAll = (df.Volumes ?? []).filter((v) => (v.UsageData?.RefCount ?? 0) === 0 && wanted.every((l) => matchesLabel(v.Labels, l)));
  const unused = unusedAll.filter((v) => mode === 'all' || isAnonymousVolume(v.Name, v.Labels));
  return {
    names: unused.map((v) => v.Name),
    bytes: unused.reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0),
    otherUnused: unusedAll.length - unused.length,
  };
}

/** Removes the listed volumes; one in use by now is reported, not fatal. */
export async function removeVolumes(docker: Docker, names: readonly string[]): Promise<PruneResult & { failures: string[] }> {
  const removed: string[] = [];
  const failures: string[] = [];
  for (const name of names) {
    try {
      await removeVolume(docker, name);
      removed.push(name);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { removed, bytes: 0, failures };
}

export function matchesLabel(labels: Record<string, string> | null | undefined, filter: string): boolean {
  const eq = filter.indexOf('=');
  const key = eq < 0 ? filter : filter.slice(0, eq);
  if (!labels || !(key in labels)) return false;
  return eq < 0 || labels[key] === filter.slice(eq + 1);
}
