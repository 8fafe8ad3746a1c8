// The explorer against a second, real engine: reached over tcp with TLS client certificates through
// contexts made by `docker context create` (in a private DOCKER_CONFIG), the Contexts view lists
// them, "Use Context" re-points every view, and a certificate from another CA gives a clear TLS
// error with empty views; an ssh context reaches the same engine through an ssh-agent; and over its
// unix socket it is stopped and started again while the views empty and refill by themselves.
// Needs root (a private dockerd) and sshd/ssh-agent; skipped otherwise, saying why (under CI it fails instead).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { EngineEndpoint } from '../../../src/engine/model';
import type { ExplorerApi } from '../../../src/explorer/register';
import type { ExplorerTreeProvider } from '../../../src/explorer/treeProvider';
import type { ViewNode } from '../../../src/explorer/tree/viewNode';
import { freePort, makeCertificates, SshAgent, SshServer, startAgentWithNewKey, startSshServer } from '../../engine/remote/remote-setup';
import { canRunPrivateEngine, PrivateEngine, startPrivateEngine } from '../../engine/store/private-engine';
import { engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { missingFiles, requirement } from '../../support/requirements';
import { until } from '../../support/until';

async function labels(provider: ExplorerTreeProvider): Promise<string[]> {
  return ((await provider.getChildren()) ?? []).map((n) => n.label);
}

async function contextNode(api: ExplorerApi, name: string): Promise<ViewNode | undefined> {
  return ((await api.contexts.getChildren()) ?? []).find((n) => n.label === name);
}

describe('Layerwise explorer with a second real engine (TLS and ssh contexts, stop and restart)', function () {
  this.timeout(180_000);
  const suffix = randomBytes(4).toString('hex');
  const names = {
    good: `lw-vscode-tls-${suffix}`,
    ssh: `lw-vscode-ssh-${suffix}`,
    rogue: `lw-vscode-rogue-${suffix}`,
    remoteVolume: `lw-remote-only-${suffix}`,
    localVolume: `lw-local-only-${suffix}`,
  };
  let api: ExplorerApi;
  let home: EngineEndpoint;
  let engine: PrivateEngine | undefined;
  let dir: string | undefined;
  let previousConfig: string | undefined;
  let port = 0;
  let agent: SshAgent | undefined;
  let sshd: SshServer | undefined;
  /** The environment the store reads when it connects over ssh (agent, and HOME for known_hosts). */
  let sshEnv: { SSH_AUTH_SOCK: string; HOME: string } | undefined;
  const savedEnv: Record<string, string | undefined> = {};
  const labelValue = `vscode-remote-${suffix}`;
  const privateEngine = requirement('a second engine (private dockerd)', canRunPrivateEngine());
  const ssh = requirement('an ssh context', missingFiles(['/usr/sbin/sshd', '/usr/bin/ssh-agent', '/usr/bin/ssh-keygen'], 'openssh-server, openssh-client'));

  before(async function () {
    privateEngine.check(); // under CI a missing tool fails; elsewhere it skips, saying what is missing
    if (privateEngine.skip) this.skip();
    const exports = (await vscode.extensions.getExtension('layerwise.layerwise')!.activate()) as { explorer?: ExplorerApi } | undefined;
    assert.ok(exports?.explorer, 'activate() must return { explorer: registerExplorer(context) } (src/extension.ts)');
    api = exports.explorer;
    await api.store.settled();
    home = api.store.endpoint;

    dir = mkdtempSync('/tmp/lw-vscode-remote-');
    const certs = makeCertificates(join(dir, 'certs'));
    port = await freePort();
    engine = await startPrivateEngine({ name: 'vscode-remote', tls: { port, ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
    await engine.client().createVolume({ Name: names.remoteVolume, Labels: { [TEST_LABEL]: labelValue } });
    await engineClient().createVolume({ Name: names.localVolume, Labels: { [TEST_LABEL]: labelValue } });

    // Contexts exactly as a user makes them, in a private CLI configuration.
    const configDir = join(dir, 'docker-config');
    const env = { ...process.env, DOCKER_CONFIG: configDir };
    const cli = (args: string[]): void => {
      const r = spawnSync('docker', args, { env, encoding: 'utf8' });
      assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
    };
    cli(['context', 'create', names.good, '--description', 'TLS on loopback', '--docker', `host=tcp://127.0.0.1:${port},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`]);
    cli(['context', 'create', names.rogue, '--docker', `host=tcp://127.0.0.1:${port},ca=${certs.ca},cert=${certs.rogueCert},key=${certs.rogueKey}`]);
    // The same engine over ssh: Debian's sshd on loopback, the key in an agent, the host key in known_hosts.
    if (!ssh.skip) {
      agent = await startAgentWithNewKey(join(dir, 'ssh'), 'explorer');
      const sshPort = await freePort();
      sshd = await startSshServer(join(dir, 'sshd'), { port: sshPort, user: 'root', authorizedKey: agent.publicKey, dockerHost: engine.host });
      const home = join(dir, 'home');
      mkdirSync(join(home, '.ssh'), { recursive: true });
      writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshPort} ${sshd.hostPublicKey}\n`);
      sshEnv = { SSH_AUTH_SOCK: agent.socket, HOME: home };
      cli(['context', 'create', names.ssh, '--docker', `host=ssh://root@127.0.0.1:${sshPort}`]);
    }
    previousConfig = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = configDir; // the explorer reads contexts where the CLI would
    await vscode.commands.executeCommand('layerwise.refresh');
  });

  after(async () => {
    if (previousConfig === undefined) delete process.env.DOCKER_CONFIG;
    else process.env.DOCKER_CONFIG = previousConfig;
    if (api && home && api.store.endpoint.name !== home.name) await api.store.switchEndpoint(home);
    if (api) await vscode.commands.executeCommand('layerwise.refresh');
    await removeLabelled(engineClient(), labelValue); // the shared engine's; the private one goes whole
    await sshd?.stop();
    await agent?.stop();
    await engine?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the contexts the docker CLI created, with the current one marked', async () => {
    const good = await until('the TLS context', () => contextNode(api, names.good));
    const item = api.contexts.getTreeItem(good);
    assert.equal(item.contextValue, 'context');
    assert.equal(item.description, `tcp://127.0.0.1:${port}`);
    const tooltip = (await api.contexts.resolveTreeItem(item, good)).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /TLS on loopback/);
    assert.match(tooltip.value, /TLS: verifies the server/);
    const current = ((await api.contexts.getChildren()) ?? []).filter((n) => n.contextValue === 'context.current');
    assert.deepEqual(current.map((n) => n.label), [home.name]);
  });

  it('"Use Context" re-points every view at the TLS engine, and back', async () => {
    const good = await until('the TLS context', () => contextNode(api, names.good));
    await vscode.commands.executeCommand('layerwise.useContext', good);
    assert.equal(api.store.endpoint.name, names.good);
    assert.equal(api.store.state.kind, 'connected', JSON.stringify(api.store.state));
    await until('the remote volume', async () => (await labels(api.volumes)).includes(names.remoteVolume));
    assert.ok(!(await labels(api.volumes)).includes(names.localVolume), 'the local engine\'s volume is gone from the view');
    // Marked current, with the connected icon (it shows a spinner while connecting).
    await until('the TLS context marked current and connected', async () => {
      const node = await contextNode(api, names.good);
      return node?.contextValue === 'context.current' && (api.contexts.getTreeItem(node).iconPath as vscode.ThemeIcon).id === 'pass-filled';
    });

    const back = await until('the home context', () => contextNode(api, home.name));
    await vscode.commands.executeCommand('layerwise.useContext', back);
    assert.equal(api.store.state.kind, 'connected');
    await until('the local volume again', async () => {
      const shown = await labels(api.volumes);
      return shown.includes(names.localVolume) && !shown.includes(names.remoteVolume);
    });
  });

  it('"Use Context" on an ssh context reaches the engine through the user\'s agent', async function () {
    ssh.check();
    if (!sshEnv) this.skip();
    for (const [key, value] of Object.entries(sshEnv)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
    try {
      const node = await until('the ssh context', () => contextNode(api, names.ssh));
      assert.match(String(api.contexts.getTreeItem(node).description), /^ssh:\/\/root@127\.0\.0\.1:\d+$/);
      await vscode.commands.executeCommand('layerwise.useContext', node);
      assert.equal(api.store.state.kind, 'connected', JSON.stringify(api.store.state));
      await until('the engine\'s volume over ssh', async () => (await labels(api.volumes)).includes(names.remoteVolume));
      assert.equal(api.status.text, `$(vm-running) ${names.ssh}`);
    } finally {
      await api.store.switchEndpoint(home);
      for (const [key, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    await until('the local volume again', async () => (await labels(api.volumes)).includes(names.localVolume));
  });

  it('empties the views when the engine stops, and fills them again by itself when it is back', async () => {
    const privateEndpoint: EngineEndpoint = { name: `lw-private-${suffix}`, host: engine!.host, kind: 'unix', source: 'default' };
    await api.store.switchEndpoint(privateEndpoint);
    try {
      await until('the private engine\'s volume', async () => (await labels(api.volumes)).includes(names.remoteVolume));
      await engine!.stop();
      try {
        await until('the not-running problem', () => api.store.state.kind === 'unreachable' && api.store.state.reason === 'not-running', 40_000)
          .catch((error: Error) => { throw new Error(`${error.message}; the store says ${JSON.stringify(api.store.state)}`); });
        await until('empty views', async () => (await labels(api.volumes)).length === 0);
        assert.equal(api.status.text, `$(error) ${privateEndpoint.name}`);
      } finally {
        await engine!.start();
      }
      // No Retry, no command: the store's back-off reconnects and the views refill.
      await until('the volume again, without any user action', async () => (await labels(api.volumes)).includes(names.remoteVolume), 60_000);
      assert.equal(api.store.state.kind, 'connected');
    } finally {
      await api.store.switchEndpoint(home);
    }
  });

  it('a client certificate from another CA: a TLS problem, empty views, the context marked in error', async () => {
    const rogue = await until('the rogue context', () => contextNode(api, names.rogue));
    await vscode.commands.executeCommand('layerwise.useContext', rogue);
    try {
      const state = api.store.state;
      assert.equal(state.kind, 'unreachable');
      assert.equal(state.kind === 'unreachable' && state.reason, 'tls', JSON.stringify(state));
      await until('empty engine views', async () => (await labels(api.volumes)).length === 0 && (await labels(api.containers)).length === 0);
      await until('the rogue context marked current, in error', async () => {
        const node = await contextNode(api, names.rogue);
        const icon = node && (api.contexts.getTreeItem(node).iconPath as vscode.ThemeIcon);
        return node?.contextValue === 'context.current' && icon?.id === 'error' && icon.color?.id === 'charts.red';
      });
    } finally {
      await api.store.switchEndpoint(home);
    }
    assert.equal(api.store.state.kind, 'connected');
    await until('the views again', async () => (await labels(api.volumes)).includes(names.localVolume));
  });
});
