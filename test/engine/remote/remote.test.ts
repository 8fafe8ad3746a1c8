// Remote engines for real: a private dockerd on a loopback TCP port with TLS client certificates,
// reached through a context made by `docker context create`, and the same engine reached over ssh
// (Debian's sshd on a loopback port, the key in an ssh-agent). All configuration lives in a
// temporary DOCKER_CONFIG, so the developer's ~/.docker is untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listEndpoints } from '../../../src/engine/endpoints';
import type { EngineEndpoint, EngineState } from '../../../src/engine/model';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { engineClient, TEST_LABEL } from '../../support/engine';
import { missingFiles, requirement } from '../../support/requirements';
import { canRunPrivateEngine, copyImage, PrivateEngine, startPrivateEngine } from '../store/private-engine';
import { reflected } from '../store/wait';
import { Certificates, freePort, makeCertificates, SshAgent, SshServer, startAgentWithNewKey, startSshServer } from './remote-setup';

// scripts/ensure-packages.sh installs these (as root); under CI a missing one fails every test here.
const needs = requirement('remote engines (a private dockerd with TLS, sshd, ssh-agent)', canRunPrivateEngine()
  ?? missingFiles(['/usr/sbin/sshd', '/usr/bin/openssl', '/usr/bin/ssh-agent', '/usr/bin/ssh-keygen'], 'openssh-server, openssh-client, openssl'));
const skip = needs.skip;

let dir = '';
let certs: Certificates;
let engine: PrivateEngine | undefined;
let sshd: SshServer | undefined;
let agent: SshAgent | undefined;
let rogueAgent: SshAgent | undefined;
let env: NodeJS.ProcessEnv;
let tlsPort = 0;
let sshPort = 0;
let markerId = '';
const stores: LiveEngineStore[] = [];

function docker(args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', env, timeout: 30_000 });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function endpoint(name: string): EngineEndpoint {
  const found = listEndpoints({ env }).endpoints.find((e) => e.name === name);
  assert.ok(found, `context ${name} is listed`);
  return found;
}

function store(ep: EngineEndpoint, storeEnv: NodeJS.ProcessEnv = env): LiveEngineStore {
  const s = createEngineStore(ep, { env: storeEnv, backoff: { initialMs: 60_000 }, requestTimeoutMs: 15_000 });
  stores.push(s);
  return s;
}

