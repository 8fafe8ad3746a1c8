// The store against the real, shared engine: every change made through the engine API shows in
// the store, read back only through targeted requests (never a full re-list, never polling), and
// what the store holds matches what the engine's own inspect says. Other suites use the same engine
// at the same time: every assertion is about this file's own objects (the whole-listing and idle
// checks, which need an engine nobody else changes, are in listing.test.ts on a private dockerd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { currentEndpoint } from '../../../src/engine/endpoints';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { dockerCli, engineClient, removeLabelled, TEST_LABEL } from '../../support/engine';
import { deleteFromRegistry } from '../../support/registry';
import { fullLists, reflected, requestsSince } from './wait';

const run = randomBytes(4).toString('hex');
const labelValue = `store-${run}`;
const labels = { [TEST_LABEL]: labelValue, 'layerwise.run': run };
const registry = process.env.LAYERWISE_REGISTRY ?? '127.0.0.1:5000';
const pushed = `${registry}/lw-store-${run}:v1`;

let docker: Docker;
let store: LiveEngineStore;
let hostDir: string;
let afterInitialListing = 0;

before(async () => {
  docker = engineClient();
  hostDir = mkdtempSync(join(tmpdir(), 'lw-store-bind-'));
  // A long request log: the last test checks every request of the whole file.
  store = createEngineStore(currentEndpoint(), { requestLogSize: 1_000_000 });
  await store.settled();
  assert.equal(store.state.kind, 'connected', JSON.stringify(store.state));
  afterInitialListing = store.requestCount;
});

after(async () => {
  store?.dispose();
  await removeLabelled(docker, labelValue);
  await deleteFromRegistry(pushed); // the push below put it there; the registry must lose it too
  // The named volume a bind-mount spec created implicitly carries no label: remove it by name.
  await docker.getVolume(`lw-store-vol-${run}`).remove().catch(() => undefined);
  rmSync(hostDir, { recursive: true, force: true });
});

/** Runs `action`, then waits until the store shows it; checks the requests in between. */
async function step(what: string, action: () => Promise<unknown>, predicate: () => boolean): Promise<void> {
  const mark = store.requestCount;
  await action();
  await reflected(store, what, predicate);
  // A trailing event (`die` after `stop`) may still be read after this: the last test of the file
  // checks every request the store made, those included.
  const since = requestsSince(store, mark);
  assert.deepEqual(fullLists(since), [], `${what}: the store re-listed instead of reading what changed: ${JSON.stringify(since)}`);
  assert.equal(store.state.kind, 'connected');
}

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
  const remote = pushed;
  const build = (marker: string): Promise<string> => {
    const r = dockerCli(['build', '-q', '--label', `${TEST_LABEL}=${labelValue}`, '--label', `layerwise.run=${run}`, '-t', `${repo}:v1`, '-'],
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
  // Each container's last event applied (not just its create): the store shows its final state.
  const finalStates = ['created', 'running', 'paused', 'exited'];
  await reflected(store, 'four containers in their states', () => ids.every((id, n) => store.containers().get(id)?.state === finalStates[n]));
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
  // now, and agrees with what the engine says a few seconds later. The engine answers at some
  // moment between `asked` and `answered`: its age must lie between the live texts of those two
  // moments (each to within the text's one-second rounding), however slow the answer was.
  await new Promise((r) => setTimeout(r, 2500)); // a minimum age, so that the texts have ticked
  const { liveStatusText, parseHumanDuration } = await import('../../../src/engine/mapping');
  const asked = Date.now();
  const later = await docker.listContainers({ all: true, filters: { id: ids } });
  const answered = Date.now();
  const split = (text: string): [string, number] => {
    const m = /^(Up |Exited \(\d+\) )(.+?)( ago)?( \(Paused\))?$/.exec(text);
    return m ? [`${m[1]}~${m[3] ?? ''}${m[4] ?? ''}`, parseHumanDuration(m[2]) ?? -1] : [text, 0];
  };
  for (const raw of later) {
    const shown = store.containers().get(raw.Id)!;
    const [engineShape, engineMs] = split(raw.Status);
    const [liveShape, earliestMs] = split(liveStatusText(shown, asked));
    const [, latestMs] = split(liveStatusText(shown, answered));
    assert.equal(liveShape, engineShape, raw.Names[0]);
    assert.ok(engineMs >= earliestMs - 1000 && engineMs <= latestMs + 1000,
      `${raw.Names[0]}: engine ${raw.Status}, live ${liveStatusText(shown, asked)} .. ${liveStatusText(shown, answered)}`);
    if (raw.State !== 'created') assert.ok(engineMs >= 2000, raw.Status);
  }
  assert.equal(listed.length, 4);
  for (const c of made) await c.remove({ force: true });
});

test('lazy reads: image history', async () => {
  const id = (await docker.getImage('busybox:local').inspect()).Id;
  const layers = await store.imageHistory(id);
  const engine = await docker.getImage(id).history();
  assert.deepEqual(layers.map((l) => [l.id, l.size, l.createdBy]), engine.map((l: { Id: string; Size: number; CreatedBy: string }) => [l.Id, l.Size, l.CreatedBy]));
  // Volume sizes, against the engine's whole answer, are in listing.test.ts (a private engine).
});

test('no full re-list and no reconnect at any moment after the initial listing', () => {
  // Every request of this file's store since it settled, trailing events' reads included.
  const since = requestsSince(store, afterInitialListing);
  assert.ok(since.length > 0, 'the tests above made the store read');
  assert.deepEqual(fullLists(since), []);
  assert.ok(since.every((r) => r.path !== '/version' && r.path !== '/events'), `no reconnect while healthy: ${JSON.stringify(since.filter((r) => r.path === '/version' || r.path === '/events'))}`);
});
