// The Docker commands inside a real extension host over the real engine: each is executed the way
// a context menu runs it (with the node's target) or the palette does (with the quick pick
// answered through ExplorerApi.commands.ui), and the engine's resulting state is checked. The
// confirmations are answered by the test; only the modal dialog itself is not exercised.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { CommandUi } from '../../../src/commands/ui';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { until } from '../../support/until';
import { deletePushedTag, registryTags } from './registry';

const EXTENSION_ID = 'layerwise.layerwise';

describe('Layerwise Docker commands (real engine)', function () {
  // Generous: under load one build with the runs around it took 45-51 s, and once over 60 s.
  this.timeout(180_000);
  const docker = engineClient();
  const run = randomBytes(4).toString('hex');
  const labels = { [TEST_LABEL]: `commands-${run}` };
  const scope = { labels: [`${TEST_LABEL}=commands-${run}`] };
  const registry = process.env.LAYERWISE_REGISTRY ?? '127.0.0.1:5000';
  let api: ExplorerApi;
  let ui: CommandUi;
  const saved: Partial<CommandUi> = {};
  /** What the confirmations asked, in order. */
  const asked: string[] = [];

  /** Answers every confirmation with `answer`, recording the question. */
  function confirmWith(answer: boolean): void {
    ui.confirm = async (message, detail) => {
      asked.push(`${message}\n${detail}`);
      return answer;
    };
  }

  const node = (kind: 'container' | 'image' | 'volume', id: string, name: string) => ({ target: { kind, id, name } });

  async function sleeper(name: string): Promise<string> {
    const c = await docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels, StopTimeout: 1 });
    await c.start();
    return c.id;
  }

  before(async () => {
    const exports = (await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as { explorer: ExplorerApi };
    api = exports.explorer;
    await api.store.settled();
    assert.equal(api.store.state.kind, 'connected');
    ui = api.commands.ui;
    Object.assign(saved, { confirm: ui.confirm, input: ui.input, pick: ui.pick, pickMany: ui.pickMany });
  });

  afterEach(() => Object.assign(ui, saved));

  after(async () => {
    // Tags of busybox:local (no label of their own), in case a test stopped half-way.
    for (const tag of [`lw-cmd-img-${run}:t1`, `${registry}/lw-cmd-${run}:t1`]) await docker.getImage(tag).remove().catch(() => undefined);
    // The pushed tag, in the registry (a no-op when the test already deleted it).
    await deletePushedTag(registry, `lw-cmd-${run}`, 't1');
    await removeLabelled(docker, `commands-${run}`);
    // The volume the Create Volume command made (a user's volume: it carries no label).
    await docker.getVolume(`lw-cmd-v-${run}`).remove().catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('pauses, unpauses, kills (after confirming), shows logs and a shell in terminals, inspects, prunes', async () => {
    const name = `lw-cmd-c-${run}`;
    const id = await sleeper(name);
    const target = node('container', id, name);
    const status = async (): Promise<string> => (await docker.getContainer(id).inspect()).State.Status;

    await vscode.commands.executeCommand('layerwise.containers.pause', target, [target]);
    assert.equal(await status(), 'paused');
    await vscode.commands.executeCommand('layerwise.containers.unpause', target);
    assert.equal(await status(), 'running');

    // Logs: a terminal fed by the engine's logs API (test/vscode/commands/logsAndStatus.test.ts follows one).
    const logs = (await vscode.commands.executeCommand('layerwise.containers.logs', target)) as vscode.Terminal;
    assert.equal(logs.name, `logs: ${name}`);
    assert.ok('pty' in logs.creationOptions, 'a pseudoterminal, not a docker process');
    logs.dispose();
    const shell = (await vscode.commands.executeCommand('layerwise.containers.shell', target)) as vscode.Terminal;
    assert.deepEqual((shell.creationOptions as vscode.TerminalOptions).shellArgs, ['exec', '-it', id, 'sh']); // no bash in busybox
    shell.dispose();

    await vscode.commands.executeCommand('layerwise.containers.inspect', target);
    const document = vscode.window.activeTextEditor?.document;
    assert.equal(document?.uri.scheme, 'layerwise-inspect');
    assert.equal(document?.languageId, 'json');
    assert.equal((JSON.parse(document!.getText()) as { Id: string }).Id, id);

    confirmWith(false);
    await vscode.commands.executeCommand('layerwise.containers.kill', target);
    assert.equal(await status(), 'running', 'declining the confirmation leaves it running');
    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.containers.kill', target);
    assert.equal(await status(), 'exited');
    assert.match(asked.at(-1)!, new RegExp(`^Kill container ${name}\\?`));

    // From the palette: the quick pick offers the running container (and no stopped one).
    const other = await sleeper(`lw-cmd-d-${run}`);
    const both = (await vscode.commands.executeCommand('layerwise.containers.logs', target, [target, node('container', other, `lw-cmd-d-${run}`)])) as vscode.Terminal[];
    assert.deepEqual(both.map((t) => t.name), [`logs: ${name}`, `logs: lw-cmd-d-${run}`], 'one terminal per selected container');
    both.forEach((t) => t.dispose());
    await until('the store to see both containers stopped and running', () =>
      api.store.containers().get(other)?.state === 'running' && api.store.containers().get(id)?.state === 'exited');
    let offered: string[] = [];
    ui.pickMany = async <T>(items: ReadonlyArray<{ label: string; value: T }>) => {
      offered = items.map((i) => i.label);
      return items.filter((i) => i.label === `lw-cmd-d-${run}`).map((i) => i.value);
    };
    await vscode.commands.executeCommand('layerwise.containers.pause');
    assert.ok(offered.includes(`lw-cmd-d-${run}`) && !offered.includes(name), offered.join(','));
    assert.equal((await docker.getContainer(other).inspect()).State.Status, 'paused');

    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.containers.prune', scope);
    assert.match(asked.at(-1)!, new RegExp(`^Remove 1 stopped container\\?\\n${name}\\.\\nThis reclaims `));
    await assert.rejects(docker.getContainer(id).inspect());
    assert.equal((await docker.getContainer(other).inspect()).State.Status, 'paused', 'a paused container is not pruned');
  });

  it('tags, pushes, removes and pulls an image; force-removes one a container uses after a second confirmation', async () => {
    const image = await docker.getImage('busybox:local').inspect();
    const local = `lw-cmd-img-${run}:t1`;
    const remote = `${registry}/lw-cmd-${run}:t1`;
    await vscode.commands.executeCommand('layerwise.images.tag', node('image', image.Id, 'busybox:local'), undefined, local);
    ui.input = async (options) => {
      assert.equal(options.validateInput?.('Not/Valid:tag') !== undefined, true, 'the input box rejects an invalid reference');
      return remote;
    };
    await vscode.commands.executeCommand('layerwise.images.tag', node('image', image.Id, local));
    assert.equal((await docker.getImage(remote).inspect()).Id, image.Id);
    await vscode.commands.executeCommand('layerwise.images.push', node('image', image.Id, remote));
    assert.deepEqual(await registryTags(registry, `lw-cmd-${run}`), ['t1']);

    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.images.remove', node('image', image.Id, remote), [node('image', image.Id, remote)]);
    assert.match(asked.at(-1)!, /only the tag goes/);
    await assert.rejects(docker.getImage(remote).inspect());
    await vscode.commands.executeCommand('layerwise.images.pull', remote);
    assert.equal((await docker.getImage(remote).inspect()).Id, image.Id);

    await vscode.commands.executeCommand('layerwise.images.remove', node('image', image.Id, local));
    await assert.rejects(docker.getImage(local).inspect());

    // An image with one tag that a container uses: the engine refuses (409), the second confirmation forces it.
    const single = `lw-cmd-single-${run}:t1`;
    const built = dockerCli(['build', '-q', '-t', single, '--label', scope.labels[0]!, '-'], { input: `FROM busybox:local\nLABEL run=${run}\n` });
    assert.equal(built.status, 0, built.stderr);
    const singleId = built.stdout.trim();
    await docker.createContainer({ name: `lw-cmd-user-${run}`, Image: single, Cmd: ['true'], Labels: labels });
    await until('the store to list the new image', () => api.store.images().has(singleId));
    const before = asked.length;
    await vscode.commands.executeCommand('layerwise.images.remove', node('image', singleId, single));
    assert.equal(asked.length, before + 2);
    assert.match(asked.at(-1)!, new RegExp(`^${single} is used by 1 stopped container\\. Remove it and the image\\?\\nUsed by lw-cmd-user-${run} \\(created\\)`));
    await assert.rejects(docker.getImage(single).inspect());
    await assert.rejects(docker.getContainer(`lw-cmd-user-${run}`).inspect(), 'the stopped container went first');
    await vscode.commands.executeCommand('layerwise.images.remove', node('image', image.Id, remote));
    await assert.rejects(docker.getImage(remote).inspect());
    assert.ok(await docker.getImage('busybox:local').inspect(), 'the image itself stays with its other tag');
    assert.equal(await deletePushedTag(registry, `lw-cmd-${run}`, 't1'), true, 'the pushed tag is deleted from the registry');
    assert.deepEqual(await registryTags(registry, `lw-cmd-${run}`), []);
  });

  it('creates, removes and prunes volumes, naming the container that holds one', async () => {
    const name = `lw-cmd-v-${run}`;
    ui.input = async () => name;
    const created = await vscode.commands.executeCommand('layerwise.volumes.create');
    assert.equal(created, name);
    assert.equal((await docker.getVolume(name).inspect()).Driver, 'local');
    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.volumes.remove', node('volume', name, name));
    await assert.rejects(docker.getVolume(name).inspect());

    const kept = `lw-cmd-kept-${run}`;
    const unused = `lw-cmd-unused-${run}`;
    await docker.createVolume({ Name: kept, Labels: labels });
    await docker.createVolume({ Name: unused, Labels: labels });
    await docker.createContainer({ name: `lw-cmd-vuser-${run}`, Image: 'busybox:local', Cmd: ['true'], Labels: labels, HostConfig: { Binds: [`${kept}:/data`] } });
    await vscode.commands.executeCommand('layerwise.volumes.prune', { ...scope, mode: 'all' });
    assert.match(asked.at(-1)!, new RegExp(`^Remove 1 unused volume\\?\\n${unused}\\.`));
    await assert.rejects(docker.getVolume(unused).inspect());
    assert.ok(await docker.getVolume(kept).inspect());
  });

  it('builds a Dockerfile with the tag asked, the target stage picked and the build args from settings', async function () {
    this.timeout(300_000); // two builds and two runs on a loaded engine
    const dir = mkdtempSync(join(tmpdir(), 'lw-cmd-build-'));
    const tag = `lw-cmd-build-${run}:t1`;
    let firstImage: string | undefined; // untagged by the second build
    try {
      writeFileSync(join(dir, 'Dockerfile'), `FROM busybox:local AS one\nARG GREETING\nRUN echo "one $GREETING" > /stage\nFROM one AS two\nRUN echo two > /stage\n`);
      await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', { GREETING: `hi-${run}` }, vscode.ConfigurationTarget.Global);
      let stagesOffered: string[] = [];
      ui.input = async (options) => {
        assert.equal(options.validateInput?.(options.value ?? ''), undefined, `the suggested tag ${options.value} is valid`);
        return tag;
      };
      ui.pick = async <T>(items: ReadonlyArray<{ label: string; value: T }>) => {
        stagesOffered = items.map((i) => i.label);
        return items.find((i) => i.label === 'one')!.value;
      };
      const result = (await vscode.commands.executeCommand('layerwise.build', vscode.Uri.file(join(dir, 'Dockerfile')))) as { steps: string[]; imageId?: string } | undefined;
      firstImage = result?.imageId;
      assert.deepEqual(stagesOffered, ['Last stage', 'one', 'two']);
      assert.equal(result?.steps.length, 2, 'BuildKit (the default builder): FROM and RUN of stage one; ARG makes no step');
      const cat = dockerCli(['run', '--rm', tag, 'cat', '/stage']);
      assert.equal(cat.stdout.trim(), `one hi-${run}`);

      // A context folder from the setting: the Dockerfile in a sub-folder copies a file from above it.
      mkdirSync(join(dir, 'docker'));
      writeFileSync(join(dir, 'top.txt'), `top-${run}`);
      writeFileSync(join(dir, 'docker', 'Dockerfile'), 'FROM busybox:local\nCOPY top.txt /top.txt\n');
      await vscode.workspace.getConfiguration().update('layerwise.build.context', dir, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('layerwise.build', vscode.Uri.file(join(dir, 'docker', 'Dockerfile')));
      assert.equal(dockerCli(['run', '--rm', tag, 'cat', '/top.txt']).stdout, `top-${run}`);
    } finally {
      await vscode.workspace.getConfiguration().update('layerwise.dockerfile.buildArgs', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration().update('layerwise.build.context', undefined, vscode.ConfigurationTarget.Global);
      await docker.getImage(tag).remove().catch(() => undefined);
      if (firstImage) await docker.getImage(firstImage).remove().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs an image detached through the API, and -it in a docker terminal', async () => {
    const image = await docker.getImage('busybox:local').inspect();
    const name = `lw-cmd-run-${run}`;
    ui.input = async (options) => {
      assert.equal(options.value, api.commands.memory.get('run', 'busybox:local') ?? '-d --rm busybox:local');
      assert.match(options.validateInput?.('--privileged busybox:local') as string, /--privileged/);
      return `-d --name ${name} -l ${scope.labels[0]} -e A=1 -p 127.0.0.1::80 busybox:local sleep 30`;
    };
    const id = (await vscode.commands.executeCommand('layerwise.images.run', node('image', image.Id, 'busybox:local'))) as string;
    const info = await docker.getContainer(id).inspect();
    assert.equal(info.Name, `/${name}`);
    assert.equal(info.State.Running, true);
    assert.ok(info.Config.Env.includes('A=1'));
    assert.ok(info.NetworkSettings.Ports['80/tcp']?.[0]?.HostPort);

    // Named and labelled: the terminal's `docker run -it` keeps the container running after the
    // terminal goes (its sh waits on the TTY), and after() removes it by its label.
    const interactive = `-it --rm --name lw-cmd-it-${run} -l ${scope.labels[0]} busybox:local sh`;
    ui.input = async () => interactive;
    const terminal = (await vscode.commands.executeCommand('layerwise.images.run', node('image', image.Id, 'busybox:local'))) as vscode.Terminal;
    assert.deepEqual((terminal.creationOptions as vscode.TerminalOptions).shellArgs, ['run', ...interactive.split(' ')]);
    await until('the interactive container to run', async () => (await docker.getContainer(`lw-cmd-it-${run}`).inspect().catch(() => undefined))?.State.Running);
    terminal.dispose();
  });

  it('prunes dangling images after a quick pick and a confirmation that counts them', async () => {
    const tag = `lw-cmd-prune-${run}:t1`;
    const build = (n: number) => dockerCli(['build', '-q', '-t', tag, '--label', scope.labels[0]!, '-'], { input: `FROM busybox:local\nLABEL n=${n}-${run}\n` }).stdout.trim();
    const first = build(1);
    const second = build(2); // takes the tag: the first is dangling now
    let modes: string[] = [];
    ui.pick = async <T>(items: ReadonlyArray<{ label: string; value: T }>) => {
      modes = items.map((i) => String(i.value));
      return items[0]!.value;
    };
    confirmWith(true);
    await vscode.commands.executeCommand('layerwise.images.prune', scope);
    assert.deepEqual(modes, ['dangling', 'unused']);
    assert.match(asked.at(-1)!, new RegExp(`^Remove 1 dangling image\\?\\n${first.replace(/^sha256:/, '').slice(0, 12)}\\.\\nThis reclaims about `));
    await assert.rejects(docker.getImage(first).inspect());
    assert.ok(await docker.getImage(second).inspect());
    await docker.getImage(tag).remove();
  });

  it('pushes to a registry that needs a login with the credentials of the Docker CLI config', async () => {
    const authRegistry = process.env.LAYERWISE_AUTH_REGISTRY ?? '127.0.0.1:5001';
    const user = process.env.LAYERWISE_AUTH_REGISTRY_USER ?? 'layerwise';
    const password = process.env.LAYERWISE_AUTH_REGISTRY_PASSWORD ?? 'layerwise-secret';
    const repository = `lw-cmd-auth-${run}`;
    const reference = `${authRegistry}/${repository}:t1`;
    const image = await docker.getImage('busybox:local').inspect();
    const config = mkdtempSync(join(tmpdir(), 'lw-cmd-config-'));
    const previous = process.env.DOCKER_CONFIG;
    try {
      writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { [authRegistry]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } }));
      process.env.DOCKER_CONFIG = config; // the extension host is this process: the command reads it
      await docker.getImage('busybox:local').tag({ repo: `${authRegistry}/${repository}`, tag: 't1' });
      await vscode.commands.executeCommand('layerwise.images.push', node('image', image.Id, reference));
      assert.deepEqual(await registryTags(authRegistry, repository, { user, password }), ['t1']);
    } finally {
      if (previous === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = previous;
      await docker.getImage(reference).remove().catch(() => undefined);
      await deletePushedTag(authRegistry, repository, 't1', { user, password });
      rmSync(config, { recursive: true, force: true });
    }
  });
});
