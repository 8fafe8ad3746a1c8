// Destructive commands in a real extension host over the real engine: a confirmation that takes
// several objects is given all of them (so its default is not the action, see confirmChoices), a
// Force Remove never untags silently, a volume the explorer shows in use is refused before
// asking, a prune says which kinds it looked at, and every change reports how it went.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { CommandUi, ConfirmOptions } from '../../../src/commands/ui';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';

const EXTENSION_ID = 'layerwise.layerwise';

interface Asked {
  message: string;
  detail: string;
  action: string;
  objects: readonly string[];
}

describe('Layerwise destructive commands (real engine)', function () {
  this.timeout(90_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const value = `destructive-${run}`;
  const labels = { [TEST_LABEL]: value };
  const scope = { labels: [`${TEST_LABEL}=${value}`] };
  let api: ExplorerApi;
  let ui: CommandUi;
  const saved: Partial<CommandUi> = {};
  const asked: Asked[] = [];
  const notices: Array<{ severity: string; message: string }> = [];
  const reports: string[] = [];

  const node = (kind: 'container' | 'image' | 'volume', id: string, name: string) => ({ target: { kind, id, name } });

  function confirmWith(answer: boolean): void {
    ui.confirm = async (message: string, detail: string, action: string, options?: ConfirmOptions) => {
      asked.push({ message, detail, action, objects: options?.objects ?? [] });
      return answer;
    };
  }

  async function container(name: string, start: boolean, extra: Record<string, unknown> = {}): Promise<string> {
    const c = await docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '120'], Labels: labels, StopTimeout: 1, ...extra });
    if (start) await c.start();
    return c.id;
  }

  before(async () => {
    const exports = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { explorer: ExplorerApi };
    api = exports.explorer;
    await api.store.settled();
    ui = api.commands.ui;
    Object.assign(saved, { confirm: ui.confirm, notify: ui.notify, report: ui.report });
    ui.notify = async (severity, message) => {
      notices.push({ severity, message });
      return undefined;
    };
    ui.report = (message) => void reports.push(message);
  });

  after(async () => {
    Object.assign(ui, saved);
    await removeLabelled(docker, value);
    await docker.getImage(`lw-destr-tag-${run}:t1`).remove().catch(() => undefined);
    // Made by the Create Volume command, as a user's: no label of its own.
    await docker.getVolume(`lw-destr-created-${run}`).remove().catch(() => undefined);
  });

  it('gives a confirmation every object it would remove, and says how each change went', async () => {
    const a = await container(`lw-destr-a-${run}`, true);
    const b = await container(`lw-destr-b-${run}`, true);
    const both = [node('container', a, `lw-destr-a-${run}`), node('container', b, `lw-destr-b-${run}`)];
    await vscode.commands.executeCommand('layerwise.containers.pause', both[0], both);
    assert.equal(reports.at(-1), `Paused lw-destr-a-${run}, lw-destr-b-${run}`);
    await vscode.commands.executeCommand('layerwise.containers.unpause', both[0], both);
    assert.equal(reports.at(-1), `Unpaused lw-destr-a-${run}, lw-destr-b-${run}`);
    await vscode.commands.executeCommand('layerwise.containers.stop', both[0], [both[0]]);
    assert.equal(reports.at(-1), `Stopped lw-destr-a-${run}`);
    await vscode.commands.executeCommand('layerwise.containers.start', both[0]);
    assert.equal(reports.at(-1), `Started lw-destr-a-${run}`);
    await vscode.commands.executeCommand('layerwise.containers.restart', both[0]);
    assert.equal(reports.at(-1), `Restarted lw-destr-a-${run}`);

    confirmWith(false);
    await vscode.commands.executeCommand('layerwise.containers.kill', both[0], both);
    assert.deepEqual(asked.at(-1)!.objects, [`lw-destr-a-${run}`, `lw-destr-b-${run}`]);
    assert.equal(asked.at(-1)!.action, 'Kill 2 Containers');
    await vscode.commands.executeCommand('layerwise.containers.remove', both[0], both);
    assert.deepEqual(asked.at(-1)!.objects, [`lw-destr-a-${run}`, `lw-destr-b-${run}`]);
    assert.equal(asked.at(-1)!.action, 'Remove 2 Containers');
    assert.equal((await docker.getContainer(a).inspect()).State.Running, true, 'declined: nothing removed');

    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.containers.kill', both[0], both);
    assert.equal(reports.at(-1), `Killed lw-destr-a-${run}, lw-destr-b-${run}`);
    await vscode.commands.executeCommand('layerwise.containers.prune', scope);
    assert.equal(asked.at(-1)!.message, 'Remove 2 stopped containers?');
    assert.deepEqual([...asked.at(-1)!.objects].sort(), [`lw-destr-a-${run}`, `lw-destr-b-${run}`]);
    assert.match(notices.at(-1)!.message, /^Layerwise: removed 2 stopped containers, reclaimed /);

    const one = await container(`lw-destr-one-${run}`, false);
    await vscode.commands.executeCommand('layerwise.containers.remove', node('container', one, `lw-destr-one-${run}`));
    assert.equal(asked.at(-1)!.action, 'Remove', 'one object: the action is the default');
    assert.equal(reports.at(-1), `Removed lw-destr-one-${run}`);
    await assert.rejects(docker.getContainer(one).inspect());
  });

  it('never untags silently: an image a running container uses offers "Remove Tag Only" and says the image stays', async () => {
    const tag = `lw-destr-img-${run}:t1`;
    const built = dockerCli(['build', '-q', '-t', tag, '--label', scope.labels[0]!, '-'], { input: `FROM busybox:local\nLABEL run=${run}\n` });
    assert.equal(built.status, 0, built.stderr);
    const imageId = built.stdout.trim();
    await docker.createContainer({ name: `lw-destr-user-${run}`, Image: tag, Cmd: ['sleep', '120'], Labels: labels, StopTimeout: 1 }).then((c) => c.start());
    await until('the store to list the image', () => api.store.images().has(imageId));

    confirmWith(false);
    const before = asked.length;
    ui.confirm = async (message, detail, action, options) => {
      asked.push({ message, detail, action, objects: options?.objects ?? [] });
      return asked.length === before + 1; // yes to "Remove image?", no to what comes next
    };
    await vscode.commands.executeCommand('layerwise.images.remove', node('image', imageId, tag));
    const second = asked.at(-1)!;
    assert.equal(asked.length, before + 2);
    assert.equal(second.action, 'Remove Tag Only');
    assert.match(second.message, new RegExp(`^${tag} is used by running container lw-destr-user-${run}\\. Remove only the tag\\?`));
    assert.match(second.detail, /the image stays \(untagged\)/);
    assert.deepEqual((await docker.getImage(imageId).inspect()).RepoTags, [tag], 'declined: the tag stays');

    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.images.remove', node('image', imageId, tag));
    assert.deepEqual((await docker.getImage(imageId).inspect()).RepoTags, [], 'the tag went, the image stayed');
    assert.match(reports.at(-1)!, new RegExp(`^Removed the tag ${tag}; the image stays while lw-destr-user-${run} uses it`));
  });

  it('refuses a volume the explorer shows in use before asking, naming the container', async () => {
    const volume = `lw-destr-vol-${run}`;
    await docker.createVolume({ Name: volume, Labels: labels });
    const holder = await container(`lw-destr-holder-${run}`, false, { HostConfig: { Binds: [`${volume}:/data`] } });
    await until('the store to see the volume in use', () => [...api.store.containers().values()].some((c) => c.id === holder && c.mounts.some((m) => m.source === volume)));
    confirmWith(true);
    const before = asked.length;
    await vscode.commands.executeCommand('layerwise.volumes.remove', node('volume', volume, volume));
    assert.equal(asked.length, before, 'no confirmation for a removal that cannot happen');
    assert.match(notices.at(-1)!.message, new RegExp(`cannot remove ${volume} is in use by lw-destr-holder-${run} \\(created\\)`));
    assert.ok(await docker.getVolume(volume).inspect());
  });

  it('says which kinds of volume a prune looked at when it finds none', async () => {
    const named = `lw-destr-named-${run}`;
    await docker.createVolume({ Name: named, Labels: labels });
    await vscode.commands.executeCommand('layerwise.volumes.prune', { ...scope, mode: 'anonymous' });
    assert.match(notices.at(-1)!.message, /there are no unused anonymous volumes to remove\. Only anonymous volumes \(engine-made names\) were looked at; 1 unused named volume was left alone \(choose "All unused volumes" to include it\)/);
    assert.ok(await docker.getVolume(named).inspect());
    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.volumes.prune', { ...scope, mode: 'all' });
    assert.match(asked.at(-1)!.detail, /Named and anonymous volumes were looked at/);
    await assert.rejects(docker.getVolume(named).inspect());
  });

  it('reports a tag, a volume created and a volume removed', async () => {
    const image = await docker.getImage('busybox:local').inspect();
    await vscode.commands.executeCommand('layerwise.images.tag', node('image', image.Id, 'busybox:local'), undefined, `lw-destr-tag-${run}:t1`);
    assert.equal(reports.at(-1), `Tagged busybox:local as lw-destr-tag-${run}:t1`);
    const name = `lw-destr-created-${run}`;
    const input = ui.input;
    ui.input = async () => name;
    try {
      await vscode.commands.executeCommand('layerwise.volumes.create');
    } finally {
      ui.input = input;
    }
    assert.equal(reports.at(-1), `Created volume ${name}`);
    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.volumes.remove', node('volume', name, name));
    assert.equal(reports.at(-1), `Removed 1 volume: ${name}`);
    await assert.rejects(docker.getVolume(name).inspect());
  });
});
