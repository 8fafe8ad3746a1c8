// The explorer inside a real VS Code extension host, over the real engine: objects this test
// creates (labelled, removed afterwards) must show in the trees with the right labels,
// descriptions, icons, context values and children, and follow the engine's changes.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { formatBytes, shortId } from '../../../src/explorer/format';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { ExplorerTreeProvider } from '../../../src/explorer/treeProvider';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { engineClient, engineDiskUsage, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const EXTENSION_ID = 'layerwise.layerwise';

async function children(provider: ExplorerTreeProvider, node?: ViewNode): Promise<ViewNode[]> {
  return (await provider.getChildren(node)) ?? [];
}

async function item(provider: ExplorerTreeProvider, node: ViewNode): Promise<vscode.TreeItem> {
  return provider.getTreeItem(node);
}

function icon(treeItem: vscode.TreeItem): { id: string; color?: string } {
  const theme = treeItem.iconPath as vscode.ThemeIcon;
  assert.ok(theme instanceof vscode.ThemeIcon, 'a theme icon');
  return { id: theme.id, ...(theme.color ? { color: theme.color.id } : {}) };
}

async function find(provider: ExplorerTreeProvider, parent: ViewNode | undefined, label: string): Promise<ViewNode | undefined> {
  return (await children(provider, parent)).find((n) => n.label === label);
}

