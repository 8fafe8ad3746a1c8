// Nodes that show a container: the full node in the Containers view, and the short reference
// shown under an image, volume or network. Status texts are written for `now` (liveStatusText):
// the views re-render them as time passes (LiveTree.tick) without asking the engine. Pure.
import { liveStatusText } from '../../engine/mapping';
import type { ContainerInfo, ContainerState, MountInfo, PortMapping } from '../../engine/model';
import { describeMountKind, displayImage, formatAge, formatPort, formatPublishedPorts, shortId } from '../format';
import { objectKey } from './liveTree';
import { NodeCache, NodeIcon, ViewNode } from './viewNode';

/** The state as an icon and a colour: green running, yellow paused, red for a failure... */
export function containerIcon(state: ContainerState, status = ''): NodeIcon {
  switch (state) {
    case 'running': return { id: 'vm-running', color: 'charts.green' };
    case 'paused': return { id: 'debug-pause', color: 'charts.yellow' };
    case 'restarting': return { id: 'debug-restart', color: 'charts.orange' };
    case 'removing': return { id: 'trash', color: 'charts.orange' };
    case 'created': return { id: 'vm-outline', color: 'charts.blue' };
    case 'dead': return { id: 'error', color: 'charts.red' };
    case 'exited':
    default: {
      // "Exited (0) ..." ended normally; any other code is a failure worth seeing at a glance.
      const code = /\((-?\d+)\)/.exec(status)?.[1];
      return code !== undefined && code !== '0' ? { id: 'vm-outline', color: 'charts.red' } : { id: 'vm-outline', color: 'disabledForeground' };
    }
  }
}

const MOUNT_ICONS: Record<MountInfo['kind'], string> = {
  'named-volume': 'database',
  'anonymous-volume': 'archive',
  bind: 'folder',
  tmpfs: 'circuit-board',
  other: 'file-symlink-directory',
};

const MOUNT_CONTEXT: Record<MountInfo['kind'], string> = {
  'named-volume': 'mount.namedVolume',
  'anonymous-volume': 'mount.anonymousVolume',
  bind: 'mount.bind',
  tmpfs: 'mount.tmpfs',
  other: 'mount.other',
};

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

export function containerTooltip(c: ContainerInfo, now: number = Date.now()): string {
  const lines = [
    `**${escapeMarkdown(c.name)}** \`${shortId(c.id)}\``,
    '',
    `- State: ${c.state} — ${escapeMarkdown(liveStatusText(c, now))}`,
    `- Image: ${escapeMarkdown(c.image)}`,
    `- Command: \`${c.command.replace(/`/g, "'")}\``,
    `- Created: ${new Date(c.created * 1000).toISOString()} (${formatAge(c.created, now)})`,
  ];
  if (c.composeProject) lines.push(`- Compose project: ${escapeMarkdown(c.composeProject)}`);
  if (c.ports.length) lines.push(`- Ports: ${c.ports.map((p) => escapeMarkdown(formatPort(p))).join(', ')}`);
  if (c.mounts.length) lines.push(`- Mounts: ${c.mounts.map((m) => `${escapeMarkdown(m.source)} → ${escapeMarkdown(m.destination)} (${describeMountKind(m.kind)})`).join('; ')}`);
  if (c.networks.length) lines.push(`- Networks: ${c.networks.map(escapeMarkdown).join(', ')}`);
  return lines.join('\n');
}

export function containerDescription(c: ContainerInfo, showImage: boolean, now: number = Date.now()): string {
  const ports = formatPublishedPorts(c.ports);
  return [showImage ? displayImage(c.image) : undefined, liveStatusText(c, now), ports || undefined].filter((p) => p).join(' · ');
}

function mountNode(cache: NodeCache, parent: ViewNode, mount: MountInfo): ViewNode {
  const isVolume = mount.kind === 'named-volume' || mount.kind === 'anonymous-volume';
  const label = mount.kind === 'anonymous-volume' ? shortId(mount.source) : mount.source || mount.destination;
  return cache.node(`${parent.id}/mount:${mount.destination}`, parent, {
    label,
    description: `${describeMountKind(mount.kind)} → ${mount.destination}${mount.readOnly ? ' (read-only)' : ''}`,
    icon: { id: MOUNT_ICONS[mount.kind] },
    contextValue: MOUNT_CONTEXT[mount.kind],
    target: isVolume ? { kind: 'volume', id: mount.source, name: mount.source } : undefined,
    tooltip: () =>
      [`**${describeMountKind(mount.kind)}**`, '', `- Source: \`${mount.source}\``, `- Destination: \`${mount.destination}\``, `- ${mount.readOnly ? 'Read-only' : 'Read-write'}`].join('\n'),
  });
}

function portNode(cache: NodeCache, parent: ViewNode, port: PortMapping): ViewNode {
  const published = port.publicPort !== undefined;
  return cache.node(`${parent.id}/port:${port.hostIp ?? ''}:${port.publicPort ?? ''}:${port.privatePort}/${port.protocol}`, parent, {
    label: formatPort(port),
    description: published ? 'published port' : 'exposed, not published',
    icon: { id: 'plug' },
    contextValue: published ? 'port.published' : 'port.exposed',
  });
}

function networkRefNode(cache: NodeCache, parent: ViewNode, network: string): ViewNode {
  return cache.node(`${parent.id}/network:${network}`, parent, {
    label: network,
    description: 'network',
    icon: { id: 'type-hierarchy' },
    contextValue: 'container.network',
    target: { kind: 'network', id: network, name: network },
  });
}

/** The full container node of the Containers view, with mounts, ports and networks as children. */
export function containerNode(cache: NodeCache, parent: ViewNode | undefined, c: ContainerInfo, showImage: boolean, now: number = Date.now()): ViewNode {
  const node: ViewNode = cache.node(`container:${c.id}`, parent, {
    label: c.name,
    description: containerDescription(c, showImage, now),
    icon: containerIcon(c.state, c.status),
    contextValue: `container.${c.state}`,
    collapsible: c.mounts.length + c.ports.length + c.networks.length > 0 ? 'collapsed' : 'none',
    objectKeys: [objectKey('containers', c.id)],
    target: { kind: 'container', id: c.id, name: c.name },
    tooltip: () => containerTooltip(c),
    childrenFrom: [c],
    children: () => [
      ...c.mounts.map((m) => mountNode(cache, node, m)),
      ...c.ports.map((p) => portNode(cache, node, p)),
      ...c.networks.map((n) => networkRefNode(cache, node, n)),
    ],
  });
  return node;
}

/** A container listed under an image, volume or network: a leaf that names it and shows its state. */
export function containerRefNode(cache: NodeCache, parent: ViewNode, c: ContainerInfo, now: number = Date.now()): ViewNode {
  return cache.node(`${parent.id}/container:${c.id}`, parent, {
    label: c.name,
    description: liveStatusText(c, now),
    icon: containerIcon(c.state, c.status),
    contextValue: `containerRef.${c.state}`,
    objectKeys: [objectKey('containers', c.id)],
    target: { kind: 'container', id: c.id, name: c.name },
    tooltip: () => containerTooltip(c),
  });
}
