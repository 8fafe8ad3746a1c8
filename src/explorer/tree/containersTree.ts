// The Containers view's tree: containers grouped and sorted as the settings say, filtered by the
// view filter. Pure.
import type { ContainerInfo, EngineStore } from '../../engine/model';
import { layoutContainers } from '../containerLayout';
import { ContainerGroupBy, ContainerSortBy, EXPLORER_SETTINGS } from '../settings';
import { soonestStatusChange } from '../statusClock';
import { containerIcon, containerNode } from './containerNodes';
import { matchesFilter } from './filter';
import { LiveTree } from './liveTree';
import { NodeCache, NodeIcon, ViewNode } from './viewNode';

const GROUP_ICONS: Record<Exclude<ContainerGroupBy, 'none'>, NodeIcon> = {
  composeProject: { id: 'layers' },
  image: { id: 'package' },
  state: { id: 'symbol-enum' },
};

export class ContainersTree extends LiveTree {
  groupBy: ContainerGroupBy = EXPLORER_SETTINGS['layerwise.containers.groupBy'].default;
  sortBy: ContainerSortBy = EXPLORER_SETTINGS['layerwise.containers.sortBy'].default;
  /** Normalised (see normaliseFilter); empty shows everything. */
  filter = '';

  constructor(store: EngineStore, debounceMs?: number, clock?: () => number) {
    super(store, { kinds: ['containers'], debounceMs, clock });
  }

  private matches(c: ContainerInfo): boolean {
    return !c.buildStep && matchesFilter(this.filter, c.name, c.image, c.id.slice(0, 12), c.composeProject, c.state, c.status);
  }

  private visible(): ContainerInfo[] {
    return [...this.store.containers().values()].filter((c) => this.matches(c));
  }

  override nextTick(now: number): number | undefined {
    return this.showsContent ? soonestStatusChange(this.visible(), now) : undefined;
  }

  protected build(cache: NodeCache): ViewNode[] {
    const visible = this.visible();
    const now = this.now;
    const layout = layoutContainers(visible, this.groupBy, this.sortBy);
    const showImage = this.groupBy !== 'image';
    const groups = layout.groups.map((group) => {
      const running = group.containers.filter((c) => c.state === 'running').length;
      const groupNode: ViewNode = cache.node(`group:${this.groupBy}:${group.key}`, undefined, {
        label: group.label,
        description: `${running} of ${group.containers.length} running`,
        icon: this.groupBy === 'state' ? containerIcon(group.containers[0]!.state, group.containers[0]!.status) : GROUP_ICONS[this.groupBy as Exclude<ContainerGroupBy, 'none'>],
        contextValue: `containerGroup.${this.groupBy}`,
        collapsible: 'expanded',
        childrenFrom: [showImage, ...group.containers],
        children: () => group.containers.map((c) => containerNode(cache, groupNode, c, showImage, this.now)),
      });
      return groupNode;
    });
    return [...groups, ...layout.ungrouped.map((c) => containerNode(cache, undefined, c, showImage, now))];
  }
}
