// The store's whole listing against the engine's own answers, on a PRIVATE dockerd that nothing
// else uses: every container, image, volume and network the engine has is in the store with every
// field the store maps equal to what `inspect` says (read independently of the store's mapping),
// nothing more; the store is silent while nothing happens; volume sizes are the engine's real
// ones. The shared engine cannot give exact answers: other suites change it at the same time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type Docker from 'dockerode';
import type { ContainerInfo, ImageInfo, MountInfo, NetworkInfo, PortMapping, VolumeInfo } from '../../../src/engine/model';
import { createEngineStore, LiveEngineStore } from '../../../src/engine/store';
import { engineClient, engineDiskUsage, TEST_LABEL } from '../../support/engine';
import { requirement } from '../../support/requirements';
import { canRunPrivateEngine, copyImage, PrivateEngine, startPrivateEngine } from './private-engine';
import { requestsSince } from './wait';

const needs = requirement('a private dockerd (exact listings need an engine nobody else changes)', canRunPrivateEngine());
const skip = needs.skip;
const labels = { [TEST_LABEL]: 'listing', 'com.docker.compose.project': 'lwlisting' };
const anonymousVolumes = new Set<string>();
let engine: PrivateEngine | undefined;
let docker: Docker;
let store: LiveEngineStore | undefined;

