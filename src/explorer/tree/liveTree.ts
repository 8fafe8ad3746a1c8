// A view's tree kept current from the engine store: on a store change it rebuilds the (cheap,
// in-memory) node tree, compares it with the previous one, and reports only the nodes whose
// rendering or children changed, or the whole tree when the top level changed. Changes arriving
// within a few milliseconds are handled together. No `vscode` import: the VS Code adapter
// forwards `onDidChange` to a TreeDataProvider, and benchmarks use this class directly.
import type { Disposable, EngineStore, ResourceKind, StoreChange } from '../../engine/model';
import { Emitter } from '../../engine/emitter';
import { NodeCache, renderSignature, ViewNode } from './viewNode';

/** `undefined`: the whole tree changed. */
export type TreeChange = readonly ViewNode[] | undefined;

export interface LiveTreeOptions {
  /** Store changes of these kinds can change this tree. */
  readonly kinds: readonly ResourceKind[];
  /** Show the tree while the engine is unreachable (the Contexts view); else the root is empty. */
  readonly showWhenUnreachable?: boolean;
  readonly debounceMs?: number;
}

const ROOT = '';

export abstract class LiveTree implements Disposable {
  private readonly changed = new Emitter<TreeChange>();
  readonly onDidChange = this.changed.event;

  private readonly cache = new NodeCache();
  private readonly subscriptions: Disposable[] = [];
  private rootNodes: ViewNode[] = [];
  private childLists = new Map<string, ViewNode[]>();
  private signatures = new Map<string, string>();
  private nodeById = new Map<string, ViewNode>();
  private built = false;
  private timer: NodeJS.Timeout | undefined;
  private pendingKeys = new Set<string>();
  private pendingAll = false;

  protected constructor(
    protected readonly store: EngineStore,
    private readonly options: LiveTreeOptions,
  ) {
    this.subscriptions.push(
      store.onDidChange((change) => this.onStoreChange(change)),
      store.onDidChangeState(() => this.refresh()),
    );
  }

  /** The top-level nodes for the current store contents; called on every rebuild. */
  protected abstract build(cache: NodeCache): ViewNode[];

  get showsContent(): boolean {
    return this.options.showWhenUnreachable === true || this.store.state.kind === 'connected';
  }

  roots(): ViewNode[] {
    if (!this.showsContent) return [];
    if (!this.built) {
      // The first build reads the store as it is now: changes that were waiting are in it.
      this.pendingKeys.clear();
      this.rebuild();
    }
    return this.rootNodes;
  }

  children(node: ViewNode): ViewNode[] | Promise<ViewNode[]> {
    if (node.loadChildren) return node.loadChildren();
    return this.childLists.get(node.id) ?? [];
  }

  /** Rebuild everything and report the whole tree as changed (settings, filter, state, endpoint). */
  refresh(): void {
    this.pendingAll = true;
    this.schedule();
  }

  /** Handle pending changes now instead of after the debounce (tests and benchmarks). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const all = this.pendingAll;
    const keys = this.pendingKeys;
    this.pendingAll = false;
    this.pendingKeys = new Set();
    if (!this.showsContent) {
      this.built = false;
      this.changed.fire(undefined);
      return;
    }
    const before = { roots: this.rootNodes.map((n) => n.id), lists: this.childLists, signatures: this.signatures, built: this.built };
    this.rebuild();
    if (all || !before.built || !sameIds(before.roots, this.rootNodes)) {
      this.changed.fire(undefined);
      return;
    }
    const refreshed: ViewNode[] = [];
    for (const [id, list] of this.childLists) {
      const node = this.nodeById.get(id);
      if (!node || !before.signatures.has(id)) continue; // a new node: its parent's list changed
      const previous = before.lists.get(id);
      const listChanged = previous !== undefined && !sameIds(previous.map((n) => n.id), list);
      const renderChanged = before.signatures.get(id) !== this.signatures.get(id);
      const objectChanged = node.objectKeys?.some((key) => keys.has(key)) ?? false;
      if (listChanged || renderChanged || objectChanged) refreshed.push(node);
    }
    if (refreshed.length > 0) this.changed.fire(refreshed);
  }

  private rebuild(): void {
    const lists = new Map<string, ViewNode[]>();
    const signatures = new Map<string, string>();
    const byId = new Map<string, ViewNode>();
    const roots = this.build(this.cache);
    const visit = (node: ViewNode): void => {
      byId.set(node.id, node);
      signatures.set(node.id, renderSignature(node));
      const kids = node.children && !node.loadChildren ? node.children() : [];
      lists.set(node.id, kids);
      for (const kid of kids) visit(kid);
    };
    for (const root of roots) visit(root);
    this.cache.sweep();
    lists.set(ROOT, roots);
    this.rootNodes = roots;
    this.childLists = lists;
    this.signatures = signatures;
    this.nodeById = byId;
    this.built = true;
  }

  private onStoreChange(change: StoreChange): void {
    if (!this.options.kinds.includes(change.kind)) return;
    for (const id of change.ids) this.pendingKeys.add(objectKey(change.kind, id));
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch (error) {
        // A timer callback has no caller to report to: keep the extension host alive and say why.
        console.error('layerwise: the tree could not be rebuilt', error);
      }
    }, this.options.debounceMs ?? 8);
  }

  /** Nodes currently in the tree (after the last build), for tests and benchmarks. */
  get nodeCount(): number {
    return this.nodeById.size;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function sameIds(a: readonly string[], b: readonly ViewNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]!.id) return false;
  return true;
}

/** "container:<id>" etc.: the key a node lists in objectKeys for a store object. */
export function objectKey(kind: ResourceKind, id: string): string {
  return `${kind.slice(0, -1)}:${id}`;
}
