// The Images view's tree: repositories with a node per tag, untagged images apart; under each
// image the containers using it and its layers (history fetched when expanded). Pure.
import type { ContainerInfo, EngineStore, ImageInfo, ImageLayer } from '../../engine/model';
import { formatAge, formatBytes, layerInstruction, shortId } from '../format';
import { layoutImages, realTags } from '../imageLayout';
import { EXPLORER_SETTINGS, ImageSortBy } from '../settings';
import { containersByImage, userContainers } from '../usage';
import { soonestStatusChange } from '../statusClock';
import { containerRefNode } from './containerNodes';
import { matchesFilter } from './filter';
import { LiveTree, objectKey } from './liveTree';
import { NodeCache, ViewNode } from './viewNode';

const MAX_LAYER_LABEL = 100;

export class ImagesTree extends LiveTree {
  sortBy: ImageSortBy = EXPLORER_SETTINGS['layerwise.images.sortBy'].default;
  filter = '';
  /** History never changes for an image id; layer nodes are kept per (node, image) for stable identity. */
  private readonly layerNodes = new Map<string, Promise<ViewNode[]>>();

  constructor(store: EngineStore, debounceMs?: number, clock?: () => number) {
    super(store, { kinds: ['images', 'containers'], debounceMs, clock });
  }

  /** The containers listed under its nodes show their status: it ticks (only under nodes VS Code shows). */
  override nextTick(now: number): number | undefined {
    return this.showsContent ? soonestStatusChange(userContainers(this.store.containers().values()), now) : undefined;
  }

  protected build(cache: NodeCache): ViewNode[] {
    const users = containersByImage(this.store.containers().values());
    const layout = layoutImages(this.store.images().values(), this.sortBy);
    const roots: ViewNode[] = [];
    for (const repository of layout.repositories) {
      const tags = repository.tags.filter((t) => matchesFilter(this.filter, t.reference, t.image.id.replace(/^sha256:/, '').slice(0, 12)));
      if (tags.length === 0) continue;
      const repoNode: ViewNode = cache.node(`repository:${repository.name}`, undefined, {
        label: repository.name,
        description: `${tags.length} ${tags.length === 1 ? 'tag' : 'tags'}`,
        icon: { id: 'package' },
        contextValue: 'image.repository',
        collapsible: 'collapsed',
        children: () =>
          tags.map((t) => {
            const inUse = users.get(t.image.id)?.length ?? 0;
            const tagNode: ViewNode = cache.node(`tag:${t.reference}`, repoNode, {
              label: t.tag,
              description: [formatBytes(t.image.size), formatAge(t.image.created), inUse ? `${inUse} ${inUse === 1 ? 'container' : 'containers'}` : undefined].filter((p) => p).join(' · '),
              icon: { id: 'tag', color: inUse ? 'charts.green' : undefined },
              contextValue: 'image.tag',
              collapsible: 'collapsed',
              objectKeys: [objectKey('images', t.image.id)],
              target: { kind: 'image', id: t.image.id, name: t.reference },
              tooltip: () => imageTooltip(t.image, t.reference),
              childrenFrom: [t.image, ...(users.get(t.image.id) ?? [])],
              children: () => this.imageChildren(cache, tagNode, t.image, users),
            });
            return tagNode;
          }),
      });
      roots.push(repoNode);
    }
    const untagged = layout.untagged.filter((i) => matchesFilter(this.filter, '<none>', shortId(i.id), i.dangling ? 'dangling' : 'untagged'));
    if (untagged.length > 0) {
      const dangling = untagged.filter((i) => i.dangling).length;
      const group: ViewNode = cache.node('untagged', undefined, {
        label: '<none>',
        description: `${untagged.length} untagged (${dangling} dangling)`,
        icon: { id: 'circle-slash' },
        contextValue: 'image.untaggedGroup',
        collapsible: 'collapsed',
        children: () =>
          untagged.map((image) => {
            const node: ViewNode = cache.node(`image:${image.id}`, group, {
              label: shortId(image.id),
              description: [formatBytes(image.size), formatAge(image.created), image.dangling ? 'dangling' : 'untagged'].join(' · '),
              icon: { id: 'circle-slash' },
              contextValue: image.dangling ? 'image.dangling' : 'image.untagged',
              collapsible: 'collapsed',
              objectKeys: [objectKey('images', image.id)],
              target: { kind: 'image', id: image.id, name: shortId(image.id) },
              tooltip: () => imageTooltip(image, undefined),
              childrenFrom: [image, ...(users.get(image.id) ?? [])],
              children: () => this.imageChildren(cache, node, image, users),
            });
            return node;
          }),
      });
      roots.push(group);
    }
    return roots;
  }

