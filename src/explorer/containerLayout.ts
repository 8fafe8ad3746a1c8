// How the Containers view arranges containers: groups and order, from the settings. Pure, so the
// rules are unit-tested without VS Code.
import type { ContainerInfo, ContainerState } from '../engine/model';
import { compareText, displayImage } from './format';
import type { ContainerGroupBy, ContainerSortBy } from './settings';

export interface ContainerGroup {
  /** Stable within a grouping: the project name, image name or state. */
  readonly key: string;
  readonly label: string;
  readonly containers: readonly ContainerInfo[];
}

export interface ContainerLayout {
  readonly groups: readonly ContainerGroup[];
  /** Containers shown at the top level, after the groups (all of them when not grouping). */
  readonly ungrouped: readonly ContainerInfo[];
}

/** The order states are listed in: what needs attention first. */
export const STATE_ORDER: readonly ContainerState[] = ['running', 'restarting', 'paused', 'removing', 'created', 'exited', 'dead'];

const byText = compareText;

export function compareContainers(sortBy: ContainerSortBy): (a: ContainerInfo, b: ContainerInfo) => number {
  const byName = (a: ContainerInfo, b: ContainerInfo): number => byText(a.name, b.name) || byText(a.id, b.id);
  switch (sortBy) {
    case 'name':
      return byName;
    case 'state':
      return (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || byName(a, b);
    case 'image':
      return (a, b) => byText(a.image, b.image) || byName(a, b);
    case 'createdTime':
    default:
      return (a, b) => b.created - a.created || byName(a, b);
  }
}

function groupKey(container: ContainerInfo, groupBy: ContainerGroupBy): string | undefined {
  switch (groupBy) {
    case 'composeProject': return container.composeProject || undefined;
    case 'image': return container.image;
    case 'state': return container.state;
    default: return undefined;
  }
}

export function layoutContainers(
  containers: Iterable<ContainerInfo>,
  groupBy: ContainerGroupBy,
  sortBy: ContainerSortBy,
): ContainerLayout {
  const compare = compareContainers(sortBy);
  const groups = new Map<string, ContainerInfo[]>();
  const ungrouped: ContainerInfo[] = [];
  for (const container of containers) {
    const key = groupKey(container, groupBy);
    if (key === undefined) {
      ungrouped.push(container);
    } else {
      const members = groups.get(key);
      if (members) members.push(container);
      else groups.set(key, [container]);
    }
  }
  const groupOrder =
    groupBy === 'state'
      ? (a: string, b: string) => STATE_ORDER.indexOf(a as ContainerState) - STATE_ORDER.indexOf(b as ContainerState)
      : byText;
  return {
    groups: [...groups.keys()].sort(groupOrder).map((key) => ({
      key,
      label: groupBy === 'image' ? displayImage(key) : key,
      containers: groups.get(key)!.sort(compare),
    })),
    ungrouped: ungrouped.sort(compare),
  };
}