before(async () => {
  needs.check();
  if (skip) return;
  dir = mkdtempSync('/tmp/lw-remote-');
  certs = makeCertificates(join(dir, 'certs'));
  tlsPort = await freePort();
  engine = await startPrivateEngine({ name: 'remote', tls: { port: tlsPort, ca: certs.ca, cert: certs.serverCert, key: certs.serverKey } });
  await copyImage(engineClient(), engine.client(), 'busybox:local');
  markerId = (await engine.client().createContainer({ name: 'lw-remote-marker', Image: 'busybox:local', Cmd: ['true'], Labels: { [TEST_LABEL]: 'remote' } })).id;

  env = { ...process.env, DOCKER_CONFIG: join(dir, 'docker-config') };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_CERT_PATH;
  docker(['context', 'create', 'lw-tls', '--description', 'TLS on loopback',
    '--docker', `host=tcp://127.0.0.1:${tlsPort},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`]);
  docker(['context', 'create', 'lw-tls-rogue', '--docker', `host=tcp://127.0.0.1:${tlsPort},ca=${certs.ca},cert=${certs.rogueCert},key=${certs.rogueKey}`]);

  agent = await startAgentWithNewKey(join(dir, 'ssh'), 'good');
  rogueAgent = await startAgentWithNewKey(join(dir, 'ssh'), 'rogue');
  sshPort = await freePort();
  sshd = await startSshServer(join(dir, 'sshd'), { port: sshPort, user: 'root', authorizedKey: agent.publicKey, dockerHost: engine.host });
  docker(['context', 'create', 'lw-ssh', '--docker', `host=ssh://root@127.0.0.1:${sshPort}`]);
  env.SSH_AUTH_SOCK = agent.socket;
  // A home of our own whose known_hosts trusts this sshd's host key, as after a first `ssh` to it.
  env.HOME = join(dir, 'home');
  mkdirSync(join(env.HOME, '.ssh'), { recursive: true });
  writeFileSync(join(env.HOME, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshPort} ${sshd.hostPublicKey}\n`);
});

after(async () => {
  for (const s of stores) s.dispose();
  await sshd?.stop();
  await agent?.stop();
  await rogueAgent?.stop();
  await engine?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('contexts made by `docker context create` are listed as the docker CLI lists them', { skip }, () => {
  const cli = docker(['context', 'ls', '--format', '{{json .}}']).trim().split('\n').map((l) => JSON.parse(l) as { Name: string; DockerEndpoint: string; Current: boolean });
  const ours = listEndpoints({ env });
  assert.deepEqual(ours.endpoints.map((e) => [e.name, e.host]).sort(), cli.map((c) => [c.Name, c.DockerEndpoint]).sort());
  assert.equal(ours.current.name, cli.find((c) => c.Current)!.Name);
  const tls = endpoint('lw-tls');
  assert.equal(tls.description, 'TLS on loopback');
  assert.equal(tls.tls?.verify, true);
  assert.ok(tls.tls?.ca && tls.tls.cert && tls.tls.key, 'the CLI copied the TLS material into its store, and we found it');
  // `docker context use` moves the current context; we follow the same file.
  docker(['context', 'use', 'lw-ssh']);
  try {
    assert.equal(listEndpoints({ env }).current.name, 'lw-ssh');
    assert.equal(listEndpoints({ env: { ...env, DOCKER_CONTEXT: 'lw-tls' } }).current.name, 'lw-tls');
  } finally {
    docker(['context', 'use', 'default']);
  }
});

test('TLS context: connects with the client certificate, lists the remote engine and follows its events', { skip }, async () => {
  const s = store(endpoint('lw-tls'));
  await s.settled();
  assert.equal(s.state.kind, 'connected', JSON.stringify(s.state));
  const remoteIds = (await engine!.client().listContainers({ all: true })).map((c) => c.Id).sort();
  assert.deepEqual([...s.containers().keys()].sort(), remoteIds);
  assert.ok(s.containers().has(markerId));
  // The CLI agrees the context works.
  assert.match(docker(['--context', 'lw-tls', 'version', '--format', '{{.Server.Version}}']), /\d+\.\d+/);
  const volume = `lw-remote-tls-${Date.now()}`;
  await engine!.client().createVolume({ Name: volume, Labels: { [TEST_LABEL]: 'remote' } });
  await reflected(s, 'volume created on the TLS engine', () => s.volumes().has(volume));
});

test('DOCKER_HOST + DOCKER_TLS_VERIFY + DOCKER_CERT_PATH reach the TLS engine, as the CLI does', { skip }, async () => {
  // The CLI wants ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH.
  const certPath = join(dir, 'cert-path');
  mkdirSync(certPath);
  copyFileSync(certs.ca, join(certPath, 'ca.pem'));
  copyFileSync(certs.clientCert, join(certPath, 'cert.pem'));
  copyFileSync(certs.clientKey, join(certPath, 'key.pem'));
  const tlsEnv = { ...env, DOCKER_HOST: `tcp://127.0.0.1:${tlsPort}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certPath };
  const current = listEndpoints({ env: tlsEnv }).current;
  assert.equal(current.source, 'env');
  assert.equal(current.tls?.verify, true);
  const s = store(current, tlsEnv);
  await s.settled();
  assert.equal(s.state.kind, 'connected', JSON.stringify(s.state));
  assert.ok(s.containers().has(markerId));
  const cli = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', env: tlsEnv });
  assert.equal(cli.status, 0, cli.stderr);
  if (s.state.kind === 'connected') assert.equal(s.state.version, cli.stdout.trim());
  // Without DOCKER_TLS_VERIFY the CLI (and so Layerwise) speaks plain HTTP to that port: a tls error.
  const plainEnv = { ...tlsEnv, DOCKER_TLS_VERIFY: '' };
  const plain = store(listEndpoints({ env: plainEnv }).current, plainEnv);
  await plain.settled();
  const state = plain.state as EngineState;
  assert.equal(state.kind === 'unreachable' && state.reason, 'tls', JSON.stringify(state));
});

test('TLS context with a client certificate from another CA: a clear tls error, as the CLI fails too', { skip }, async () => {
  const s = store(endpoint('lw-tls-rogue'));
  await s.settled();
  const state = s.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') {
    assert.equal(state.reason, 'tls', state.message);
    assert.match(state.message, /lw-tls-rogue/);
    assert.match(state.hint, /TLS material of the context "lw-tls-rogue"/);
  }
  const cli = spawnSync('docker', ['--context', 'lw-tls-rogue', 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', env, timeout: 30_000 });
  assert.notEqual(cli.status, 0, 'the docker CLI refuses this context as well');
});

test('plain http to the TLS port: tls, not a mystery', { skip }, async () => {
  const s = store({ name: 'no-tls', host: `tcp://127.0.0.1:${tlsPort}`, kind: 'tcp', source: 'cli-context' });
  await s.settled();
  const state = s.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') assert.equal(state.reason, 'tls', state.message);
});

test('ssh context: connects through the agent, lists the remote engine and follows its events', { skip }, async () => {
  const loginsBefore = sshd!.acceptedLogins();
  const s = store(endpoint('lw-ssh'));
  await s.settled();
  assert.equal(s.state.kind, 'connected', JSON.stringify(s.state));
  const remoteIds = (await engine!.client().listContainers({ all: true })).map((c) => c.Id).sort();
  assert.deepEqual([...s.containers().keys()].sort(), remoteIds);
  const created = await engine!.client().createContainer({ name: `lw-remote-ssh-${Date.now()}`, Image: 'busybox:local', Cmd: ['true'], Labels: { [TEST_LABEL]: 'remote' } });
  await reflected(s, 'container created on the ssh engine', () => s.containers().has(created.id));
  // All of that (version, events, four lists, the event's read) went over ONE ssh login.
  assert.ok(s.requestCount >= 7, `requests: ${s.requestCount}`);
  assert.equal(sshd!.acceptedLogins() - loginsBefore, 1, 'one ssh connection carries every request');
});

test('ssh with a key the server does not accept: a clear ssh error', { skip }, async () => {
  const s = store(endpoint('lw-ssh'), { ...env, SSH_AUTH_SOCK: rogueAgent!.socket });
  await s.settled();
  const state = s.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') {
    assert.equal(state.reason, 'ssh', state.message);
    assert.match(state.message, /authentication/);
    assert.match(state.hint, /ssh-add -l/);
  }
});

test('ssh works but no engine answers behind it: an ssh error that quotes the remote docker', { skip }, async () => {
  const port = await freePort();
  const broken = await startSshServer(join(dir, 'sshd-broken'), { port, user: 'root', authorizedKey: agent!.publicKey, dockerHost: 'unix:///tmp/lw-no-engine-here.sock' });
  try {
    const home = join(dir, 'broken-home');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${port} ${broken.hostPublicKey}\n`);
    const s = store({ name: 'no-engine', host: `ssh://root@127.0.0.1:${port}`, kind: 'ssh', source: 'cli-context' }, { ...env, HOME: home });
    await s.settled();
    const state = s.state as EngineState;
    assert.equal(state.kind, 'unreachable');
    if (state.kind === 'unreachable') {
      assert.equal(state.reason, 'ssh', state.message);
      assert.match(state.message, /dial-stdio` failed on the remote host: .*lw-no-engine-here\.sock/s);
    }
  } finally {
    await broken.stop();
  }
});

test('ssh to a host whose key is not in known_hosts, or has changed: refused with a clear ssh error', { skip }, async () => {
  const home = join(dir, 'other-home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  const unknown = store(endpoint('lw-ssh'), { ...env, HOME: home });
  await unknown.settled();
  let state = unknown.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') {
    assert.equal(state.reason, 'ssh');
    assert.match(state.message, /not in .*known_hosts\. Connect once with `ssh -p \d+ root@127\.0\.0\.1`/);
  }
  // Another key for the same host: what an attacker in the middle would present.
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshPort} ${rogueAgent!.publicKey}\n`);
  const changed = store(endpoint('lw-ssh'), { ...env, HOME: home });
  await changed.settled();
  state = changed.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') assert.match(state.message, /does not match/);
});

test('ssh to a port where no sshd listens: wrong-host', { skip }, async () => {
  const port = await freePort();
  const s = store({ name: 'nowhere', host: `ssh://root@127.0.0.1:${port}`, kind: 'ssh', source: 'cli-context' });
  await s.settled();
  const state = s.state as EngineState;
  assert.equal(state.kind, 'unreachable');
  if (state.kind === 'unreachable') assert.equal(state.reason, 'wrong-host', state.message);
});

test('one store switches between the local engine, the TLS one and the ssh one', { skip }, async () => {
  const s = store(endpoint('default'));
  await s.settled();
  assert.equal(s.state.kind, 'connected');
  const local = new Set((await engineClient().listImages()).map((i) => i.Id));
  const remote = new Set((await engine!.client().listImages()).map((i) => i.Id));
  for (const name of ['lw-tls', 'lw-ssh', 'default', 'lw-tls-rogue', 'lw-tls']) {
    await s.switchEndpoint(endpoint(name));
    assert.equal(s.endpoint.name, name);
    if (name === 'lw-tls-rogue') {
      assert.equal((s.state as EngineState).kind, 'unreachable');
      assert.equal(s.images().size, 0, 'nothing from the previous engine lingers');
      continue;
    }
    assert.equal((s.state as EngineState).kind, 'connected', `${name}: ${JSON.stringify(s.state)}`);
    const expected = name === 'default' ? local : remote;
    const shown = new Set(s.images().keys());
    // The shared engine changes under other tests; the private one does not.
    if (name === 'default') assert.ok([...shown].filter((id) => expected.has(id)).length > 0);
    else assert.deepEqual(shown, expected);
  }
});
