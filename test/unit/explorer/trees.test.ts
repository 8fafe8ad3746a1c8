// The tree model over an in-memory store: what each view's nodes say, that ids stay stable, and
// that a change refreshes only the nodes it touches.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ContainersTree } from '../../../src/explorer/tree/containersTree';
import { ContextsTree } from '../../../src/explorer/tree/contextsTree';
import { ImagesTree } from '../../../src/explorer/tree/imagesTree';
import type { TreeChange } from '../../../src/explorer/tree/liveTree';
import { NetworksTree } from '../../../src/explorer/tree/networksTree';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { VolumesTree } from '../../../src/explorer/tree/volumesTree';
import { until } from '../../support/until';
import { container, image, MemoryStore, network, volume } from './memoryStore';

function changesOf(tree: { onDidChange: (l: (c: TreeChange) => void) => unknown }): TreeChange[] {
  const seen: TreeChange[] = [];
  tree.onDidChange((change) => seen.push(change));
  return seen;
}

const kids = (tree: { children(n: ViewNode): ViewNode[] | Promise<ViewNode[]> }, node: ViewNode): ViewNode[] => tree.children(node) as ViewNode[];

describe('containers tree', () => {
  let store: MemoryStore;
  let tree: ContainersTree;
  beforeEach(() => {
    store = new MemoryStore();
    tree = new ContainersTree(store, 1);
  });
  afterEach(() => tree.dispose());

  it('shows state, name, image, status and ports, with mounts, ports and networks as children', () => {
    const c = container({
      name: 'web',
      image: 'nginx:1',
      ports: [{ privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' }],
      mounts: [
        { kind: 'named-volume', source: 'data', destination: '/data', readOnly: false },
        { kind: 'anonymous-volume', source: 'a'.repeat(64), destination: '/cache', readOnly: false },
        { kind: 'bind', source: '/home/me/src', destination: '/src', readOnly: true },
      ],
      networks: ['bridge'],
    });
    store.put('containers', c);
    tree.groupBy = 'none';
    const [node] = tree.roots();
    assert.ok(node);
    assert.equal(node.id, `container:${c.id}`);
    assert.equal(node.label, 'web');
    assert.equal(node.description, 'nginx:1 · Up 5 minutes · 8080→80');
    assert.deepEqual(node.icon, { id: 'vm-running', color: 'charts.green' });
    assert.equal(node.contextValue, 'container.running');
    const children = kids(tree, node);
    assert.deepEqual(children.map((k) => [k.label, k.contextValue, k.icon?.id]), [
      ['data', 'mount.namedVolume', 'database'],
      ['aaaaaaaaaaaa', 'mount.anonymousVolume', 'archive'],
      ['/home/me/src', 'mount.bind', 'folder'],
      ['0.0.0.0:8080→80/tcp', 'port.published', 'plug'],
      ['bridge', 'container.network', 'type-hierarchy'],
    ]);
    assert.equal(children[2]!.description, 'bind mount → /src (read-only)');
  });

  it('keeps node identity when only the status text ticks, and refreshes just that node', async () => {
    const c = container({ name: 'ticker', composeProject: 'p' });
    const other = container({ name: 'other', composeProject: 'p' });
    store.put('containers', c);
    store.put('containers', other);
    const [group] = tree.roots();
    const before = kids(tree, group!).find((n) => n.label === 'ticker')!;
    const changes = changesOf(tree);
    store.put('containers', { ...c, status: 'Up 6 minutes' });
    await until('the debounced refresh', () => changes.length > 0);
    const after = kids(tree, tree.roots()[0]!).find((n) => n.label === 'ticker')!;
    assert.equal(after, before, 'the same node object');
    assert.equal(after.id, before.id);
    assert.equal(after.description, 'busybox:local · Up 6 minutes');
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]?.map((n) => n.id), [before.id]);
  });

  it('refreshes the group when a container joins it, and the root when a group appears', async () => {
    store.put('containers', container({ name: 'one', composeProject: 'p' }));
    tree.roots();
    const changes = changesOf(tree);
    store.put('containers', container({ name: 'two', composeProject: 'p' }));
    tree.flush();
    assert.deepEqual(changes[0]?.map((n) => n.id), ['group:composeProject:p']);
    store.put('containers', container({ name: 'three', composeProject: 'q' }));
    tree.flush();
    assert.equal(changes[1], undefined, 'the whole tree');
    assert.equal(changes.length, 2);
  });

  it('batches changes that arrive together into one refresh', async () => {
    tree.roots();
    const changes = changesOf(tree);
    for (let i = 0; i < 50; i++) store.put('containers', container());
    await until('the debounced refresh', () => changes.length > 0);
    assert.equal(changes.length, 1);
  });

  it('filters by name, image or state and drops groups left empty', () => {
    store.put('containers', container({ name: 'api', composeProject: 'shop' }));
    store.put('containers', container({ name: 'worker', composeProject: 'jobs', image: 'python:3' }));
    tree.filter = 'python';
    tree.refresh();
    tree.flush();
    assert.deepEqual(tree.roots().map((n) => n.label), ['jobs']);
    tree.filter = 'nothing-matches';
    tree.refresh();
    tree.flush();
    assert.deepEqual(tree.roots(), []);
  });

  it('shows nothing while the engine is unreachable (the welcome view explains), and comes back', async () => {
    store.put('containers', container());
    assert.equal(tree.roots().length, 1);
    const changes = changesOf(tree);
    store.setState({ kind: 'unreachable', reason: 'not-running', message: 'no socket', hint: 'start it' });
    tree.flush();
    assert.deepEqual(tree.roots(), []);
    store.setState({ kind: 'connected', version: '1', apiVersion: '1.41' });
    tree.flush();
    assert.equal(tree.roots().length, 1);
    assert.deepEqual(changes, [undefined, undefined]);
  });

  it('colours an exited container by its exit code', () => {
    tree.groupBy = 'none';
    store.put('containers', container({ name: 'ok', state: 'exited', status: 'Exited (0) 2 minutes ago' }));
    store.put('containers', container({ name: 'bad', state: 'exited', status: 'Exited (137) 2 minutes ago' }));
    const icons = Object.fromEntries(tree.roots().map((n) => [n.label, n.icon?.color]));
    assert.deepEqual(icons, { ok: 'disabledForeground', bad: 'charts.red' });
  });
});