describe('Layerwise explorer (real engine)', function () {
  this.timeout(120_000);
  const docker = engineClient();
  const suffix = randomBytes(4).toString('hex');
  const project = `lwexplorer${suffix}`;
  const names = {
    web: `lw-explorer-web-${suffix}`,
    idle: `lw-explorer-idle-${suffix}`,
    volume: `lw-explorer-vol-${suffix}`,
    network: `lw-explorer-net-${suffix}`,
    repository: `lw-explorer-img-${suffix}`,
  };
  // This run's own label value: the clean-up finds everything by it, even what a before() that
  // failed half-way made (the ids below are only known once each object exists).
  const labelValue = `explorer-${suffix}`;
  const bindDir = mkdtempSync(join(tmpdir(), 'lw-explorer-bind-'));
  let api: ExplorerApi;
  let webId: string;
  let idleId: string;
  let hostPort: string;
  let anonymousVolume: string;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    const exports = (await extension.activate()) as { explorer?: ExplorerApi } | undefined;
    assert.ok(exports?.explorer, 'activate() must return { explorer: registerExplorer(context) } (src/extension.ts)');
    api = exports.explorer;
    await api.store.settled();
    assert.equal(api.store.state.kind, 'connected', JSON.stringify(api.store.state));
    await vscode.workspace.getConfiguration().update('layerwise.containers.groupBy', 'composeProject', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration().update('layerwise.containers.sortBy', 'name', vscode.ConfigurationTarget.Global);

    const labels = { [TEST_LABEL]: labelValue };
    await docker.createVolume({ Name: names.volume, Labels: labels });
    await docker.createNetwork({ Name: names.network, Labels: labels });
    const web = await docker.createContainer({
      name: names.web,
      Image: 'busybox:local',
      Cmd: ['sleep', '600'],
      Labels: { ...labels, 'com.docker.compose.project': project },
      ExposedPorts: { '80/tcp': {} },
      Volumes: { '/cache': {} }, // an anonymous volume
      HostConfig: {
        Binds: [`${names.volume}:/data`, `${bindDir}:/src:ro`],
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        NetworkMode: names.network,
      },
    });
    await web.start();
    const idle = await docker.createContainer({
      name: names.idle,
      Image: 'busybox:local',
      Cmd: ['sleep', '600'],
      Labels: { ...labels, 'com.docker.compose.project': project },
      StopTimeout: 1, // `sleep` as PID 1 ignores SIGTERM: do not wait the default 10 s
    });
    await docker.getImage('busybox:local').tag({ repo: names.repository, tag: 't1' });
    webId = web.id;
    idleId = idle.id;
    const inspected = await web.inspect();
    hostPort = inspected.NetworkSettings.Ports['80/tcp']![0]!.HostPort;
    anonymousVolume = inspected.Mounts.find((m) => m.Destination === '/cache')!.Name!;
  });

  after(async () => {
    await removeLabelled(docker, labelValue); // containers (with their anonymous volume), the volume, the network
    await docker.getImage(`${names.repository}:t1`).remove().catch(() => undefined); // untags only: busybox:local keeps the image
    rmSync(bindDir, { recursive: true, force: true });
    await vscode.workspace.getConfiguration().update('layerwise.containers.groupBy', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration().update('layerwise.containers.sortBy', undefined, vscode.ConfigurationTarget.Global);
  });

  it('groups containers by Compose project, with state icon and colour, image, status and ports', async () => {
    const provider = api.containers;
    const group = await until('the Compose project group with both containers', async () => {
      const node = await find(provider, undefined, project);
      return node && (await children(provider, node)).length === 2 ? node : undefined;
    });
    const groupItem = await item(provider, group);
    assert.equal(groupItem.contextValue, 'containerGroup.composeProject');
    assert.equal(groupItem.description, '1 of 2 running');
    const [idle, web] = await children(provider, group); // sorted by name: idle < web
    assert.equal(idle?.label, names.idle);
    assert.equal(web?.label, names.web);

    const webItem = await item(provider, web!);
    assert.equal(webItem.id, `container:${webId}`);
    assert.equal(webItem.contextValue, 'container.running');
    assert.deepEqual(icon(webItem), { id: 'vm-running', color: 'charts.green' });
    // The status text ticks ("Up Less than a second", "Up 2 seconds") between any two reads: the
    // description holds the one of the moment it was made.
    assert.match(api.store.containers().get(webId)!.status, /^Up /);
    assert.match(String(webItem.description), new RegExp(`^busybox:local · Up [^·]+ · ${hostPort}→80$`));
    assert.equal(webItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const idleItem = await item(provider, idle!);
    assert.equal(idleItem.contextValue, 'container.created');
    assert.deepEqual(icon(idleItem), { id: 'vm-outline', color: 'charts.blue' });

    // The tooltip is resolved lazily, as Markdown.
    assert.equal(webItem.tooltip, undefined);
    const resolved = await provider.resolveTreeItem(webItem, web!);
    assert.ok(resolved.tooltip instanceof vscode.MarkdownString);
    assert.match(resolved.tooltip.value, /Compose project/);
  });

  it('shows a container\'s mounts (named, anonymous, bind), published ports and networks as children', async () => {
    const provider = api.containers;
    const group = await until('group', () => find(provider, undefined, project));
    const web = (await find(provider, group, names.web))!;
    const kids = await Promise.all((await children(provider, web)).map((n) => item(provider, n)));
    const summary = kids.map((k) => [k.label, k.contextValue, icon(k).id]);
    assert.deepEqual(
      summary.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        [names.network, 'container.network', 'type-hierarchy'],
        [shortId(anonymousVolume), 'mount.anonymousVolume', 'archive'],
        [bindDir, 'mount.bind', 'folder'],
        [names.volume, 'mount.namedVolume', 'database'],
        [`127.0.0.1:${hostPort}→80/tcp`, 'port.published', 'plug'],
      ],
    );
    assert.equal(kids.find((k) => k.contextValue === 'mount.bind')!.description, 'bind mount → /src (read-only)');
    assert.equal(kids.find((k) => k.contextValue === 'mount.namedVolume')!.description, 'named volume → /data');
  });

  it('lists images by repository with a node per tag, size and age, users and layers', async () => {
    const provider = api.images;
    const repository = await until('the image repository', () => find(provider, undefined, names.repository));
    assert.equal((await item(provider, repository)).contextValue, 'image.repository');
    const [tag] = await children(provider, repository);
    const tagItem = await item(provider, tag!);
    assert.equal(tagItem.label, 't1');
    assert.equal(tagItem.id, `tag:${names.repository}:t1`);
    assert.equal(tagItem.contextValue, 'image.tag');
    const engineImage = await docker.getImage(`${names.repository}:t1`).inspect();
    assert.ok(String(tagItem.description).startsWith(`${formatBytes(engineImage.Size)} · `), String(tagItem.description));

    const [users, layers] = await children(provider, tag!);
    assert.equal((await item(provider, users!)).label, 'Containers');
    const userNames = (await children(provider, users!)).map((n) => n.label);
    assert.ok(userNames.includes(names.web) && userNames.includes(names.idle), userNames.join(', '));
    const layerNodes = await children(provider, layers!);
    const history = await docker.getImage(`${names.repository}:t1`).history();
    assert.equal(layerNodes.length, history.length);
    assert.equal((await item(provider, layerNodes[0]!)).contextValue, 'image.layer');
    assert.equal(layerNodes[0]!.description, formatBytes(history[0]!.Size));
  });

  it('lists volumes as named or anonymous, in use, with the containers mounting them, and sizes on request', async () => {
    const provider = api.volumes;
    const named = await until('the named volume', () => find(provider, undefined, names.volume));
    const namedItem = await item(provider, named);
    assert.equal(namedItem.contextValue, 'volume.named');
    assert.equal(namedItem.description, 'local · in use by 1');
    assert.deepEqual(icon(namedItem), { id: 'database' });
    assert.deepEqual((await children(provider, named)).map((n) => [n.label, n.contextValue]), [[names.web, 'containerRef.running']]);

    const anonymous = (await children(provider)).find((n) => n.id === `volume:${anonymousVolume}`);
    assert.ok(anonymous);
    const anonymousItem = await item(provider, anonymous);
    assert.equal(anonymousItem.label, shortId(anonymousVolume));
    assert.equal(anonymousItem.contextValue, 'volume.anonymous');

    await vscode.commands.executeCommand('layerwise.volumes.showSizes');
    const df = await engineDiskUsage<{ Volumes: Array<{ Name: string; UsageData: { Size: number } }> }>(docker);
    const size = df.Volumes.find((v) => v.Name === names.volume)!.UsageData.Size;
    await until('the size in the description', async () => (await item(provider, named)).description === `local · in use by 1 · ${formatBytes(size)}`);
  });

  it('lists networks with driver, scope and attached containers', async () => {
    const provider = api.networks;
    const network = await until('the network', () => find(provider, undefined, names.network));
    const networkItem = await item(provider, network);
    assert.equal(networkItem.contextValue, 'network.user');
    assert.equal(networkItem.description, 'bridge · local · 1 container');
    assert.deepEqual((await children(provider, network)).map((n) => n.label), [names.web]);
    const bridge = await find(provider, undefined, 'bridge');
    assert.equal(bridge && (await item(provider, bridge)).contextValue, 'network.builtin');
  });

  it('marks the current context', async () => {
    const nodes = await children(api.contexts);
    const current = nodes.filter((n) => n.contextValue === 'context.current');
    assert.equal(current.length, 1);
    assert.equal(current[0]!.label, api.store.endpoint.name);
    assert.deepEqual(icon(await item(api.contexts, current[0]!)), { id: 'pass-filled', color: 'charts.green' });
  });

  it('follows an engine event by refreshing only the changed node, which keeps its id', async () => {
    const provider = api.containers;
    // Filtered to this test's containers, so that other work on the same engine cannot change the top level.
    await vscode.commands.executeCommand('layerwise.containers.filter', suffix);
    const group = await until('only this test\'s group', async () => {
      const roots = await children(provider);
      return roots.length === 1 && roots[0]!.label === project ? roots[0] : undefined;
    });
    const idle = (await find(provider, group, names.idle))!;
    const fired: Array<ViewNode | ViewNode[] | undefined | null | void> = [];
    const listener = provider.onDidChangeTreeData((change) => fired.push(change));
    try {
      await docker.getContainer(idleId).start();
      await until('the started state', async () => (await item(provider, idle)).contextValue === 'container.running');
      // What the tree did, not how fast (bench/explorer-scale.ts measures the latencies): it refreshed that node.
      assert.ok(fired.length > 0);
      assert.ok(fired.every((change) => Array.isArray(change)), 'no whole-tree refresh for a state change');
      const refreshed = (fired as ViewNode[][]).flat().map((n) => n.id);
      assert.ok(refreshed.includes(idle.id), refreshed.join(', '));
      const again = await find(provider, group, names.idle);
      assert.equal(again, idle, 'the same node object, so VS Code keeps its selection and expansion');
      assert.equal((await item(provider, group)).description, '2 of 2 running');
    } finally {
      listener.dispose();
      await vscode.commands.executeCommand('layerwise.containers.clearFilter');
    }
  });

  it('stops a container from its tree node', async () => {
    const provider = api.containers;
    const group = await until('group', () => find(provider, undefined, project));
    const idle = (await find(provider, group, names.idle))!;
    await vscode.commands.executeCommand('layerwise.containers.stop', idle, [idle]);
    const state = await docker.getContainer(idleId).inspect();
    assert.equal(state.State.Running, false);
    await until('the exited state', async () => (await item(provider, idle)).contextValue === 'container.exited');
  });

  it('copies the ids of the selected nodes', async () => {
    const group = await until('group', () => find(api.containers, undefined, project));
    const [idle, web] = await children(api.containers, group);
    await vscode.commands.executeCommand('layerwise.copyId', web, [idle, web]);
    assert.equal(await vscode.env.clipboard.readText(), `${idleId}\n${webId}`);
  });

  it('filters a view, and says so in the view description', async () => {
    const view = api.views.containers;
    await vscode.commands.executeCommand('layerwise.containers.filter', names.web);
    try {
      assert.equal(view.treeView.description, `filter: ${names.web}`);
      // Only the matching container, in its group, and nothing else at the top level.
      await until('the filtered tree', async () => {
        const roots = await children(api.containers);
        if (roots.length !== 1 || roots[0]!.label !== project) return undefined;
        const members = (await children(api.containers, roots[0])).map((n) => n.label);
        return members.length === 1 && members[0] === names.web ? true : undefined;
      });
      await vscode.commands.executeCommand('layerwise.containers.filter', 'no-such-container-anywhere');
      await until('the no-match message', () => view.treeView.message?.includes('no-such-container-anywhere'));
    } finally {
      await vscode.commands.executeCommand('layerwise.containers.clearFilter');
    }
    assert.equal(view.treeView.description, undefined);
    await until('the unfiltered tree', async () => ((await find(api.containers, undefined, project)) ? true : undefined));
  });

  it('regroups when the groupBy setting changes', async () => {
    await vscode.workspace.getConfiguration().update('layerwise.containers.groupBy', 'state', vscode.ConfigurationTarget.Global);
    try {
      const running = await until('the running group', () => find(api.containers, undefined, 'running'));
      assert.equal((await item(api.containers, running)).contextValue, 'containerGroup.state');
      assert.ok((await children(api.containers, running)).some((n) => n.label === names.web));
    } finally {
      await vscode.workspace.getConfiguration().update('layerwise.containers.groupBy', 'composeProject', vscode.ConfigurationTarget.Global);
    }
    await until('the project group again', () => find(api.containers, undefined, project));
  });

  it('empties the views when the engine cannot be reached (welcome view) and recovers on switching back', async () => {
    const home = api.store.endpoint;
    const missing = { name: `lw-missing-${suffix}`, host: `unix:///tmp/lw-missing-${suffix}.sock`, kind: 'unix' as const, source: 'default' as const };
    await api.store.switchEndpoint(missing);
    try {
      assert.equal(api.store.state.kind, 'unreachable');
      assert.equal(api.store.state.kind === 'unreachable' && api.store.state.reason, 'not-running');
      await until('empty views', async () => ((await children(api.containers)).length === 0 && (await children(api.volumes)).length === 0 ? true : undefined));
      assert.equal(api.status.text, `$(error) ${missing.name}`);
      assert.equal((api.status.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.errorBackground');
      // The node shows a spinner while the view catches up with the switch; wait for its final icon.
      const current = await until('the Contexts view marking the unreachable endpoint with the error icon', async () => {
        const node = (await children(api.contexts)).find((n) => n.contextValue === 'context.current' && n.label === missing.name);
        return node && icon(await item(api.contexts, node)).id === 'error' ? node : undefined;
      });
      assert.deepEqual(icon(await item(api.contexts, current)), { id: 'error', color: 'charts.red' });
    } finally {
      await api.store.switchEndpoint(home);
    }
    assert.equal(api.store.state.kind, 'connected');
    assert.equal(api.status.text, `$(vm-running) ${home.name}`);
    await until('the containers again', () => find(api.containers, undefined, project));
  });

  it('registers every explorer command the manifest declares', async () => {
    const manifest = require('../../../../package.json') as { contributes: { commands: Array<{ command: string }> } };
    const explorerCommand = /^layerwise\.(refresh|retry|showEngineProblem|useContext|copyId|copyName|containers\.|images\.|volumes\.|networks\.)/;
    const declared = manifest.contributes.commands.map((c) => c.command).filter((c) => explorerCommand.test(c));
    assert.ok(declared.length >= 10);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
  });
});
