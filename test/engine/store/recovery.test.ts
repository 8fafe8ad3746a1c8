// The engine goes away and comes back: the store says why it cannot reach it, retries with
// back-off on its own, and re-lists everything when the engine answers again. A PRIVATE dockerd
// is stopped and restarted (the shared one serves other tests). Also: the unreachable reasons a
// user meets most, produced for real (no socket, a socket this user may not open, no such host).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { EngineEndpoint, EngineState } from '../../../src/engine/model';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { engineClient, TEST_LABEL } from '../../support/engine';
import { missingFiles, missingRoot, requirement } from '../../support/requirements';
import { canRunPrivateEngine, copyImage, PrivateEngine, startPrivateEngine } from './private-engine';
import { reflected, requestsSince, stateReached } from './wait';

const privateEngine = requirement('a private dockerd to stop and restart', canRunPrivateEngine());
const asNobody = requirement('running the store as nobody', missingRoot('runuser -u nobody') ?? missingFiles(['/usr/sbin/runuser'], 'util-linux'));
let engine: PrivateEngine | undefined;
const stores: LiveEngineStore[] = [];

before(async () => {
  if (canRunPrivateEngine()) return; // the tests that need it say so (and fail under CI)
  engine = await startPrivateEngine({ name: 'recovery' });
  await copyImage(engineClient(), engine.client(), 'busybox:local');
});

after(async () => {
  for (const s of stores) s.dispose();
  await engine?.destroy();
});

function endpointOf(host: string, name = 'test'): EngineEndpoint {
  return { name, host, kind: host.startsWith('unix:') ? 'unix' : 'tcp', source: 'cli-context' };
}

function track(store: LiveEngineStore): LiveEngineStore {
  stores.push(store);
  return store;
}

test('engine stopped and restarted: unreachable (not-running), then recovers and re-lists by itself', { skip: privateEngine.skip }, async () => {
  privateEngine.check();
  const docker = engine!.client();
  const before = await docker.createContainer({ name: 'lw-before-restart', Image: 'busybox:local', Cmd: ['true'], Labels: { [TEST_LABEL]: 'recovery' } });
  const store = track(createEngineStore(endpointOf(engine!.host), { backoff: { initialMs: 100, maxMs: 400 } }));
  await store.settled();
  assert.equal(store.state.kind, 'connected');
  assert.ok(store.containers().has(before.id));

  await engine!.stop();
  await stateReached(store, 'after stop', (k) => k === 'unreachable');
  const down: EngineState = store.state as EngineState;
  assert.equal(down.kind, 'unreachable');
  if (down.kind === 'unreachable') {
    assert.ok(down.reason === 'not-running', JSON.stringify(down));
    assert.match(down.message, /docker\.sock/);
    assert.match(down.hint, /Start the Docker engine/);
  }
  assert.equal(store.containers().size, 0, 'nothing stale is shown while the engine is away');

  await engine!.start();
  // A container made while the store was away must show up through the re-list.
  const during = await docker.createContainer({ name: 'lw-after-restart', Image: 'busybox:local', Cmd: ['true'], Labels: { [TEST_LABEL]: 'recovery' } });
  await stateReached(store, 'after restart', (k) => k === 'connected');
  await reflected(store, 'containers after restart', () => store.containers().has(before.id) && store.containers().has(during.id));

  // And the events stream works again: a change after the restart arrives as an event.
  await store.settled();
  const mark = store.requestCount;
  await docker.getContainer(during.id).rename({ name: 'lw-after-restart-2' });
  await reflected(store, 'rename after restart', () => store.containers().get(during.id)?.name === 'lw-after-restart-2');
  const since = requestsSince(store, mark);
  // Targeted reads of that container only, never a re-list. (The create event of `during` can
  // reach the new stream after the re-list already saw the container: one more read of it.)
  assert.ok(since.length >= 1 && since.length <= 2, JSON.stringify(since.map((r) => r.path)));
  assert.ok(since.every((r) => r.path === `/containers/${during.id}/json`), JSON.stringify(since.map((r) => r.path)));
});

test('switching endpoints re-points the store and re-lists', { skip: privateEngine.skip }, async () => {
  privateEngine.check();
  const store = track(createEngineStore(endpointOf('unix:///var/run/docker.sock', 'shared')));
  await store.settled();
  const privateContainers = (await engine!.client().listContainers({ all: true })).map((c) => c.Id).sort();
  assert.ok(privateContainers.length > 0);
  assert.ok(privateContainers.every((id) => !store.containers().has(id)), 'the shared engine does not have the private containers');
  const changes: string[] = [];
  store.onDidChange((c) => changes.push(c.kind));
  await store.switchEndpoint(endpointOf(engine!.host, 'private'));
  assert.equal(store.state.kind, 'connected');
  assert.equal(store.endpoint.name, 'private');
  assert.deepEqual([...store.containers().keys()].sort(), privateContainers);
  const privateImages = (await engine!.client().listImages()).map((i) => i.Id).sort();
  assert.deepEqual([...store.images().keys()].sort(), privateImages);
  assert.ok(changes.includes('containers'));
});

test('no socket at all: not-running, with the socket path in the message', async () => {
  const store = track(createEngineStore(endpointOf('unix:///tmp/lw-no-such-dir/docker.sock'), { backoff: { initialMs: 60_000 } }));
  await store.settled();
  assert.equal(store.state.kind, 'unreachable');
  if (store.state.kind === 'unreachable') {
    assert.equal(store.state.reason, 'not-running');
    assert.match(store.state.message, /\/tmp\/lw-no-such-dir\/docker\.sock/);
  }
});

test('a host that does not resolve: wrong-host', async () => {
  const store = track(createEngineStore(endpointOf('tcp://lw-no-such-host.invalid:2375'), { backoff: { initialMs: 60_000 }, requestTimeoutMs: 3000 }));
  await store.settled();
  assert.equal(store.state.kind, 'unreachable');
  if (store.state.kind === 'unreachable') assert.equal(store.state.reason, 'wrong-host', store.state.message);
});

test('a socket this user may not open: permission-denied (run as nobody)', { skip: asNobody.skip }, () => {
  asNobody.check();
  // The shared engine's socket is root:docker 0660; "nobody" is in neither. "nobody" may not be
  // able to read the checkout (CI's clone can sit in a 0700 folder), so the store is bundled into
  // a world-readable folder of its own first.
  const dir = mkdtempSync('/tmp/lw-nobody-');
  chmodSync(dir, 0o755);
  const bundle = join(dir, 'store.js');
  buildSync({
    entryPoints: [join(__dirname, '../../../../src/engine/store.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent',
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'], // as scripts/build.mjs: optional native parts of ssh2
  });
  chmodSync(bundle, 0o644);
  const script = `
    const { createEngineStore } = require(${JSON.stringify(bundle)});
    const s = createEngineStore({ name: 'default', host: 'unix:///var/run/docker.sock', kind: 'unix', source: 'default' }, { backoff: { initialMs: 60000 } });
    s.settled().then(() => { console.log(JSON.stringify(s.state)); s.dispose(); });`;
  const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], { encoding: 'utf8', timeout: 20_000 });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const state = JSON.parse(r.stdout.trim()) as { kind: string; reason?: string; hint?: string };
  assert.equal(state.kind, 'unreachable');
  assert.equal(state.reason, 'permission-denied');
  assert.match(state.hint ?? '', /docker` group/);
});
