// The trees' change detection when only part of the tree is built: children of collapsed nodes
// are built when VS Code asks for them and kept current from then on. These tests check that a
// change refreshes exactly the nodes that show it, that ids and node objects stay the same, and
// that the tree after a change equals a tree built from scratch over the same store.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ContainerInfo } from '../../../src/engine/model';
import { ContainersTree } from '../../../src/explorer/tree/containersTree';
import { ImagesTree } from '../../../src/explorer/tree/imagesTree';
import type { LiveTree, TreeChange } from '../../../src/explorer/tree/liveTree';
import { NodeCache, ViewNode } from '../../../src/explorer/tree/viewNode';
import { VolumesTree } from '../../../src/explorer/tree/volumesTree';
import { container, image, MemoryStore, volume } from './memoryStore';

function changesOf(tree: LiveTree): TreeChange[] {
  const seen: TreeChange[] = [];
  tree.onDidChange((change) => seen.push(change));
  return seen;
}

const kids = (tree: LiveTree, node: ViewNode): ViewNode[] => tree.children(node) as ViewNode[];

/** Every node VS Code would show with everything expanded (layers excepted), as plain data. */
function snapshot(tree: LiveTree): unknown[] {
  const out: unknown[] = [];
  const walk = (node: ViewNode, depth: number): void => {
    out.push([depth, node.id, node.label, node.description, node.icon?.id, node.icon?.color, node.contextValue, node.collapsible ?? 'none', node.parent?.id]);
    if (!node.loadChildren) for (const kid of kids(tree, node)) walk(kid, depth + 1);
  };
  for (const root of tree.roots()) walk(root, 0);
  return out;
}

/** node id -> node object, over the whole (opened) tree. */
function objects(tree: LiveTree): Map<string, ViewNode> {
  const out = new Map<string, ViewNode>();
  const walk = (node: ViewNode): void => {
    out.set(node.id, node);
    if (!node.loadChildren) for (const kid of kids(tree, node)) walk(kid);
  };
  for (const root of tree.roots()) walk(root);
  return out;
}

