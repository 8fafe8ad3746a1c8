// From the engine's JSON to the model. Inputs have the shapes the engine's list and inspect calls
// return (test/engine/store checks the same mapping against a real engine's objects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAnonymousVolumeName, toContainerInfo, toImageInfo, toNetworkInfo, toVolumeInfo } from '../../../src/engine/mapping';

const HEX = 'f'.repeat(64);

test('containers: own name, state, ports, compose project, and the three mount kinds', () => {
  const info = toContainerInfo({
    Id: 'c1', Names: ['/web', '/other/alias'], Image: 'nginx:1', ImageID: 'sha256:1', Command: 'nginx', Created: 10,
    State: 'running', Status: 'Up 2 minutes',
    Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }, { PrivatePort: 53, Type: 'udp' }],
    Labels: { 'com.docker.compose.project': 'shop' },
    Mounts: [
      { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: true },
      { Type: 'volume', Name: HEX, Source: '/x', Destination: '/cache', RW: true },
      { Type: 'bind', Source: '/home/me/src', Destination: '/src', RW: false },
      { Type: 'tmpfs', Source: '', Destination: '/run', RW: true },
    ],
    NetworkSettings: { Networks: { shop_default: {}, bridge: {} } },
  });
  assert.equal(info.name, 'web');
  assert.equal(info.state, 'running');
  assert.equal(info.composeProject, 'shop');
  assert.deepEqual(info.networks, ['bridge', 'shop_default']);
  assert.deepEqual(info.ports, [ // sorted: the engine's own order changes between calls
    { privatePort: 53, protocol: 'udp' },
    { privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' },
  ]);
  assert.deepEqual(info.mounts.map((m) => [m.kind, m.source, m.readOnly]), [
    ['named-volume', 'data', false], ['anonymous-volume', HEX, false], ['bind', '/home/me/src', true], ['tmpfs', '', false],
  ]);
});

test('containers: nulls from the engine are tolerated; a labelled anonymous volume is anonymous', () => {
  const info = toContainerInfo({ Id: 'abcdef0123456789', Names: null, Ports: null, Labels: null, Mounts: [{ Type: 'volume', Name: 'v', Destination: '/v' }], NetworkSettings: null },
    (name) => name === 'v');
  assert.equal(info.name, 'abcdef012345');
  assert.equal(info.state, 'dead');
  assert.equal(info.composeProject, undefined);
  assert.equal(info.mounts[0].kind, 'anonymous-volume');
});

test('images: list and inspect shapes, dangling images', () => {
  const listed = toImageInfo({ Id: 'sha256:1', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Created: 100, Size: 5, Labels: null });
  assert.deepEqual(listed, { id: 'sha256:1', repoTags: [], repoDigests: [], created: 100, size: 5, labels: {}, dangling: true });
  const inspected = toImageInfo({ Id: 'sha256:2', RepoTags: ['a:1'], RepoDigests: [], Created: '2024-01-02T03:04:05.5Z', Size: 7, Config: { Labels: { k: 'v' } } });
  assert.equal(inspected.created, Date.UTC(2024, 0, 2, 3, 4, 5) / 1000);
  assert.deepEqual(inspected.labels, { k: 'v' });
  assert.equal(inspected.dangling, false);
});

test('volumes and networks', () => {
  assert.equal(toVolumeInfo({ Name: HEX, Driver: 'local', Labels: null }).anonymous, true);
  assert.equal(toVolumeInfo({ Name: 'named', Labels: { 'com.docker.volume.anonymous': '' } }).anonymous, true);
  assert.equal(toVolumeInfo({ Name: 'named' }).anonymous, false);
  assert.equal(isAnonymousVolumeName(HEX.slice(1)), false);
  assert.deepEqual(toNetworkInfo({ Id: 'n'.repeat(64), Name: 'bridge', Driver: 'bridge', Scope: 'local', Internal: false, Labels: {} }),
    { id: 'n'.repeat(64), name: 'bridge', driver: 'bridge', scope: 'local', internal: false, labels: {} });
});

test('status texts: the engine\'s durations, rendered again for a later moment', async () => {
  const { humanDuration, parseHumanDuration, liveStatusText, statusText } = await import('../../../src/engine/mapping');
  const cases: Array<[number, string]> = [
    [400, 'Less than a second'], [1_000, '1 second'], [59_000, '59 seconds'], [60_000, 'About a minute'],
    [119_000, 'About a minute'], [120_000, '2 minutes'], [59 * 60_000, '59 minutes'], [60 * 60_000, 'About an hour'],
    [3 * 3_600_000, '3 hours'], [47 * 3_600_000, '47 hours'], [3 * 86_400_000, '3 days'], [15 * 86_400_000, '2 weeks'],
    [70 * 86_400_000, '2 months'], [800 * 86_400_000, '2 years'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, String(ms));
  for (const [, text] of cases) assert.equal(humanDuration(parseHumanDuration(text)!), text, text);
  assert.equal(parseHumanDuration('Created'), undefined);
  const t0 = Date.UTC(2024, 0, 1);
  assert.equal(liveStatusText({ status: 'Up Less than a second', statusAt: t0 }, t0 + 5 * 60_000), 'Up 5 minutes');
  assert.equal(liveStatusText({ status: 'Up 2 minutes (healthy)', statusAt: t0 }, t0 + 60 * 60_000), 'Up About an hour (healthy)');
  assert.equal(liveStatusText({ status: 'Up 3 seconds (Paused)', statusAt: t0 }, t0 + 10_000), 'Up 13 seconds (Paused)');
  assert.equal(liveStatusText({ status: 'Exited (137) 5 seconds ago', statusAt: t0 }, t0 + 2 * 86_400_000), 'Exited (137) 2 days ago');
  assert.equal(liveStatusText({ status: 'Created', statusAt: t0 }, t0 + 99_000), 'Created');
  assert.equal(liveStatusText({ status: 'Up 5 minutes' }, t0), 'Up 5 minutes');
  const iso = (ms: number): string => new Date(ms).toISOString();
  assert.equal(statusText({ Running: true, StartedAt: iso(t0 - 90_000) }, t0), 'Up About a minute');
  assert.equal(statusText({ Running: true, Paused: true, StartedAt: iso(t0 - 5_000) }, t0), 'Up 5 seconds (Paused)');
  assert.equal(statusText({ Running: false, ExitCode: 3, StartedAt: iso(t0 - 9e6), FinishedAt: iso(t0 - 7_200_000) }, t0), 'Exited (3) 2 hours ago');
  assert.equal(statusText({ Running: false, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' }, t0), 'Created');
});
