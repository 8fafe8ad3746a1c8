// The Volumes view's tree: named volumes, then anonymous ones; in-use state and the containers
// that mount each; sizes only after the user asks for them (they come from the slow /system/df).
import type { EngineStore, VolumeInfo } from '../../engine/model';
import { compareText, formatAge, formatBytes, shortId } from '../format';
import { EXPLORER_SETTINGS, VolumeSortBy } from '../settings';
import { containersByVolume, userContainers } from '../usage';
import { soonestStatusChange } from '../statusClock';
import { containerRefNode } from './containerNodes';
import { matchesFilter } from './filter';
import { LiveTree, objectKey } from './liveTree';
import { NodeCache, ViewNode } from './viewNode';

export class VolumesTree extends LiveTree {
  sortBy: VolumeSortBy = EXPLORER_SETTINGS['layerwise.volumes.sortBy'].default;
  filter = '';
  /** Sizes by volume name, once fetched; undefined until the user asks. */
  private sizes: ReadonlyMap<string, number> | undefined;

  constructor(store: EngineStore, debounceMs?: number, clock?: () => number) {
    super(store, { kinds: ['volumes', 'containers'], debounceMs, clock });
  }

  /** The containers listed under its nodes show their status: it ticks (only under nodes VS Code shows). */
  override nextTick(now: number): number | undefined {
    return this.showsContent ? soonestStatusChange(userContainers(this.store.containers().values()), now) : undefined;
  }

  get sizesShown(): boolean {
    return this.sizes !== undefined;
  }

  /** Fetch sizes from the engine and show them in the descriptions. */
  async showSizes(): Promise<void> {
    this.sizes = await this.store.volumeSizes();
    this.refresh();
  }

  protected build(cache: NodeCache): ViewNode[] {
    const users = containersByVolume(this.store.containers().values());
    const volumes = [...this.store.volumes().values()]
      .filter((v) => matchesFilter(this.filter, v.name, v.driver, v.anonymous ? 'anonymous' : 'named'))
      .sort(compareVolumes(this.sortBy));
    return volumes.map((volume) => {
      const using = users.get(volume.name) ?? [];
      const size = this.sizes?.get(volume.name);
      const node: ViewNode = cache.node(`volume:${volume.name}`, undefined, {
        label: volume.anonymous ? shortId(volume.name) : volume.name,
        description: [
          volume.anonymous ? 'anonymous' : undefined,
          volume.driver,
          using.length ? `in use by ${using.length}` : 'unused',
          size !== undefined && size >= 0 ? formatBytes(size) : undefined,
        ]
          .filter((p) => p)
          .join(' · '),
        icon: { id: volume.anonymous ? 'archive' : 'database', color: using.length ? undefined : 'disabledForeground' },
        contextValue: volume.anonymous ? 'volume.anonymous' : 'volume.named',
        collapsible: using.length ? 'collapsed' : 'none',
        objectKeys: [objectKey('volumes', volume.name)],
        target: { kind: 'volume', id: volume.name, name: volume.name },
        tooltip: () => volumeTooltip(volume, using.map((c) => c.name), this.sizes?.get(volume.name)),
        childrenFrom: using,
        children: () => using.map((c) => containerRefNode(cache, node, c, this.now)),
      });
      return node;
    });
  }
}

function compareVolumes(sortBy: VolumeSortBy): (a: VolumeInfo, b: VolumeInfo) => number {
  const byName = (a: VolumeInfo, b: VolumeInfo): number => compareText(a.name, b.name);
  const created = (v: VolumeInfo): number => (v.createdAt ? Date.parse(v.createdAt) || 0 : 0);
  return (a, b) =>
    Number(a.anonymous) - Number(b.anonymous) || (sortBy === 'createdTime' ? created(b) - created(a) : 0) || byName(a, b);
}

function volumeTooltip(volume: VolumeInfo, users: string[], size: number | undefined): string {
  const created = volume.createdAt ? Date.parse(volume.createdAt) : NaN;
  return [
    `**${volume.name}**${volume.anonymous ? ' (anonymous)' : ''}`,
    '',
    `- Driver: ${volume.driver}, scope: ${volume.scope}`,
    `- Mountpoint: \`${volume.mountpoint}\``,
    Number.isFinite(created) ? `- Created: ${volume.createdAt} (${formatAge(created / 1000)})` : '',
    `- Size: ${size === undefined ? 'not fetched yet (run "Show Volume Sizes")' : size < 0 ? 'not reported by the driver' : formatBytes(size)}`,
    `- ${users.length ? `In use by: ${users.join(', ')}` : 'Not used by any container'}`,
  ]
    .filter((line, i) => i < 2 || line !== '')
    .join('\n');
}