describe('images tree', () => {
  it('groups tags by repository, keeps dangling images apart, and loads layers once when expanded', async () => {
    const store = new MemoryStore();
    const tree = new ImagesTree(store, 1);
    const app = image({ repoTags: ['app:1', 'app:2'], size: 5_600_000 });
    const dangling = image({ dangling: true });
    store.put('images', app);
    store.put('images', dangling);
    store.put('containers', container({ name: 'user', imageId: app.id }));
    store.history.set(app.id, [
      { id: app.id, createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', created: 1, size: 0, comment: '' },
      { id: '<missing>', createdBy: '/bin/sh -c echo hi > /x', created: 1, size: 3, comment: '' },
    ]);
    const roots = tree.roots();
    assert.deepEqual(roots.map((n) => [n.label, n.contextValue, n.description]), [
      ['app', 'image.repository', '2 tags'],
      ['<none>', 'image.untaggedGroup', '1 untagged (1 dangling)'],
    ]);
    const tags = kids(tree, roots[0]!);
    assert.deepEqual(tags.map((t) => [t.id, t.label, t.contextValue]), [['tag:app:1', '1', 'image.tag'], ['tag:app:2', '2', 'image.tag']]);
    assert.match(tags[0]!.description!, /^5\.6 MB · .* ago · 1 container$/);
    const [users, layers] = kids(tree, tags[0]!);
    assert.deepEqual(kids(tree, users!).map((n) => [n.label, n.contextValue]), [['user', 'containerRef.running']]);
    const layerNodes = await tree.children(layers!);
    assert.deepEqual(layerNodes.map((n) => [n.label, n.description]), [['CMD ["sh"]', '0 B'], ['RUN echo hi > /x', '3 B']]);
    assert.equal(await tree.children(layers!), layerNodes, 'history is read once per image');
    assert.equal(store.historyReads, 1);
    const [danglingNode] = kids(tree, roots[1]!);
    assert.equal(danglingNode!.contextValue, 'image.dangling');
    tree.dispose();
  });
});

describe('volumes and networks trees', () => {
  it('tells named from anonymous volumes, shows use, and shows sizes only when asked', async () => {
    const store = new MemoryStore();
    const tree = new VolumesTree(store, 1);
    store.put('volumes', volume({ name: 'data' }));
    store.put('volumes', volume({ name: 'b'.repeat(64), anonymous: true }));
    store.put('containers', container({ name: 'db', mounts: [{ kind: 'named-volume', source: 'data', destination: '/d', readOnly: false }] }));
    let roots = tree.roots();
    assert.deepEqual(roots.map((n) => [n.label, n.contextValue, n.description]), [
      ['data', 'volume.named', 'local · in use by 1'],
      ['bbbbbbbbbbbb', 'volume.anonymous', 'anonymous · local · unused'],
    ]);
    assert.deepEqual(kids(tree, roots[0]!).map((n) => n.label), ['db']);
    const changes = changesOf(tree);
    await tree.showSizes();
    tree.flush();
    roots = tree.roots();
    assert.equal(roots[0]!.description, 'local · in use by 1 · 1 kB');
    assert.equal(changes.length, 1);
    tree.dispose();
  });

  it('lists networks with driver, scope and attached containers; built-in ones marked', () => {
    const store = new MemoryStore();
    const tree = new NetworksTree(store, 1);
    const bridge = network({ name: 'bridge' });
    const mine = network({ name: 'backend', internal: true });
    store.put('networks', bridge);
    store.put('networks', mine);
    store.put('containers', container({ name: 'api', networks: ['backend'] }));
    const roots = tree.roots();
    assert.deepEqual(roots.map((n) => [n.label, n.contextValue, n.description]), [
      ['backend', 'network.user', 'bridge · local · internal · 1 container'],
      ['bridge', 'network.builtin', 'bridge · local · 0 containers'],
    ]);
    assert.deepEqual(kids(tree, roots[0]!).map((n) => n.label), ['api']);
    tree.dispose();
  });
});

describe('contexts tree', () => {
  it('lists endpoints with the current one marked, even while the engine is unreachable', async () => {
    const store = new MemoryStore();
    const remote = { name: 'remote', host: 'tcp://10.0.0.1:2376', kind: 'tcp' as const, source: 'cli-context' as const, tls: { verify: true } };
    const tree = new ContextsTree(store, async () => [store.endpoint, remote], 1);
    await tree.reload();
    tree.flush();
    store.setState({ kind: 'unreachable', reason: 'tls', message: 'bad certificate', hint: 'check' });
    tree.flush();
    const roots = tree.roots();
    assert.deepEqual(roots.map((n) => [n.label, n.contextValue, n.icon?.id]), [
      ['default', 'context.current', 'error'],
      ['remote', 'context', 'circle-large-outline'],
    ]);
    assert.match(await roots[1]!.tooltip!(), /TLS: verifies the server/);
    tree.dispose();
  });
});
