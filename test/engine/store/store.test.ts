// The store against the real engine: every change made through the engine API shows in the store
// within 300 ms, read back only through targeted requests (never a full re-list, never polling),
// and what the store holds matches what the engine's own inspect says.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { currentEndpoint } from '../../../src/engine/endpoints';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { dockerCli, engineClient, TEST_LABEL } from '../../support/engine';
import { fullLists, reflected } from './wait';

const run = randomBytes(4).toString('hex');
const labels = { [TEST_LABEL]: 'store', 'layerwise.run': run };
const registry = process.env.LAYERWISE_REGISTRY ?? '127.0.0.1:5000';
const latencies: Array<[string, number]> = [];

let docker: Docker;
let store: LiveEngineStore;
let hostDir: string;

before(async () => {
  docker = engineClient();
  hostDir = mkdtempSync(join(tmpdir(), 'lw-store-bind-'));
  store = createEngineStore(currentEndpoint());
  await store.settled();
  assert.equal(store.state.kind, 'connected', JSON.stringify(store.state));
});

after(async () => {
  store?.dispose();
  const filters = JSON.stringify({ label: [`layerwise.run=${run}`] });
  for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
  for (const i of await docker.listImages({ filters })) await docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) await docker.getVolume(v.Name).remove().catch(() => undefined);
  for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  // The pushed manifest: delete it from the local registry too (its config allows deletes).
  try {
    const url = `http://${registry}/v2/lw-store-${run}/manifests/v1`;
    const head = await fetch(url, { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
    const digest = head.headers.get('docker-content-digest');
    if (digest) await fetch(`http://${registry}/v2/lw-store-${run}/manifests/${digest}`, { method: 'DELETE' });
  } catch {
    // No registry: nothing was pushed.
  }
  // The named volume a bind-mount spec created implicitly carries no label: remove it by name.
  await docker.getVolume(`lw-store-vol-${run}`).remove().catch(() => undefined);
  rmSync(hostDir, { recursive: true, force: true });
  console.log(`store latencies (ms): ${latencies.map(([w, ms]) => `${w} ${ms.toFixed(1)}`).join(', ')}`);
});

/** Runs `action`, then waits until the store shows it; checks the requests in between. */
async function step(what: string, action: () => Promise<unknown>, predicate: () => boolean): Promise<void> {
  const mark = store.requestCount;
  await action();
  const ms = await reflected(store, what, predicate);
  latencies.push([what, ms]);
  // Allow a trailing event (e.g. `die` after `stop`) to be applied before looking at requests.
  await new Promise((r) => setTimeout(r, 50));
  const since = store.requestLog.slice(store.requestLog.length - (store.requestCount - mark));
  assert.deepEqual(fullLists(since), [], `${what}: the store re-listed instead of reading what changed: ${JSON.stringify(since)}`);
  assert.equal(store.state.kind, 'connected');
}

test('the initial listing matches the engine', async () => {
  const engineContainers = await docker.listContainers({ all: true });
  const ids = new Set(engineContainers.map((c) => c.Id));
  // Other tests share this engine: everything the store holds that still exists must be listed.
  for (const c of engineContainers) if (!store.containers().has(c.Id)) {
    assert.ok(!(await docker.listContainers({ all: true, filters: { id: [c.Id] } })).length, `missing container ${c.Id}`);
  }
  for (const id of store.containers().keys()) if (!ids.has(id)) {
    assert.ok(!(await docker.listContainers({ all: true, filters: { id: [id] } })).length, `extra container ${id}`);
  }
  const networks = await docker.listNetworks();
  for (const n of networks.filter((n) => ['bridge', 'host', 'none'].includes(n.Name))) {
    assert.equal(store.networks().get(n.Id)?.name, n.Name);
  }
});

test('containers: create, start, stop, rename, remove, with the three mount kinds', async () => {
  const name = `lw-store-${run}`;
  const volume = `lw-store-vol-${run}`;
  let container!: Docker.Container;
  await step('create', async () => {
    container = await docker.createContainer({
      name, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels, Volumes: { '/anon': {} },
      HostConfig: { Binds: [`${volume}:/data`, `${hostDir}:/host:ro`] },
    });
  }, () => store.containers().get(container?.id)?.state === 'created');

  const inspect = await container.inspect();
  const info = store.containers().get(container.id)!;
  assert.equal(info.name, inspect.Name.replace(/^\//, ''));
  assert.equal(info.imageId, inspect.Image);
  assert.equal(info.labels['layerwise.run'], run);
  const expectedMounts = inspect.Mounts.map((m) => [m.Destination, m.Type === 'bind' ? 'bind' : /^[0-9a-f]{64}$/.test(m.Name ?? '') ? 'anonymous-volume' : 'named-volume', m.Type === 'bind' ? m.Source : m.Name, !m.RW]);
  assert.deepEqual(info.mounts.map((m) => [m.destination, m.kind, m.source, m.readOnly]).sort(), expectedMounts.sort());
  assert.deepEqual(new Set(info.mounts.map((m) => m.kind)), new Set(['named-volume', 'anonymous-volume', 'bind']));
  // The implicitly created volumes came in through their own events.
  for (const m of info.mounts.filter((m) => m.kind !== 'bind')) assert.ok(store.volumes().has(m.source), `volume ${m.source}`);
  assert.equal(store.volumes().get(info.mounts.find((m) => m.kind === 'anonymous-volume')!.source)?.anonymous, true);

  await step('start', () => container.start(), () => store.containers().get(container.id)?.state === 'running');
  const running = await container.inspect();
  assert.deepEqual(store.containers().get(container.id)!.networks, Object.keys(running.NetworkSettings.Networks).sort());
  await step('stop', () => container.stop({ t: 0 }), () => store.containers().get(container.id)?.state === 'exited');
  assert.match(store.containers().get(container.id)!.status, /^Exited/);
  await step('rename', () => container.rename({ name: `${name}-renamed` }), () => store.containers().get(container.id)?.name === `${name}-renamed`);
  await step('remove', () => container.remove({ force: true, v: true }), () => !store.containers().has(container.id));
  await step('remove named volume', () => docker.getVolume(volume).remove(), () => !store.volumes().has(volume));
});

test('images: build, tag, push, untag, pull, a tag moving to another image, remove', async () => {
  const repo = `lw-store-img-${run}`;
  const remote = `${registry}/lw-store-${run}:v1`;
  const build = (marker: string): Promise<string> => {
    const r = dockerCli(['build', '-q', '--label', `${TEST_LABEL}=store`, '--label', `layerwise.run=${run}`, '-t', `${repo}:v1`, '-'],
      { input: `FROM busybox:local\nLABEL marker=${marker}\n` });
    assert.equal(r.status, 0, r.stderr);
    return Promise.resolve(r.stdout.trim());
  };
  let first = '';
  await step('build', async () => { first = await build(`a-${run}`); }, () => store.images().get(first)?.repoTags.includes(`${repo}:v1`) === true);
  const inspected = await docker.getImage(first).inspect();
  const img = store.images().get(first)!;
  assert.deepEqual([...img.repoTags].sort(), [...inspected.RepoTags].sort());
  assert.equal(img.size, inspected.Size);
  assert.equal(img.labels.marker, `a-${run}`);

  await step('tag', () => docker.getImage(first).tag({ repo: `${registry}/lw-store-${run}`, tag: 'v1' }),
    () => store.images().get(first)?.repoTags.includes(remote) === true);
  const push = dockerCli(['push', remote]);
  assert.equal(push.status, 0, push.stderr);
  await step('untag', () => docker.getImage(remote).remove(), () => store.images().get(first)?.repoTags.includes(remote) === false);
  await step('pull', async () => {
    const r = dockerCli(['pull', remote]);
    assert.equal(r.status, 0, r.stderr);
  }, () => store.images().get(first)?.repoTags.includes(remote) === true);

  // Building again moves `repo:v1` to a new image; the engine reports only the new image's tag.
  let second = '';
  await step('tag moves', async () => { second = await build(`b-${run}`); },
    () => store.images().get(second)?.repoTags.includes(`${repo}:v1`) === true && store.images().get(first)?.repoTags.includes(`${repo}:v1`) === false);
  assert.deepEqual([...store.images().get(first)!.repoTags], (await docker.getImage(first).inspect()).RepoTags);

  await step('remove', async () => {
    await docker.getImage(first).remove({ force: true });
    await docker.getImage(second).remove({ force: true });
  }, () => !store.images().has(first) && !store.images().has(second));
});

test('volumes and networks: create, connect, disconnect, remove', async () => {
  const volume = `lw-store-v-${run}`;
  await step('volume create', () => docker.createVolume({ Name: volume, Labels: labels }), () => store.volumes().has(volume));
  const v = store.volumes().get(volume)!;
  const vi = await docker.getVolume(volume).inspect();
  assert.equal(v.mountpoint, vi.Mountpoint);
  assert.equal(v.driver, vi.Driver);
  assert.equal(v.anonymous, false);

  let networkId = '';
  await step('network create', async () => { networkId = (await docker.createNetwork({ Name: `lw-store-n-${run}`, Labels: labels })).id; },
    () => store.networks().get(networkId)?.name === `lw-store-n-${run}`);
  const ni = await docker.getNetwork(networkId).inspect();
  assert.equal(store.networks().get(networkId)!.driver, ni.Driver);

  // A running container: the engine (20.10) emits no event when a stopped container is connected
  // (it does on disconnect); the store shows that connection when the container starts.
  const container = await docker.createContainer({ name: `lw-store-net-${run}`, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels });
  await container.start();
  await reflected(store, 'container for network', () => store.containers().get(container.id)?.state === 'running');
  await step('network connect', () => docker.getNetwork(networkId).connect({ Container: container.id }),
    () => store.containers().get(container.id)?.networks.includes(`lw-store-n-${run}`) === true);
  await step('network disconnect', () => docker.getNetwork(networkId).disconnect({ Container: container.id }),
    () => store.containers().get(container.id)?.networks.includes(`lw-store-n-${run}`) === false);
  await container.remove({ force: true });
  await step('network remove', () => docker.getNetwork(networkId).remove(), () => !store.networks().has(networkId));
  await step('volume remove', () => docker.getVolume(volume).remove(), () => !store.volumes().has(volume));
});

test('what events read (inspect) equals what the list call says, in every state', async () => {
  const made: Docker.Container[] = [];
  const make = async (suffix: string, ports = false): Promise<Docker.Container> => {
    const c = await docker.createContainer({
      name: `lw-store-cmp-${suffix}-${run}`, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels,
      ...(ports ? { ExposedPorts: { '80/tcp': {}, '53/udp': {} }, HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } } } : {}),
    });
    made.push(c);
    return c;
  };
  await make('created');
  const running = await make('running', true);
  await running.start();
  const paused = await make('paused');
  await paused.start();
  await paused.pause();
  const exited = await make('exited');
  await exited.start();
  await exited.stop({ t: 0 });
  const ids = made.map((c) => c.id);
  await reflected(store, 'four containers', () => ids.every((id) => store.containers().has(id)), 1000);
  await new Promise((r) => setTimeout(r, 100)); // let trailing events settle
  const listed = await docker.listContainers({ all: true, filters: { id: ids } });
  const { toContainerInfo } = await import('../../../src/engine/mapping');
  for (const raw of listed) {
    const fromList = toContainerInfo(raw as never);
    const fromStore = store.containers().get(raw.Id)!;
    assert.deepEqual({ ...fromStore, status: '', statusAt: 0 }, { ...fromList, status: '', statusAt: 0 }, raw.Names[0]);
    // Status texts tick; they agree up to the duration.
    assert.equal(fromStore.status.replace(/\d+ seconds|Less than a second|1 second/, 'T'), fromList.status.replace(/\d+ seconds|Less than a second|1 second/, 'T'), raw.Names[0]);
  }
  // The engine's texts tick, the store's do not (no polling): liveStatusText renders them for
  // now, and agrees with what the engine says a few seconds later (to within a second).
  await new Promise((r) => setTimeout(r, 2500));
  const { liveStatusText, parseHumanDuration } = await import('../../../src/engine/mapping');
  const later = await docker.listContainers({ all: true, filters: { id: ids } });
  const split = (text: string): [string, number] => {
    const m = /^(Up |Exited \(\d+\) )(.+?)( ago)?( \(Paused\))?$/.exec(text);
    return m ? [`${m[1]}~${m[3] ?? ''}${m[4] ?? ''}`, parseHumanDuration(m[2]) ?? -1] : [text, 0];
  };
  for (const raw of later) {
    const [engineShape, engineMs] = split(raw.Status);
    const [liveShape, liveMs] = split(liveStatusText(store.containers().get(raw.Id)!, Date.now()));
    assert.equal(liveShape, engineShape, raw.Names[0]);
    assert.ok(Math.abs(liveMs - engineMs) <= 1000, `${raw.Names[0]}: engine ${raw.Status}, live ${liveStatusText(store.containers().get(raw.Id)!)}`);
    if (raw.State !== 'created') assert.ok(engineMs >= 2000, raw.Status);
  }
  assert.equal(listed.length, 4);
  for (const c of made) await c.remove({ force: true });
});

test('idle: no request at all while nothing happens (other tests may cause targeted reads only)', async () => {
  const mark = store.requestCount;
  await new Promise((r) => setTimeout(r, 2000));
  const since = store.requestLog.slice(store.requestLog.length - (store.requestCount - mark));
  assert.deepEqual(fullLists(since), []);
  assert.ok(since.every((r) => r.path !== '/version' && r.path !== '/events'), `no reconnect while healthy: ${JSON.stringify(since)}`);
});

test('lazy reads: image history and volume sizes', async () => {
  const id = (await docker.getImage('busybox:local').inspect()).Id;
  const layers = await store.imageHistory(id);
  const engine = await docker.getImage(id).history();
  assert.deepEqual(layers.map((l) => l.size), engine.map((l: { Size: number }) => l.Size));
  const sizes = await store.volumeSizes();
  assert.ok(sizes instanceof Map);
});