/** The docker CLI against the private engine (argv array, classic builder). */
function cli(args: string[], input?: string): string {
  const r = spawnSync('docker', args, { input, encoding: 'utf8', env: { ...process.env, DOCKER_HOST: engine!.host, DOCKER_BUILDKIT: '0' } });
  assert.equal(r.status, 0, `docker ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  needs.check();
  if (skip) return;
  engine = await startPrivateEngine({ name: 'listing' });
  docker = engine.client();
  await copyImage(engineClient(), docker, 'busybox:local');

  // One of each kind of thing the explorer shows.
  cli(['build', '-q', '--label', `${TEST_LABEL}=listing`, '-t', 'lw-listing:old', '-'], 'FROM busybox:local\nLABEL generation=1\n');
  const image = cli(['build', '-q', '--label', `${TEST_LABEL}=listing`, '-t', 'lw-listing:old', '-t', 'lw-listing:new', '-'], 'FROM busybox:local\nLABEL generation=2\n');
  assert.match(image, /^sha256:/); // the first build is now dangling: its tag moved
  await docker.createVolume({ Name: 'lw-listing-named', Labels: { [TEST_LABEL]: 'listing', purpose: 'data' } });
  await docker.createNetwork({ Name: 'lw-listing-net', Labels: { [TEST_LABEL]: 'listing' } });
  await docker.createNetwork({ Name: 'lw-listing-internal', Internal: true, Labels: { [TEST_LABEL]: 'listing' } });
  const make = async (name: string, extra: Partial<Docker.ContainerCreateOptions> = {}): Promise<Docker.Container> =>
    docker.createContainer({ name, Image: 'busybox:local', Cmd: ['sleep', '300'], Labels: labels, StopTimeout: 1, ...extra });
  await make('lw-listing-created');
  const running = await make('lw-listing-running', {
    Image: 'lw-listing:new',
    ExposedPorts: { '80/tcp': {}, '53/udp': {} },
    Volumes: { '/anon': {} },
    HostConfig: { Binds: ['lw-listing-named:/data', '/tmp:/host:ro'], PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, NetworkMode: 'lw-listing-net' },
  });
  await running.start();
  const anonymous = (await running.inspect()).Mounts.find((m) => m.Destination === '/anon')!.Name!;
  anonymousVolumes.add(anonymous);
  const paused = await make('lw-listing-paused');
  await paused.start();
  await paused.pause();
  const exited = await make('lw-listing-exited', { Cmd: ['sh', '-c', 'head -c 100000 /dev/zero > /data/file'], HostConfig: { Binds: ['lw-listing-sized:/data'] } });
  await exited.start();
  await exited.wait();

  store = createEngineStore({ name: 'private', host: engine.host, kind: 'unix', source: 'cli-context' });
  await store.settled();
  assert.equal(store.state.kind, 'connected', JSON.stringify(store.state));
});

after(async () => {
  store?.dispose();
  await engine?.destroy(); // everything above lives and dies with the private engine
});

function sortedKeys<T>(map: ReadonlyMap<string, T>): string[] {
  return [...map.keys()].sort();
}

/** What the store must hold for a container, read from `docker inspect` (not the list call the store uses). */
function expectedContainer(i: Docker.ContainerInspectInfo): Omit<ContainerInfo, 'status' | 'statusAt'> {
  const ports: PortMapping[] = [];
  for (const [key, bindings] of Object.entries(i.NetworkSettings.Ports ?? {})) {
    const [port, protocol] = key.split('/') as [string, PortMapping['protocol']];
    if (!bindings?.length) ports.push({ privatePort: Number(port), protocol });
    for (const b of bindings ?? []) ports.push({ privatePort: Number(port), publicPort: Number(b.HostPort), ...(b.HostIp ? { hostIp: b.HostIp } : {}), protocol });
  }
  const mounts: MountInfo[] = i.Mounts.map((m) => ({
    kind: m.Type === 'bind' ? 'bind' : anonymousVolumes.has(m.Name ?? '') ? 'anonymous-volume' : 'named-volume',
    source: m.Type === 'bind' ? m.Source : m.Name!,
    destination: m.Destination,
    readOnly: !m.RW,
  }));
  const containerLabels = i.Config.Labels ?? {};
  return {
    id: i.Id,
    name: i.Name.replace(/^\//, ''),
    image: i.Config.Image,
    imageId: i.Image,
    // As the engine writes it (daemon/list.go): an argument with a space in single quotes.
    command: [i.Path, ...i.Args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' '),
    created: Math.floor(Date.parse(i.Created) / 1000),
    state: i.State.Status as ContainerInfo['state'],
    ports: ports.sort((a, b) => a.privatePort - b.privatePort || a.protocol.localeCompare(b.protocol)),
    mounts,
    networks: Object.keys(i.NetworkSettings.Networks).sort(),
    // Attached now: the engine gave the container an endpoint there (`docker network inspect` lists it).
    attachedNetworks: Object.entries(i.NetworkSettings.Networks).filter(([, e]) => Boolean(e.EndpointID)).map(([n]) => n).sort(),
    labels: containerLabels,
    ...(containerLabels['com.docker.compose.project'] ? { composeProject: containerLabels['com.docker.compose.project'] } : {}),
  };
}

test('the initial listing is the engine\'s whole listing: every container, field by field', { skip }, async () => {
  const listed = await docker.listContainers({ all: true });
  assert.equal(listed.length, 4);
  assert.deepEqual(sortedKeys(store!.containers()), listed.map((c) => c.Id).sort());
  for (const raw of listed) {
    const shown = store!.containers().get(raw.Id)!;
    const { status, statusAt, ...rest } = shown;
    const sortByDestination = (m: readonly MountInfo[]) => [...m].sort((a, b) => a.destination.localeCompare(b.destination));
    const expected = expectedContainer(await docker.getContainer(raw.Id).inspect());
    assert.deepEqual({ ...rest, mounts: sortByDestination(rest.mounts) }, { ...expected, mounts: sortByDestination(expected.mounts) }, raw.Names[0]);
    assert.equal(status.replace(/\d+ seconds|Less than a second|About a minute|1 second/, 'T'), raw.Status.replace(/\d+ seconds|Less than a second|About a minute|1 second/, 'T'), raw.Names[0]);
    assert.equal(typeof statusAt, 'number');
  }
  // The four states and the three mount kinds are really there.
  assert.deepEqual([...store!.containers().values()].map((c) => c.state).sort(), ['created', 'exited', 'paused', 'running']);
  const running = [...store!.containers().values()].find((c) => c.name === 'lw-listing-running')!;
  assert.deepEqual(running.mounts.map((m) => m.kind).sort(), ['anonymous-volume', 'bind', 'named-volume']);
  assert.ok(running.ports.some((p) => p.publicPort && p.hostIp === '127.0.0.1'), JSON.stringify(running.ports));
  assert.deepEqual(running.attachedNetworks, ['lw-listing-net']); // and the exited one has none (compared above)
});

test('the initial listing is the engine\'s whole listing: images (tagged, two tags, dangling), volumes, networks', { skip }, async () => {
  const images = await docker.listImages({ all: false });
  assert.deepEqual(sortedKeys(store!.images()), images.map((i) => i.Id).sort());
  for (const { Id } of images) {
    const i = await docker.getImage(Id).inspect();
    const expected: ImageInfo = {
      id: i.Id, repoTags: [...i.RepoTags].sort(), repoDigests: i.RepoDigests, created: Math.floor(Date.parse(i.Created) / 1000),
      size: i.Size, labels: i.Config.Labels ?? {}, dangling: i.RepoTags.length === 0,
    };
    const shown = store!.images().get(Id)!;
    assert.deepEqual({ ...shown, repoTags: [...shown.repoTags].sort() }, expected, Id);
  }
  assert.equal([...store!.images().values()].filter((i) => i.dangling).length, 1);
  assert.ok([...store!.images().values()].some((i) => i.repoTags.length === 2));

  const volumes = (await docker.listVolumes()).Volumes ?? [];
  assert.deepEqual(sortedKeys(store!.volumes()), volumes.map((v) => v.Name).sort());
  for (const { Name } of volumes) {
    const v = (await docker.getVolume(Name).inspect()) as Docker.VolumeInspectInfo & { CreatedAt?: string };
    const expected: VolumeInfo = {
      name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, ...(v.CreatedAt ? { createdAt: v.CreatedAt } : {}),
      labels: (v.Labels as Record<string, string> | null) ?? {}, scope: v.Scope, anonymous: anonymousVolumes.has(v.Name),
    };
    assert.deepEqual(store!.volumes().get(Name), expected, Name);
  }
  assert.deepEqual([...store!.volumes().values()].filter((v) => v.anonymous).map((v) => v.name), [...anonymousVolumes]);

  const networks = await docker.listNetworks();
  assert.deepEqual(sortedKeys(store!.networks()), networks.map((n) => n.Id).sort());
  for (const { Id } of networks) {
    const n = await docker.getNetwork(Id).inspect();
    const expected: NetworkInfo = { id: n.Id, name: n.Name, driver: n.Driver, scope: n.Scope, internal: n.Internal, labels: n.Labels ?? {} };
    assert.deepEqual(store!.networks().get(Id), expected, n.Name);
  }
  assert.deepEqual([...store!.networks().values()].map((n) => n.name).sort(), ['bridge', 'host', 'lw-listing-internal', 'lw-listing-net', 'none']);
});

test('idle: not one request while nothing happens on the engine', { skip }, async () => {
  const mark = store!.requestCount;
  // An observation window, not a deadline: nothing at all may happen in it, however busy the machine.
  await new Promise((r) => setTimeout(r, 2000));
  assert.deepEqual(requestsSince(store!, mark), []);
  assert.equal(store!.state.kind, 'connected');
});

test('volume sizes on request are the engine\'s own sizes, and count what a container wrote', { skip }, async () => {
  // Asked three times at once (two views and a refresh): the engine runs one disk usage at a time
  // and refuses the others (500); each waits for the one running and gets the same sizes.
  const [sizes, ...others] = await Promise.all([0, 1, 2].map(() => store!.volumeSizes())) as [ReadonlyMap<string, number>, ...ReadonlyMap<string, number>[]];
  for (const other of others) assert.deepEqual(new Map([...other].sort()), new Map([...sizes].sort()));
  const df = await engineDiskUsage<{ Volumes: Array<{ Name: string; UsageData: { Size: number } }> }>(docker);
  assert.deepEqual(new Map([...sizes].sort()), new Map(df.Volumes.filter((v) => v.UsageData.Size >= 0).map((v) => [v.Name, v.UsageData.Size] as const).sort()));
  assert.equal(sizes.get('lw-listing-sized'), 100_000, 'the 100000 bytes the exited container wrote');
  assert.equal(sizes.get('lw-listing-named'), 0);
});