describe('trees built in part (children on request)', () => {
  let store: MemoryStore;
  let app: ReturnType<typeof image>;
  let used: ContainerInfo;
  let other: ContainerInfo;
  const trees: LiveTree[] = [];
  beforeEach(() => {
    store = new MemoryStore();
    app = image({ repoTags: ['app:1', 'app:2'] });
    store.put('images', app);
    store.put('images', image({ repoTags: ['db:1'] }));
    store.put('volumes', volume({ name: 'data' }));
    store.put('volumes', volume({ name: 'logs' }));
    used = container({ name: 'api', imageId: app.id, composeProject: 'shop', mounts: [{ kind: 'named-volume', source: 'data', destination: '/d', readOnly: false }] });
    other = container({ name: 'web', imageId: app.id, composeProject: 'shop', mounts: [{ kind: 'named-volume', source: 'logs', destination: '/l', readOnly: false }] });
    store.put('containers', used);
    store.put('containers', other);
  });
  afterEach(() => {
    for (const tree of trees.splice(0)) tree.dispose();
  });
  const track = <T extends LiveTree>(tree: T): T => {
    trees.push(tree);
    return tree;
  };

  it('does not build the children of a collapsed node until asked, but still refreshes the node', () => {
    const tree = track(new ImagesTree(store, 1));
    const roots = tree.roots();
    assert.equal(tree.nodeCount, roots.length, 'only the collapsed repositories are built');
    const changes = changesOf(tree);
    store.put('images', { ...app, repoTags: ['app:1', 'app:2', 'app:3'] });
    tree.flush();
    assert.deepEqual(changes, [[roots.find((n) => n.label === 'app')]], 'the repository shows "3 tags" now');
    assert.equal(roots.find((n) => n.label === 'app')!.description, '3 tags');
  });

  it('a change to one container refreshes exactly the opened nodes that show it, keeping ids and objects', () => {
    const images = track(new ImagesTree(store, 1));
    const volumes = track(new VolumesTree(store, 1));
    const containers = track(new ContainersTree(store, 1));
    const all = [images, volumes, containers];
    const before = all.map(objects); // opens everything
    const changes = all.map(changesOf);
    store.put('containers', { ...used, state: 'exited', status: 'Exited (1) 1 second ago' });
    for (const tree of all) tree.flush();
    const ref = `/container:${used.id}`;
    // Images: the container's row under each tag of its image; the tags and folders are unchanged.
    assert.deepEqual(changes[0]!.flat().map((n) => n!.id).sort(), [`tag:app:1/containers${ref}`, `tag:app:2/containers${ref}`]);
    // Volumes: the row under the one volume it mounts.
    assert.deepEqual(changes[1]!.flat().map((n) => n!.id), [`volume:data${ref}`]);
    // Containers: its own node (state icon and status); the group's "1 of 2 running" too.
    assert.deepEqual(changes[2]!.flat().map((n) => n!.id).sort(), [`container:${used.id}`, 'group:composeProject:shop']);
    all.forEach((tree, i) => {
      const after = objects(tree);
      assert.deepEqual([...after.keys()], [...before[i]!.keys()], 'the same ids in the same order');
      for (const [id, node] of after) assert.equal(node, before[i]!.get(id), `${id} is the same object`);
    });
  });

  it('keeps opened children current and equal to a tree built from scratch', () => {
    const make = [(): LiveTree => new ImagesTree(store, 1), (): LiveTree => new VolumesTree(store, 1), (): LiveTree => new ContainersTree(store, 1)];
    const live = make.map((m) => track(m()));
    for (const tree of live) snapshot(tree); // open everything once
    const changes = live.map(changesOf);
    // The container leaves one volume for the other and gains a port; a new container joins.
    store.put('containers', { ...used, mounts: [{ kind: 'named-volume', source: 'logs', destination: '/l', readOnly: false }], ports: [{ privatePort: 80, protocol: 'tcp' }] });
    store.put('containers', container({ name: 'late', imageId: app.id, composeProject: 'shop' }));
    store.remove('containers', other.id);
    for (const tree of live) tree.flush();
    live.forEach((tree, i) => {
      assert.deepEqual(snapshot(tree), snapshot(track(make[i]!())), `tree ${i} equals a full rebuild`);
      assert.equal(changes[i]!.length, 1);
    });
    // The volumes' rows moved: both volume nodes are refreshed (their lists changed), nothing else.
    assert.deepEqual(changes[1]![0]!.map((n) => n.id).sort(), ['volume:data', 'volume:logs']);
  });

  it('reports nothing when only the unseen children of a collapsed node change, and builds them current when asked', () => {
    const tree = track(new VolumesTree(store, 1));
    const [data] = tree.roots();
    assert.equal(data!.label, 'data');
    const changes = changesOf(tree);
    // Renaming the container changes the child row only; the volume node itself renders the same.
    store.put('containers', { ...used, name: 'api-2' });
    tree.flush();
    assert.deepEqual(changes, [], 'nothing VS Code holds has changed');
    assert.deepEqual(kids(tree, data!).map((n) => n.label), ['api-2'], 'asked now, the children are current');
  });

  it('rebuilds only the subtrees built from a changed object, and opens kept nodes correctly later', () => {
    const many = Array.from({ length: 20 }, (_, i) => image({ repoTags: [`img${i}:a`, `img${i}:b`] }));
    for (const i of many) store.put('images', i);
    const users = many.map((i, n) => container({ name: `u${n}`, imageId: i.id }));
    for (const c of users) store.put('containers', c);
    const tree = track(new ImagesTree(store, 1));
    // Open repositories and tags, but not the tags' "Containers" folders.
    for (const repo of tree.roots()) for (const tag of kids(tree, repo)) kids(tree, tag);
    const built = tree.nodeCount;
    let calls = 0;
    const original = NodeCache.prototype.node;
    NodeCache.prototype.node = function (this: NodeCache, ...args: Parameters<NodeCache['node']>) {
      calls++;
      return original.apply(this, args);
    };
    try {
      store.put('containers', { ...users[3]!, status: 'Exited (0) 1 second ago', state: 'exited' });
      tree.flush();
    } finally {
      NodeCache.prototype.node = original;
    }
    // Repositories and tags are always built (their descriptions count users); only img3's two
    // tags rebuild their folders: nothing under the other 38 tags is built again.
    const repositoriesAndTags = tree.roots().reduce((n, repo) => n + 1 + kids(tree, repo).length, 0);
    assert.equal(calls, repositoriesAndTags + 2 * 2, `${calls} nodes built of ${built}`);
    // A folder kept from before, opened now for the first time, lists its container as it is.
    const tag = kids(tree, tree.roots().find((n) => n.label === 'img5')!)[0]!;
    const [folder] = kids(tree, tag);
    assert.deepEqual(kids(tree, folder!).map((n) => [n.label, n.description]), [['u5', 'Up 5 minutes']]);
    const changed = kids(tree, kids(tree, kids(tree, tree.roots().find((n) => n.label === 'img3')!)[0]!)[0]!);
    assert.deepEqual(changed.map((n) => [n.label, n.contextValue]), [['u3', 'containerRef.exited']]);
    assert.deepEqual(snapshot(tree), snapshot(track(new ImagesTree(store, 1))), 'equals a full rebuild');
  });
});
