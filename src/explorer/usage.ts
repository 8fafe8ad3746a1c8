// Who uses what: the containers behind each image, volume and network, derived from the
// containers the store holds (the engine does not report these links the other way round).
import type { ContainerInfo, NetworkInfo } from '../engine/model';
import { compareText } from './format';

/** The user's containers: without the temporary ones a classic build makes for its steps. */
export function userContainers(containers: Iterable<ContainerInfo>): ContainerInfo[] {
  const kept: ContainerInfo[] = [];
  for (const c of containers) if (!c.buildStep) kept.push(c);
  return kept;
}

function indexBy(containers: Iterable<ContainerInfo>, keys: (c: ContainerInfo) => Iterable<string>): Map<string, ContainerInfo[]> {
  const index = new Map<string, ContainerInfo[]>();
  for (const container of containers) {
    if (container.buildStep) continue;
    for (const key of new Set(keys(container))) {
      const list = index.get(key);
      if (list) list.push(container);
      else index.set(key, [container]);
    }
  }
  for (const list of index.values()) list.sort((a, b) => compareText(a.name, b.name));
  return index;
}

/** image id -> containers created from it. */
export function containersByImage(containers: Iterable<ContainerInfo>): Map<string, ContainerInfo[]> {
  return indexBy(containers, (c) => [c.imageId]);
}

/** volume name -> containers that mount it (named and anonymous volumes; binds are not volumes). */
export function containersByVolume(containers: Iterable<ContainerInfo>): Map<string, ContainerInfo[]> {
  return indexBy(containers, (c) =>
    c.mounts.filter((m) => m.kind === 'named-volume' || m.kind === 'anonymous-volume').map((m) => m.source),
  );
}

/**
 * network id -> attached containers, as `docker network inspect` counts them: only containers
 * with an endpoint on the network (running or paused), not those merely configured for it
 * (created but never started, or stopped). Containers name their networks (by name, as the
 * engine's NetworkSettings does); names are mapped to ids through the network list, and ids are
 * accepted too.
 */
export function containersByNetwork(
  containers: Iterable<ContainerInfo>,
  networks: Iterable<NetworkInfo>,
): Map<string, ContainerInfo[]> {
  const idByName = new Map<string, string>();
  for (const network of networks) {
    idByName.set(network.name, network.id);
    idByName.set(network.id, network.id);
  }
  return indexBy(containers, (c) => (c.attachedNetworks ?? c.networks).flatMap((n) => (idByName.has(n) ? [idByName.get(n)!] : [])));
}

/** Networks the engine creates itself; they cannot be removed. */
export const BUILTIN_NETWORKS: ReadonlySet<string> = new Set(['bridge', 'host', 'none']);
