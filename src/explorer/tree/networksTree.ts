// The Networks view's tree: each network with driver and scope, and its attached containers. Pure.
import type { EngineStore } from '../../engine/model';
import { compareText, shortId } from '../format';
import { BUILTIN_NETWORKS, containersByNetwork, userContainers } from '../usage';
import { soonestStatusChange } from '../statusClock';
import { containerRefNode } from './containerNodes';
import { matchesFilter } from './filter';
import { LiveTree, objectKey } from './liveTree';
import { NodeCache, ViewNode } from './viewNode';

export class NetworksTree extends LiveTree {
  filter = '';

  constructor(store: EngineStore, debounceMs?: number, clock?: () => number) {
    super(store, { kinds: ['networks', 'containers'], debounceMs, clock });
  }

  /** The containers listed under its nodes show their status: it ticks (only under nodes VS Code shows). */
  override nextTick(now: number): number | undefined {
    return this.showsContent ? soonestStatusChange(userContainers(this.store.containers().values()), now) : undefined;
  }

  protected build(cache: NodeCache): ViewNode[] {
    const networks = [...this.store.networks().values()];
    const attached = containersByNetwork(this.store.containers().values(), networks);
    return networks
      .filter((n) => matchesFilter(this.filter, n.name, n.driver, n.id.slice(0, 12)))
      .sort((a, b) => compareText(a.name, b.name))
      .map((network) => {
        const containers = attached.get(network.id) ?? [];
        const builtin = BUILTIN_NETWORKS.has(network.name);
        const node: ViewNode = cache.node(`network:${network.id}`, undefined, {
          label: network.name,
          description: [network.driver, network.scope, network.internal ? 'internal' : undefined, `${containers.length} ${containers.length === 1 ? 'container' : 'containers'}`]
            .filter((p) => p)
            .join(' · '),
          icon: { id: 'type-hierarchy', color: containers.length ? undefined : 'disabledForeground' },
          contextValue: builtin ? 'network.builtin' : 'network.user',
          collapsible: containers.length ? 'collapsed' : 'none',
          objectKeys: [objectKey('networks', network.id)],
          target: { kind: 'network', id: network.id, name: network.name },
          tooltip: () =>
            [
              `**${network.name}** \`${shortId(network.id)}\``,
              '',
              `- Driver: ${network.driver}, scope: ${network.scope}${network.internal ? ', internal (no outside access)' : ''}`,
              builtin ? '- Created by the engine (cannot be removed)' : '',
              `- Containers: ${containers.length ? containers.map((c) => c.name).join(', ') : 'none'}`,
            ]
              .filter((line, i) => i < 2 || line !== '')
              .join('\n'),
          childrenFrom: containers,
          children: () => containers.map((c) => containerRefNode(cache, node, c, this.now)),
        });
        return node;
      });
  }
}