  private imageChildren(cache: NodeCache, parent: ViewNode, image: ImageInfo, users: Map<string, ContainerInfo[]>): ViewNode[] {
    const children: ViewNode[] = [];
    const using = users.get(image.id) ?? [];
    if (using.length > 0) {
      const folder: ViewNode = cache.node(`${parent.id}/containers`, parent, {
        label: 'Containers',
        description: String(using.length),
        icon: { id: 'vm' },
        contextValue: 'image.containers',
        collapsible: 'collapsed',
        childrenFrom: using,
        children: () => using.map((c) => containerRefNode(cache, folder, c, this.now)),
      });
      children.push(folder);
    }
    const layers: ViewNode = cache.node(`${parent.id}/layers`, parent, {
      label: 'Layers',
      icon: { id: 'layers' },
      contextValue: 'image.layers',
      collapsible: 'collapsed',
      loadChildren: () => this.layers(layers, image.id),
    });
    children.push(layers);
    return children;
  }

  private layers(folder: ViewNode, imageId: string): Promise<ViewNode[]> {
    const key = `${folder.id}@${imageId}`;
    let nodes = this.layerNodes.get(key);
    if (!nodes) {
      nodes = this.store.imageHistory(imageId).then(
        (history) => history.map((layer, index) => layerNode(folder, layer, index)),
        (error: unknown) => {
          this.layerNodes.delete(key); // try again next time it is expanded
          return [messageNode(folder, `Could not read the image history: ${error instanceof Error ? error.message : String(error)}`)];
        },
      );
      this.layerNodes.set(key, nodes);
    }
    return nodes;
  }
}

function layerNode(parent: ViewNode, layer: ImageLayer, index: number): ViewNode {
  const instruction = layerInstruction(layer.createdBy) || '(no instruction recorded)';
  return {
    id: `${parent.id}/layer:${index}`,
    parent,
    label: instruction.length > MAX_LAYER_LABEL ? `${instruction.slice(0, MAX_LAYER_LABEL - 1)}…` : instruction,
    description: formatBytes(layer.size),
    icon: { id: layer.size > 0 ? 'layers-active' : 'layers' },
    contextValue: 'image.layer',
    tooltip: () =>
      [
        '```',
        layer.createdBy.replace(/```/g, "'''"),
        '```',
        '',
        `- Size: ${formatBytes(layer.size)}`,
        `- Created: ${layer.created ? new Date(layer.created * 1000).toISOString() : 'unknown'}`,
        `- Layer: \`${layer.id === '<missing>' ? 'missing (pulled without its own id)' : shortId(layer.id)}\``,
        layer.comment ? `- Comment: ${layer.comment}` : '',
      ].join('\n'),
  };
}

function messageNode(parent: ViewNode, message: string): ViewNode {
  return { id: `${parent.id}/message`, parent, label: message, icon: { id: 'warning', color: 'list.warningForeground' }, contextValue: 'message' };
}

function imageTooltip(image: ImageInfo, reference: string | undefined): string {
  const tags = realTags(image);
  return [
    `**${reference ?? '&lt;none&gt;'}** \`${shortId(image.id)}\``,
    '',
    `- Size: ${formatBytes(image.size)}`,
    `- Created: ${new Date(image.created * 1000).toISOString()} (${formatAge(image.created)})`,
    tags.length > 1 ? `- Also tagged: ${tags.filter((t) => t !== reference).join(', ')}` : '',
    image.repoDigests.length ? `- Digest: \`${image.repoDigests[0]}\`` : '',
    image.dangling ? '- Dangling: no tag, and no other image builds on it' : '',
  ]
    .filter((line, i) => i < 2 || line !== '')
    .join('\n');
}
