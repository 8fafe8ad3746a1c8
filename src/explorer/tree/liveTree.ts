// A view's tree kept current from the engine store: on a store change it rebuilds the (cheap,
// in-memory) node tree, compares it with the previous one, and reports only the nodes whose
// rendering or children changed, or the whole tree when the top level changed. Changes arriving
// within a few milliseconds are handled together. No `vscode` import: the VS Code adapter
// forwards `onDidChange` to a TreeDataProvider, and benchmarks use this class directly.
//
// At scale (thousands of nodes) three things keep a rebuild cheap:
// - children of a collapsed node are built only once VS Code asks for them (see `opened`);
// - a node whose children are built from the same store objects as last time keeps them, with
//   their subtrees, as they are (see NodeSpec.childrenFrom), so one container event rebuilds
//   only the lists that show that container;
// - what changed is noted while building (NodeCache notes render changes, `visit` list changes)
//   instead of diffing maps of every node's id, list and signature afterwards.
import type { Disposable, EngineStore, ResourceKind, StoreChange } from '../../engine/model';
import { Emitter } from '../../engine/emitter';
import { NodeCache, ViewNode } from './viewNode';

/** `undefined`: the whole tree changed. */
export type TreeChange = readonly ViewNode[] | undefined;

export interface LiveTreeOptions {
  /** Store changes of these kinds can change this tree. */
  readonly kinds: readonly ResourceKind[];
  /** Show the tree while the engine is unreachable (the Contexts view); else the root is empty. */
  readonly showWhenUnreachable?: boolean;
  readonly debounceMs?: number;
  /** The time the nodes' relative texts ("Up 3 minutes") are written for; Date.now by default (tests inject one). */
  readonly clock?: () => number;
}

/** The children last built for a node, the values they were built from, and in which build. */
interface BuiltChildren {
  kids: ViewNode[];
  from: readonly unknown[] | undefined;
  build: number;
}

export abstract class LiveTree implements Disposable {
  private readonly changed = new Emitter<TreeChange>();
  readonly onDidChange = this.changed.event;

