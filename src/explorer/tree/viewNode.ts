// The explorer's tree nodes as plain data: what a TreeItem will show, without importing `vscode`.
// The VS Code adapter (explorer/treeProvider.ts) turns them into TreeItems; the benchmarks and
// unit tests read them directly.

/** A codicon id and an optional theme colour id ("charts.green"). */
export interface NodeIcon {
  readonly id: string;
  readonly color?: string;
}

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface NodeSpec {
  readonly label: string;
  readonly description?: string;
  readonly icon?: NodeIcon;
  /** What menus match on, e.g. "container.running", "image.tag", "volume.anonymous". */
  readonly contextValue: string;
  readonly collapsible?: Collapsible;
  /** Store objects shown by this node ("container:<id>"): a change to one of them refreshes the node. */
  readonly objectKeys?: readonly string[];
  /** Children computed from the store at build time (part of change detection). */
  readonly children?: () => ViewNode[];
  /** Children fetched only when the node is expanded (e.g. image history); never part of change detection. */
  readonly loadChildren?: () => Promise<ViewNode[]>;
  /** Markdown, computed only when the user hovers the node. */
  readonly tooltip?: () => string | Promise<string>;
  /** The object a command acts on (a container id, volume name, endpoint...). */
  readonly target?: NodeTarget;
}

export type NodeTarget =
  | { readonly kind: 'container'; readonly id: string; readonly name: string }
  | { readonly kind: 'image'; readonly id: string; readonly name: string }
  | { readonly kind: 'volume'; readonly id: string; readonly name: string }
  | { readonly kind: 'network'; readonly id: string; readonly name: string }
  | { readonly kind: 'context'; readonly id: string; readonly name: string };

export interface ViewNode extends NodeSpec {
  /** Unique in its view and stable across changes that do not replace the object it shows. */
  readonly id: string;
  readonly parent: ViewNode | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Hands out one node object per id and keeps it across rebuilds (VS Code refreshes an element by
 * object identity), updating its fields in place. Nodes not handed out by a build are forgotten.
 */
export class NodeCache {
  private nodes = new Map<string, Mutable<ViewNode>>();
  private live = new Set<string>();

  node(wantedId: string, parent: ViewNode | undefined, spec: NodeSpec): ViewNode {
    // Two identical entries (the engine can list a port binding twice) still need distinct ids.
    let id = wantedId;
    for (let n = 2; this.live.has(id); n++) id = `${wantedId}#${n}`;
    this.live.add(id);
    let node = this.nodes.get(id);
    if (!node) {
      node = {
        id, parent, label: spec.label, description: undefined, icon: undefined, contextValue: spec.contextValue, collapsible: undefined,
        objectKeys: undefined, children: undefined, loadChildren: undefined, tooltip: undefined, target: undefined,
      };
      this.nodes.set(id, node);
    }
    // Field by field, every field, in one order: every node keeps one object shape, which keeps a
    // rebuild of thousands of nodes fast (Object.assign of varying shapes was the slowest part).
    node.parent = parent;
    node.label = spec.label;
    node.description = spec.description;
    node.icon = spec.icon;
    node.contextValue = spec.contextValue;
    node.collapsible = spec.collapsible;
    node.objectKeys = spec.objectKeys;
    node.children = spec.children;
    node.loadChildren = spec.loadChildren;
    node.tooltip = spec.tooltip;
    node.target = spec.target;
    return node;
  }

  /** Forget the nodes the last build did not use; call once per build. */
  sweep(): void {
    for (const id of this.nodes.keys()) if (!this.live.has(id)) this.nodes.delete(id);
    this.live = new Set();
  }

  get size(): number {
    return this.nodes.size;
  }
}

/** What the tree shows for a node; when it changes, the node is refreshed. */
export function renderSignature(node: ViewNode): string {
  return [node.label, node.description ?? '', node.icon?.id ?? '', node.icon?.color ?? '', node.contextValue, node.collapsible ?? 'none'].join('\u0000');
}
