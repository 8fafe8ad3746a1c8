// Logs and status texts over a container's life, in a real extension host over the real engine:
// the logs terminal of a container that printed and exited shows what it printed and "container
// exited (code N)", stays open, and follows the next run when it starts again; the Containers
// view's "Up N seconds" ticks by itself, without asking the engine anything.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const EXTENSION_ID = 'layerwise.layerwise';

/** What the logs terminal's pseudoterminal exposes to tests (src/commands/logsTerminal.ts). */
interface LogsPty {
  readonly transcript: string;
  readonly isFollowing: boolean;
}

const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');
const count = (text: string, part: string): number => plain(text).split(part).length - 1;

describe('Layerwise logs and status texts (real engine)', function () {
  this.timeout(90_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const labels = { [TEST_LABEL]: `logs-${run}` };
  let api: ExplorerApi;
  const terminals: vscode.Terminal[] = [];

  before(async () => {
    const exports = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { explorer: ExplorerApi };
    api = exports.explorer;
    await api.store.settled();
    assert.equal(api.store.state.kind, 'connected');
  });

  after(async () => {
    terminals.forEach((t) => t.dispose());
    await removeLabelled(docker, `logs-${run}`);
    // Leave the views hidden again: a visible Containers view ticks (other suites read its texts).
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  async function openLogs(id: string, name: string): Promise<{ terminal: vscode.Terminal; pty: LogsPty }> {
    const terminal = (await vscode.commands.executeCommand('layerwise.containers.logs', { target: { kind: 'container', id, name } })) as vscode.Terminal;
    terminals.push(terminal);
    return { terminal, pty: (terminal.creationOptions as vscode.ExtensionTerminalOptions).pty as unknown as LogsPty };
  }

  it('shows what an exited container printed, says it exited with its code, and follows it again on restart', async () => {
    // Each run prints its own number (the counter lives in the container's own file system).
    const script = 'n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n; echo "line-$n of ' + run + '"; exit 3';
    const container = await docker.createContainer({ name: `lw-logs-exit-${run}`, Image: 'busybox:local', Cmd: ['sh', '-c', script], Labels: labels });
    await container.start();
    await until('the container to exit', async () => (await container.inspect()).State.Status === 'exited', 30_000);

    const { terminal, pty } = await openLogs(container.id, `lw-logs-exit-${run}`);
    await until('the output and the exit line', () => plain(pty.transcript).includes(`line-1 of ${run}`) && plain(pty.transcript).includes('container exited (code 3)'), 30_000);
    assert.equal(terminal.exitStatus, undefined, 'the terminal stays open');
    assert.ok(vscode.window.terminals.includes(terminal));
    assert.equal(pty.isFollowing, true, 'still waiting for the container to start again');

    await container.start();
    await until('the second run and its exit', () => plain(pty.transcript).includes(`line-2 of ${run}`) && count(pty.transcript, 'container exited (code 3)') === 2, 30_000);
    assert.equal(count(pty.transcript, `line-1 of ${run}`), 1, 'the first run is not shown twice');
    assert.match(plain(pty.transcript), /container exited \(code 3\)[\s\S]*container started again[\s\S]*line-2/);
    assert.equal(terminal.exitStatus, undefined);
  });

  it('keeps following a running container when it exits, and says when it is removed', async () => {
    const container = await docker.createContainer({
      name: `lw-logs-run-${run}`,
      Image: 'busybox:local',
      // Waits for the logs to be followed (the test creates /tmp/go) before printing its last line.
      Cmd: ['sh', '-c', `echo before-${run}; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo after-${run} >&2; exit 5`],
      Labels: labels,
    });
    await container.start();
    const { terminal, pty } = await openLogs(container.id, `lw-logs-run-${run}`);
    await until('the first line', () => plain(pty.transcript).includes(`before-${run}`), 30_000);
    const exec = await container.exec({ Cmd: ['touch', '/tmp/go'] });
    await exec.start({ Detach: true });
    await until('the line after and the exit', () => plain(pty.transcript).includes(`after-${run}`) && plain(pty.transcript).includes('container exited (code 5)'), 30_000);
    assert.equal(terminal.exitStatus, undefined);
    await container.remove({ force: true });
    await until('the removal note', () => plain(pty.transcript).includes('container removed'), 30_000);
    await until('following to stop', () => !pty.isFollowing);
  });

  it('ticks "Up N seconds" in the Containers view without an engine request, keeping the node', async () => {
    const name = `lw-logs-tick-${run}`;
    const container = await docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '120'], Labels: labels, StopTimeout: 1 });
    await container.start();
    await vscode.commands.executeCommand('layerwise.containers.focus');
    await until('the Containers view to be visible', () => api.views.containers.treeView.visible);
    const provider = api.containers;
    const findNode = async (): Promise<ViewNode | undefined> => {
      const walk = async (parent?: ViewNode): Promise<ViewNode | undefined> => {
        for (const n of (await provider.getChildren(parent)) ?? []) {
          if (n.target?.kind === 'container' && n.target.id === container.id) return n;
          if (n.collapsible && n.collapsible !== 'none' && !n.target) {
            const found = await walk(n);
            if (found) return found;
          }
        }
        return undefined;
      };
      return walk();
    };
    const node = await until('the container in the view', async () => {
      const n = await findNode();
      return n && /· Up /.test(String(provider.getTreeItem(n).description)) ? n : undefined;
    }, 30_000);
    // Events around a start (network connect...) make the store re-read the container once or
    // twice; a text that changed with such a re-read proves nothing, so measure again then.
    for (let attempt = 1; ; attempt++) {
      const info = api.store.containers().get(container.id)!;
      const first = String(provider.getTreeItem(node).description);
      const fired: ViewNode[] = [];
      const subscription = provider.onDidChangeTreeData((nodes) => {
        if (Array.isArray(nodes)) fired.push(...nodes);
      });
      const markCount = api.store.requestCount;
      try {
        const second = await until('the status text to tick', () => {
          const text = String(provider.getTreeItem(node).description);
          return text !== first ? text : undefined;
        }, 30_000);
        // Other suites' events may make the store read their objects; nothing here may concern this
        // one. An event about this container (seen under load: one re-read that found nothing
        // changed, so the object stayed) is the engine's doing, not the clock's: measure again.
        // A tick that asked the engine would ask in every attempt and fail the last.
        const since = api.store.requestCount - markCount;
        const concerning = (since === 0 ? [] : api.store.requestLog.slice(-since)).filter((r) => r.path.includes(container.id) || r.path.startsWith('/containers/json'));
        if ((api.store.containers().get(container.id) !== info || concerning.length > 0) && attempt < 5) continue;
        assert.equal(api.store.containers().get(container.id), info, 'the store did not re-read the container');
        assert.match(second, new RegExp(`^busybox:local · Up (\\d+ seconds?|About a minute)$`), second);
        assert.equal(await findNode(), node, 'the same node object');
        assert.equal(provider.getTreeItem(node).id, `container:${container.id}`);
        assert.ok(fired.includes(node), 'VS Code was told to refresh that node');
        assert.deepEqual(concerning, []);
        return;
      } finally {
        subscription.dispose();
      }
    }
  });
});
