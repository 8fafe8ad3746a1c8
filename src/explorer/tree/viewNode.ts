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
  /**
   * Every value `children` reads (store objects, lists of them, flags). After a store change, a
   * node whose values are all the same objects (===) as in the previous build keeps its children
   * and their subtrees as they are, without calling `children` (see LiveTree). Omit it when the
   * children depend on anything else (the time, settings), and they are built every time.
   */
  readonly childrenFrom?: readonly unknown[];
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
 * While updating, it notes which existing nodes now render differently: comparing the few fields
 * as they are overwritten is much cheaper than building and diffing a signature string per node.
 */
export class NodeCache {
  /**
   * Per id, the node and the build that last handed it out. The build number stands in for a set
   * of the ids used by this build: one map lookup per node instead of three hash operations on
   * long ids, which made this the hottest function of a rebuild.
   */
  private nodes = new Map<string, { node: Mutable<ViewNode>; build: number }>();
  private build = 0;
  /** Nodes of earlier builds handed out again by this build, and those of them that render differently. */
  private again: ViewNode[] = [];
  private rendered: ViewNode[] = [];

  node(wantedId: string, parent: ViewNode | undefined, spec: NodeSpec): ViewNode {
    // Two identical entries (the engine can list a port binding twice) still need distinct ids.
    let id = wantedId;
    let entry = this.nodes.get(id);
    for (let n = 2; entry?.build === this.build; n++) {
      id = `${wantedId}#${n}`;
      entry = this.nodes.get(id);
    }
    let node: Mutable<ViewNode>;
    if (!entry) {
      node = {
        id, parent, label: spec.label, description: spec.description, icon: spec.icon, contextValue: spec.contextValue, collapsible: spec.collapsible,
        objectKeys: undefined, children: undefined, childrenFrom: undefined, loadChildren: undefined, tooltip: undefined, target: undefined,
      };
      this.nodes.set(id, { node, build: this.build });
    } else {
      node = entry.node;
      entry.build = this.build;
      this.again.push(node);
      if (rendersDifferently(node, spec)) this.rendered.push(node);
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
    node.childrenFrom = spec.childrenFrom;
    node.loadChildren = spec.loadChildren;
    node.tooltip = spec.tooltip;
    node.target = spec.target;
    return node;
  }

  /** Start a build: ids handed out since the last build (children built on request) may be handed out again. */
  begin(): void {
    this.build++;
    this.again = [];
    this.rendered = [];
  }

  /** Keeps a node of the previous build, unchanged, in this build (its parent kept its children). */
  keep(node: ViewNode): void {
    const entry = this.nodes.get(node.id);
    if (entry) entry.build = this.build;
  }

  /** The node is in the current build (or was built on request since). */
  holds(node: ViewNode): boolean {
    const entry = this.nodes.get(node.id);
    return entry !== undefined && entry.node === node && entry.build === this.build;
  }

  /** Nodes of earlier builds that this build handed out again. */
  get updated(): readonly ViewNode[] {
    return this.again;
  }

  /** Of those, the ones that now render differently (label, description, icon...). */
  get renderChanged(): readonly ViewNode[] {
    return this.rendered;
  }

  /** Forget the nodes this build did not use; call once at the end of a build. */
  sweep(): void {
    for (const [id, entry] of this.nodes) if (entry.build !== this.build) this.nodes.delete(id);
  }

  get size(): number {
    return this.nodes.size;
  }
}

/** What the tree shows for a node changed: label, description, icon, contextValue or collapsible state. */
export function rendersDifferently(node: NodeSpec, spec: NodeSpec): boolean {
  return (
    node.label !== spec.label ||
    node.description !== spec.description ||
    node.icon?.id !== spec.icon?.id ||
    node.icon?.color !== spec.icon?.color ||
    node.contextValue !== spec.contextValue ||
    (node.collapsible ?? 'none') !== (spec.collapsible ?? 'none')
  );
}