  private readonly cache = new NodeCache();
  private readonly subscriptions: Disposable[] = [];
  private rootNodes: ViewNode[] = [];
  /** Per node object (weak: a node dropped from the tree drops its entry). */
  private builtChildren = new WeakMap<ViewNode, BuiltChildren>();
  /**
   * Nodes whose children VS Code has asked for. Only their children (and those of 'expanded'
   * nodes, which VS Code asks for at once) are built on a rebuild and take part in change
   * detection; a collapsed node nobody opened gets its children built when they are asked for.
   * VS Code holds no children for such a node, so there is nothing of them to refresh; the node
   * itself is still built, compared and refreshed. A node that leaves the tree and comes back is
   * a new object, not opened, as VS Code sees it too.
   */
  private opened = new WeakSet<ViewNode>();
  /** Counts rebuilds; children are kept only if they were in the previous build (else they may be forgotten). */
  private builds = 0;
  /** False during a rebuild asked for by refresh(): settings or the time may have changed, build all. */
  private reuse = false;
  /** Nodes whose child list changed in the current rebuild. */
  private listChanged: ViewNode[] = [];
  private count = 0;
  private built = false;
  private timer: NodeJS.Timeout | undefined;
  private pendingKeys = new Set<string>();
  private pendingAll = false;
  /** A rebuild for the time only: relative texts changed, nothing in the store did. */
  private pendingTick = false;
  /** The time of the build being made (one value for every node of a build). */
  private buildTime = 0;

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
      this.rebuild(false);
    }
    return this.rootNodes;
  }

  children(node: ViewNode): ViewNode[] | Promise<ViewNode[]> {
    if (node.loadChildren) return node.loadChildren();
    const built = this.builtChildren.get(node);
    if (built && built.build === this.builds) return built.kids;
    // A node no longer in the tree has no children to show.
    if (!this.cache.holds(node)) return [];
    // First time asked: build them now and keep them current from here on.
    this.opened.add(node);
    return this.visit(node);
  }

  /** The time the current build writes relative texts for. */
  protected get now(): number {
    return this.buildTime;
  }

  /** The clock the tree reads (tests inject one). */
  protected clockNow(): number {
    return (this.options.clock ?? Date.now)();
  }

  /**
   * The time passed: rebuild every node (children built from unchanged store objects too, since
   * their texts are relative to now) and report only the nodes whose rendering changed. Node ids
   * and objects stay the same; nothing is asked of the engine.
   */
  tick(): void {
    this.pendingTick = true;
    this.schedule();
  }

  /**
   * Milliseconds until a relative text this tree shows changes, or undefined when none will
   * (no status that ticks). Trees that show container statuses override it.
   */
  nextTick(_now: number): number | undefined {
    return undefined;
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
    const tick = this.pendingTick;
    const keys = this.pendingKeys;
    this.pendingAll = false;
    this.pendingTick = false;
    this.pendingKeys = new Set();
    if (!this.showsContent) {
      this.built = false;
      this.changed.fire(undefined);
      return;
    }
    const before = { roots: this.rootNodes, built: this.built };
    this.rebuild(!all && !tick);
    if (all || !before.built || !sameNodes(before.roots, this.rootNodes)) {
      this.changed.fire(undefined);
      return;
    }
    // Existing nodes that render differently, whose children changed, or that show a changed
    // store object (its tooltip may differ). Nodes kept with their parent's children come from
    // the same store objects as before, so they have not changed.
    const refreshed = new Set<ViewNode>([...this.cache.renderChanged, ...this.listChanged]);
    for (const node of this.cache.updated) if (node.objectKeys?.some((key) => keys.has(key))) refreshed.add(node);
    this.listChanged = [];
    if (refreshed.size > 0) this.changed.fire([...refreshed]);
  }

  private rebuild(reuse: boolean): void {
    this.buildTime = this.clockNow();
    this.cache.begin();
    this.builds++;
    this.reuse = reuse;
    this.listChanged = [];
    this.count = 0;
    const roots = this.build(this.cache);
    for (const root of roots) this.register(root, false);
    this.reuse = false;
    this.cache.sweep();
    this.rootNodes = roots;
    this.built = true;
  }

  /**
   * Counts a node and, if VS Code shows its children, builds them too. `kept`: the node is from
   * the previous build, kept as it was because its parent kept its children.
   */
  private register(node: ViewNode, kept: boolean): void {
    if (kept) this.cache.keep(node);
    this.count++;
    if (node.children && !node.loadChildren && (node.collapsible === 'expanded' || this.opened.has(node))) this.visit(node);
  }

  private visit(node: ViewNode): ViewNode[] {
    const from = node.childrenFrom;
    const last = this.builtChildren.get(node);
    // Built in the previous build (or on request since): comparable, and its nodes still exist.
    const previous = last !== undefined && last.build === this.builds - 1 ? last : undefined;
    const keep = this.reuse && from !== undefined && previous?.from !== undefined && sameValues(previous.from, from);
    const kids = keep ? previous!.kids : node.children && !node.loadChildren ? node.children() : [];
    if (previous && !keep && !sameNodes(previous.kids, kids)) this.listChanged.push(node);
    this.builtChildren.set(node, { kids, from, build: this.builds });
    for (const kid of kids) this.register(kid, keep);
    return kids;
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

  /** Nodes currently built (after the last build and any children built since), for tests and benchmarks. */
  get nodeCount(): number {
    return this.count;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

/** Same nodes in the same order (the cache keeps one object per id, so identity is the id). */
function sameNodes(a: readonly ViewNode[], b: readonly ViewNode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** "container:<id>" etc.: the key a node lists in objectKeys for a store object. */
export function objectKey(kind: ResourceKind, id: string): string {
  return `${kind.slice(0, -1)}:${id}`;
}
